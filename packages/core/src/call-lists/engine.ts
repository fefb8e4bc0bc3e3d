import type { CallEvent, CallOutcome } from "../telephony/port";
import { placeCallWithRetry } from "../telephony/retry";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { useActor, withActor } from "../actor";
import { Companies } from "../companies";
import { Contacts } from "../contacts";
import { now, nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import { committed, isConditionFailure, retryTransactionConflicts } from "../storage/transaction";
import { roleHas } from "../users/roles";
import { currentUser } from "../users/current";
import { ulid } from "ulid";
import * as v from "valibot";
import { parse } from "../validation";
import type { CallListCounter } from "./call-list.entity";
import { dispositions, type Disposition, type EntryStatus, type SkipReason, type SubjectKind } from "./call-entry.entity";
import { canSeeList, loadList, presentEntry, presentList, type CallEntry, type StoredCallList } from "./call-lists";
import { insideWindow, nextWindowOpening } from "./call-window";
import { currentSubject, deletedReason, loadDialableSubject, markDoNotCall, noteOnCard, subjectOf } from "./contact-bridge";
import { callIdOf, parseCallId } from "./keys";
import { useCallListPorts, type EngineInput } from "./ports";
import { retryDelayMinutes } from "./settings";

/**
 * The step handlers of the call-list state machine (infra/dialer-definition.ts). Each is safe to
 * run twice and after a crash: every transition is a conditional write on the entry's status,
 * so whoever comes second finds the work done and moves on.
 */

export type ClaimResult =
  | (EngineInput & { action: "dial"; entryId: string; attempt: number; callId: string; dialTimeoutSeconds: number; wrapUpTimeoutSeconds: number })
  | (EngineInput & { action: "wrapup"; entryId: string; wrapUpTimeoutSeconds: number })
  | (EngineInput & { action: "wait"; waitSeconds: number })
  | (EngineInput & { action: "handover"; nextRunId: string })
  | (EngineInput & { action: "stop"; reason: string });

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

const outcomeText: Record<Exclude<CallOutcome, "answered">, string> = {
  "no-answer": "Unanswered call",
  busy: "Line busy",
  failed: "Call failed",
  machine: "Answering machine",
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

// ---------------------------------------------------------------- ClaimNext

export async function claimNext(input: EngineInput): Promise<ClaimResult> {
  const list = await loadList(input.listId);
  if (!list) return { ...input, action: "stop", reason: "list-missing" };
  if (list.runId !== input.runId) return { ...input, action: "stop", reason: "superseded" };
  if (list.status !== "running") return { ...input, action: "stop", reason: list.status };

  // A crash (or a lost callback) left an entry mid-call: finish it before anything else.
  if (list.currentEntryId) {
    const current = await loadEntry(list.listId, list.currentEntryId);
    if (current?.status === "dialing") {
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
    if (current?.status === "answered") {
      return { ...input, action: "wrapup", entryId: current.entryId, wrapUpTimeoutSeconds: list.settings.wrapUpTimeoutSeconds };
    }
    await releaseCurrent(list, list.currentEntryId);
  }

  if (input.handled >= list.settings.entriesPerExecution) return handOver(list, input);

  const { service } = useStorage();
  let operator: PickedOperator | undefined;
  for (let examined = 0; examined < MAX_ENTRIES_PER_CLAIM; examined++) {
    const at = now();
    const due = await service.entities.callEntry.query
      .due({ listId: list.listId })
      .lt({ dueAt: new Date(at.getTime() + 1).toISOString() })
      .go({ limit: 1 });
    const entry = due.data[0] as CallEntry | undefined;
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
    // Asked only when there is someone to dial: a list whose operators left can still finish.
    operator ??= await nextActiveOperator(list);
    if (!operator) return pauseWithoutOperators(list, input);
    const claimed = await claim(list, entry, input, operator);
    if (claimed) return claimed;
  }
  return { ...input, action: "wait", waitSeconds: 1 };
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

const skipText = (reason: SkipReason, kind: SubjectKind): string =>
  ({
    "do-not-call": `the ${kind} asked not to be called`,
    "blocked-number": "the number is on the organization's do-not-call list",
    "no-phone": `the ${kind} has no phone number`,
    "invalid-number": `the number is no longer on the ${kind}`,
    "contact-deleted": "the contact was deleted",
    "company-deleted": "the company was deleted",
    cancelled: "the list was cancelled",
    "merged-duplicate": "the contact was merged into one already on this list",
  })[reason];

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
    await noteOnCard(subject, { kind: "note", text: `Not called (call list «${list.name}»): ${skipText(reason, subject.kind)}.` });
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

interface PickedOperator {
  operatorId: string;
  /** How far round-robin moves: 1, plus one per deactivated operator passed over. */
  advance: number;
}

/**
 * Round-robin over the list's operators, passing over anyone deactivated since the list was
 * made (the users table says who is active; read through the per-process user cache).
 */
async function nextActiveOperator(list: StoredCallList): Promise<PickedOperator | undefined> {
  const count = list.operatorIds.length;
  for (let offset = 0; offset < count; offset++) {
    const operatorId = list.operatorIds[(list.assignments + offset) % count]!;
    if (await currentUser(operatorId)) return { operatorId, advance: offset + 1 };
  }
  return undefined;
}

/** No active operator is left to take an answered call: stop dialing and say why on the list. */
async function pauseWithoutOperators(list: StoredCallList, input: EngineInput): Promise<ClaimResult> {
  const { service } = useStorage();
  await ifStill(() =>
    service.entities.callList
      .patch({ listId: list.listId })
      .set({ status: "paused", pausedReason: "no-active-operator", updatedAt: now().toISOString() })
      .add({ version: 1 })
      .where(({ runId, status }, { eq }) => `${eq(runId, input.runId)} AND ${eq(status, "running")}`)
      .go(),
  );
  return { ...input, action: "stop", reason: "no-active-operator" };
}

async function claim(list: StoredCallList, entry: CallEntry, input: EngineInput, operator: PickedOperator): Promise<ClaimResult | undefined> {
  const attempt = entry.attempts + 1;
  const callId = callIdOf(list.listId, entry.entryId, attempt);
  const { operatorId } = operator;
  const timestamp = now().toISOString();
  const { service } = useStorage();
  const claimed = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callEntry, callList, callAttempt }) => [
          entryUpdate(callEntry, entry, { status: "dialing", attempts: attempt, operatorId })
            .where(({ status, dueAt }, { eq }) => `${eq(status, entry.status)} AND ${eq(dueAt, entry.dueAt)}`)
            .commit(),
          callList
            .patch({ listId: list.listId })
            .set({ currentEntryId: entry.entryId })
            .add({ ...move(entry.status, "dialing", { attempts: 1 }), assignments: operator.advance })
            .where(({ runId, status, currentEntryId }, { eq, notExists }) => `${eq(runId, input.runId)} AND ${eq(status, "running")} AND ${notExists(currentEntryId)}`)
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
              createdAt: timestamp,
            })
            .commit(),
        ])
        .go(),
    ),
  );
  if (!claimed) return undefined;
  return {
    listId: input.listId,
    runId: input.runId,
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

async function waitOrFinish(list: StoredCallList, input: EngineInput): Promise<ClaimResult> {
  const { service } = useStorage();
  const later = await service.entities.callEntry.query.due({ listId: list.listId }).go({ limit: 1 });
  const next = later.data[0];
  if (next) {
    const seconds = Math.ceil((new Date(next.dueAt).getTime() - nowMs()) / 1000);
    return { ...input, action: "wait", waitSeconds: Math.min(Math.max(seconds, 1), MAX_WAIT_SECONDS) };
  }
  await ifStill(() =>
    service.entities.callList
      .patch({ listId: list.listId })
      .set({ status: "done", updatedAt: now().toISOString() })
      .add({ version: 1 })
      .where(({ runId, status, currentEntryId }, { eq, notExists }) => `${eq(runId, input.runId)} AND ${eq(status, "running")} AND ${notExists(currentEntryId)}`)
      .go(),
  );
  return { ...input, action: "stop", reason: "done" };
}

async function handOver(list: StoredCallList, input: EngineInput): Promise<ClaimResult> {
  const nextRunId = ulid();
  const { service } = useStorage();
  const handed = await ifStill(() =>
    service.entities.callList
      .patch({ listId: list.listId })
      .set({ runId: nextRunId })
      .where(({ runId, status }, { eq }) => `${eq(runId, input.runId)} AND ${eq(status, "running")}`)
      .go(),
  );
  if (!handed) return { ...input, action: "stop", reason: "superseded" };
  return { ...input, action: "handover", nextRunId };
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

  const list = await loadList(input.listId);
  try {
    // An earlier Dial step of this attempt died between placing and storing the provider's ID.
    const resumed = attempt.dialStartedAt !== undefined && attempt.dialStartedAt !== startedAt;
    const placed = await placeCallWithRetry(
      telephony,
      {
        callId: input.callId,
        to: attempt.phone,
        ringTimeoutSeconds: list?.settings.ringTimeoutSeconds ?? 30,
        ...(resumed ? { resumedSince: Date.parse(attempt.dialStartedAt!) } : {}),
      },
      placeRetry,
    );
    await service.entities.callAttempt.patch(key).set({ providerCallId: placed.providerCallId, placedAt: now().toISOString() }).go();
  } catch (error) {
    await recordOutcome({ callId: input.callId, outcome: "failed", detail: `provider error: ${(error as Error).message}`.slice(0, 300) });
  }
}

/** Provider 5xx or timeout: retried with backoff under the same call ID (so never two rings). */
const placeRetry = { attempts: 4, backoffMs: 200 };

// ---------------------------------------------------------------- outcomes

/**
 * The telephony sink: a verified provider event. Duplicates, late repeats and events for calls we
 * never made are ignored; the first outcome for an attempt wins.
 */
export async function onCallEvent(event: CallEvent): Promise<void> {
  if (!event.outcome) return;
  await recordOutcome({ callId: event.callId, outcome: event.outcome, providerCallId: event.providerCallId });
}

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

  const of = `attempt ${ids.attempt} of ${list.settings.maxAttempts}`;
  await noteOnCard(subjectOf(entry), {
    kind: "call",
    listId: list.listId,
    listName: list.name,
    outcome: input.outcome,
    attempt: ids.attempt,
    maxAttempts: list.settings.maxAttempts,
    phone: attempt.phone,
    text: answered
      ? `Call answered (call list «${list.name}», ${of})`
      : `${outcomeText[input.outcome as Exclude<CallOutcome, "answered">]} (call list «${list.name}», ${of})` +
        (retryAt ? "" : ": not reached, no attempts left"),
  });

  // Read the token after our write: a Dial resumed after a crash may have stored a new one just
  // before it (its write is conditional on no outcome, so it cannot come after).
  await completeWaits([attempt.taskToken, (await service.entities.callAttempt.get(key).go()).data?.taskToken], { outcome: input.outcome });
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

const dispositionText: Record<Disposition, string> = {
  interested: "Interested",
  "call-back": "Call back",
  "not-interested": "Not interested",
  "wrong-number": "Wrong number",
  "do-not-call": "Do not call",
  "no-disposition": "No disposition (wrap-up timed out)",
};

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
  if (entry.status !== "answered") throw new ConflictError("This call is not waiting for a disposition.");
  if (actor.type === "user" && entry.operatorId !== actor.userId && !roleHas(actor.role, "callLists:readAll")) {
    throw new ForbiddenError("This call was given to another operator.");
  }
  const done = await finishWrapUp(list, entry, parsed.disposition, parsed.callbackAt, parsed.note);
  if (!done) throw new ConflictError("This call was already wrapped up.");
  return { disposition: parsed.disposition };
}

