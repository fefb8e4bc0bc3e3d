/**
 * The index rows of one company, derived from the company alone (pure: no I/O). Written and
 * removed in the company's own TransactWriteItems (companies.ts), so the list and its search
 * never disagree with the company. A trashed company has none. The contacts' design
 * (contacts/index-rows.ts) scaled down: see docs/access-patterns.md, "Finding companies".
 */
import { nameWords, nameSortKey, tagKey } from "../contacts/index-rows";

export { nameWords, tagKey };

/** What the rows are built from: the stored company. */
export interface IndexedCompany {
  companyId: string;
  name: string;
  shortName?: string;
  phones: { number: string }[];
  emails: string[];
  tags: string[];
  managerIds: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

/** At most this many name words (name, then short name) are searchable per company. */
export const MAX_NAME_WORDS = 6;

const compact = <T extends object>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;

/** The list columns copied onto every row: a page is only its Query. */
export function projection(company: IndexedCompany) {
  return compact({
    name: company.name,
    shortName: company.shortName,
    primaryPhone: company.phones[0]?.number,
    primaryEmail: company.emails[0],
    tags: company.tags,
    /** Lower-cased tags, for tag filters applied as FilterExpressions. */
    tagKeys: [...new Set(company.tags.map(tagKey))],
    managerIds: company.managerIds,
    version: company.version,
    createdAt: company.createdAt,
    updatedAt: company.updatedAt,
  });
}

export type Projection = ReturnType<typeof projection>;
export type CompanyListRow = Projection & { bucket: string; companyId: string; nameKey: string };
export type CompanySearchRow = Projection & { partition: string; term: string; companyId: string; words: string[]; nameText: string };

/** Who a company is listed for: admins (`all`) and each responsible manager. */
export function listAudiences(company: Pick<IndexedCompany, "managerIds">): string[] {
  return ["all", ...[...new Set(company.managerIds)].map((userId) => `manager:${userId}`)];
}

/**
 * The facets of one audience: `*` (no indexed filter), each tag, and within `manager:<me>` the
 * company's other managers (a non-admin filtering on a co-manager). Admins filter on a manager
 * through the `manager:<userId>` audience itself, so `all` has no manager facets.
 */
export function facets(company: Pick<IndexedCompany, "tags" | "managerIds">, audience: string): string[] {
  return [
    "*",
    ...[...new Set(company.tags.map(tagKey))].map((tag) => `tag:${tag}`),
    ...(audience === "all" ? [] : [...new Set(company.managerIds)].filter((userId) => audience !== `manager:${userId}`).map((userId) => `manager:${userId}`)),
  ];
}

export const bucketOf = (audience: string, facet: string) => `${audience}|${facet}`;

export function listRows(company: IndexedCompany): CompanyListRow[] {
  if (company.deletedAt) return [];
  const columns = projection(company);
  const nameKey = nameSortKey(company.name);
  return listAudiences(company).flatMap((audience) =>
    facets(company, audience).map((facet) => ({ ...columns, bucket: bucketOf(audience, facet), companyId: company.companyId, nameKey })),
  );
}

/** The searchable words: the name's, then the short name's. */
export function searchWords(company: Pick<IndexedCompany, "name" | "shortName">): string[] {
  return [...new Set([company.name, company.shortName].flatMap((text) => (text ? nameWords(text) : [])))].slice(0, MAX_NAME_WORDS);
}

/** One row per (audience, word): `name:<audience>:<first character>`, term = the word. */
export function searchRows(company: IndexedCompany): CompanySearchRow[] {
  if (company.deletedAt) return [];
  const columns = projection(company);
  const words = searchWords(company);
  const nameText = ` ${words.join(" ")}`;
  return listAudiences(company).flatMap((audience) =>
    words.map((word) => ({ ...columns, partition: `name:${audience}:${word[0]}`, term: word, companyId: company.companyId, words, nameText })),
  );
}

export const listRowKey = (row: Pick<CompanyListRow, "bucket" | "companyId">) => `${row.bucket}\n${row.companyId}`;
export const searchRowKey = (row: Pick<CompanySearchRow, "partition" | "term" | "companyId">) => `${row.partition}\n${row.term}\n${row.companyId}`;

/**
 * What a write does to the rows: every row of `next` is put (the projection carries
 * `updatedAt` and `version`, so every write rewrites it) and every row of `current` that
 * `next` lacks is deleted. Either side may be undefined (create, trash).
 */
export function rowChanges(current: IndexedCompany | undefined, next: IndexedCompany | undefined) {
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

/** Which input field makes a company's write big (named in the 422 of an oversized write). */
export function heaviestField(company: Pick<IndexedCompany, "tags" | "managerIds">): "tags" | "managerIds" {
  const managers = new Set(company.managerIds).size;
  const tags = new Set(company.tags.map(tagKey)).size;
  // Each tag adds a row per audience (1 + managers); each manager an audience (1 + tags + managers rows).
  return tags * (1 + managers) >= managers * (1 + tags + managers) ? "tags" : "managerIds";
}
