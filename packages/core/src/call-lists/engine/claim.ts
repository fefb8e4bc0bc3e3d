import { now, nowMs } from "../../runtime/clock";
import { useStorage } from "../../storage";
import { committed } from "../../storage/transaction";
import { Presence } from "../../presence";
import { currentUser } from "../../users/current";
import { type SkipReason } from "../call-entry.entity";
import { loadList } from "../access";
import type { CallEntry, StoredCallList } from "../model";
import { insideWindow, nextWindowOpening } from "../call-window";
import { deletedReason, loadDialableSubject, noteOnCard, subjectOf } from "../contact-bridge";
import { callIdOf } from "../keys";
import { useCallListPorts } from "../ports";
import { metrics, MetricName } from "../../runtime/observability";
import { entryUpdate, ifStill, listRef, loadEntry, move } from "./entries";
import { type LineInput, loadLine, releaseLine, sweepLines } from "./lines";

/** Seconds a line waits before looking for a ready operator again. */
const OPERATOR_WAIT_SECONDS = 2;

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
      // The counters, not the Query above, say nothing is left: a verdict (a call-back) or an
      // outcome (a retry) committed since that Query put an entry back on the due index.
      .where(
        ({ runId, status, currentEntryId, dialing, answered, pending, retryScheduled }, { eq, notExists }) =>
          `${eq(runId, input.runId)} AND ${eq(status, "running")} AND ${notExists(currentEntryId)} AND ${eq(dialing, 0)} AND ${eq(answered, 0)} AND ${eq(pending, 0)} AND ${eq(retryScheduled, 0)}`,
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
