/**
 * The composition root of core: binds the modules that are built apart and must not import each
 * other (companies ↔ contacts, users → contacts, telephony → intake) and registers the
 * background job kinds. Each entry point calls it once, first: the API Lambda
 * (functions/src/api/lambda.ts), the jobs Lambda (jobs/lambda.ts), the call-list Lambda
 * (call-lists/lambda.ts) and the local host (local/host.ts); the tests' fixtures too. Ports
 * (telephony, job runner, call-list runner) stay with each entry, which knows its environment.
 * Calling it again changes nothing. An entry that forgets it fails loudly (composition.ts).
 *
 * It binds seams only (small modules that hold a function each): the features behind them load
 * on their first use, so an API cold start does not load intake, companies or the job engines
 * for a request that needs none of them.
 */
import { useCompanyResolver } from "./contacts/company";
import { registerCompanyHooks } from "./companies/hooks";
import { useTeamChangeListener } from "./users/team-change";
import { configureInboundCallSink } from "./telephony/sinks";
import { registerImportJobs } from "./imports/jobs";
import { registerBulkJobs } from "./bulk/register";
import { isComposed, markComposed } from "./composition";
import { loadIntake, loadRecords } from "./lazy/index";

export { isComposed, NotComposedError } from "./composition";

const contacts = async () => (await loadRecords()).Contacts;
const companies = async () => (await loadRecords()).Companies;
const inboundCalls = async () => (await loadIntake()).InboundCalls;

export function compose(): void {
  if (isComposed()) return;
  // A contact's `companyId` must name a company its writer may see; the contact keeps its summary.
  useCompanyResolver(async (companyId) => (await companies()).summaryFor(companyId));

  registerCompanyHooks({
    // The company card pages the contacts' byCompany index, leaving out those the reader may not see.
    contactsOfCompany: async (companyId, page) => (await contacts()).pageOfCompany(companyId, page),
    // A renamed company: its contacts' denormalized summary (and derived names) follow.
    onCompanySummaryChanged: async (companyId, summary) => {
      await (await contacts()).refreshCompanySummary(companyId, { name: summary.name, ...(summary.shortName !== undefined ? { shortName: summary.shortName } : {}) });
    },
  });

  // A user moved to another team: their contacts move to that team's list.
  useTeamChangeListener(async (userId) => {
    await (await contacts()).refreshOwnerTeams(userId);
  });

  // Inbound calls the telephony webhooks verified go to intake (match, log, card pop).
  configureInboundCallSink(async (event) => (await inboundCalls()).receiveInboundCall(event));
  // Background job kinds (imports, exports, bulk actions); the runner itself is configured by each host.
  registerImportJobs();
  registerBulkJobs();
  markComposed();
}
