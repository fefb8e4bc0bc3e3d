import { useActor } from "../actor";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { nowMs } from "../runtime/clock";
import { Settings } from "../settings";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { Users } from "../users";
import { roleHas } from "../users/roles";
import { parse } from "../validation";
import type { PresenceState } from "./presence.entity";
export { SetPresenceInput } from "./schemas";
import { SetPresenceInput } from "./schemas";

/**
 * Operator presence: one model for call lists, inbound and manual calls. The operator sets
 * `ready` or `paused` (with a reason); the engine moves them to `reserved` (a call is being placed
 * for them), `on-call`, `wrap-up` and back. A console heartbeats every 10 s; a heartbeat older
 * than 30 s reads as `offline` and nobody is reserved then. Every state change is a conditional
 * write on the row's version, so two lists (or lines) never reserve the same operator.
 */
export const HEARTBEAT_TIMEOUT_MS = 30_000;
/** A wrap-up this long past its end reads as over even if its engine is not there to close it. */
export const WRAP_UP_GRACE_MS = 30_000;
const KEEP_SECONDS = 24 * 3600;

export interface PresenceRow {
  userId: string;
  seenAt: string;
  state?: PresenceState;
  since?: string;
  reason?: string;
  heartbeatAt?: string;
  pauseAfterCall?: boolean;
  pauseReason?: string;
  callId?: string;
  listId?: string;
  entryId?: string;
  wrapUpEndsAt?: string;
  version?: number;
}

export interface PresenceView {
  userId: string;
  state: PresenceState;
  since: string;
  reason?: string;
  heartbeatAt?: string;
  wrapUpEndsAt?: string;
  pauseAfterCall?: boolean;
  current?: { listId?: string; entryId?: string; callId: string };
}

const fresh = (row: PresenceRow | undefined, at: number) => Boolean(row?.heartbeatAt && at - Date.parse(row.heartbeatAt) <= HEARTBEAT_TIMEOUT_MS);

/** A wrap-up whose end (plus grace) has passed: the operator is free, whoever closes it later. */
const wrapUpOver = (row: PresenceRow, at: number) => row.state === "wrap-up" && Boolean(row.wrapUpEndsAt) && Date.parse(row.wrapUpEndsAt!) + WRAP_UP_GRACE_MS < at;

/** The state as others see it now: stale heartbeat → offline; an abandoned wrap-up → ready/paused. */
export function present(row: PresenceRow | undefined, userId: string, at = nowMs()): PresenceView {
  if (!row) return { userId, state: "offline", since: new Date(0).toISOString() };
  let state: PresenceState = row.state ?? "offline";
  let since = row.since ?? row.seenAt;
  let reason = state === "paused" ? row.reason : undefined;
  if (wrapUpOver(row, at)) {
    state = row.pauseAfterCall ? "paused" : "ready";
    since = row.wrapUpEndsAt!;
    reason = row.pauseAfterCall ? row.pauseReason : undefined;
  }
  if (!fresh(row, at)) {
    state = "offline";
    reason = undefined;
    if (row.heartbeatAt && Date.parse(row.heartbeatAt) + HEARTBEAT_TIMEOUT_MS > Date.parse(since)) since = new Date(Date.parse(row.heartbeatAt) + HEARTBEAT_TIMEOUT_MS).toISOString();
  }
  return {
    userId,
    state,
    since,
    ...(reason ? { reason } : {}),
    ...(row.heartbeatAt ? { heartbeatAt: row.heartbeatAt } : {}),
    ...(row.state === "wrap-up" && row.wrapUpEndsAt && state === "wrap-up" ? { wrapUpEndsAt: row.wrapUpEndsAt } : {}),
    ...(row.pauseAfterCall ? { pauseAfterCall: true } : {}),
    ...(row.callId && ["reserved", "on-call", "wrap-up"].includes(row.state ?? "") && !wrapUpOver(row, at)
      ? { current: { callId: row.callId, ...(row.listId ? { listId: row.listId } : {}), ...(row.entryId ? { entryId: row.entryId } : {}) } }
      : {}),
  };
}

