/** A company on a new list: its contacts, or its own phone (one entry for the company). */
export type CompanyDial = "contacts" | "companyPhone";

/** What the contacts page (and a company's page) hands over with "Add to call list". */
export interface NewCallListState {
  contacts: { contactId: string; displayName: string }[];
  companies?: { companyId: string; name: string; dial: CompanyDial }[];
}

/**
 * One-off message from the page that created the list: the facts, not a sentence, so the list
 * page says it in the reader's language.
 */
export interface CallListNotice {
  notice: { name: string; added: number; withCompanies: boolean; rejected: number };
}
