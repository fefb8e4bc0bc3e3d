import type { CallEvent, CallOutcome } from "../telephony/port";
import { placeCallWithRetry } from "../telephony/retry";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { useActor, withActor } from "../actor";
import { Calls } from "../calls";
import { Companies } from "../companies";
import { Contacts } from "../contacts";
import { now, nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import { committed, isConditionFailure, retryTransactionConflicts } from "../storage/transaction";
import { roleHas } from "../users/roles";
import { Presence } from "../presence";
import { Settings } from "../settings";
import { currentUser } from "../users/current";
import { ulid } from "ulid";
import * as v from "valibot";
import { parse } from "../validation";
import type { CallListCounter } from "./call-list.entity";
import { dispositions, type Disposition, type EntryStatus, type SkipReason } from "./call-entry.entity";
import { canSeeList, loadList, presentEntry, presentList, type CallEntry, type StoredCallList } from "./call-lists";
import { insideWindow, nextWindowOpening } from "./call-window";
import { currentSubject, deletedReason, loadDialableSubject, markDoNotCall, noteOnCard, subjectOf } from "./contact-bridge";
import { activityAfterEnd, logListCall, logPlaced, rememberCallActivity } from "./call-log";
import { callIdOf, parseCallId } from "./keys";
import { useCallListPorts, type EngineInput } from "./ports";
import { companySummary, contactSummary } from "./pop-summary";
import { retryDelayMinutes } from "./settings";
import { countMetric, log, metrics, MetricName } from "../runtime/observability";

/**
 * The step handlers of the call-list state machine (infra/call-lists-definition.ts). Each is safe to
 * run twice and after a crash: every transition is a conditional write on the entry's status,
 * so whoever comes second finds the work done and moves on.
 */

export type ClaimResult =
  | (LineInput & { action: "dial"; entryId: string; attempt: number; callId: string; dialTimeoutSeconds: number; wrapUpTimeoutSeconds: number })
  | (LineInput & { action: "wrapup"; entryId: string; wrapUpTimeoutSeconds: number })
  | (LineInput & { action: "wait"; waitSeconds: number })
  | (LineInput & { action: "idle"; waitSeconds: number })
  | (LineInput & { action: "stop"; reason: string });

function dialTimeoutSeconds(list: StoredCallList): number {
  const ports = useCallListPorts();
  return ports.dialTimeoutSeconds ?? list.settings.ringTimeoutSeconds + (ports.dialGraceSeconds ?? 60);
}
/** Longest single Wait between claims, so pausing or adding entries is noticed soon. */
const MAX_WAIT_SECONDS = 60;
/** Entries examined (skipped or deferred) in one claim before yielding to a short wait. */
const MAX_ENTRIES_PER_CLAIM = 25;

const statusCounter: Record<EntryStatus, CallListCounter> = {
  pending: "pending",
  dialing: "dialing",
  answered: "answered",
  "wrapped-up": "wrappedUp",
  "retry-scheduled": "retryScheduled",
  unreached: "unreached",
  skipped: "skipped",
};

const outcomeCounter: Record<CallOutcome, CallListCounter> = {
  answered: "outcomeAnswered",
  "no-answer": "outcomeNoAnswer",
  busy: "outcomeBusy",
  failed: "outcomeFailed",
  machine: "outcomeMachine",
};

function move(from: EntryStatus, to: EntryStatus, extra: Partial<Record<CallListCounter, number>> = {}) {
  const delta: Partial<Record<CallListCounter, number>> = { ...extra };
  delta[statusCounter[from]] = (delta[statusCounter[from]] ?? 0) - 1;
  delta[statusCounter[to]] = (delta[statusCounter[to]] ?? 0) + 1;
  return delta;
}

/**
 * A patch of an entry's status. ElectroDB recomputes the sparse index keys (due, awaiting
 * operator) only when it knows every composite of them, so the unchanged ones come along.
 * `entity` is the service's entity, or the one a transaction callback hands out.
 */
function entryUpdate<TEntity extends { patch: (key: { listId: string; entryId: string }) => any }>(
  entity: TEntity,
  entry: CallEntry,
  changes: Partial<CallEntry>,
): ReturnType<ReturnType<TEntity["patch"]>["set"]> {
  const composite: { dueAt?: string; operatorId?: string } = {};
  if (changes.dueAt === undefined) composite.dueAt = entry.dueAt;
  if (changes.operatorId === undefined) composite.operatorId = entry.operatorId;
  // The sparse indexes' conditions read `status`: without it in the write, ElectroDB drops their keys.
  return entity
    .patch({ listId: entry.listId, entryId: entry.entryId })
    .set({ status: entry.status, ...changes, updatedAt: now().toISOString() })
    .composite(composite);
}

async function loadEntry(listId: string, entryId: string): Promise<CallEntry | undefined> {
  const { service } = useStorage();
  const result = await service.entities.callEntry.get({ listId, entryId }).go();
  return (result.data as CallEntry | null) ?? undefined;
}

/**
 * Runs a conditional write; `false` when its condition did not hold (someone else got there
 * first). Contention with another transaction is retried, never mistaken for that.
 */
async function ifStill(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await retryTransactionConflicts(write);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Completes each distinct task-token wait; unknown or closed tokens are ignored by the runner. */
async function completeWaits(tokens: (string | undefined)[], output: Record<string, unknown>): Promise<void> {
  const { runner } = useCallListPorts();
  for (const token of new Set(tokens.filter((token): token is string => Boolean(token)))) {
    await runner.sendTaskSuccess(token, output);
  }
}

// ---------------------------------------------------------------- lines

/** What one line of an execution carries (the Map state's item): everything else lives in DynamoDB. */
export interface LineInput extends EngineInput {
  line: number;
}

/** Seconds a line waits before looking for a ready operator again. */
const OPERATOR_WAIT_SECONDS = 2;

/** Lines a list runs: one per operator (a line dials only for a ready one), capped by maxLines. */
function lineCount(list: StoredCallList): number {
  return Math.max(1, Math.min(list.settings.maxLines ?? list.operatorIds.length, list.operatorIds.length, 40));
}

/**
 * PlanLines: how many lines this execution runs (the Map's items). A line left busy by an earlier
 * run (a call in progress when it died, or when the list shrank) is run too, so it is resumed.
 */
export async function planLines(input: EngineInput): Promise<EngineInput & { action: "lines" | "stop"; lines: number[] }> {
  const list = await loadList(input.listId);
  if (!list || list.runId !== input.runId || list.status !== "running") return { ...input, action: "stop", lines: [] };
  const { service } = useStorage();
  const rows = await service.entities.callListLine.query.primary({ listId: list.listId }).go({ pages: "all" });
  const busy = rows.data.filter((row) => row.entryId).map((row) => row.line + 1);
  const count = Math.max(lineCount(list), ...busy);
  return { ...input, action: "lines", lines: Array.from({ length: count }, (_, index) => index) };
}

/** AfterLines: every line ended. A list still running under this run hands over to a new execution. */
export async function afterLines(input: EngineInput): Promise<EngineInput & { action: "handover" | "stop"; nextRunId?: string }> {
  const list = await loadList(input.listId);
  if (!list || list.runId !== input.runId || list.status !== "running") return { ...input, action: "stop" };
  const nextRunId = ulid();
  const handed = await ifStill(() =>
    useStorage()
      .service.entities.callList.patch({ listId: list.listId })
      .set({ runId: nextRunId, runLoops: 0 })
      .where(({ runId, status }, { eq }) => `${eq(runId, input.runId)} AND ${eq(status, "running")}`)
      .go(),
  );
  if (!handed) return { ...input, action: "stop" };
  return { ...input, action: "handover", nextRunId };
}

interface LineRow {
  listId: string;
  line: number;
  entryId?: string;
  attempt?: number;
  callId?: string;
  operatorId?: string;
}

async function loadLine(listId: string, line: number): Promise<LineRow | undefined> {
  const { data } = await useStorage().service.entities.callListLine.get({ listId, line }).go({ consistent: true });
  return (data as LineRow | null) ?? undefined;
}

/**
 * The line's call is over: its operator goes back to ready (or paused), then the line is free.
 * In that order, so a crash in between is finished by the next ClaimNext; both writes are
 * conditional on the call, so a late release never touches a newer reservation.
 */
async function releaseLine(list: StoredCallList, line: LineRow | undefined, entryId: string): Promise<void> {
  if (line?.operatorId && line.callId) await Presence.release(line.operatorId, line.callId);
  if (line?.entryId) {
    await ifStill(() =>
      useStorage()
        .service.entities.callListLine.patch({ listId: list.listId, line: line.line })
        .remove(["entryId", "attempt", "callId", "operatorId"])
        .where(({ entryId: current }, { eq }) => eq(current, entryId))
        .go(),
    );
  }
  if (list.currentEntryId === entryId) await releaseCurrent(list, entryId);
}

/** Frees every line whose call is over (its operator released first), e.g. when the list is done. */
async function sweepLines(list: StoredCallList): Promise<void> {
  const { data } = await useStorage().service.entities.callListLine.query.primary({ listId: list.listId }).go({ pages: "all" });
  for (const line of data as LineRow[]) {
    if (!line.entryId) continue;
    const entry = await loadEntry(list.listId, line.entryId);
    if (entry?.status !== "dialing" && entry?.status !== "answered") await releaseLine(list, line, line.entryId);
  }
}

// ---------------------------------------------------------------- ClaimNext

export async function claimNext(input: LineInput): Promise<ClaimResult> {
  const [list, line] = await Promise.all([loadList(input.listId), loadLine(input.listId, input.line)]);
  if (!list) return { ...input, action: "stop", reason: "list-missing" };
  if (list.runId !== input.runId) return { ...input, action: "stop", reason: "superseded" };
  // The line's call in progress (a list running from before lines had one, on line 0).
  const currentId = line?.entryId ?? (input.line === 0 ? list.currentEntryId : undefined);

  // A crash (or a lost callback) left an entry mid-call: finish it before anything else.
  if (currentId) {
    const current = await loadEntry(list.listId, currentId);
    if (current?.status === "dialing" && list.status === "running") {
      return {
        ...input,
        action: "dial",
        entryId: current.entryId,
        attempt: current.attempts,
        callId: callIdOf(list.listId, current.entryId, current.attempts),
        dialTimeoutSeconds: dialTimeoutSeconds(list),
        wrapUpTimeoutSeconds: list.settings.wrapUpTimeoutSeconds,
      };
    }
    if (current?.status === "answered" && list.status === "running") {
      return { ...input, action: "wrapup", entryId: current.entryId, wrapUpTimeoutSeconds: list.settings.wrapUpTimeoutSeconds };
    }
    // Paused or cancelled with the call still on: its outcome or disposition releases the operator.
    if (current?.status !== "dialing" && current?.status !== "answered") await releaseLine(list, line, currentId);
  }
  if (list.status !== "running") return { ...input, action: "stop", reason: list.status };
  // The run's budget (state history) is spent: every line ends, then the run hands over.
  if ((list.runLoops ?? 0) >= list.settings.entriesPerExecution) return { ...input, action: "stop", reason: "handover" };

  const { service } = useStorage();
  let operators: Presence.Reservable[] | undefined;
  for (let examined = 0; examined < MAX_ENTRIES_PER_CLAIM; examined++) {
    const at = now();
    const [due, ready] = await Promise.all([
      service.entities.callEntry.query
        .due({ listId: list.listId })
        .lt({ dueAt: new Date(at.getTime() + 1).toISOString() })
        .go({ limit: Math.min(input.line + 1, 10) }),
      operators ?? readyOperators(list),
    ]);
    operators = ready;
    // Lines claiming at the same moment start at different entries (fewer lost races), among the
    // first as many as there are ready operators: those are the ones dialed now anyway.
    const spread = Math.max(1, Math.min(due.data.length, operators.length));
    const entry = (due.data[input.line % spread] ?? due.data[0]) as CallEntry | undefined;
    if (!entry) return waitOrFinish(list, input);

    const skip = await skipReason(entry);
    if (skip) {
      await skipEntry(list, entry, skip);
      continue;
    }
    if (!insideWindow(at, entry.timeZones, list.settings.callWindow)) {
      await deferToWindow(entry, at, list);
      continue;
    }
    // Only when there is someone to dial: a list whose operators left can still finish.
    if (operators.length === 0) {
      if (!(await hasActiveOperator(list))) return pauseWithoutOperators(list, input);
      return idle(list, input, OPERATOR_WAIT_SECONDS, true);
    }
    // A call-back goes to whoever asked for it if they are ready, else to the longest idle.
    const operator = operators.find((candidate) => candidate.userId === entry.preferredOperatorId) ?? operators[0]!;
    const claimed = await claim(list, entry, input, operator);
    if (claimed) return claimed;
    // Someone else got the entry or the operator first: look again at both.
    operators = undefined;
  }
  return idle(list, input, 1, false);
}

/** The list's operators who can take a call now (ready, heartbeating, still active users), longest idle first. */
async function readyOperators(list: StoredCallList): Promise<Presence.Reservable[]> {
  const ready = await Presence.readyAmong(list.operatorIds);
  const active = await Promise.all(ready.map((operator) => currentUser(operator.userId)));
  return ready.filter((_, index) => active[index]);
}

/** Deactivated since the list was made? (the users table, read through the per-process user cache) */
async function hasActiveOperator(list: StoredCallList): Promise<boolean> {
  for (const operatorId of list.operatorIds) if (await currentUser(operatorId)) return true;
  return false;
}

/**
 * The line waits: for an entry's due time, or (`forOperator`) for one of the list's operators to be
 * ready, which the list then says ("waiting for an operator"). Each wait spends one of the run's
 * loops, so an idle run's history stays bounded too.
 */
async function idle(list: StoredCallList, input: LineInput, waitSeconds: number, forOperator: boolean): Promise<ClaimResult> {
  const timestamp = now().toISOString();
  await ifStill(() => {
    const patch = useStorage().service.entities.callList.patch({ listId: list.listId }).add({ runLoops: 1 });
    const marked = forOperator && !list.waitingForOperatorSince ? patch.set({ waitingForOperatorSince: timestamp }) : !forOperator && list.waitingForOperatorSince ? patch.remove(["waitingForOperatorSince"]) : patch;
    return marked.where(({ runId }, { eq }) => eq(runId, input.runId)).go();
  });
  // The "operator wait" alarm (infra/alarms.ts) reads how long this running list has waited.
  if (forOperator) metrics.add(MetricName.operatorWaitSeconds, Math.max(0, (nowMs() - Date.parse(list.waitingForOperatorSince ?? timestamp)) / 1000), "Seconds");
  return { ...input, action: forOperator ? "idle" : "wait", waitSeconds };
}

/** The same checks for a contact and a company's own phone (see contact-bridge.ts). */
async function skipReason(entry: CallEntry): Promise<SkipReason | undefined> {
  const subject = subjectOf(entry);
  if (!entry.phone) return "no-phone";
  const { service } = useStorage();
  const [dialable, blocked] = await Promise.all([
    loadDialableSubject(subject),
    service.entities.blockedNumber.get({ phone: entry.phone }).go(),
  ]);
  if (!dialable || dialable.deleted) return deletedReason(subject.kind);
  // Merged into a contact that has its own entry on this list: that entry calls the person.
  if (dialable.id !== subject.id) {
    const own = await service.entities.callEntry.get({ listId: entry.listId, entryId: dialable.id }).go();
    if (own.data) return "merged-duplicate";
  }
  if (dialable.doNotCall) return "do-not-call";
  if (blocked.data) return "blocked-number";
  if (!dialable.phones.includes(entry.phone)) return "invalid-number";
  return undefined;
}

async function skipEntry(list: StoredCallList, entry: CallEntry, reason: SkipReason): Promise<void> {
  const { service } = useStorage();
  const skipped = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callEntry, callList }) => [
          entryUpdate(callEntry, entry, { status: "skipped", skipReason: reason })
            .where(({ status, dueAt }, { eq }) => `${eq(status, entry.status)} AND ${eq(dueAt, entry.dueAt)}`)
            .commit(),
          callList.patch({ listId: list.listId }).add(move(entry.status, "skipped")).commit(),
        ])
        .go(),
    ),
  );
  const subject = subjectOf(entry);
  // No card to write on (deleted), or the card has its own entry on the list (merged).
  if (skipped && reason !== deletedReason(subject.kind) && reason !== "merged-duplicate") {
    await noteOnCard(subject, { kind: "note", note: { kind: "list-call-skipped", values: { ...listRef(list), reason, subject: subject.kind } } });
  }
}

