/**
 * Binds the modules that are built apart and must not import each other (companies ↔
 * contacts, users → contacts). Imported once, for its effect, by everything that serves
 * requests: the API app (Lambda and the local host) and the tests' API fixture through it.
 */
import { Companies, registerCompanyHooks } from "./companies";
import { Contacts } from "./contacts";
import { InboundCalls } from "./intake";
import { configureInboundCallSink } from "./telephony/webhooks";
import { Users } from "./users";
import { registerImportJobs } from "./imports/jobs";
import { registerBulkJobs } from "./bulk";

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
// Background job kinds (imports, exports); the runner itself is configured by each host.
registerImportJobs();
registerBulkJobs();