async function load(userId: string): Promise<PresenceRow | undefined> {
  const { data } = await useStorage().service.entities.presence.get({ userId }).go({ consistent: true });
  return (data as PresenceRow | null) ?? undefined;
}

/**
 * Reads the row and applies `change` with a write conditional on the version read; a change made
 * in between (another list reserving, the operator pausing) makes it read and decide again.
 * `change` returns undefined to leave the row as it is. Returns the row written (or left).
 */
async function mutate(userId: string, change: (row: PresenceRow | undefined, at: number) => Partial<PresenceRow> | undefined): Promise<{ row: PresenceRow | undefined; changed: boolean }> {
  const { service } = useStorage();
  for (let attempt = 1; ; attempt++) {
    const row = await load(userId);
    const at = nowMs();
    const changes = change(row, at);
    if (!changes) return { row, changed: false };
    const version = row?.version;
    const removed = (["reason", "callId", "listId", "entryId", "wrapUpEndsAt", "pauseReason"] as const).filter((key) => key in changes && changes[key] === undefined);
    const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    try {
      let update = service.entities.presence
        .update({ userId })
        .set({ seenAt: row?.seenAt ?? new Date(at).toISOString(), ...set, version: (version ?? 0) + 1, expiresAt: Math.ceil(at / 1000) + KEEP_SECONDS });
      if (removed.length) update = update.remove(removed) as typeof update;
      await update.where((attributes, { eq, notExists }) => (version === undefined ? notExists(attributes.version) : eq(attributes.version, version))).go();
      return { row: { ...(row ?? { userId, seenAt: new Date(at).toISOString() }), ...changes, version: (version ?? 0) + 1 } as PresenceRow, changed: true };
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= 8) throw error;
    }
  }
}

// ---------------------------------------------------------------- the operator's own presence

function ownUserId(userId: string | undefined): string {
  const actor = useActor();
  if (actor.type !== "user") throw new ForbiddenError("Only people have a presence.");
  if (userId !== undefined && userId !== actor.userId) throw new ForbiddenError("You may only set your own presence.");
  return actor.userId;
}

/** 403 unless `userId` is the caller's own. */
export function setOwnCheck(userId: string): void {
  ownUserId(userId);
}

export async function getOwn(): Promise<PresenceView> {
  const userId = ownUserId(undefined);
  return present(await load(userId), userId);
}

/**
 * The operator says ready or paused. In the middle of a call (reserved, on-call, wrap-up of a
 * list call) the call finishes first: `paused` then sets "pause after this call".
 * Also counts as a heartbeat. `userId`, when given, must be the caller's own (else 403).
 */
export async function setOwn(input: SetPresenceInput, userId?: string): Promise<PresenceView> {
  const self = ownUserId(userId);
  const parsed = parse(SetPresenceInput, input);
  if (parsed.state === "paused") {
    const { pauseReasons } = await Settings.read();
    if (!pauseReasons.includes(parsed.reason!)) {
      throw new ValidationError([{ field: "reason", message: `One of the organization's pause reasons: ${pauseReasons.join(", ")}.` }]);
    }
  }
  const { row } = await mutate(self, (row, at) => {
    const timestamp = new Date(at).toISOString();
    const beat = { heartbeatAt: timestamp, seenAt: timestamp };
    const busy = row && ["reserved", "on-call", "wrap-up"].includes(row.state ?? "") && !wrapUpOver(row, at);
    // A wrap-up of an inbound or manual call has no disposition to wait for: ready ends it.
    const ownWrapUp = row?.state === "wrap-up" && !row.listId;
    if (busy && !(ownWrapUp && parsed.state === "ready")) {
      return parsed.state === "paused"
        ? { ...beat, pauseAfterCall: true, pauseReason: parsed.reason }
        : { ...beat, pauseAfterCall: parsed.pauseAfterCall ?? false, pauseReason: undefined };
    }
    const same = row?.state === parsed.state && (parsed.state !== "paused" || row.reason === parsed.reason) && fresh(row, at);
    return {
      ...beat,
      state: parsed.state,
      since: same ? row!.since : timestamp,
      reason: parsed.state === "paused" ? parsed.reason : undefined,
      pauseAfterCall: parsed.state === "ready" ? (parsed.pauseAfterCall ?? false) : false,
      pauseReason: undefined,
      callId: undefined,
      listId: undefined,
      entryId: undefined,
      wrapUpEndsAt: undefined,
    };
  });
  return present(row, self);
}