async function deferToWindow(entry: CallEntry, at: Date, list: StoredCallList): Promise<void> {
  // No common window across the number's zones: try again in a day rather than never.
  const opening = nextWindowOpening(at, entry.timeZones, list.settings.callWindow) ?? new Date(at.getTime() + 24 * 3600_000);
  await ifStill(() =>
    entryUpdate(useStorage().service.entities.callEntry, entry, { dueAt: opening.toISOString() })
      .where(({ status, dueAt }, { eq }) => `${eq(status, entry.status)} AND ${eq(dueAt, entry.dueAt)}`)
      .go(),
  );
}

/** No active operator is left to take an answered call: stop dialing and say why on the list. */
async function pauseWithoutOperators(list: StoredCallList, input: LineInput): Promise<ClaimResult> {
  const { service } = useStorage();
  await ifStill(() =>
    service.entities.callList
      .patch({ listId: list.listId })
      .set({ status: "paused", pausedReason: "no-active-operator", updatedAt: now().toISOString() })
      .remove(["waitingForOperatorSince"])
      .add({ version: 1 })
      .where(({ runId, status }, { eq }) => `${eq(runId, input.runId)} AND ${eq(status, "running")}`)
      .go(),
  );
  return { ...input, action: "stop", reason: "no-active-operator" };
}

