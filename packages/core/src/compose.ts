/**
 * The composition root of core: binds the modules that are built apart and must not import each
 * other (companies ↔ contacts, users → contacts, telephony → intake) and registers the
 * background job kinds. Each entry point calls it once, first: the API Lambda
 * (functions/src/api/lambda.ts), the jobs Lambda (jobs/lambda.ts), the call-list Lambda
 * (call-lists/lambda.ts) and the local host (local/host.ts); the tests' fixtures too. Ports
 * (telephony, job runner, call-list runner) stay with each entry, which knows its environment.
 * Calling it again changes nothing. An entry that forgets it fails loudly (composition.ts).
 */
import { Companies, registerCompanyHooks } from "./companies";
import { Contacts } from "./contacts";
import { InboundCalls } from "./intake";
import { configureInboundCallSink } from "./telephony/webhooks";
import { Users } from "./users";
import { registerImportJobs } from "./imports/jobs";
import { registerBulkJobs } from "./bulk";
import { isComposed, markComposed } from "./composition";

export { isComposed, NotComposedError } from "./composition";

export function compose(): void {
  if (isComposed()) return;
  // A contact's `companyId` must name a company its writer may see; the contact keeps its summary.
  Contacts.useCompanyResolver((companyId) => Companies.summaryFor(companyId));

  registerCompanyHooks({
    // The company card pages the contacts' byCompany index, leaving out those the reader may not see.
    contactsOfCompany: (companyId, page) => Contacts.pageOfCompany(companyId, page),
    // A renamed company: its contacts' denormalized summary (and derived names) follow.
    onCompanySummaryChanged: async (companyId, summary) => {
      await Contacts.refreshCompanySummary(companyId, { name: summary.name, ...(summary.shortName !== undefined ? { shortName: summary.shortName } : {}) });
    },
  });

  // A user moved to another team: their contacts move to that team's list.
  Users.useTeamChangeListener(async (userId) => {
    await Contacts.refreshOwnerTeams(userId);
  });

  // Inbound calls the telephony webhooks verified go to intake (match, log, card pop).
  configureInboundCallSink((event) => InboundCalls.receiveInboundCall(event));
  // Background job kinds (imports, exports, bulk actions); the runner itself is configured by each host.
  registerImportJobs();
  registerBulkJobs();
  markComposed();
}
