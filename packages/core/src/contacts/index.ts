export * as Contacts from "./contacts";
export type { Contact, ContactCard, Phone, Email, TimelinePage } from "./contacts";
export type { CompanySummary } from "./company";