/**
 * One transaction: the entry moves to dialing, the attempt is created, the operator is reserved
 * (conditional on the very presence version found ready: never twice, across every list), the
 * line records its call, and the list's counters move, on the list still running under this run.
 * Either all of it holds or none: no reservation without its call, no call without its operator.
 */
async function claim(list: StoredCallList, entry: CallEntry, input: LineInput, operator: Presence.Reservable): Promise<ClaimResult | undefined> {
  const attempt = entry.attempts + 1;
  const callId = callIdOf(list.listId, entry.entryId, attempt);
  const operatorId = operator.userId;
  const timestamp = now().toISOString();
  const { service } = useStorage();
  const claimed = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callEntry, callList, callAttempt, callListLine, presence }) => [
          entryUpdate(callEntry, entry, { status: "dialing", attempts: attempt, operatorId })
            .where(({ status, dueAt }, { eq }) => `${eq(status, entry.status)} AND ${eq(dueAt, entry.dueAt)}`)
            .commit(),
          (list.waitingForOperatorSince ? callList.patch({ listId: list.listId }).remove(["waitingForOperatorSince"]) : callList.patch({ listId: list.listId }))
            .add({ ...move(entry.status, "dialing", { attempts: 1 }), assignments: 1, runLoops: 1 })
            .where(({ runId, status }, { eq }) => `${eq(runId, input.runId)} AND ${eq(status, "running")}`)
            .commit(),
          callAttempt
            .create({
              listId: list.listId,
              entryId: entry.entryId,
              attempt,
              callId,
              subjectKind: subjectOf(entry).kind,
              ...(entry.contactId ? { contactId: entry.contactId } : {}),
              phone: entry.phone!,
              operatorId,
              ringTimeoutSeconds: list.settings.ringTimeoutSeconds,
              ...(entry.contactName ? { subjectName: entry.contactName } : {}),
              ...(list.settings.record !== undefined ? { record: list.settings.record } : {}),
              createdAt: timestamp,
            })
            .commit(),
          callListLine
            .put({ listId: list.listId, line: input.line, entryId: entry.entryId, attempt, callId, operatorId, updatedAt: timestamp })
            .where(({ entryId }, { notExists }) => notExists(entryId))
            .commit(),
          Presence.reservationWrite(presence, operator, { callId, listId: list.listId, entryId: entry.entryId }).commit(),
        ])
        .go(),
    ),
  );
  if (!claimed) return undefined;
  return {
    listId: input.listId,
    runId: input.runId,
    line: input.line,
    handled: input.handled + 1,
    action: "dial",
    entryId: entry.entryId,
    attempt,
    callId,
    dialTimeoutSeconds: dialTimeoutSeconds(list),
    wrapUpTimeoutSeconds: list.settings.wrapUpTimeoutSeconds,
  };
}

