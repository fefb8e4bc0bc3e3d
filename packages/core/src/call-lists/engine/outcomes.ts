import type { CallEvent, CallOutcome } from "../../telephony/port";
import { now, nowMs } from "../../runtime/clock";
import { useStorage } from "../../storage";
import { committed, isConditionFailure } from "../../storage/transaction";
import { Presence } from "../../presence";
import type { CallListCounter } from "../call-list.entity";
import { type EntryStatus } from "../call-entry.entity";
import { loadList } from "../access";
import { noteOnCard, subjectOf } from "../contact-bridge";
import { activityAfterEnd, logListCall, rememberCallActivity } from "../call-log";
import { parseCallId } from "../keys";
import { useCallListPorts } from "../ports";
import { retryDelayMinutes } from "../settings";
import { countMetric, log, metrics, MetricName } from "../../runtime/observability";
import { completeWaits, entryUpdate, ifStill, listRef, loadEntry, move } from "./entries";

const outcomeCounter: Record<CallOutcome, CallListCounter> = {
  answered: "outcomeAnswered",
  "no-answer": "outcomeNoAnswer",
  busy: "outcomeBusy",
  failed: "outcomeFailed",
  machine: "outcomeMachine",
};

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
