export * as Contacts from "./contacts";
export * as ContactPhotos from "./photo";
export type { Contact, ContactCard, Phone, Email, TimelinePage } from "./contacts";
export type { CompanySummary } from "./company";
export * as ContactMatching from "./matching";
export * as ContactDuplicates from "./duplicates";
export * as ContactMerges from "./merge";
export * as ContactTrash from "./trash";