async function releaseCurrent(list: StoredCallList, entryId: string): Promise<void> {
  const { service } = useStorage();
  await ifStill(() =>
    service.entities.callList
      .patch({ listId: list.listId })
      .remove(["currentEntryId"])
      .where(({ currentEntryId }, { eq }) => eq(currentEntryId, entryId))
      .go(),
  );
}

/**
 * Nothing due now. Entries due later: wait for the first. None at all: the list is done, unless a
 * call of another line is still on (it may be retried): then this line waits for it.
 */
async function waitOrFinish(list: StoredCallList, input: LineInput): Promise<ClaimResult> {
  const { service } = useStorage();
  const later = await service.entities.callEntry.query.due({ listId: list.listId }).go({ limit: 1 });
  const next = later.data[0];
  if (next) {
    const seconds = Math.ceil((new Date(next.dueAt).getTime() - nowMs()) / 1000);
    return idle(list, input, Math.min(Math.max(seconds, 1), MAX_WAIT_SECONDS), false);
  }
  const finished = await ifStill(() =>
    service.entities.callList
      .patch({ listId: list.listId })
      .set({ status: "done", updatedAt: now().toISOString() })
      .remove(["waitingForOperatorSince"])
      .add({ version: 1 })
      .where(
        ({ runId, status, currentEntryId, dialing, answered }, { eq, notExists }) =>
          `${eq(runId, input.runId)} AND ${eq(status, "running")} AND ${notExists(currentEntryId)} AND ${eq(dialing, 0)} AND ${eq(answered, 0)}`,
      )
      .go(),
  );
  if (finished) {
    // Lines of a run that died may still hold their last, finished call: free them now.
    await sweepLines(list);
    return { ...input, action: "stop", reason: "done" };
  }
  return idle(list, input, 1, false);
}

// ---------------------------------------------------------------- Dial

export interface DialInput {
  taskToken: string;
  listId: string;
  entryId: string;
  attempt: number;
  callId: string;
}

/**
 * Places the call (or, after a crash, picks up the one already placed) and returns; the state
 * machine then waits for the outcome to arrive with the task token.
 */
export async function dial(input: DialInput): Promise<void> {
  const { service } = useStorage();
  const { runner, telephony } = useCallListPorts();
  const key = { listId: input.listId, entryId: input.entryId, attempt: input.attempt };
  const startedAt = now().toISOString();
  let attempt;
  try {
    const updated = await service.entities.callAttempt
      .patch(key)
      .set({ taskToken: input.taskToken })
      .data(({ dialStartedAt }, { ifNotExists }) => ifNotExists(dialStartedAt, startedAt))
      .where(({ outcome }, { notExists }) => notExists(outcome))
      .go({ response: "all_new" });
    attempt = updated.data;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The outcome came first (a fast provider, or a restart after it arrived): pass it on.
    const done = await service.entities.callAttempt.get(key).go();
    await runner.sendTaskSuccess(input.taskToken, { outcome: done.data?.outcome ?? "failed" });
    return;
  }

  if (attempt.providerCallId) {
    // Placed before a crash: never dial again, ask the provider how it went.
    const status = await telephony.getCall(attempt.providerCallId).catch(() => undefined);
    if (status?.outcome) await recordOutcome({ callId: input.callId, outcome: status.outcome, detail: "reconciled with the provider" });
    return;
  }

  // The claim wrote the ring timeout and the name on the attempt (the row just returned): no
  // list or entry read. An attempt claimed before it did so (a step resumed across a deploy) reads them.
  const claimedWithDialData = attempt.ringTimeoutSeconds !== undefined;
  const [list, entry, organization, operatorPhone] = await Promise.all([
    claimedWithDialData ? undefined : loadList(input.listId),
    claimedWithDialData ? undefined : loadEntry(input.listId, input.entryId),
    Settings.cached(),
    // An operator without a headset takes the call on their own phone (their profile's).
    attempt.operatorId ? operatorPhoneOf(attempt.operatorId) : undefined,
  ]);
  const ringTimeoutSeconds = attempt.ringTimeoutSeconds ?? list?.settings.ringTimeoutSeconds ?? 30;
  const subjectName = claimedWithDialData ? attempt.subjectName : entry?.contactName;
  const record = attempt.record ?? list?.settings.record ?? organization.recordingDefault;
  // The call log's record begins before the call is placed, so a failed placement is logged too.
  await logPlaced({ ...attempt, ...(subjectName ? { subjectName } : {}) });
  try {
    // An earlier Dial step of this attempt died between placing and storing the provider's ID.
    const resumed = attempt.dialStartedAt !== undefined && attempt.dialStartedAt !== startedAt;
    const placed = await placeCallWithRetry(
      telephony,
      {
        callId: input.callId,
        to: attempt.phone,
        ringTimeoutSeconds,
        ...(resumed ? { resumedSince: Date.parse(attempt.dialStartedAt!) } : {}),
        // The reserved operator takes the answered call; their console gets the entry with it.
        ...(attempt.operatorId ? { connectTo: { userId: attempt.operatorId, ...(operatorPhone ? { phone: operatorPhone } : {}) } } : {}),
        context: { listId: input.listId, entryId: input.entryId, attempt: input.attempt, ...(subjectName ? { subjectName } : {}) },
        ...(organization.companyName ? { companyName: organization.companyName } : {}),
        ...(record ? { record: organization.recordingAnnouncement ? { announcement: organization.recordingAnnouncement } : {} } : {}),
      },
      placeRetry,
    );
    // Placed: the name is no longer needed on the attempt (a resumed Dial now asks the provider).
    await Promise.all([
      service.entities.callAttempt.patch(key).set({ providerCallId: placed.providerCallId, placedAt: now().toISOString() }).remove(["subjectName"]).go(),
      logListCall(attempt, { providerCallId: placed.providerCallId }),
    ]);
    countMetric(MetricName.callsPlaced);
    log.info("call placed", { listId: input.listId, entryId: input.entryId, attempt: input.attempt, callId: input.callId, providerCallId: placed.providerCallId });
  } catch (error) {
    await recordOutcome({ callId: input.callId, outcome: "failed", detail: `provider error: ${(error as Error).message}`.slice(0, 300) });
  }
}

