import { createHash } from "node:crypto";
import * as v from "valibot";
import { PAGE_SIZES, pagingFields } from "../storage/paging";
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { useUser, type Actor } from "../actor";
import { UlidField } from "../contacts/fields";
import { ValidationError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { parse } from "../validation";
import { companyRoleHas, requireCompanyRight } from "./access";
import { bucketOf, nameWords, tagKey } from "./index-rows";

export const findPageSizes = PAGE_SIZES;
export const companySortFields = ["name", "created", "updated"] as const;
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

type IndexName = "table" | "gsi4" | "gsi5";
const keyFields: Record<IndexName, { pk: string; sk: string; index?: string }> = {
  table: { pk: "pk", sk: "sk" },
  gsi4: { pk: "gsi4pk", sk: "gsi4sk", index: "gsi4" },
  gsi5: { pk: "gsi5pk", sk: "gsi5sk", index: "gsi5" },
};

interface Source {
  index: IndexName;
  pk: string;
  prefix?: string;
}

interface Expression {
  text: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}
type Row = Record<string, unknown> & { companyId: string };

function condition(expression: Expression, text: (attr: (name: string) => string, value: (raw: unknown) => string) => string): void {
  const attr = (name: string) => {
    expression.names[`#${name}`] = name;
    return `#${name}`;
  };
  const value = (raw: unknown) => {
    const key = `:f${Object.keys(expression.values).length}`;
    expression.values[key] = raw;
    return key;
  };
  expression.text.push(text(attr, value));
}

/** The table key of a sort position: every row keeps the company ID last (`…#<companyId>`). */
function startKey(source: Source, position: string): Record<string, string> {
  if (source.index === "table") return { pk: source.pk, sk: position };
  const fields = keyFields[source.index];
  return { pk: source.pk, sk: position.slice(position.lastIndexOf("#") + 1), [fields.pk]: source.pk, [fields.sk]: position };
}

/**
 * One page of one source from `after` (a sort position). Without a FilterExpression (and
 * without `keep`) that is a single Query of limit + 1 items; otherwise Queries go on from where
 * they stopped until the page is full, the source ends, or MAX_QUERY_ROUNDS is reached (then
 * the cursor is the last position read and the page says `bounded`).
 */
async function sourcePage(source: Source, options: { order: "asc" | "desc"; limit: number; after?: string; filter: Expression; keep?: (row: Row) => boolean }) {
  const { clients, table } = useStorage();
  const fields = keyFields[source.index];
  const filtered = options.filter.text.length > 0 || Boolean(options.keep);
  const cost = { requests: 0, itemsRead: 0 };
  const rows: Row[] = [];
  let start = options.after ? startKey(source, options.after) : undefined;
  let last: Record<string, string> | undefined;
  do {
    const names: Record<string, string> = { "#kpk": fields.pk, ...options.filter.names };
    const values: Record<string, unknown> = { ":kpk": source.pk, ...options.filter.values };
    let keyCondition = "#kpk = :kpk";
    if (source.prefix !== undefined) {
      names["#ksk"] = fields.sk;
      values[":kprefix"] = source.prefix;
      keyCondition += " AND begins_with(#ksk, :kprefix)";
    }
    const input: QueryCommandInput = {
      TableName: table,
      ...(fields.index ? { IndexName: fields.index } : {}),
      KeyConditionExpression: keyCondition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: options.order === "asc",
      // One more than the page tells whether another page exists.
      Limit: filtered ? 2 * options.limit : options.limit + 1,
      ...(options.filter.text.length > 0 ? { FilterExpression: options.filter.text.map((part) => `(${part})`).join(" AND ") } : {}),
      ...(start ? { ExclusiveStartKey: start } : {}),
    };
    const result = await clients.doc.send(new QueryCommand(input));
    cost.requests += 1;
    cost.itemsRead += result.ScannedCount ?? 0;
    for (const row of (result.Items ?? []) as Row[]) if (!options.keep || options.keep(row)) rows.push(row);
    last = result.LastEvaluatedKey as Record<string, string> | undefined;
    start = last;
  } while (filtered && last && rows.length <= options.limit && cost.requests < MAX_QUERY_ROUNDS);

  const position = (row: Record<string, unknown>) => String(row[fields.sk]);
  if (rows.length > options.limit) return { rows: rows.slice(0, options.limit), next: position(rows[options.limit - 1]!), cost, bounded: false };
  if (last) return { rows, next: position(last), cost, bounded: rows.length < options.limit };
  return { rows, cost, bounded: false };
}

/** The audience a user reads: admins `all` (or a manager's, to filter on them), others their own. */
function audienceOf(actor: Actor & { type: "user" }, manager: string | undefined): { audience: string; managerFacet?: string } {
  if (companyRoleHas(actor.role, "readAll")) return { audience: manager ? `manager:${manager}` : "all" };
  const own = `manager:${actor.userId}`;
  // A co-manager filter is the `manager:<them>` facet of the user's own audience.
  return manager && manager !== actor.userId ? { audience: own, managerFacet: `manager:${manager}` } : { audience: own };
}

const hidden = new Set(["pk", "sk", "bucket", "nameKey", "tagKeys", "partition", "term", "words", "nameText"]);
function present(row: Row): CompanyListItem {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !hidden.has(key) && !key.startsWith("gsi") && !key.startsWith("__edb"))) as unknown as CompanyListItem;
}