/** The console is open: counts as present for 30 s more. Changes no state. */
export async function heartbeat(): Promise<PresenceView> {
  const userId = ownUserId(undefined);
  const at = nowMs();
  const timestamp = new Date(at).toISOString();
  const { data } = await useStorage()
    .service.entities.presence.update({ userId })
    .set({ heartbeatAt: timestamp, seenAt: timestamp, expiresAt: Math.ceil(at / 1000) + KEEP_SECONDS })
    .go({ response: "all_new" });
  return present(data as PresenceRow, userId, at);
}

/** Inbound pops: the console polled lately (any poll or heartbeat), written at most every 30 s. */
export async function markSeen(userId: string, at: number): Promise<void> {
  await useStorage()
    .service.entities.presence.update({ userId })
    .set({ seenAt: new Date(at).toISOString(), expiresAt: Math.ceil(at / 1000) + KEEP_SECONDS })
    .go();
}

export async function seenAt(userId: string): Promise<number | undefined> {
  const { data } = await useStorage().service.entities.presence.get({ userId }).go();
  if (!data) return undefined;
  return Math.max(Date.parse(data.seenAt), data.heartbeatAt ? Date.parse(data.heartbeatAt) : 0);
}

// ---------------------------------------------------------------- a list's operators

/** Each operator of the list with their live state (managers, admins and the list's creator). */
export async function ofList(list: { listId: string; createdBy: string; operatorIds: string[] } | undefined) {
  const actor = useActor();
  if (!list) throw new NotFoundError("Call list");
  if (actor.type === "user" && !roleHas(actor.role, "callLists:readAll") && list.createdBy !== actor.userId) {
    if (list.operatorIds.includes(actor.userId)) throw new ForbiddenError("Managers, admins and the list's creator see its operators.");
    throw new NotFoundError("Call list");
  }
  const [rows, users] = await Promise.all([loadMany(list.operatorIds), Users.getMany(list.operatorIds)]);
  const at = nowMs();
  return {
    items: list.operatorIds.map((userId) => {
      const view = present(rows.get(userId), userId, at);
      const user = users.find((candidate) => candidate.userId === userId);
      return { userId, name: user?.name ?? userId, ...(user && !user.active ? { active: false } : {}), state: view.state, since: view.since, ...(view.reason ? { reason: view.reason } : {}) };
    }),
  };
}

async function loadMany(userIds: readonly string[]): Promise<Map<string, PresenceRow>> {
  if (userIds.length === 0) return new Map();
  const { data } = await useStorage().service.entities.presence.get([...new Set(userIds)].map((userId) => ({ userId }))).go({ consistent: true });
  return new Map((data as PresenceRow[]).map((row) => [row.userId, row]));
}

// ---------------------------------------------------------------- the engine's side

export interface Reservable {
  userId: string;
  /** Idle since: the longest idle operator is reserved first. */
  idleSince: string;
  version: number | undefined;
}

/** Whether a row can be reserved now: a fresh heartbeat, and ready (or a wrap-up long over). */
export function reservable(row: PresenceRow | undefined, at = nowMs()): boolean {
  if (!row || !fresh(row, at)) return false;
  if (row.state === "ready") return true;
  return wrapUpOver(row, at) && !row.pauseAfterCall;
}

/** The operators (of these) who can take a call now, longest idle first. */
export async function readyAmong(userIds: readonly string[]): Promise<Reservable[]> {
  const rows = await loadMany(userIds);
  const at = nowMs();
  return [...rows.values()]
    .filter((row) => reservable(row, at))
    .map((row) => ({ userId: row.userId, idleSince: row.state === "ready" ? (row.since ?? row.seenAt) : row.wrapUpEndsAt!, version: row.version }))
    .sort((a, b) => a.idleSince.localeCompare(b.idleSince) || a.userId.localeCompare(b.userId));
}

