import * as v from "valibot";
import { useActor, type Actor } from "../actor";
import { canSeeCompany } from "../companies/access";
import { Contacts } from "../contacts";
import { NotFoundError, ValidationError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { parse } from "../validation";
import { present, type CallRecord } from "./record";
export { ListCallsInput } from "./schemas";
import { ListCallsInput } from "./schemas";

/**
 * The users' side of the call log. Who sees a call: admins every one; managers the calls their
 * team's members took (and their own); everyone else the calls they took. On top of that, the
 * row's contact (or company) must be visible to the user. A call the user may not see answers
 * exactly like a missing one (404), and is left out of listings.
 */

export interface CallPage {
  items: CallRecord[];
  cursor?: string;
}

const keyFields = ["contactId", "companyId", "operatorId", "listId"] as const;

/** The start of `from` and the end of `to` (a date means the whole day), as index sort keys. */
function range(from: string | undefined, to: string | undefined): { start?: string; end?: string } {
  const start = from ? new Date(Date.parse(from.length === 10 ? `${from}T00:00:00Z` : from)).toISOString() : undefined;
  const end = to ? new Date(Date.parse(to.length === 10 ? `${to}T23:59:59.999Z` : to)).toISOString() : undefined;
  if (start && end && start > end) throw new ValidationError([{ field: "to", message: "Must not be before from." }]);
  return { start, end };
}

/**
 * A page of calls, newest first, by one of contactId, companyId, operatorId or listId (none:
 * the whole log by date for admins and managers, see listByDays; the user's own calls for the
 * others), within from/to. One Query on the index of that key (never a Scan);
 * rows the user may not see are left out, so a page may hold fewer than `limit` calls and still
 * have a cursor.
 */
export async function list(input: ListCallsInput): Promise<CallPage> {
  const actor = useActor();
  const parsed = parse(ListCallsInput, input);
  const given = keyFields.filter((field) => parsed[field] !== undefined);
  if (given.length > 1) throw new ValidationError(given.slice(1).map((field) => ({ field, message: `Give one of ${keyFields.join(", ")}, not several.` })));
  const { start, end } = range(parsed.from, parsed.to);
  // No key: admins and managers page the whole log by date (day partitions); others their own calls.
  if (given.length === 0 && (actor.type === "system" || actor.role === "admin" || actor.role === "manager")) return listByDays(actor, parsed, start, end);
  const operatorId = parsed.operatorId ?? (given.length === 0 && actor.type === "user" ? actor.userId : undefined);
  const { service } = useStorage();
  const calls = service.entities.call.query;
  const [indexName, partition] = parsed.contactId
    ? ["bySubject", parsed.contactId]
    : parsed.companyId
      ? ["bySubject", `company#${parsed.companyId}`]
      : parsed.listId
        ? ["byList", parsed.listId]
        : operatorId
          ? ["byOperator", operatorId]
          : [undefined, undefined];
  if (!indexName || !partition) throw new ValidationError([{ field: "operatorId", message: "Give contactId, companyId, operatorId or listId." }]);
  const query =
    indexName === "bySubject" ? calls.bySubject({ subjectKey: partition }) : indexName === "byList" ? calls.byList({ listId: partition }) : calls.byOperator({ operatorId: partition });
  const bounded = start && end ? query.between({ placedAt: start }, { placedAt: end }) : start ? query.gte({ placedAt: start }) : end ? query.lte({ placedAt: end }) : query;
  // A cursor continues only the query it came from (index, key and range).
  const context = `calls#${indexName}#${partition}#${start ?? ""}#${end ?? ""}`;
  const page = await bounded.go({ order: "desc", limit: parsed.limit, cursor: decodeCursor(parsed.cursor, context) ?? null });
  const rows = (page.data as Record<string, unknown>[]).map(present);
  const items = await visibleTo(actor, rows);
  const cursor = encodeCursor(page.cursor, context);
  return { items, ...(cursor ? { cursor } : {}) };
}

/** How many days one page of the whole log spans at most (a period longer than this is 400). */
export const MAX_LISTING_DAYS = 92;
const DAY_MS = 86_400_000;

/**
 * The whole log within from/to (default: the last 7 days), newest first: one Query per UTC day
 * on the day index, the page filled from as many days as it takes. The cursor names the day it
 * stopped in and ElectroDB's cursor within it.
 */
async function listByDays(actor: Actor, parsed: v.InferOutput<typeof ListCallsInput>, start: string | undefined, end: string | undefined): Promise<CallPage> {
  const last = end ?? new Date(Date.now()).toISOString();
  const first = start ?? new Date(Date.parse(last) - 6 * DAY_MS).toISOString().slice(0, 10) + "T00:00:00.000Z";
  const firstDay = first.slice(0, 10);
  const lastDay = last.slice(0, 10);
  if ((Date.parse(lastDay) - Date.parse(firstDay)) / DAY_MS + 1 > MAX_LISTING_DAYS) {
    throw new ValidationError([{ field: "from", message: `A period of at most ${MAX_LISTING_DAYS} days, or give contactId, companyId, operatorId or listId.` }]);
  }
  const context = `calls#byDay#${first}#${last}`;
  const resumed = decodeCursor(parsed.cursor, context);
  let position: { day: string; inner?: string } = resumed ? (JSON.parse(resumed) as { day: string; inner?: string }) : { day: lastDay };
  const calls = useStorage().service.entities.call.query;
  const items: CallRecord[] = [];
  for (;;) {
    const wanted = parsed.limit - items.length;
    const page = await calls
      .byDay({ day: position.day })
      .between({ placedAt: first }, { placedAt: last })
      .go({ order: "desc", limit: wanted, cursor: position.inner ?? null });
    items.push(...(await visibleTo(actor, (page.data as Record<string, unknown>[]).map(present))));
    const previousDay = new Date(Date.parse(position.day) - DAY_MS).toISOString().slice(0, 10);
    const next = page.cursor ? { day: position.day, inner: page.cursor } : previousDay >= firstDay ? { day: previousDay } : undefined;
    if (!next) return { items };
    position = next;
    if (items.length >= parsed.limit) return { items, cursor: encodeCursor(JSON.stringify(position), context)! };
  }
}

/** One call, if the user may see it; else NotFound, exactly like a missing one. */
export async function get(callId: string): Promise<CallRecord> {
  const actor = useActor();
  if (typeof callId !== "string" || callId.length === 0 || callId.length > 200) throw new NotFoundError("Call");
  const { data } = await useStorage().service.entities.call.get({ callId }).go();
  const [visible] = data ? await visibleTo(actor, [present(data as Record<string, unknown>)]) : [];
  if (!visible) throw new NotFoundError("Call");
  return visible;
}

/** The calls (in order) the actor may see: by who took them, then by the subject's visibility. */
async function visibleTo(actor: Actor, calls: CallRecord[]): Promise<CallRecord[]> {
  if (actor.type === "system") return calls;
  const teams = new Map<string, Promise<string | undefined>>();
  const teamOf = (userId: string) => {
    if (!teams.has(userId)) teams.set(userId, operatorTeam(userId));
    return teams.get(userId)!;
  };
  const subjects = new Map<string, Promise<boolean>>();
  const subjectVisible = (call: CallRecord) => {
    const key = call.contactId ? `contact:${call.contactId}` : call.companyId ? `company:${call.companyId}` : "";
    if (!key) return Promise.resolve(actor.role === "admin");
    if (!subjects.has(key)) subjects.set(key, call.contactId ? contactVisible(call.contactId) : companyVisible(actor, call.companyId!));
    return subjects.get(key)!;
  };
  const took = async (call: CallRecord): Promise<boolean> => {
    if (actor.role === "admin") return true;
    if (!call.operatorId) return false;
    if (call.operatorId === actor.userId) return true;
    if (actor.role !== "manager" || !actor.teamId) return false;
    return (await teamOf(call.operatorId)) === actor.teamId;
  };
  const seen = await Promise.all(calls.map(async (call) => (await took(call)) && (await subjectVisible(call))));
  return calls.filter((_, index) => seen[index]);
}

/** The operator's team, deactivated or not (their calls stay their team's). */
async function operatorTeam(userId: string): Promise<string | undefined> {
  const { data } = await useStorage().service.entities.user.get({ userId }).go({ attributes: ["userId", "teamId"] });
  return data?.teamId ?? undefined;
}

async function contactVisible(contactId: string): Promise<boolean> {
  try {
    await Contacts.loadVisible(contactId);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

async function companyVisible(actor: Actor, companyId: string): Promise<boolean> {
  const { data } = await useStorage().service.entities.company.get({ companyId }).go();
  return Boolean(data && !data.deletedAt && canSeeCompany(actor, data));
}
