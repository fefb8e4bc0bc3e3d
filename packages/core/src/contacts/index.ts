export * as Contacts from "./contacts";
export * as ContactPhotos from "./photo";
export type { Contact, ContactCard, Phone, Email, TimelinePage } from "./contacts";
export type { CompanySummary } from "./company";
export * as ContactMatching from "./matching";
export * as ContactDuplicates from "./duplicates";
// Merges (merge.ts) load on first use: import "@callboard/core/contacts/merge" where needed.
export * as ContactTrash from "./trash";