/**
 * The reservation as one item of the engine's claim transaction: the row must be the very version
 * found ready (so a second list, line or a pause in between makes the whole claim fail) and still
 * heartbeating.
 */
export function reservationWrite(
  presence: { patch: (key: { userId: string }) => any },
  operator: Reservable,
  call: { callId: string; listId: string; entryId: string },
) {
  const at = nowMs();
  const timestamp = new Date(at).toISOString();
  const cutoff = new Date(at - HEARTBEAT_TIMEOUT_MS).toISOString();
  return presence
    .patch({ userId: operator.userId })
    .set({ state: "reserved", since: timestamp, ...call, version: (operator.version ?? 0) + 1, expiresAt: Math.ceil(at / 1000) + KEEP_SECONDS })
    .remove(["wrapUpEndsAt"])
    .where((attributes: any, { eq, notExists, gte }: any) =>
      `${operator.version === undefined ? notExists(attributes.version) : eq(attributes.version, operator.version)} AND ${gte(attributes.heartbeatAt, cutoff)}`,
    );
}

const busyStates: PresenceState[] = ["reserved", "on-call", "wrap-up"];

/**
 * The operator is talking. A list call (its `callId` reserved them) moves to on-call; an inbound
 * or manual call sets on-call unless they hold another call (then `false`: they are busy).
 */
export async function markOnCall(userId: string, call: { callId: string; listId?: string; entryId?: string }, options: { onlyIfHeld?: boolean } = {}): Promise<boolean> {
  const { changed } = await mutate(userId, (row, at) => {
    const mine = row?.callId === call.callId;
    if (options.onlyIfHeld && !mine) return undefined;
    if (!mine && row && busyStates.includes(row.state ?? "offline") && !wrapUpOver(row, at)) return undefined;
    if (mine && row?.state === "on-call") return undefined;
    return {
      state: "on-call",
      since: new Date(at).toISOString(),
      callId: call.callId,
      listId: mine ? row?.listId : call.listId,
      entryId: mine ? row?.entryId : call.entryId,
      wrapUpEndsAt: undefined,
      // A paused operator taking an inbound or manual call goes back to paused (same reason) after it.
      ...(mine ? {} : { reason: undefined, ...(row?.state === "paused" ? { pauseAfterCall: true, pauseReason: row.reason ?? "other" } : {}) }),
    };
  });
  return changed;
}

/**
 * The call is over: wrap-up until `endsAt` (the list's disposition or timeout ends it sooner or
 * later; an inbound or manual call's wrap-up simply runs out). Only for the call they hold.
 * `from` limits which states move (the engine's "answered" moves only a reserved operator).
 */
export async function markWrapUp(userId: string, call: { callId: string; seconds: number; from?: PresenceState[] }): Promise<boolean> {
  const { changed } = await mutate(userId, (row, at) => {
    if (!row || row.callId !== call.callId) return undefined;
    if (!(call.from ?? busyStates).includes(row.state ?? "offline")) return undefined;
    return { state: "wrap-up", since: new Date(at).toISOString(), wrapUpEndsAt: new Date(at + call.seconds * 1000).toISOString() };
  });
  return changed;
}

/**
 * The call (reserved, talked or wrapped up) is done: back to ready, or paused if they asked to
 * pause after it. Only for the call they hold: a release that comes late (after a restart, or
 * after the operator was reserved again) changes nothing.
 */
export async function release(userId: string, callId: string): Promise<boolean> {
  const { changed } = await mutate(userId, (row, at) => {
    if (!row || row.callId !== callId) return undefined;
    const timestamp = new Date(at).toISOString();
    const pause = Boolean(row.pauseAfterCall);
    return {
      state: pause ? "paused" : "ready",
      since: timestamp,
      reason: pause ? (row.pauseReason ?? "after-call-work") : undefined,
      pauseAfterCall: false,
      pauseReason: undefined,
      callId: undefined,
      listId: undefined,
      entryId: undefined,
      wrapUpEndsAt: undefined,
    };
  });
  return changed;
}

/** The raw row, for the engine and tests (who holds which call). */
export async function rowOf(userId: string): Promise<PresenceRow | undefined> {
  return load(userId);
}
