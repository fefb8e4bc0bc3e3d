import { createHash } from "node:crypto";
import * as v from "valibot";
import { PAGE_SIZES, pagingFields } from "../storage/paging";
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { encodeTime } from "ulid";
import { useUser, type Actor } from "../actor";
import { ValidationError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { requireRight, roleHas } from "../users/roles";
import { parse } from "../validation";
import type { LiveDefinitions, StoredCustomValues } from "../custom-fields";
import { isStorableNumber, STORABLE_NUMBER_MESSAGE } from "../custom-fields/value-types";
import { contactTypes, sourceKinds } from "./contact.entity";
import { contactDefinitions, presentCustomValues, type CustomValue } from "./custom";
import { UlidField } from "./fields";
import { bucketOf, nameWords, reversedDigits, tagKey, type Projection } from "./index-rows";
import { normalizePhone } from "./phone";

export const pageSizes = PAGE_SIZES;
export const sortFields = ["name", "created", "updated"] as const;
export type SortField = (typeof sortFields)[number];

/** Work bound of one page when FilterExpressions are involved: at most this many Query rounds. */
export const MAX_QUERY_ROUNDS = 5;
/** Typed digits below this are too few to search by (unless they make a full number). */
export const MIN_PHONE_DIGITS = 7;

const booleanText = (field: string) =>
  v.optional(
    v.union(
      [v.boolean(), v.pipe(v.picklist(["true", "false"], `${field} must be true or false.`), v.transform((text) => text === "true"))],
      `${field} must be true or false.`,
    ),
  );

/** `2026-01-31` or a full ISO time. */
const TimeText = v.pipe(
  v.string("Must be a date (YYYY-MM-DD) or an ISO time."),
  v.trim(),
  v.check((text) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text) && !Number.isNaN(new Date(text).getTime()), "Must be a date (YYYY-MM-DD) or an ISO time."),
);

const CustomCondition = v.strictObject(
  {
    eq: v.optional(v.pipe(v.string("Must be text."), v.maxLength(200, "At most 200 characters."))),
    min: v.optional(v.pipe(v.string("Must be text."), v.maxLength(40, "At most 40 characters."))),
    max: v.optional(v.pipe(v.string("Must be text."), v.maxLength(40, "At most 40 characters."))),
  },
  "Use cf.<key>, cf.<key>.min or cf.<key>.max.",
);

/**
 * What a contacts page asks for. The API passes its query string here; bulk actions and the CSV
 * export pass the same object (`findContacts`). Text forms of booleans and numbers are accepted.
 */
export const FindContactsInput = v.strictObject(
  {
    q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, "At most 200 characters."))),
    owner: v.optional(UlidField),
    company: v.optional(UlidField),
    tag: v.optional(
      v.pipe(
        v.union([v.string(), v.array(v.string())], "Must be a tag or a list of tags."),
        v.transform((tags) => [...new Set((Array.isArray(tags) ? tags : [tags]).map(tagKey).filter(Boolean))]),
        v.maxLength(5, "At most 5 tags."),
        v.check((tags) => tags.every((tag) => tag.length <= 100), "Tags are at most 100 characters."),
      ),
    ),
    source: v.optional(v.picklist(sourceKinds, `One of: ${sourceKinds.join(", ")}.`)),
    type: v.optional(v.picklist(contactTypes, `One of: ${contactTypes.join(", ")}.`)),
    doNotCall: booleanText("doNotCall"),
    doNotEmail: booleanText("doNotEmail"),
    active: v.optional(v.union([v.boolean(), v.picklist(["true", "false", "any"])], "Must be true, false or any."), "true"),
    createdFrom: v.optional(TimeText),
    createdTo: v.optional(TimeText),
    updatedFrom: v.optional(TimeText),
    updatedTo: v.optional(TimeText),
    custom: v.optional(
      v.pipe(
        v.record(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/, "Not a custom field key.")), CustomCondition),
        v.check((custom) => Object.keys(custom).length <= 10, "At most 10 custom field conditions."),
      ),
    ),
    sort: v.optional(v.picklist(sortFields, `One of: ${sortFields.join(", ")}.`), "created"),
    ...pagingFields,
  },
  "Unknown parameter: leave it out.",
);
export type FindContactsInput = v.InferInput<typeof FindContactsInput>;
type Filter = v.InferOutput<typeof FindContactsInput>;

/** One row of a contacts page: the list columns (custom values by key). */
export type ContactListItem = Omit<Projection, "tagKeys" | "custom" | "sourceKind"> & {
  contactId: string;
  source: { kind: string };
  custom?: Record<string, CustomValue>;
};

