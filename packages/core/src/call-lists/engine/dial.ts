import { placeCallWithRetry } from "../../telephony/retry";
import { now } from "../../runtime/clock";
import { useStorage } from "../../storage";
import { isConditionFailure } from "../../storage/transaction";
import { Settings } from "../../settings";
import { loadList } from "../access";
import { logListCall, logPlaced } from "../call-log";
import { useCallListPorts } from "../ports";
import { countMetric, log, MetricName } from "../../runtime/observability";
import { loadEntry } from "./entries";
import { recordOutcome } from "./outcomes";

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
