export * as Contacts from "./contacts";
export type { Contact } from "./contacts";
