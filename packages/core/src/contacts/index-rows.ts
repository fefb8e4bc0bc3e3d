/**
 * The index rows of one contact, derived from the contact alone (pure: no I/O). Written and
 * removed in the contact's own TransactWriteItems (contacts.ts), so lists and search never
 * disagree with the contact. A trashed contact has none. See docs/access-patterns.md,
 * "Finding contacts". The rows' design is the listing engine's (listing/); this file gives only
 * the contact's columns, audiences, facets and search terms.
 */
import { alphabetSortKey, bucketRows, compact, MAX_NAME_WORDS, nameSearchRows, nameSortKey, nameWords, normalizeText, listingDesign, rowChangeCount, searchableWords, tagKey, type RowChanges as EngineRowChanges } from "../listing";

export { MAX_NAME_WORDS, nameSortKey, nameWords, normalizeText, rowChangeCount, tagKey };

/** What the rows are built from: the stored contact (custom values by field ID). */
export interface IndexedContact {
  contactId: string;
  displayName: string;
  firstName?: string;
  lastName?: string;
  middleName?: string;
  phones: { number: string; primary: boolean }[];
  emails: { address: string; primary: boolean }[];
  company?: { companyId: string; name: string; shortName?: string };
  companyId?: string;
  tags?: string[];
  ownerIds: string[];
  teamIds?: string[];
  sharing?: string;
  source: { kind: string };
  contactType?: string;
  doNotCall: boolean;
  doNotEmail: boolean;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
  custom?: Record<string, unknown>;
  deletedAt?: string;
}

export type Projection = ReturnType<typeof projection>;
export type ListRow = Projection & { bucket: string; contactId: string; nameKey: string; surnameKey: string };
export type SearchRow = Projection & { partition: string; term: string; contactId: string; words?: string[]; nameText?: string };

/** `+79161234567` → `76543216197`: the last digits come first, so begins_with matches a suffix. */
export const reversedDigits = (text: string) => text.replace(/\D/g, "").split("").reverse().join("");

/** Who a contact is listed for: admins (`all`), each responsible manager, each team, and `shared`. */
export function listAudiences(contact: Pick<IndexedContact, "ownerIds" | "teamIds" | "sharing">): string[] {
  return [
    "all",
    ...[...new Set(contact.ownerIds)].map((userId) => `owner:${userId}`),
    ...[...new Set(contact.teamIds ?? [])].map((teamId) => `team:${teamId}`),
    ...(contact.sharing === "read" || contact.sharing === "write" ? ["shared"] : []),
  ];
}

/**
 * The facets of one audience: `*` (no indexed filter), each tag, the company, and the owner
 * facets an owner filter needs: within `team:` and `shared` (a manager or a sales user filtering
 * on someone else) and within `owner:<me>` for co-owners. Admins filter on an owner through the
 * `owner:<userId>` audience itself, so `all` has no owner facets.
 */
export function facets(contact: Pick<IndexedContact, "tags" | "companyId" | "ownerIds">, audience: string): string[] {
  return [
    "*",
    ...[...new Set((contact.tags ?? []).map(tagKey))].map((tag) => `tag:${tag}`),
    ...(contact.companyId ? [`company:${contact.companyId}`] : []),
    ...(audience === "all" ? [] : [...new Set(contact.ownerIds)].filter((userId) => audience !== `owner:${userId}`).map((userId) => `owner:${userId}`)),
  ];
}

export const bucketOf = (audience: string, active: boolean, facet: string) => `${audience}|${active ? "active" : "inactive"}|${facet}`;

/** The list columns copied onto every row. */
export function projection(contact: IndexedContact) {
  const tags = contact.tags && contact.tags.length > 0 ? contact.tags : undefined;
  return compact({
    displayName: contact.displayName,
    firstName: contact.firstName,
    lastName: contact.lastName,
    middleName: contact.middleName,
    phone: contact.phones.find((phone) => phone.primary)?.number,
    email: contact.emails.find((email) => email.primary)?.address,
    company: contact.company,
    companyId: contact.companyId,
    tags,
    tagKeys: tags?.map(tagKey),
    ownerIds: contact.ownerIds,
    teamIds: contact.teamIds && contact.teamIds.length > 0 ? contact.teamIds : undefined,
    sharing: contact.sharing ?? "private",
    sourceKind: contact.source.kind,
    contactType: contact.contactType,
    doNotCall: contact.doNotCall,
    doNotEmail: contact.doNotEmail,
    active: contact.active,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    version: contact.version,
    custom: contact.custom && Object.keys(contact.custom).length > 0 ? contact.custom : undefined,
  });
}

