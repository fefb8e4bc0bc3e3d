import type * as v from "valibot";
import { encodeTime } from "ulid";
import { useUser, type Actor } from "../actor";
import { ValidationError } from "../errors";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { requireRight, roleHas } from "../users/roles";
import { parse } from "../validation";
import type { LiveDefinitions, StoredCustomValues } from "../custom-fields";
import { isStorableNumber, STORABLE_NUMBER_MESSAGE } from "../custom-fields/value-types";
import { contactDefinitions, presentCustomValues, type CustomValue } from "./custom";
import { bucketOf, nameWords, reversedDigits, tagKey, type Projection } from "./index-rows";
import { attr, cursorContext as listingCursorContext, firstMatchingWord, furtherWords, listColumns, mergedPage, newExpression, perSourceLimit, value, type Expression, type MergedPage, type Row, type Source, indexOfSort } from "../listing";
import { normalizePhone } from "./phone";

import { FindContactsInput, type SortField } from "./find-input";

const contactIndexOfSort = (sort: SortField) => (sort === "surname" ? "gsi6" : indexOfSort(sort));

/** Work bound of one page when FilterExpressions are involved: at most this many Query rounds. */
export const MAX_QUERY_ROUNDS = 5;
/** Typed digits below this are too few to search by (unless they make a full number). */
export const MIN_PHONE_DIGITS = 7;

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
  const { sourceKind, custom, ...rest } = listColumns(row);
  const item = { ...rest, source: { kind: String(sourceKind) } } as unknown as ContactListItem;
  if (custom && definitions) {
    const shown = presentCustomValues(definitions, custom as StoredCustomValues);
    if (Object.keys(shown).length > 0) item.custom = shown;
  }
  return item;
}

/** The cursor only continues the same reader, filter and sort. */
const cursorContext = (actor: { userId: string }, filter: Filter) =>
  listingCursorContext("contacts", actor.userId, filter, [filter.custom ?? {}, filter.tag ?? []]);

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

type PageResult = MergedPage & { searchedBy?: "name" | "phone" | "email" };

async function listPage(actor: Actor & { type: "user" }, filter: Filter, options: { after?: string; limit: number; expression: Expression }): Promise<PageResult> {
  const { expression, limit } = options;
  const sort = filter.sort as SortField;
  const order = filter.order ?? (sort === "name" || sort === "surname" ? "asc" : "desc");
  const index = contactIndexOfSort(sort);
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
  const maxRounds = filtered ? MAX_QUERY_ROUNDS : sources.length === 1 ? 1 : 2;
  return mergedPage(sources, { order, limit, after: options.after, filter: expression, maxRounds, perSource: perSourceLimit(sources.length, limit, filtered), idField: "contactId" });
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
      idField: "contactId",
    });
    return { ...page, searchedBy: kind };
  }

  const tokens = nameWords(q);
  if (tokens.length === 0) throw new ValidationError([{ field: "q", message: "Type a name, a phone number or an email address." }]);
  const [first, ...others] = tokens as [string, ...string[]];
  furtherWords(expression, others);
  const sources: Source[] = readerAudiences(actor).map((audience) => ({ index: "table", pk: `csx#name:${audience}:${first[0]}`, range: { prefix: first } }));
  const filtered = expression.text.length > 0;
  const page = await mergedPage(sources, {
    order,
    limit,
    after: options.after,
    filter: expression,
    maxRounds: filtered ? MAX_QUERY_ROUNDS : 2,
    // A name search's rows of the other words of a contact are dropped too (`keep`).
    perSource: perSourceLimit(sources.length, limit, true),
    idField: "contactId",
    keep: firstMatchingWord(first),
  });
  return { ...page, searchedBy: "name" };
}