export interface ContactPage {
  items: ContactListItem[];
  cursor: string | null;
  /** What the page cost, and whether the work bound stopped it before it was full. */
  meta: { requests: number; itemsRead: number; searchedBy?: "name" | "phone" | "email"; bounded: boolean };
}

// ---------------------------------------------------------------------------------------------
// Queries.

type IndexName = "table" | "gsi4" | "gsi5";
const keyFields: Record<IndexName, { pk: string; sk: string; index?: string }> = {
  table: { pk: "pk", sk: "sk" },
  gsi4: { pk: "gsi4pk", sk: "gsi4sk", index: "gsi4" },
  gsi5: { pk: "gsi5pk", sk: "gsi5sk", index: "gsi5" },
};

interface Source {
  index: IndexName;
  pk: string;
  /** Key range of the sort key (inclusive), or a prefix. */
  range?: { from?: string; to?: string; prefix?: string };
}

interface Expression {
  text: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

const newExpression = (): Expression => ({ text: [], names: {}, values: {} });

function value(expression: Expression, raw: unknown): string {
  const name = `:f${Object.keys(expression.values).length}`;
  expression.values[name] = raw;
  return name;
}
function attr(expression: Expression, path: string): string {
  return path
    .split(".")
    .map((part) => {
      const safe = `#${part.replace(/[^A-Za-z0-9_]/g, "_")}`;
      expression.names[safe] = part;
      return safe;
    })
    .join(".");
}

type Row = Record<string, unknown> & { contactId: string };

interface Cost {
  requests: number;
  itemsRead: number;
}

/** The sort position of a row in its index: the index's sort key value. */
const positionOf = (row: Record<string, unknown>, index: IndexName) => String(row[keyFields[index].sk]);

/** The table key of a position: list rows keep the contact ID last, search rows `term#contactId`. */
function startKey(source: Source, position: string): Record<string, string> {
  const fields = keyFields[source.index];
  const contactId = position.slice(position.lastIndexOf("#") + 1);
  if (source.index === "table") return { pk: source.pk, sk: position };
  return { pk: source.pk, sk: contactId, [fields.pk]: source.pk, [fields.sk]: position };
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

/**
 * One page of the union of several sources sorted the same way, each possibly filtered.
 * Every source is read from the same position (the cursor); after each round the page may only
 * hold rows up to the least advanced source's last evaluated position (`bound`), so nothing
 * is skipped; rows are taken once per contact. Rounds go on (each source from where it
 * stopped) until the page is full, every source is exhausted, or `maxRounds` is reached; then
 * the cursor is the bound, and the page says `bounded`.
 */
async function mergedPage(
  sources: Source[],
  options: { order: "asc" | "desc"; limit: number; after?: string; filter: Expression; maxRounds: number; perSource: number; keep?: (row: Row) => boolean },
): Promise<{ rows: Row[]; next?: string; cost: Cost; bounded: boolean }> {
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
        const known = seen.get(row.contactId);
        if (!known || before(at, known.position)) seen.set(row.contactId, { row, position: at });
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

// ---------------------------------------------------------------------------------------------
// Filters → sources and FilterExpressions.

/** The list audiences an actor reads: admins one, sales and operators two, managers three. */
export function readerAudiences(actor: Actor & { type: "user" }): string[] {
  if (roleHas(actor.role, "contacts:readAll")) return ["all"];
  return [`owner:${actor.userId}`, ...(actor.role === "manager" && actor.teamId ? [`team:${actor.teamId}`] : []), "shared"];
}

const startOfDay = (text: string) => (text.length === 10 ? `${text}T00:00:00.000Z` : new Date(text).toISOString());
const endOfDay = (text: string) => (text.length === 10 ? `${text}T23:59:59.999Z` : new Date(text).toISOString());
const ulidFloor = (iso: string) => `${encodeTime(new Date(iso).getTime(), 10)}0000000000000000`;
const ulidCeiling = (iso: string) => `${encodeTime(new Date(iso).getTime(), 10)}ZZZZZZZZZZZZZZZZ`;

async function customConditions(filter: Filter, expression: Expression): Promise<void> {
  const conditions = Object.entries(filter.custom ?? {});
  if (conditions.length === 0) return;
  const definitions = await contactDefinitions();
  const issues: { field: string; message: string }[] = [];
  for (const [key, condition] of conditions) {
    const definition = definitions.byKey.get(key);
    if (!definition) {
      issues.push({ field: `cf.${key}`, message: "No such custom field." });
      continue;
    }
    const path = attr(expression, `custom.${definition.fieldId}`);
    const ranged = condition.min !== undefined || condition.max !== undefined;
    if (ranged && definition.type !== "number" && definition.type !== "date") {
      issues.push({ field: `cf.${key}.min`, message: "Ranges only for number and date fields." });
      continue;
    }
    const typed = (text: string, field: string): unknown => {
      if (definition.type === "number") {
        const number = Number(text);
        if (text.trim() === "" || !Number.isFinite(number)) issues.push({ field, message: "Must be a number." });
        else if (!isStorableNumber(number)) issues.push({ field, message: STORABLE_NUMBER_MESSAGE });
        return number;
      }
      if (definition.type === "boolean") {
        if (text !== "true" && text !== "false") issues.push({ field, message: "Must be true or false." });
        return text === "true";
      }
      if (definition.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(text)) issues.push({ field, message: "Must be a date as YYYY-MM-DD." });
      if (definition.type === "select" || definition.type === "multi-select") {
        return definition.options?.find((option) => option.toLowerCase() === text.trim().toLowerCase()) ?? text;
      }
      if (definition.type === "email") return text.trim().toLowerCase();
      return text;
    };
    if (condition.eq !== undefined) {
      const wanted = value(expression, typed(condition.eq, `cf.${key}`));
      expression.text.push(definition.type === "multi-select" ? `contains(${path}, ${wanted})` : `${path} = ${wanted}`);
    }
    if (condition.min !== undefined) expression.text.push(`${path} >= ${value(expression, typed(condition.min, `cf.${key}.min`))}`);
    if (condition.max !== undefined) expression.text.push(`${path} <= ${value(expression, typed(condition.max, `cf.${key}.max`))}`);
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

function plainConditions(filter: Filter, expression: Expression, options: { skip: { created?: boolean; updated?: boolean; active?: boolean } }) {
  const equal = (path: string, raw: unknown) => expression.text.push(`${attr(expression, path)} = ${value(expression, raw)}`);
  if (filter.source) equal("sourceKind", filter.source);
  if (filter.type) equal("contactType", filter.type);
  if (filter.doNotCall !== undefined) equal("doNotCall", filter.doNotCall);
  if (filter.doNotEmail !== undefined) equal("doNotEmail", filter.doNotEmail);
  const active = activeOf(filter);
  if (!options.skip.active && active !== "any") equal("active", active);
  const range = (path: string, from?: string, to?: string) => {
    if (from) expression.text.push(`${attr(expression, path)} >= ${value(expression, startOfDay(from))}`);
    if (to) expression.text.push(`${attr(expression, path)} <= ${value(expression, endOfDay(to))}`);
  };
  if (!options.skip.created) range("createdAt", filter.createdFrom, filter.createdTo);
  if (!options.skip.updated) range("updatedAt", filter.updatedFrom, filter.updatedTo);
}

const activeOf = (filter: Filter): boolean | "any" => (filter.active === "any" ? "any" : filter.active === true || filter.active === "true");

/** A non-admin may see a search row's contact: the access rules on the projected columns. */
function accessCondition(actor: Actor & { type: "user" }, expression: Expression): void {
  if (roleHas(actor.role, "contacts:readAll")) return;
  const owners = attr(expression, "ownerIds");
  const sharing = attr(expression, "sharing");
  const parts = [`contains(${owners}, ${value(expression, actor.userId)})`, `${sharing} IN (${value(expression, "read")}, ${value(expression, "write")})`];
  if (actor.role === "manager" && actor.teamId) parts.push(`contains(${attr(expression, "teamIds")}, ${value(expression, actor.teamId)})`);
  expression.text.push(parts.join(" OR "));
}

// ---------------------------------------------------------------------------------------------
// The finder.

function present(definitions: LiveDefinitions | undefined, row: Row): ContactListItem {
  const { pk: _pk, sk: _sk, bucket: _bucket, nameKey: _nameKey, tagKeys: _tagKeys, sourceKind, custom, partition: _partition, term: _term, words: _words, nameText: _nameText, ...rest } = row;
  for (const key of Object.keys(rest)) if (key.startsWith("gsi") || key.startsWith("__edb")) delete rest[key];
  const item = { ...rest, source: { kind: String(sourceKind) } } as unknown as ContactListItem;
  if (custom && definitions) {
    const shown = presentCustomValues(definitions, custom as StoredCustomValues);
    if (Object.keys(shown).length > 0) item.custom = shown;
  }
  return item;
}

/** The cursor only continues the same reader, filter and sort. */
function cursorContext(actor: { userId: string }, filter: Filter): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filter;
  const digest = createHash("sha256").update(JSON.stringify(rest, Object.keys(rest).sort())).update(JSON.stringify(rest.custom ?? {})).update(JSON.stringify(rest.tag ?? [])).digest("base64url").slice(0, 16);
  return `contacts:find:${actor.userId}:${digest}`;
}

/**
 * One page of the contacts the acting user may see that match `input` (see FindContactsInput):
 * filters, sort, search. Bulk actions and the CSV export call this with the same filter
 * object, following `cursor` until it is null. Requests per page: see docs/access-patterns.md.
 */
export async function findContacts(input: FindContactsInput): Promise<ContactPage> {
  const actor = useUser();
  requireRight(actor, "contacts:read");
  const filter = parse(FindContactsInput, input);
  if (filter.createdFrom && filter.createdTo && startOfDay(filter.createdFrom) > endOfDay(filter.createdTo)) {
    throw new ValidationError([{ field: "createdTo", message: "Must not be before createdFrom." }]);
  }
  if (filter.updatedFrom && filter.updatedTo && startOfDay(filter.updatedFrom) > endOfDay(filter.updatedTo)) {
    throw new ValidationError([{ field: "updatedTo", message: "Must not be before updatedFrom." }]);
  }
  const context = cursorContext(actor, filter);
  const after = decodeCursor(filter.cursor, context);
  const limit = filter.limit as number;
  const expression = newExpression();
  await customConditions(filter, expression);
  const page = filter.q ? await searchPage(actor, filter, { after, limit, expression }) : await listPage(actor, filter, { after, limit, expression });
  const needsDefinitions = page.rows.some((row) => row.custom && Object.keys(row.custom as object).length > 0);
  const definitions = needsDefinitions ? await contactDefinitions() : undefined;
  return {
    items: page.rows.map((row) => present(definitions, row)),
    cursor: page.next ? encodeCursor(page.next, context) : null,
    meta: { requests: page.cost.requests, itemsRead: page.cost.itemsRead, ...(page.searchedBy ? { searchedBy: page.searchedBy } : {}), bounded: page.bounded },
  };
}

type PageResult = Awaited<ReturnType<typeof mergedPage>> & { searchedBy?: "name" | "phone" | "email" };

async function listPage(actor: Actor & { type: "user" }, filter: Filter, options: { after?: string; limit: number; expression: Expression }): Promise<PageResult> {
  const { expression, limit } = options;
  const sort = filter.sort as SortField;
  const order = filter.order ?? (sort === "name" ? "asc" : "desc");
  const index: IndexName = sort === "name" ? "gsi4" : sort === "updated" ? "gsi5" : "table";
  const tags = filter.tag ?? [];
  const owner = filter.owner;
  const isAdmin = roleHas(actor.role, "contacts:readAll");

  // The most selective indexed filter picks the facet; the others become FilterExpressions.
  const contentFacet = filter.company ? `company:${filter.company}` : tags[0] ? `tag:${tags[0]}` : "*";
  let ownerIndexed = false;
  const audienceFacets: [string, string][] = [];
  if (isAdmin) {
    if (owner) {
      audienceFacets.push([`owner:${owner}`, contentFacet]);
      ownerIndexed = true;
    } else audienceFacets.push(["all", contentFacet]);
  } else {
    for (const audience of readerAudiences(actor)) {
      if (!owner) audienceFacets.push([audience, contentFacet]);
      else if (audience === `owner:${owner}`) audienceFacets.push([audience, contentFacet]);
      else audienceFacets.push([audience, `owner:${owner}`]);
    }
    ownerIndexed = Boolean(owner);
  }
  const facetUsed = (facet: string) => audienceFacets.every(([, used]) => used === facet);
  if (owner && !ownerIndexed) expression.text.push(`contains(${attr(expression, "ownerIds")}, ${value(expression, owner)})`);
  if (filter.company && !facetUsed(`company:${filter.company}`)) expression.text.push(`${attr(expression, "companyId")} = ${value(expression, filter.company)}`);
  for (const tag of tags) {
    if (facetUsed(`tag:${tag}`)) continue;
    expression.text.push(`contains(${attr(expression, "tagKeys")}, ${value(expression, tag)})`);
  }
  plainConditions(filter, expression, { skip: { created: sort === "created", updated: sort === "updated", active: true } });

  // Created/updated ranges are key conditions when they match the sort.
  let range: Source["range"];
  if (sort === "created" && (filter.createdFrom || filter.createdTo)) {
    range = { ...(filter.createdFrom ? { from: ulidFloor(startOfDay(filter.createdFrom)) } : {}), ...(filter.createdTo ? { to: ulidCeiling(endOfDay(filter.createdTo)) } : {}) };
  } else if (sort === "updated" && (filter.updatedFrom || filter.updatedTo)) {
    range = { ...(filter.updatedFrom ? { from: startOfDay(filter.updatedFrom) } : {}), ...(filter.updatedTo ? { to: `${endOfDay(filter.updatedTo)}#~` } : {}) };
  }
  const active = activeOf(filter);
  const states = active === "any" ? [true, false] : [active];
  const sources: Source[] = states.flatMap((state) =>
    audienceFacets.map(([audience, facet]) => ({ index, pk: `cix#${bucketOf(audience, state, facet)}`, ...(range ? { range } : {}) })),
  );
  const filtered = expression.text.length > 0;
  // Items read stay ≤ 3× the page: one source reads n+1 ("more?" exact), several share 3n.
  const perSource = sources.length === 1 ? limit + 1 : Math.max(Math.floor((3 * limit) / sources.length), 5);
  return mergedPage(sources, { order, limit, after: options.after, filter: expression, maxRounds: filtered ? MAX_QUERY_ROUNDS : sources.length === 1 ? 1 : 2, perSource });
}

/** `8 (916) 123-45-67`, `+7 916 1234567`, `4567890`, `anna@`, `анна`, `Анна Пет`. */
export function classifyQuery(q: string): "phone" | "email" | "name" {
  if (q.includes("@")) return "email";
  if (/^[+\d\s().-]+$/.test(q) && /\d/.test(q)) return "phone";
  return "name";
}

async function searchPage(actor: Actor & { type: "user" }, filter: Filter, options: { after?: string; limit: number; expression: Expression }): Promise<PageResult> {
  const q = filter.q!;
  const { expression, limit } = options;
  const order = filter.order ?? "asc";
  const kind = classifyQuery(q);
  if (filter.owner) expression.text.push(`contains(${attr(expression, "ownerIds")}, ${value(expression, filter.owner)})`);
  if (filter.company) expression.text.push(`${attr(expression, "companyId")} = ${value(expression, filter.company)}`);
  for (const tag of filter.tag ?? []) expression.text.push(`contains(${attr(expression, "tagKeys")}, ${value(expression, tag)})`);
  plainConditions(filter, expression, { skip: {} });

  if (kind === "phone" || kind === "email") {
    let prefix: string;
    let partition: string;
    if (kind === "phone") {
      const full = normalizePhone(q);
      const digits = q.replace(/\D/g, "");
      if (!full.ok && digits.length < MIN_PHONE_DIGITS) {
        throw new ValidationError([{ field: "q", message: `Type at least ${MIN_PHONE_DIGITS} digits of the number, or the whole number.` }]);
      }
      prefix = reversedDigits(full.ok ? full.e164 : digits);
      partition = `phone:${prefix.slice(0, 3)}`;
    } else {
      prefix = q.toLowerCase();
      partition = `email:${prefix[0]}`;
    }
    // Phone and email rows are global: one Query, the access rules as a FilterExpression
    // on the projected owners, teams and sharing (matches are few).
    accessCondition(actor, expression);
    const page = await mergedPage([{ index: "table", pk: `csx#${partition}`, range: { prefix } }], {
      order,
      limit,
      after: options.after,
      filter: expression,
      maxRounds: 1,
      perSource: 3 * limit,
    });
    return { ...page, searchedBy: kind };
  }

  const tokens = nameWords(q);
  if (tokens.length === 0) throw new ValidationError([{ field: "q", message: "Type a name, a phone number or an email address." }]);
  const [first, ...others] = tokens as [string, ...string[]];
  for (const other of others) expression.text.push(`contains(${attr(expression, "nameText")}, ${value(expression, ` ${other}`)})`);
  const sources: Source[] = readerAudiences(actor).map((audience) => ({ index: "table", pk: `csx#name:${audience}:${first[0]}`, range: { prefix: first } }));
  // A contact with two words matching the prefix has two rows: keep only the smallest word's.
  const keep = (row: Row) => {
    const words = (row.words as string[] | undefined) ?? [];
    const matching = words.filter((word) => word.startsWith(first)).sort();
    return matching.length === 0 || matching[0] === row.term;
  };
  const filtered = expression.text.length > 0;
  const page = await mergedPage(sources, {
    order,
    limit,
    after: options.after,
    filter: expression,
    maxRounds: filtered ? MAX_QUERY_ROUNDS : 2,
    perSource: sources.length === 1 ? limit + 1 : Math.max(Math.floor((3 * limit) / sources.length), 5),
    keep,
  });
  return { ...page, searchedBy: "name" };
}