/** The cursor only continues the same reader, filter and sort. */
function cursorContext(actor: { userId: string }, filter: Filter): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filter;
  const digest = createHash("sha256").update(JSON.stringify(rest, Object.keys(rest).sort())).digest("base64url").slice(0, 16);
  return `companies:find:${actor.userId}:${digest}`;
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
  const expression: Expression = { text: [], names: {}, values: {} };
  const { audience, managerFacet } = audienceOf(actor, filter.manager);

  if (filter.q !== undefined && filter.q !== "") {
    const [first, ...others] = nameWords(filter.q);
    if (!first) throw new ValidationError([{ field: "q", message: "Type a word of the company's name." }]);
    if (managerFacet) condition(expression, (attr, value) => `contains(${attr("managerIds")}, ${value(filter.manager)})`);
    if (filter.tag) condition(expression, (attr, value) => `contains(${attr("tagKeys")}, ${value(filter.tag)})`);
    for (const other of others) condition(expression, (attr, value) => `contains(${attr("nameText")}, ${value(` ${other}`)})`);
    // A company with two words matching the prefix has two rows: keep only the smallest word's.
    const keep = (row: Row) => {
      const matching = ((row.words as string[] | undefined) ?? []).filter((word) => word.startsWith(first)).sort();
      return matching.length === 0 || matching[0] === row.term;
    };
    const page = await sourcePage(
      { index: "table", pk: `cos#name:${audience}:${first[0]}`, prefix: first },
      { order: filter.order ?? "asc", limit, after, filter: expression, keep },
    );
    return { items: page.rows.map(present), cursor: page.next ? encodeCursor(page.next, context) : null, meta: { ...page.cost, bounded: page.bounded, searchedBy: "name" } };
  }

  // The most selective indexed filter picks the facet; a second one becomes a FilterExpression.
  let facet = "*";
  if (managerFacet) {
    facet = managerFacet;
    if (filter.tag) condition(expression, (attr, value) => `contains(${attr("tagKeys")}, ${value(filter.tag)})`);
  } else if (filter.tag) facet = `tag:${filter.tag}`;
  const sort = filter.sort as CompanySortField;
  const index: IndexName = sort === "name" ? "gsi4" : sort === "updated" ? "gsi5" : "table";
  const order = filter.order ?? (sort === "name" ? "asc" : "desc");
  const page = await sourcePage({ index, pk: `cox#${bucketOf(audience, facet)}` }, { order, limit, after, filter: expression });
  return { items: page.rows.map(present), cursor: page.next ? encodeCursor(page.next, context) : null, meta: { ...page.cost, bounded: page.bounded } };
}
