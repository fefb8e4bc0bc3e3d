/** The records group (lazy/index.ts): contacts, companies, timelines, users, settings, lists, jobs. */
export * as Contacts from "../contacts/contacts";
export * as ContactDuplicates from "../contacts/duplicates";
export * as ContactPhotos from "../contacts/photo";
export * as Companies from "../companies/companies";
export * as Timeline from "../timeline/timeline";
export * as Users from "../users/users";
export * as CustomFields from "../custom-fields/custom-fields";
export * as Tags from "../tags/tags";
export * as Views from "../views/views";
export * as Notifications from "../notifications/notifications";
export * as Settings from "../settings/settings";
export * as Jobs from "../jobs/jobs";
export * as BulkJobs from "../bulk/job";
export * as Merges from "../contacts/merge";