const operatorPhones = new Map<string, { atMs: number; phone: Promise<string | undefined> }>();
/**
 * The operator's own phone (their profile), read at most every 30 s per operator and process (like
 * the organization settings): one read fewer per dial on a warm process; a changed phone is used
 * from the next read on.
 */
function operatorPhoneOf(userId: string): Promise<string | undefined> {
  const at = Date.now();
  const cached = operatorPhones.get(userId);
  if (cached && at - cached.atMs <= 30_000) return cached.phone;
  const phone = useStorage()
    .service.entities.user.get({ userId })
    .go({ attributes: ["userId", "phone"] })
    .then((result) => result.data?.phone);
  // A failed read is not kept: the next dial reads again.
  phone.catch(() => operatorPhones.delete(userId));
  operatorPhones.set(userId, { atMs: at, phone });
  return phone;
}

/** Provider 5xx or timeout: retried with backoff under the same call ID (so never two rings). */
const placeRetry = { attempts: 4, backoffMs: 200 };

// ---------------------------------------------------------------- outcomes

/**
 * The telephony sink: a verified provider event. Duplicates, late repeats and events for calls we
 * never made are ignored; the first outcome for an attempt wins.
 */
export async function onCallEvent(event: CallEvent): Promise<void> {
  if (event.outcome) {
    await recordOutcome({ callId: event.callId, outcome: event.outcome, providerCallId: event.providerCallId });
    return;
  }
  if (event.phase === "connected") await onConnected(event);
  else if (event.phase === "ended") await onEnded(event);
}

/**
 * The attempt a phase event ("connected", "ended") is about, with its key; undefined when the
 * call is unknown or over already (an "ended" overtook it): there is nothing to do then.
 */
async function liveAttemptOf(event: CallEvent) {
  const ids = parseCallId(event.callId);
  if (!ids) return undefined;
  const key = { listId: ids.listId, entryId: ids.entryId, attempt: ids.attempt };
  const attempt = (await useStorage().service.entities.callAttempt.get(key).go()).data;
  if (!attempt || attempt.callEndedAt) return undefined;
  return { ids, key, attempt };
}

/** The callee is bridged to the reserved operator: they are on the call; the attempt says when. */
async function onConnected(event: CallEvent): Promise<void> {
  const live = await liveAttemptOf(event);
  if (!live) return;
  const { ids, key, attempt } = live;
  const connectedAt = now().toISOString();
  const first = await ifStill(() =>
    useStorage()
      .service.entities.callAttempt.patch(key)
      // Our clock, like every other time on the attempt (the provider's may differ).
      .set({ connectedAt })
      .where(({ connectedAt, callEndedAt }, { notExists }) => `${notExists(connectedAt)} AND ${notExists(callEndedAt)}`)
      .go(),
  );
  if (!first) return;
  log.info("call connected to the operator", { ...ids, callId: event.callId, operatorId: attempt.operatorId });
  await Promise.all([
    measureAnswerToOperator(key),
    logListCall(attempt, { connectedAt }),
    attempt.operatorId ? Presence.markOnCall(attempt.operatorId, { callId: event.callId, listId: ids.listId, entryId: ids.entryId }, { onlyIfHeld: true }) : undefined,
  ]);
}

/**
 * Answer → operator connected, for the dashboard. The answered outcome and the connect are
 * written by different events that may come in either order (the simulator rings the console
 * as it sends the answer): each, after its own write, tries to mark the attempt measured, on
 * condition that both are in and nobody marked it yet. Exactly one of them succeeds, and that
 * one records the metric (0 when the provider connected before we heard the answer).
 */
async function measureAnswerToOperator(key: { listId: string; entryId: string; attempt: number }): Promise<void> {
  let measured;
  try {
    measured = (
      await useStorage()
        .service.entities.callAttempt.patch(key)
        .set({ answerToOperatorMeasuredAt: now().toISOString() })
        .where(
          ({ answerToOperatorMeasuredAt, connectedAt, outcome }, { eq, exists, notExists }) =>
            `${notExists(answerToOperatorMeasuredAt)} AND ${exists(connectedAt)} AND ${eq(outcome, "answered")}`,
        )
        .go({ response: "all_new" })
    ).data;
  } catch (error) {
    if (isConditionFailure(error)) return;
    throw error;
  }
  // The answered outcome's endedAt is when the answer was recorded (the entry's answeredAt).
  const connectedMs = Math.max(0, Date.parse(measured.connectedAt!) - Date.parse(measured.endedAt!));
  if (Number.isFinite(connectedMs)) metrics.add(MetricName.answerToOperatorMs, connectedMs, "Milliseconds");
}

/**
 * The call is over. Talked: the operator wraps up (until the disposition or the wrap-up timeout).
 * Abandoned (answered, no operator within 2 s): counted on the list, the entry retried later, the
 * operator released and the line moves on.
 */
