import { Calls, type CallPatch, type CallRecord } from "../calls";
import { useStorage } from "../storage";
import { Timeline } from "../timeline";
import type { SubjectKind } from "./call-entry.entity";
import { callIdOf } from "./keys";

/**
 * What the engine writes to the call log (calls/) and to a call's timeline activity. Every event
 * of a list call carries the `begin` fields, so whichever arrives first (after a crash, or an
 * attempt claimed before the log existed) creates the record and the others fill it in.
 */

/** The attempt fields the log needs (the engine's callAttempt row). */
export interface LoggedAttempt {
  listId: string;
  entryId: string;
  attempt: number;
  phone: string;
  subjectKind?: SubjectKind;
  operatorId?: string;
  subjectName?: string;
  dialStartedAt?: string;
  createdAt: string;
  providerCallId?: string;
  callActivity?: string;
  callEndedAt?: string;
  talkSeconds?: number;
  ringSeconds?: number;
}

/** The record's fixed part, the same from every event (placedAt: when the first Dial began). */
export function listCallOf(attempt: LoggedAttempt): CallRecord {
  const company = attempt.subjectKind === "company";
  return {
    callId: callIdOf(attempt.listId, attempt.entryId, attempt.attempt),
    source: "list",
    direction: "outbound",
    number: attempt.phone,
    ...(company ? { companyId: attempt.entryId } : { contactId: attempt.entryId }),
    ...(attempt.subjectName ? { subjectName: attempt.subjectName } : {}),
    ...(attempt.operatorId && attempt.operatorId !== "none" ? { operatorId: attempt.operatorId } : {}),
    listId: attempt.listId,
    entryId: attempt.entryId,
    attempt: attempt.attempt,
    placedAt: attempt.dialStartedAt ?? attempt.createdAt,
  };
}

/** The call is being placed: its record begins (a repeat after a crash changes nothing). */
export async function logPlaced(attempt: LoggedAttempt): Promise<void> {
  await Calls.begin(listCallOf(attempt));
}

/** Fills in the record (creating it if this event came first). */
export async function logListCall(attempt: LoggedAttempt, patch: CallPatch): Promise<void> {
  const record = listCallOf(attempt);
  await Calls.update(record.callId, { ...record, ...patch });
}

const refText = (ref: Timeline.CallActivityRef) => `${ref.kind}:${ref.id}:${ref.activityId}`;
function parseRef(text: string | undefined): Timeline.CallActivityRef | undefined {
  const [kind, id, activityId] = (text ?? "").split(":");
  if ((kind !== "contact" && kind !== "company") || !id || !activityId) return undefined;
  return { kind, id, activityId };
}

/** Talk and ring seconds for the activity, from the attempt's end (phase "ended"). */
const endDetails = (attempt: LoggedAttempt) => ({
  ...(attempt.talkSeconds !== undefined ? { talkSeconds: attempt.talkSeconds, durationSeconds: attempt.talkSeconds } : {}),
  ...(attempt.ringSeconds !== undefined ? { ringSeconds: attempt.ringSeconds } : {}),
});

/**
 * The answered call's activity was written: remember where, and if the call already ended
 * (its "ended" came first), add the talk time now. Whichever of this and `activityAfterEnd`
 * runs second sees the other's write, so the activity gets its seconds exactly when both are in.
 */
export async function rememberCallActivity(key: { listId: string; entryId: string; attempt: number }, ref: Timeline.CallActivityRef | undefined): Promise<void> {
  if (!ref) return;
  const { data } = await useStorage().service.entities.callAttempt.patch(key).set({ callActivity: refText(ref) }).go({ response: "all_new" });
  if (data.callEndedAt) await Timeline.amendCall(ref, endDetails(data as LoggedAttempt));
}

/** The call ended (the attempt row as written by the end): its activity gets the talk time, if written yet. */
export async function activityAfterEnd(attempt: LoggedAttempt): Promise<void> {
  const ref = parseRef(attempt.callActivity);
  if (ref) await Timeline.amendCall(ref, endDetails(attempt));
}
