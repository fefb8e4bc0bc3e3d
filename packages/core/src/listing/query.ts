/**
 * The finder of every listed feature (contacts, companies): a page is one or more Queries of
 * index row partitions ("sources") sorted the same way, merged on the sort key, filtered with
 * FilterExpressions on the projected columns, and bounded in work. A feature says only which
 * partitions to read (its audiences and facets) and which filters to add. Never a Scan.
 */
import { createHash } from "node:crypto";
import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { QueryCommand } from "../storage/libraries";
import { useStorage } from "../storage";
import type { SortField } from "./sort-fields";

export type IndexName = "table" | "gsi4" | "gsi5" | "gsi6";
export const keyFields: Record<IndexName, { pk: string; sk: string; index?: string }> = {
  table: { pk: "pk", sk: "sk" },
  gsi4: { pk: "gsi4pk", sk: "gsi4sk", index: "gsi4" },
  gsi5: { pk: "gsi5pk", sk: "gsi5sk", index: "gsi5" },
  /** Contacts' surname order (contact-index.entity.ts `bySurname`). */
  gsi6: { pk: "gsi6pk", sk: "gsi6sk", index: "gsi6" },
};

export const indexOfSort = (sort: SortField): IndexName => (sort === "name" ? "gsi4" : sort === "updated" ? "gsi5" : "table");

/** One partition of index rows to read. */
export interface Source {
  index: IndexName;
  pk: string;
  /** Key range of the sort key (inclusive), or a prefix. */
  range?: { from?: string; to?: string; prefix?: string };
}

