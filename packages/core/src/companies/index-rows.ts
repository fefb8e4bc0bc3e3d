/**
 * The index rows of one company, derived from the company alone (pure: no I/O). Written and
 * removed in the company's own TransactWriteItems (companies.ts), so the list and its search
 * never disagree with the company. A trashed company has none. The listing engine's design
 * (listing/) with the company's columns, audiences and facets: see docs/access-patterns.md,
 * "Finding companies".
 */
import { alphabetSortKey, bucketRows, compact, MAX_NAME_WORDS, nameSearchRows, nameSortKey, nameWords, listingDesign, rowChangeCount, searchableWords, tagKey, type RowChanges as EngineRowChanges } from "../listing";

export { MAX_NAME_WORDS, nameWords, rowChangeCount, tagKey };

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
  const row = { ...projection(company), companyId: company.companyId, nameKey: alphabetSortKey(company.name) };
  return bucketRows(listAudiences(company), (audience) => facets(company, audience), bucketOf, row);
}

/** The searchable words: the name's, then the short name's. */
export function searchWords(company: Pick<IndexedCompany, "name" | "shortName">): string[] {
  return searchableWords([company.name, company.shortName]);
}

/** One row per (audience, word): `name:<audience>:<first character>`, term = the word. */
export function searchRows(company: IndexedCompany): CompanySearchRow[] {
  if (company.deletedAt) return [];
  return nameSearchRows(listAudiences(company), searchWords(company), { ...projection(company), companyId: company.companyId });
}

/** The entities the rows are written to (`storage/index.ts` names, company-index.entity.ts). */
export const companyIndexEntityNames = { list: "companyIndex", search: "companySearch" } as const;

/** What a write does to the company's rows, and where they are written (listing/definition.ts). */
export const { rowChanges, indexEntities: companyIndexEntities } = listingDesign("companyId", companyIndexEntityNames, { listRows, searchRows });
export type RowChanges = EngineRowChanges<CompanyListRow, CompanySearchRow>;

/** Which input field makes a company's write big (named in the 422 of an oversized write). */
export function heaviestField(company: Pick<IndexedCompany, "tags" | "managerIds">): "tags" | "managerIds" {
  const managers = new Set(company.managerIds).size;
  const tags = new Set(company.tags.map(tagKey)).size;
  // Each tag adds a row per audience (1 + managers); each manager an audience (1 + tags + managers rows).
  return tags * (1 + managers) >= managers * (1 + tags + managers) ? "tags" : "managerIds";
}