async function onEnded(event: CallEvent): Promise<void> {
  const live = await liveAttemptOf(event);
  if (!live) return;
  const { ids, key, attempt } = live;
  const { service } = useStorage();
  const seconds = (value: number | undefined) => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined);
  const talkSeconds = seconds(event.talkSeconds);
  const ringSeconds = seconds(event.ringSeconds);
  const callEndedAt = now().toISOString();
  let ended;
  try {
    ended = (
      await service.entities.callAttempt
        .patch(key)
        .set({
          callEndedAt,
          ...(talkSeconds !== undefined ? { talkSeconds } : {}),
          ...(ringSeconds !== undefined ? { ringSeconds } : {}),
          ...(event.abandoned ? { abandoned: true } : {}),
        })
        .where(({ callEndedAt }, { notExists }) => notExists(callEndedAt))
        .go({ response: "all_new" })
    ).data;
  } catch (error) {
    if (isConditionFailure(error)) return;
    throw error;
  }
  // The log and the call's activity get the end; the activity only if the answer wrote it yet
  // (else rememberCallActivity, which runs after it, adds the seconds).
  await Promise.all([
    logListCall(attempt, {
      endedAt: callEndedAt,
      ...(talkSeconds !== undefined ? { talkSeconds } : {}),
      ...(ringSeconds !== undefined ? { ringSeconds } : {}),
      ...(event.abandoned ? { abandoned: true } : {}),
    }),
    activityAfterEnd(ended),
  ]);
  const list = await loadList(ids.listId);
  if (!list) return;
  if (!event.abandoned) {
    if (attempt.operatorId) await Presence.markWrapUp(attempt.operatorId, { callId: event.callId, seconds: list.settings.wrapUpTimeoutSeconds });
    return;
  }
  countMetric(MetricName.callsAbandoned);
  log.warn("call abandoned: no operator was connected", { ...ids, callId: event.callId, operatorId: attempt.operatorId });
  // An abandoned call was answered: make sure the outcome says so before moving the entry on.
  if (!attempt.outcome) await recordOutcome({ callId: event.callId, outcome: "answered", providerCallId: event.providerCallId });
  const entry = await loadEntry(ids.listId, ids.entryId);
  if (entry?.status === "answered" && entry.attempts === ids.attempt) {
    const exhausted = ids.attempt >= list.settings.maxAttempts;
    const nextStatus: EntryStatus = exhausted ? "unreached" : "retry-scheduled";
    const retryAt = exhausted ? undefined : new Date(nowMs() + retryDelayMinutes(list.settings, "no-answer") * 60_000).toISOString();
    const moved = await ifStill(async () =>
      committed(
        await service.transaction
          .write(({ callEntry, callList }) => [
            entryUpdate(callEntry, entry, { status: nextStatus, lastOutcome: "abandoned", ...(retryAt ? { dueAt: retryAt } : {}) })
              .where(({ status, attempts }, { eq }) => `${eq(status, "answered")} AND ${eq(attempts, ids.attempt)}`)
              .commit(),
            callList.patch({ listId: list.listId }).add(move("answered", nextStatus, { abandoned: 1 })).commit(),
          ])
          .go(),
      ),
    );
    if (moved) {
      await noteOnCard(subjectOf(entry), { kind: "note", note: { kind: "list-call-abandoned", values: { ...listRef(list), willRetry: Boolean(retryAt) } } });
      await completeWaits([entry.wrapUpToken, (await loadEntry(entry.listId, entry.entryId))?.wrapUpToken], { wrappedUp: true });
    }
  }
  if (attempt.operatorId) await Presence.release(attempt.operatorId, event.callId);
}

/** One metric per outcome (infra/alarms.ts: failed-call rate; the dashboard's calls graph). */
const outcomeMetric: Record<CallOutcome, MetricName> = {
  answered: MetricName.callsAnsweredHuman,
  machine: MetricName.callsAnsweredMachine,
  "no-answer": MetricName.callsNoAnswer,
  busy: MetricName.callsBusy,
  failed: MetricName.callsFailed,
};

export async function recordOutcome(input: { callId: string; outcome: CallOutcome; detail?: string; providerCallId?: string }): Promise<CallOutcome | undefined> {
  const ids = parseCallId(input.callId);
  if (!ids) return undefined;
  const { service } = useStorage();
  const key = { listId: ids.listId, entryId: ids.entryId, attempt: ids.attempt };
  const [attemptResult, entry, list] = await Promise.all([
    service.entities.callAttempt.get(key).go(),
    loadEntry(ids.listId, ids.entryId),
    loadList(ids.listId),
  ]);
  const attempt = attemptResult.data;
  if (!attempt || !entry || !list) return undefined;
  if (attempt.outcome) return attempt.outcome;
  if (entry.status !== "dialing" || entry.attempts !== ids.attempt) return undefined;

  const timestamp = now().toISOString();
  const answered = input.outcome === "answered";
  const exhausted = ids.attempt >= list.settings.maxAttempts;
  const nextStatus: EntryStatus = answered ? "answered" : exhausted ? "unreached" : "retry-scheduled";
  const retryAt = answered || exhausted ? undefined : new Date(nowMs() + retryDelayMinutes(list.settings, input.outcome as Exclude<CallOutcome, "answered">) * 60_000).toISOString();

  const recorded = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callAttempt, callEntry, callList, callListOperator }) => [
          callAttempt
            .patch(key)
            .set({
              outcome: input.outcome,
              endedAt: timestamp,
              ...(input.detail ? { outcomeDetail: input.detail } : {}),
              ...(input.providerCallId && !attempt.providerCallId ? { providerCallId: input.providerCallId } : {}),
            })
            .where(({ outcome }, { notExists }) => notExists(outcome))
            .commit(),
          entryUpdate(callEntry, entry, {
            status: nextStatus,
            lastOutcome: input.outcome,
            ...(retryAt ? { dueAt: retryAt } : {}),
            ...(answered ? { answeredAt: timestamp } : {}),
          })
            .where(({ status, attempts }, { eq }) => `${eq(status, "dialing")} AND ${eq(attempts, ids.attempt)}`)
            .commit(),
          (answered
            ? callList.patch({ listId: list.listId })
            : callList.patch({ listId: list.listId }).remove(["currentEntryId"])
          )
            .add(move("dialing", nextStatus, { [outcomeCounter[input.outcome]]: 1 }))
            .commit(),
          ...(answered ? [callListOperator.patch({ listId: list.listId, operatorId: entry.operatorId }).add({ answered: 1 }).commit()] : []),
        ])
        .go(),
    ),
  );
  if (!recorded) {
    const again = await service.entities.callAttempt.get(key).go();
    return again.data?.outcome;
  }
  countMetric(outcomeMetric[input.outcome]);
  log.info("call outcome", { ...ids, callId: input.callId, outcome: input.outcome, detail: input.detail, providerCallId: input.providerCallId });

  // In parallel (independent writes), all before the wait is completed: the reserved operator (an
  // answered call starts their wrap-up clock; providers that report the connect and the end move
  // them on from there; any other outcome frees them at once, so the line's next claim finds them
  // ready), the card's note, and the wait's token, read after our write (a Dial resumed after a
  // crash may have stored a new one just before it; its write is conditional on no outcome).
  const [, activity, latest] = await Promise.all([
    attempt.operatorId
      ? answered
        ? Presence.markWrapUp(attempt.operatorId, { callId: input.callId, seconds: list.settings.wrapUpTimeoutSeconds, from: ["reserved"] })
        : Presence.release(attempt.operatorId, input.callId)
      : undefined,
    noteOnCard(subjectOf(entry), {
      kind: "call",
      listId: list.listId,
      listName: list.name,
      outcome: input.outcome,
      attempt: ids.attempt,
      maxAttempts: list.settings.maxAttempts,
      phone: attempt.phone,
      note: {
        kind: "list-call",
        values: { ...listRef(list), outcome: input.outcome, attempt: ids.attempt, maxAttempts: list.settings.maxAttempts, final: !answered && !retryAt, ...(retryAt ? { retryAt } : {}) },
      },
      callId: input.callId,
      ...(attempt.operatorId ? { operatorId: attempt.operatorId } : {}),
    }),
    service.entities.callAttempt.get(key).go(),
    // The provider may have connected the operator before we heard the answer.
    answered ? measureAnswerToOperator(key) : undefined,
    logListCall(attempt, {
      outcome: input.outcome,
      ...(answered ? { answeredAt: timestamp } : { endedAt: timestamp }),
      ...(input.providerCallId && !attempt.providerCallId ? { providerCallId: input.providerCallId } : {}),
    }),
  ]);
  if (answered) await rememberCallActivity(key, activity);
  await completeWaits([attempt.taskToken, latest.data?.taskToken], { outcome: input.outcome });
  return input.outcome;
}

