import * as v from "valibot";
import { PAGE_SIZES, pagingFields } from "../storage/paging";
import { useUser, type Actor } from "../actor";
import { UlidField } from "../validation";
import { ValidationError } from "../errors";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { parse } from "../validation";
import { companyRoleHas, requireCompanyRight } from "./access";
import { bucketOf, nameWords, tagKey } from "./index-rows";
import { attr, cursorContext as listingCursorContext, firstMatchingWord, furtherWords, listColumns, mergedPage, newExpression, value, type Expression, type MergedPage, type Source, indexOfSort, SORT_FIELDS } from "../listing";

export const findPageSizes = PAGE_SIZES;
export const companySortFields = SORT_FIELDS;
export type CompanySortField = (typeof companySortFields)[number];

/** Work bound of one page when a FilterExpression is involved: at most this many Queries. */
export const MAX_QUERY_ROUNDS = 3;

/**
 * What a companies page asks for (`GET /v1/companies` passes its query string here; numbers as
 * text are accepted). `q` searches names (a prefix of any word of the name or short name).
 */
export const FindCompaniesInput = v.strictObject(
  {
    q: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(200, "At most 200 characters."))),
    manager: v.optional(UlidField),
    tag: v.optional(
      v.pipe(
        v.string("Must be a tag."),
        v.transform(tagKey),
        v.minLength(1, "Must be a tag."),
        v.maxLength(100, "Tags are at most 100 characters."),
      ),
    ),
    sort: v.optional(v.picklist(companySortFields, `One of: ${companySortFields.join(", ")}.`), "created"),
    ...pagingFields,
  },
  "Unknown parameter: leave it out.",
);
export type FindCompaniesInput = v.InferInput<typeof FindCompaniesInput>;
type Filter = v.InferOutput<typeof FindCompaniesInput>;

/** One row of a companies page: the list columns. */
export interface CompanyListItem {
  companyId: string;
  name: string;
  shortName?: string;
  primaryPhone?: string;
  primaryEmail?: string;
  tags: string[];
  managerIds: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyPage {
  items: CompanyListItem[];
  cursor: string | null;
  /** What the page cost, and whether the work bound stopped it before it was full. */
  meta: { requests: number; itemsRead: number; bounded: boolean; searchedBy?: "name" };
}

/** The audience a user reads: admins `all` (or a manager's, to filter on them), others their own. */
function audienceOf(actor: Actor & { type: "user" }, manager: string | undefined): { audience: string; managerFacet?: string } {
  if (companyRoleHas(actor.role, "readAll")) return { audience: manager ? `manager:${manager}` : "all" };
  const own = `manager:${actor.userId}`;
  // A co-manager filter is the `manager:<them>` facet of the user's own audience.
  return manager && manager !== actor.userId ? { audience: own, managerFacet: `manager:${manager}` } : { audience: own };
}

const present = (row: Record<string, unknown>) => listColumns(row) as unknown as CompanyListItem;

/** The cursor only continues the same reader, filter and sort. */
const cursorContext = (actor: { userId: string }, filter: Filter) => listingCursorContext("companies", actor.userId, filter);

/** A tag or manager condition on the projected columns. */
const contains = (expression: Expression, path: string, raw: unknown) => expression.text.push(`contains(${attr(expression, path)}, ${value(expression, raw)})`);

/**
 * One page of one source: without a FilterExpression (and without `keep`) a single Query of
 * limit + 1 items; otherwise up to MAX_QUERY_ROUNDS Queries of 2 × limit (then the page says
 * `bounded`). The listing engine's merge (listing/query.ts) over one source.
 */
function sourcePage(source: Source, options: { order: "asc" | "desc"; limit: number; after?: string; filter: Expression; keep?: (row: Record<string, unknown>) => boolean }): Promise<MergedPage> {
  const filtered = options.filter.text.length > 0 || Boolean(options.keep);
  return mergedPage([source], {
    ...options,
    maxRounds: filtered ? MAX_QUERY_ROUNDS : 1,
    // One more than the page tells whether another page exists.
    perSource: filtered ? 2 * options.limit : options.limit + 1,
    idField: "companyId",
  });
}

/**
 * One page of the companies the acting user may see that match `input`: admins every company,
 * others those they are a responsible manager of (companies/access.ts). Filters manager and tag,
 * sorts name / created / updated, or a name search. Never a Scan: each page reads one partition
 * of the company index rows (see docs/access-patterns.md, "Finding companies").
 */
export async function findCompanies(input: FindCompaniesInput): Promise<CompanyPage> {
  const actor = useUser();
  requireCompanyRight(actor, "read");
  const filter = parse(FindCompaniesInput, input);
  const context = cursorContext(actor, filter);
  const after = decodeCursor(filter.cursor, context);
  const limit = filter.limit as number;
  const expression = newExpression();
  const { audience, managerFacet } = audienceOf(actor, filter.manager);

  if (filter.q !== undefined && filter.q !== "") {
    const [first, ...others] = nameWords(filter.q);
    if (!first) throw new ValidationError([{ field: "q", message: "Type a word of the company's name." }]);
    if (managerFacet) contains(expression, "managerIds", filter.manager);
    if (filter.tag) contains(expression, "tagKeys", filter.tag);
    furtherWords(expression, others);
    const page = await sourcePage(
      { index: "table", pk: `cos#name:${audience}:${first[0]}`, range: { prefix: first } },
      { order: filter.order ?? "asc", limit, after, filter: expression, keep: firstMatchingWord(first) },
    );
    return { items: page.rows.map(present), cursor: page.next ? encodeCursor(page.next, context) : null, meta: { ...page.cost, bounded: page.bounded, searchedBy: "name" } };
  }

  // The most selective indexed filter picks the facet; a second one becomes a FilterExpression.
  let facet = "*";
  if (managerFacet) {
    facet = managerFacet;
    if (filter.tag) contains(expression, "tagKeys", filter.tag);
  } else if (filter.tag) facet = `tag:${filter.tag}`;
  const sort = filter.sort as CompanySortField;
  const index = indexOfSort(sort);
  const order = filter.order ?? (sort === "name" ? "asc" : "desc");
  const page = await sourcePage({ index, pk: `cox#${bucketOf(audience, facet)}` }, { order, limit, after, filter: expression });
  return { items: page.rows.map(present), cursor: page.next ? encodeCursor(page.next, context) : null, meta: { ...page.cost, bounded: page.bounded } };
}
