// Loaded with the table's libraries, out of the cold start (storage/libraries.ts).
import { assertStorageLoaded, parsePhoneNumberFromString } from "../storage/libraries";
import type { Company } from "../companies/companies";
import type { Contact } from "../contacts/contacts";

/**
 * The head of the operator's pop: who is on the line, in one shape for a contact and a company
 * (a call to a company's own phone). Phones come formatted for reading aloud ("+7 916 555-01-04"),
 * with the E.164 number kept for dialing and matching.
 */
export interface PopSummary {
  kind: "contact" | "company";
  name: string;
  firstName?: string;
  lastName?: string;
  /** The contact's company, or the company's full name (with its short name) for a company. */
  company?: string;
  phones: { number: string; display: string; primary: boolean }[];
  /** The responsible managers (a contact's owners, a company's managers): user IDs. */
  responsibleIds: string[];
  tags: string[];
}

/** International format, or the number as stored when it is not a valid one. */
export function displayPhone(number: string): string {
  assertStorageLoaded();
  const parsed = parsePhoneNumberFromString(number);
  return parsed?.isValid() ? parsed.formatInternational() : number;
}

export function contactSummary(contact: Pick<Contact, "displayName" | "firstName" | "lastName" | "company" | "phones" | "ownerIds" | "tags">): PopSummary {
  return {
    kind: "contact",
    name: contact.displayName,
    ...(contact.firstName ? { firstName: contact.firstName } : {}),
    ...(contact.lastName ? { lastName: contact.lastName } : {}),
    ...(contact.company ? { company: contact.company.name } : {}),
    phones: contact.phones.map((phone) => ({ number: phone.number, display: displayPhone(phone.number), primary: Boolean(phone.primary) })),
    responsibleIds: contact.ownerIds,
    tags: contact.tags ?? [],
  };
}

export function companySummary(company: Pick<Company, "name" | "shortName" | "phones" | "managerIds" | "tags">): PopSummary {
  return {
    kind: "company",
    name: company.name,
    company: company.shortName ? `${company.name} (${company.shortName})` : company.name,
    // A company's first number is its primary one.
    phones: company.phones.map((phone, index) => ({ number: phone.number, display: displayPhone(phone.number), primary: index === 0 })),
    responsibleIds: company.managerIds,
    tags: company.tags,
  };
}