/** After the Dial wait timed out: ask the provider, else record a failure so the list goes on. */
export async function reconcile(input: { listId: string; entryId: string; attempt: number; callId: string }): Promise<{ outcome: CallOutcome }> {
  const { service } = useStorage();
  const { telephony } = useCallListPorts();
  const key = { listId: input.listId, entryId: input.entryId, attempt: input.attempt };
  const attempt = (await service.entities.callAttempt.get(key).go()).data;
  if (attempt?.outcome) return { outcome: attempt.outcome };
  let outcome: CallOutcome = "failed";
  let detail = "no outcome from the provider in time";
  if (attempt?.providerCallId) {
    const status = await telephony.getCall(attempt.providerCallId).catch(() => undefined);
    if (status?.outcome) {
      outcome = status.outcome;
      detail = "reconciled with the provider";
    }
  }
  const recorded = await recordOutcome({ callId: input.callId, outcome, detail });
  return { outcome: recorded ?? outcome };
}

// ---------------------------------------------------------------- wrap-up

export async function awaitWrapUp(input: { taskToken: string; listId: string; entryId: string }): Promise<void> {
  const entry = await loadEntry(input.listId, input.entryId);
  const stored =
    entry?.status === "answered" &&
    (await ifStill(() =>
      entryUpdate(useStorage().service.entities.callEntry, entry, { wrapUpToken: input.taskToken })
        .where(({ status }, { eq }) => eq(status, "answered"))
        .go(),
    ));
  // Wrapped up already (the operator was quick, or this is a restart): go on at once.
  if (!stored) await useCallListPorts().runner.sendTaskSuccess(input.taskToken, { wrappedUp: true });
}

export const DispositionInput = v.pipe(
  v.strictObject(
    {
      disposition: v.picklist(dispositions.filter((item) => item !== "no-disposition"), `Must be one of: ${dispositions.filter((item) => item !== "no-disposition").join(", ")}.`),
      callbackAt: v.optional(v.pipe(v.string("Must be a date and time."), v.isoTimestamp("Must be an ISO date and time, e.g. 2026-05-01T10:00:00Z."))),
      note: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(2000, "At most 2000 characters."))),
    },
    "Unknown field: use disposition, callbackAt and note.",
  ),
  v.forward(
    v.check((input) => (input.disposition === "call-back") === Boolean(input.callbackAt), "Give callbackAt with (and only with) the call-back disposition."),
    ["callbackAt"],
  ),
);
export type DispositionInput = v.InferInput<typeof DispositionInput>;

/** The operator's verdict on an answered call: ends wrap-up, and the engine dials the next. */
export async function dispose(listId: string, entryId: string, input: DispositionInput) {
  const actor = useActor();
  const parsed = parse(DispositionInput, input);
  if (parsed.callbackAt && new Date(parsed.callbackAt).getTime() <= nowMs()) {
    throw new ValidationError([{ field: "callbackAt", message: "Must be in the future." }]);
  }
  const list = await loadList(listId);
  const entry = list ? await loadEntry(list.listId, entryId) : undefined;
  if (!list || !entry || !canSeeList(actor, list)) throw new NotFoundError("Call list entry");
  const lateVerdict = entry.status === "wrapped-up" && entry.disposition === "no-disposition";
  if (entry.status !== "answered" && !lateVerdict) throw new ConflictError("This call is not waiting for a disposition.");
  if (actor.type === "user" && entry.operatorId !== actor.userId && !roleHas(actor.role, "callLists:readAll")) {
    throw new ForbiddenError("This call was given to another operator.");
  }
  const done = lateVerdict
    ? await replaceNoDisposition(list, entry, parsed.disposition, parsed.callbackAt, parsed.note)
    : await finishWrapUp(list, entry, parsed.disposition, parsed.callbackAt, parsed.note);
  if (!done) throw new ConflictError("This call was already wrapped up.");
  log.info("call disposed", { listId: list.listId, entryId: entry.entryId, attempt: entry.attempts, callId: callIdOf(list.listId, entry.entryId, entry.attempts), disposition: parsed.disposition });
  return { disposition: parsed.disposition };
}

/** What a line carries into WrapUpTimedOut, and gets back: wait again (`wrapup`) or go on (`next`). */
export interface WrapUpCheck extends LineInput {
  entryId: string;
}

/** A talk still going on waits for its end, at most this long after the answer (a lost "ended"). */
const MAX_TALK_MS = 4 * 3600_000;

/**
 * The wrap-up wait timed out. The operator's wrap-up runs from the end of the call (phase
 * "ended"), or from the answer when the provider reports no phases: time left means wait again;
 * a call still on means wait a whole wrap-up more; else the wrap-up closes with "no disposition".
 */
export async function wrapUpTimedOut(input: WrapUpCheck): Promise<WrapUpCheck & { action: "wrapup" | "next"; wrapUpTimeoutSeconds?: number }> {
  const base = { listId: input.listId, runId: input.runId, line: input.line, handled: input.handled, entryId: input.entryId };
  const list = await loadList(input.listId);
  const entry = list ? await loadEntry(input.listId, input.entryId) : undefined;
  if (!list || !entry || entry.status !== "answered") return { ...base, action: "next" };
  const attempt = (await useStorage().service.entities.callAttempt.get({ listId: entry.listId, entryId: entry.entryId, attempt: entry.attempts }).go()).data;
  const timeoutMs = list.settings.wrapUpTimeoutSeconds * 1000;
  const answeredAt = Date.parse(entry.answeredAt ?? entry.updatedAt);
  const talking = Boolean(attempt?.connectedAt && !attempt.callEndedAt) && nowMs() - answeredAt < MAX_TALK_MS;
  const endsAt = talking ? nowMs() + timeoutMs : Date.parse(attempt?.callEndedAt ?? entry.answeredAt ?? entry.updatedAt) + timeoutMs;
  const leftSeconds = Math.ceil((endsAt - nowMs()) / 1000);
  if (leftSeconds > 0 && list.status !== "cancelled") return { ...base, action: "wrapup", wrapUpTimeoutSeconds: leftSeconds };
  await finishWrapUp(list, entry, "no-disposition");
  return { ...base, action: "next" };
}

/**
 * A verdict after the wrap-up timed out replaces "no disposition": the same effects (do not call,
 * call back at…) as in time, conditional on the entry still saying "no disposition".
 */
