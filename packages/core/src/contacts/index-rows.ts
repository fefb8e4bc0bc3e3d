/**
 * The index rows of one contact, derived from the contact alone (pure: no I/O). Written and
 * removed in the contact's own TransactWriteItems (contacts.ts), so lists and search never
 * disagree with the contact. A trashed contact has none. See docs/access-patterns.md,
 * "Finding contacts".
 */

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
export type ListRow = Projection & { bucket: string; contactId: string; nameKey: string };
export type SearchRow = Projection & { partition: string; term: string; contactId: string; words?: string[]; nameText?: string };

/** At most this many name words are searchable per contact (bounds the rows of a write). */
export const MAX_NAME_WORDS = 6;

/** Lower case, accents stripped (NFD), ё→е, й kept; Cyrillic and Latin letters and digits. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .normalize("NFD")
    .replace(/и\u0306/g, "й")
    .replace(/\p{M}/gu, "")
    .normalize("NFC");
}

/** The normalized words of a text, in order, each once. */
export function nameWords(text: string): string[] {
  return [...new Set(normalizeText(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
}

/** The sort name: normalized words joined by spaces (at most 100 characters). */
export const nameSortKey = (displayName: string) => nameWords(displayName).join(" ").slice(0, 100);

/** `+79161234567` → `76543216197`: the last digits come first, so begins_with matches a suffix. */
export const reversedDigits = (text: string) => text.replace(/\D/g, "").split("").reverse().join("");

export const tagKey = (tag: string) => tag.trim().toLowerCase();

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

const compact = <T extends object>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;

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

export function listRows(contact: IndexedContact): ListRow[] {
  if (contact.deletedAt) return [];
  const columns = projection(contact);
  const nameKey = nameSortKey(contact.displayName);
  return listAudiences(contact).flatMap((audience) =>
    facets(contact, audience).map((facet) => ({ ...columns, bucket: bucketOf(audience, contact.active, facet), contactId: contact.contactId, nameKey })),
  );
}

/** The searchable name words: the display name's, then first, last and middle names'. */
export function searchWords(contact: Pick<IndexedContact, "displayName" | "firstName" | "lastName" | "middleName">): string[] {
  const all = [contact.displayName, contact.lastName, contact.firstName, contact.middleName].flatMap((text) => (text ? nameWords(text) : []));
  return [...new Set(all)].slice(0, MAX_NAME_WORDS);
}

export function searchRows(contact: IndexedContact): SearchRow[] {
  if (contact.deletedAt) return [];
  const columns = projection(contact);
  const contactId = contact.contactId;
  const phones = [...new Set(contact.phones.map((phone) => reversedDigits(phone.number)))].filter((digits) => digits.length >= 3);
  const emails = [...new Set(contact.emails.map((email) => email.address.trim().toLowerCase()))].filter(Boolean);
  const words = searchWords(contact);
  const nameText = ` ${words.join(" ")}`;
  return [
    ...phones.map((term) => ({ ...columns, partition: `phone:${term.slice(0, 3)}`, term, contactId })),
    ...emails.map((term) => ({ ...columns, partition: `email:${term[0]}`, term, contactId })),
    ...listAudiences(contact).flatMap((audience) =>
      words.map((word) => ({ ...columns, partition: `name:${audience}:${word[0]}`, term: word, contactId, words, nameText })),
    ),
  ];
}

export const listRowKey = (row: Pick<ListRow, "bucket" | "contactId">) => `${row.bucket}\n${row.contactId}`;
export const searchRowKey = (row: Pick<SearchRow, "partition" | "term" | "contactId">) => `${row.partition}\n${row.term}\n${row.contactId}`;

/**
 * What a write does to the rows: every row of `next` is put (the projection carries
 * `updatedAt`, so every write rewrites it) and every row of `current` that `next` lacks is
 * deleted. Either side may be undefined (create, trash).
 */
export function rowChanges(current: IndexedContact | undefined, next: IndexedContact | undefined) {
  const [listBefore, listAfter] = [current ? listRows(current) : [], next ? listRows(next) : []];
  const [searchBefore, searchAfter] = [current ? searchRows(current) : [], next ? searchRows(next) : []];
  const listKeep = new Set(listAfter.map(listRowKey));
  const searchKeep = new Set(searchAfter.map(searchRowKey));
  return {
    putList: listAfter,
    deleteList: listBefore.filter((row) => !listKeep.has(listRowKey(row))),
    putSearch: searchAfter,
    deleteSearch: searchBefore.filter((row) => !searchKeep.has(searchRowKey(row))),
  };
}

export type RowChanges = ReturnType<typeof rowChanges>;
export const rowChangeCount = (changes: RowChanges) =>
  changes.putList.length + changes.deleteList.length + changes.putSearch.length + changes.deleteSearch.length;

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