/** The wrap-up wait timed out: close it without a verdict so the list goes on. */
export async function wrapUpTimedOut(input: { listId: string; entryId: string }): Promise<void> {
  const list = await loadList(input.listId);
  const entry = list ? await loadEntry(input.listId, input.entryId) : undefined;
  if (list && entry) await finishWrapUp(list, entry, "no-disposition");
}

async function finishWrapUp(list: StoredCallList, entry: CallEntry, disposition: Disposition, callbackAt?: string, note?: string): Promise<boolean> {
  if (entry.status !== "answered") return false;
  const { service } = useStorage();
  const callBack = disposition === "call-back" && callbackAt;
  const nextStatus: EntryStatus = callBack ? "retry-scheduled" : "wrapped-up";
  const finished = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callEntry, callList, callListOperator }) => [
          entryUpdate(callEntry, entry, { status: nextStatus, disposition, ...(callBack ? { dueAt: callbackAt, callbackAt } : {}) })
            .where(({ status }, { eq }) => eq(status, "answered"))
            .commit(),
          callList
            .patch({ listId: list.listId })
            .remove(["currentEntryId"])
            .add(move("answered", nextStatus))
            .where(({ currentEntryId }, { eq }) => eq(currentEntryId, entry.entryId))
            .commit(),
          ...(callBack ? [] : [callListOperator.patch({ listId: list.listId, operatorId: entry.operatorId }).add({ wrappedUp: 1 }).commit()]),
        ])
        .go(),
    ),
  );
  if (!finished) return false;
  if (disposition === "do-not-call") await markDoNotCall(subjectOf(entry), entry.phone, `Asked not to be called (call list «${list.name}»)`);
  await noteOnCard(subjectOf(entry), {
    kind: "note",
    text:
      `${dispositionText[disposition]} (call list «${list.name}»)` +
      (callBack ? `: call back at ${callbackAt}` : "") +
      (note ? `. ${note}` : ""),
  });
  // As with outcomes: the wait's token is read after our write, so a token stored by a resumed
  // AwaitWrapUp just before it is the one completed.
  await completeWaits([entry.wrapUpToken, (await loadEntry(entry.listId, entry.entryId))?.wrapUpToken], { wrappedUp: true });
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
  return {
    entry: presentEntry(active.entry),
    subject,
    contact: contact ?? null,
    company: company ?? null,
    list: { listId: list.listId, name: list.name, status: list.status },
    progress: { done: stats.done, total: stats.total, answered: stats.answered, answeredPercent: stats.answeredPercent },
  };
}