async function replaceNoDisposition(list: StoredCallList, entry: CallEntry, disposition: Disposition, callbackAt?: string, note?: string): Promise<boolean> {
  const { service } = useStorage();
  const callBack = disposition === "call-back" && callbackAt;
  const replaced = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callEntry, callList }) => [
          entryUpdate(callEntry, entry, {
            status: callBack ? "retry-scheduled" : "wrapped-up",
            disposition,
            ...(callBack ? { dueAt: callbackAt, callbackAt, ...(entry.operatorId !== "none" ? { preferredOperatorId: entry.operatorId } : {}) } : {}),
          })
            .where(({ status, disposition: current }, { eq }) => `${eq(status, "wrapped-up")} AND ${eq(current, "no-disposition")}`)
            .commit(),
          ...(callBack ? [callList.patch({ listId: list.listId }).add(move("wrapped-up", "retry-scheduled")).commit()] : []),
        ])
        .go(),
    ),
  );
  if (!replaced) return false;
  await dispositionEffects(list, entry, disposition, callbackAt, note, true);
  return true;
}

async function dispositionEffects(list: StoredCallList, entry: CallEntry, disposition: Disposition, callbackAt: string | undefined, note: string | undefined, afterTimeout: boolean) {
  const callBack = disposition === "call-back" && callbackAt;
  // The call's log record: absent only for a call from before the log (then there is nothing to complete).
  await Calls.update(callIdOf(list.listId, entry.entryId, entry.attempts), { disposition, ...(note ? { note } : {}) });
  if (disposition === "do-not-call") await markDoNotCall(subjectOf(entry), entry.phone, { kind: "do-not-call-requested", values: listRef(list) });
  await noteOnCard(subjectOf(entry), {
    kind: "note",
    note: { kind: "list-call-disposition", values: { ...listRef(list), disposition, afterTimeout, ...(callBack ? { callbackAt } : {}), ...(note ? { note } : {}) } },
  });
}

/** How a note names a call list. */
const listRef = (list: StoredCallList) => ({ callListId: list.listId, callListName: list.name });

async function finishWrapUp(list: StoredCallList, entry: CallEntry, disposition: Disposition, callbackAt?: string, note?: string): Promise<boolean> {
  if (entry.status !== "answered") return false;
  const { service } = useStorage();
  const callBack = disposition === "call-back" && callbackAt;
  const nextStatus: EntryStatus = callBack ? "retry-scheduled" : "wrapped-up";
  const finished = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callEntry, callList, callListOperator }) => [
          entryUpdate(callEntry, entry, {
            status: nextStatus,
            disposition,
            // A call-back goes back to this operator if they are ready then.
            ...(callBack ? { dueAt: callbackAt, callbackAt, ...(entry.operatorId !== "none" ? { preferredOperatorId: entry.operatorId } : {}) } : {}),
          })
            .where(({ status }, { eq }) => eq(status, "answered"))
            .commit(),
          // A list from before lines kept its call in currentEntryId; lines keep theirs on the line row.
          (list.currentEntryId === entry.entryId ? callList.patch({ listId: list.listId }).remove(["currentEntryId"]) : callList.patch({ listId: list.listId }))
            .add(move("answered", nextStatus))
            .commit(),
          ...(callBack ? [] : [callListOperator.patch({ listId: list.listId, operatorId: entry.operatorId }).add({ wrappedUp: 1 }).commit()]),
        ])
        .go(),
    ),
  );
  if (!finished) return false;
  // In parallel, before the wait is completed: the operator is freed (or paused, if they asked) so
  // the line's next claim may reserve them again; the verdict's effects; and, as with outcomes, the
  // wait's token read after our write (a token stored by a resumed AwaitWrapUp just before it).
  const [, , latest] = await Promise.all([
    entry.operatorId !== "none" ? Presence.release(entry.operatorId, callIdOf(list.listId, entry.entryId, entry.attempts)) : undefined,
    dispositionEffects(list, entry, disposition, callbackAt, note, false),
    loadEntry(entry.listId, entry.entryId),
  ]);
  await completeWaits([entry.wrapUpToken, latest?.wrapUpToken], { wrappedUp: true });
  return true;
}

// ---------------------------------------------------------------- the operator's screen

/** The answered call waiting for this operator, if any (one Query on a sparse index). */
export async function activeCallFor(operatorId: string) {
  const actor = useActor();
  if (actor.type === "user" && actor.userId !== operatorId) throw new ForbiddenError("Only your own calls.");
  const { service } = useStorage();
  const result = await service.entities.callEntry.query.awaitingOperator({ operatorId }).go({ limit: 1 });
  const entry = result.data[0] as CallEntry | undefined;
  if (!entry) return undefined;
  const list = await loadList(entry.listId);
  return { entry, list };
}

/**
 * What the operator's console pops: the answered call, the card of whom it calls (a contact, or
 * a company for a company's own phone) and the list's progress. The operator may see this card
 * because it is in their call list.
 */
export async function activeCall() {
  const actor = useActor();
  if (actor.type !== "user") throw new ForbiddenError("Only operators have calls.");
  const active = await activeCallFor(actor.userId);
  if (!active?.list) return undefined;
  let subject = subjectOf(active.entry);
  const asPop = <T>(read: () => Promise<T>) => withActor({ type: "system", reason: "operator card pop" }, read).catch(() => undefined);
  const [listedContact, company] = await Promise.all([
    subject.kind === "contact" ? asPop(() => Contacts.get(subject.id)) : undefined,
    subject.kind === "company" ? asPop(() => Companies.get(subject.id)) : undefined,
  ]);
  let contact = listedContact;
  if (subject.kind === "contact" && !contact) {
    // Merged while it was on the list: the person's card is the contact it was merged into.
    const survivor = await currentSubject(subject);
    if (survivor.id !== subject.id) {
      subject = survivor;
      contact = await asPop(() => Contacts.get(survivor.id));
    }
  }
  const { stats, ...list } = presentList(active.list);
  // The pop's timers: on-call since (talk), wrap-up ends at (countdown). Read only when a call is here.
  const presence = await Presence.getOwn();
  return {
    entry: presentEntry(active.entry),
    subject,
    contact: contact ?? null,
    company: company ?? null,
    summary: contact ? contactSummary(contact) : company ? companySummary(company) : null,
    list: { listId: list.listId, name: list.name, status: list.status, script: list.settings.script ?? null, wrapUpTimeoutSeconds: list.settings.wrapUpTimeoutSeconds },
    progress: { done: stats.done, total: stats.total, answered: stats.answered, answeredPercent: stats.answeredPercent },
    presence: { state: presence.state, since: presence.since, ...(presence.wrapUpEndsAt ? { wrapUpEndsAt: presence.wrapUpEndsAt } : {}) },
  };
}