/**
 * Above every letter and digit of `alphabetSortKey` (letters map from U+0100): a contact without
 * a surname sorts after every surname (first in descending order), among the others by display name.
 */
export const NO_SURNAME = "\uffff";

/**
 * The surname list's sort key (gsi6): surname, then first and middle name, in the alphabet's
 * order (`alphabetSortKey`); without a surname, `NO_SURNAME` and the display name's key.
 */
export function surnameSortKey(contact: Pick<IndexedContact, "lastName" | "firstName" | "middleName" | "displayName">): string {
  const surname = alphabetSortKey(contact.lastName ?? "");
  if (!surname) return `${NO_SURNAME} ${alphabetSortKey(contact.displayName)}`.slice(0, 100);
  // Two spaces after the surname: "Иванов Анна" sorts before "Иванова …" and before "Иванов-Петров …".
  return `${surname}  ${alphabetSortKey([contact.firstName, contact.middleName].filter(Boolean).join(" "))}`.trimEnd().slice(0, 100);
}

export function listRows(contact: IndexedContact): ListRow[] {
  if (contact.deletedAt) return [];
  const row = { ...projection(contact), contactId: contact.contactId, nameKey: alphabetSortKey(contact.displayName), surnameKey: surnameSortKey(contact) };
  return bucketRows(listAudiences(contact), (audience) => facets(contact, audience), (audience, facet) => bucketOf(audience, contact.active, facet), row);
}

/** The searchable name words: the display name's, then first, last and middle names'. */
export function searchWords(contact: Pick<IndexedContact, "displayName" | "firstName" | "lastName" | "middleName">): string[] {
  return searchableWords([contact.displayName, contact.lastName, contact.firstName, contact.middleName]);
}

export function searchRows(contact: IndexedContact): SearchRow[] {
  if (contact.deletedAt) return [];
  const row = { ...projection(contact), contactId: contact.contactId };
  const phones = [...new Set(contact.phones.map((phone) => reversedDigits(phone.number)))].filter((digits) => digits.length >= 3);
  const emails = [...new Set(contact.emails.map((email) => email.address.trim().toLowerCase()))].filter(Boolean);
  return [
    ...phones.map((term) => ({ ...row, partition: `phone:${term.slice(0, 3)}`, term })),
    ...emails.map((term) => ({ ...row, partition: `email:${term[0]}`, term })),
    ...nameSearchRows(listAudiences(contact), searchWords(contact), row),
  ];
}

/** The entities the rows are written to (`storage/index.ts` names, contact-index.entity.ts). */
export const contactIndexEntityNames = { list: "contactIndex", search: "contactSearch" } as const;

/** What a write does to the contact's rows, and where they are written (listing/definition.ts). */
export const { rowChanges, indexEntities: contactIndexEntities } = listingDesign("contactId", contactIndexEntityNames, { listRows, searchRows });
export type RowChanges = EngineRowChanges<ListRow, SearchRow>;

/**
 * Which input field makes a contact's write big: the one contributing most rows. Named in the
 * 422 when a write would exceed DynamoDB's 100 items per transaction.
 */
export function heaviestField(contact: IndexedContact): string {
  const audiences = listAudiences(contact).length;
  const words = searchWords(contact).length;
  const contributions: [string, number][] = [
    ["tags", (contact.tags?.length ?? 0) * (audiences + 1)],
    ["ownerIds", contact.ownerIds.length * (listAudiences(contact).length * 2 + words + 1)],
    ["phones", contact.phones.length * 2],
    ["emails", contact.emails.length * 2],
  ];
  return contributions.sort((a, b) => b[1] - a[1])[0]![0];
}