/** A FilterExpression being built: its parts (ANDed), names and values. */
export interface Expression {
  text: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

export const newExpression = (): Expression => ({ text: [], names: {}, values: {} });

/** A placeholder for a value of the expression. */
export function value(expression: Expression, raw: unknown): string {
  const name = `:f${Object.keys(expression.values).length}`;
  expression.values[name] = raw;
  return name;
}

/** Placeholders for an attribute path (`custom.<fieldId>`) of the expression. */
export function attr(expression: Expression, path: string): string {
  return path
    .split(".")
    .map((part) => {
      const safe = `#${part.replace(/[^A-Za-z0-9_]/g, "_")}`;
      expression.names[safe] = part;
      return safe;
    })
    .join(".");
}

export type Row = Record<string, unknown>;

export interface Cost {
  requests: number;
  itemsRead: number;
}

/** The sort position of a row in its index: the index's sort key value. */
const positionOf = (row: Record<string, unknown>, index: IndexName) => String(row[keyFields[index].sk]);

/** The table key of a position: every row keeps the item's ID last (`…#<id>`), search rows `term#id`. */
function startKey(source: Source, position: string): Record<string, string> {
  const fields = keyFields[source.index];
  if (source.index === "table") return { pk: source.pk, sk: position };
  const id = position.slice(position.lastIndexOf("#") + 1);
  return { pk: source.pk, sk: id, [fields.pk]: source.pk, [fields.sk]: position };
}

async function queryOnce(source: Source, options: { order: "asc" | "desc"; limit: number; start?: Record<string, string>; filter: Expression }, cost: Cost) {
  const { clients, table } = useStorage();
  const fields = keyFields[source.index];
  const names: Record<string, string> = { "#kpk": fields.pk, ...options.filter.names };
  const values: Record<string, unknown> = { ":kpk": source.pk, ...options.filter.values };
  let condition = "#kpk = :kpk";
  const range = source.range;
  if (range?.prefix !== undefined || range?.from !== undefined || range?.to !== undefined) names["#ksk"] = fields.sk;
  if (range?.prefix !== undefined) {
    values[":kprefix"] = range.prefix;
    condition += " AND begins_with(#ksk, :kprefix)";
  } else if (range?.from !== undefined && range?.to !== undefined) {
    Object.assign(values, { ":kfrom": range.from, ":kto": range.to });
    condition += " AND #ksk BETWEEN :kfrom AND :kto";
  } else if (range?.from !== undefined) {
    values[":kfrom"] = range.from;
    condition += " AND #ksk >= :kfrom";
  } else if (range?.to !== undefined) {
    values[":kto"] = range.to;
    condition += " AND #ksk <= :kto";
  }
  const input: QueryCommandInput = {
    TableName: table,
    ...(fields.index ? { IndexName: fields.index } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: options.order === "asc",
    Limit: options.limit,
    ...(options.filter.text.length > 0 ? { FilterExpression: options.filter.text.map((part) => `(${part})`).join(" AND ") } : {}),
    ...(options.start ? { ExclusiveStartKey: options.start } : {}),
  };
  const result = await clients.doc.send(new QueryCommand(input));
  cost.requests += 1;
  cost.itemsRead += result.ScannedCount ?? 0;
  return { items: (result.Items ?? []) as Row[], last: result.LastEvaluatedKey as Record<string, string> | undefined };
}

export interface PageOptions {
  order: "asc" | "desc";
  limit: number;
  /** The sort position the previous page ended on (the decoded cursor). */
  after?: string;
  filter: Expression;
  /** Work bound: at most this many Query rounds. */
  maxRounds: number;
  /** Limit of each Query. */
  perSource: number;
  /** The row attribute naming the listed item (`contactId`, `companyId`): one row per item. */
  idField: string;
  keep?: (row: Row) => boolean;
}

export interface MergedPage {
  rows: Row[];
  next?: string;
  cost: Cost;
  bounded: boolean;
}

/**
 * One page of the union of several sources sorted the same way, each possibly filtered.
 * Every source is read from the same position (the cursor); after each round the page may only
 * hold rows up to the least advanced source's last evaluated position (`bound`), so nothing
 * is skipped; rows are taken once per item. Rounds go on (each source from where it stopped)
 * until the page is full, every source is exhausted, or `maxRounds` is reached; then the cursor
 * is the bound, and the page says `bounded`.
 */
export async function mergedPage(sources: Source[], options: PageOptions): Promise<MergedPage> {
  const cost: Cost = { requests: 0, itemsRead: 0 };
  const index = sources[0]!.index;
  const before = (a: string, b: string) => (options.order === "asc" ? a < b : a > b);
  const states = sources.map((source) => ({ source, start: options.after ? startKey(source, options.after) : undefined, done: false, last: undefined as string | undefined }));
  const seen = new Map<string, { row: Row; position: string }>();
  let bound: string | undefined;
  let rounds = 0;
  let eligible: { row: Row; position: string }[] = [];
  for (;;) {
    rounds += 1;
    const open = states.filter((state) => !state.done);
    const results = await Promise.all(open.map((state) => queryOnce(state.source, { order: options.order, limit: options.perSource, start: state.start, filter: options.filter }, cost)));
    open.forEach((state, position) => {
      const { items, last } = results[position]!;
      for (const row of items) {
        if (options.keep && !options.keep(row)) continue;
        const at = positionOf(row, index);
        const id = String(row[options.idField]);
        const known = seen.get(id);
        if (!known || before(at, known.position)) seen.set(id, { row, position: at });
      }
      state.start = last;
      state.done = !last;
      state.last = last ? String(last[keyFields[index].sk]) : undefined;
    });
    const stillOpen = states.filter((state) => !state.done);
    // The least advanced open source limits what the page may hold.
    bound = stillOpen.reduce<string | undefined>((least, state) => (least === undefined || before(state.last!, least) ? state.last : least), undefined);
    eligible = [...seen.values()]
      .filter(({ position }) => bound === undefined || position === bound || before(position, bound))
      .sort((a, b) => (a.position === b.position ? 0 : before(a.position, b.position) ? -1 : 1));
    if (eligible.length >= options.limit || stillOpen.length === 0 || rounds >= options.maxRounds) break;
  }
  const page = eligible.slice(0, options.limit);
  const anyOpen = states.some((state) => !state.done);
  if (page.length === options.limit && (eligible.length > options.limit || anyOpen || seen.size > page.length)) {
    return { rows: page.map(({ row }) => row), next: page[page.length - 1]!.position, cost, bounded: false };
  }
  if (anyOpen) return { rows: page.map(({ row }) => row), next: bound, cost, bounded: true };
  return { rows: page.map(({ row }) => row), cost, bounded: false };
}

/**
 * Per-source Query limit. Unfiltered, up to three sources read n+1 each: the least advanced
 * source's rows all precede the bound, so they alone fill the page in one round (and one
 * source knows "more?" exactly). A sales user's list reads 2 × 21 rows for a page of 20
 * (⌊3n/2⌋ = 30 of each before), a manager's 3 × 21. More sources (`active=any`) share
 * ⌊3(n+1)/k⌋, so one round reads at most 3 × (n+1) rows. Filtered sources share ⌊3n/k⌋; one
 * filtered source reads ⌊3n/2⌋+1: DynamoDB applies the FilterExpression after the Limit, so
 * n+1 rows of which a few are filtered out (inactive contacts in a name search: ~5%) left the
 * page short and cost a second Query round trip.
 */
export const perSourceLimit = (sources: number, limit: number, filtered = false) => {
  if (!filtered) return Math.max(Math.min(limit + 1, Math.floor((3 * (limit + 1)) / sources)), 5);
  return sources === 1 ? Math.floor((3 * limit) / 2) + 1 : Math.max(Math.floor((3 * limit) / sources), 5);
};

/**
 * A name search's rows: an item with two words matching the typed prefix has two rows; only
 * the smallest matching word's is kept.
 */
export const firstMatchingWord = (prefix: string) => (row: Row) => {
  const matching = ((row.words as string[] | undefined) ?? []).filter((word) => word.startsWith(prefix)).sort();
  return matching.length === 0 || matching[0] === row.term;
};

/** A further typed word must be among the item's name words (` w1 w2 …`). */
export function furtherWords(expression: Expression, words: string[]): void {
  for (const word of words) expression.text.push(`contains(${attr(expression, "nameText")}, ${value(expression, ` ${word}`)})`);
}

/**
 * The cursor only continues the same reader, filter and sort: a digest of the filter (without
 * cursor and limit) names the query. `nested`: filter values that are objects or lists, which
 * the sorted-keys replacer would flatten.
 */
export function cursorContext(feature: string, userId: string, filter: Record<string, unknown>, nested: unknown[] = []): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filter;
  const hash = createHash("sha256").update(JSON.stringify(rest, Object.keys(rest).sort()));
  for (const part of nested) hash.update(JSON.stringify(part));
  return `${feature}:find:${userId}:${hash.digest("base64url").slice(0, 16)}`;
}

/** Row attributes that are index plumbing, not list columns. */
const plumbing = new Set(["pk", "sk", "bucket", "nameKey", "surnameKey", "tagKeys", "partition", "term", "words", "nameText"]);

/** A row's list columns: keys and index-only attributes removed. */
export function listColumns(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !plumbing.has(key) && !key.startsWith("gsi") && !key.startsWith("__edb")));
}
