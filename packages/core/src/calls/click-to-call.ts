import { ulid } from "ulid";
import { useActor, withActor, type Actor } from "../actor";
import { insideWindow, nextWindowOpening, timeZonesFor } from "../call-lists/call-window";
import { loadDialableCompanies, loadDialableContacts } from "../call-lists/contact-bridge";
import { defaultSettings } from "../call-lists/settings";
import { canSeeCompany } from "../companies/access";
import { contactAccess } from "../contacts/access";
import { ConflictWithDetailsError, ForbiddenError, NotFoundError, UnavailableError, ValidationError } from "../errors";
import { present as presentPresence, release, markOnCall, rowOf as presenceRowOf } from "../presence/presence";
import { now, nowMs } from "../runtime/clock";
import { log } from "../runtime/observability";
import { Settings } from "../settings";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { isManualCallId, MANUAL_CALL_PREFIX, useTelephony, type CallEvent, type CallOutcome } from "../telephony";
import { noted, Timeline } from "../timeline";
import { parse } from "../validation";
import * as Calls from "./calls";
import type { CallRecord } from "./record";
export { refusalReasons } from "./schemas";
import { refusalReasons } from "./schemas";
export { ClickToCallInput } from "./schemas";
import { ClickToCallInput } from "./schemas";

/**
 * Click-to-call: a user calls a phone of a contact's or a company's card (docs/telephony.md,
 * "Click-to-call"). The call goes through the telephony port like a list call and is put through
 * to the user's softphone (or their own phone); it is one record of the call log (source
 * "manual") and one call activity on the card's timeline, written when it ends, with its length.
 * The user is on-call (presence) while it lasts, so no call list reserves them meanwhile.
 */

export type ClickToCallSubject = { contactId: string } | { companyId: string };

export type RefusalReason = (typeof refusalReasons)[number];
export const CALL_REFUSED = "https://callboard.dev/problems/call-refused";

const refuse = (reason: RefusalReason, message: string, extra: Record<string, unknown> = {}) => new ConflictWithDetailsError(message, CALL_REFUSED, { reason, ...extra });

/** How long the callee's phone rings before the call ends unanswered. */
export const MANUAL_RING_TIMEOUT_SECONDS = 30;

const digitsOf = (phone: string) => phone.replace(/[^\d+]/g, "");

interface Callee {
  subject: { contactId: string } | { companyId: string };
  name: string;
  phones: string[];
  doNotCall: boolean;
  timeZone?: string;
}

/** The card, if the user may see it; missing, deleted and invisible all read "not found". */
async function calleeOf(actor: Actor, subject: ClickToCallSubject): Promise<Callee> {
  if ("contactId" in subject) {
    const contact = (await loadDialableContacts([subject.contactId])).get(subject.contactId);
    if (!contact || contact.deleted || !(await contactAccess(actor, contact, "read")).read) throw new NotFoundError("Contact");
    return { subject: { contactId: contact.contactId }, name: contact.displayName, phones: contact.phones, doNotCall: contact.doNotCall, ...(contact.timeZone ? { timeZone: contact.timeZone } : {}) };
  }
  const company = (await loadDialableCompanies([subject.companyId])).get(subject.companyId);
  if (!company || company.deleted || !canSeeCompany(actor, company)) throw new NotFoundError("Company");
  return { subject: { companyId: company.id }, name: company.displayName, phones: company.phones, doNotCall: false };
}

/**
 * Places the call. Refuses (409 with `reason`) a do-not-call contact, a blocked number, a time
 * outside the number's call window (unless `overrideCallWindow`, which is then logged), a user
 * with no softphone open, `via: "phone"` without their own number, and a user already on a call.
 */
export async function place(subject: ClickToCallSubject, input: ClickToCallInput): Promise<CallRecord> {
  const actor = useActor();
  if (actor.type !== "user") throw new ForbiddenError("Only people place calls.");
  const callee = await calleeOf(actor, subject);
  const parsed = parse(ClickToCallInput, input);
  const number = callee.phones.find((phone) => phone === parsed.phone || digitsOf(phone) === digitsOf(parsed.phone));
  if (!number) throw new ValidationError([{ field: "phone", message: "This number is not on the card: call one of its phones." }]);

  const { service } = useStorage();
  if (callee.doNotCall) throw refuse("do-not-call", "This contact asked not to be called.");
  if ((await service.entities.blockedNumber.get({ phone: number }).go()).data) throw refuse("blocked", "This number is on the organization's blocked numbers.");

  // The same rule as the lists: inside the window in every zone the callee may be in.
  const at = now();
  const window = defaultSettings().callWindow;
  const zones = await timeZonesFor(callee.timeZone, number);
  const outsideWindow = !insideWindow(at, zones, window);
  if (outsideWindow && !parsed.overrideCallWindow) {
    const opensAt = nextWindowOpening(at, zones, window);
    throw refuse("outside-call-window", `It is outside this number's call window (${window.start}–${window.end} local time${zones.length ? `, ${zones.join(", ")}` : ""}). Call anyway only if they expect it.`, {
      window,
      timeZones: zones,
      ...(opensAt ? { opensAt: opensAt.toISOString() } : {}),
    });
  }

  const presence = await presenceRowOf(actor.userId);
  let ownPhone: string | undefined;
  if (parsed.via === "phone") {
    const user = (await service.entities.user.get({ userId: actor.userId }).go({ attributes: ["userId", "phone"] })).data as { phone?: string } | null;
    ownPhone = user?.phone;
    if (!ownPhone) throw refuse("no-own-phone", "You have no phone of your own set: add it under \u201cCalls to\u201d in the operator bar, or call through the softphone.");
  } else if (presentPresence(presence, actor.userId).state === "offline") {
    // Offline: no console heartbeat in the last 30 s, or never said ready or paused (the same
    // "signed in" the lists go by; it also means the state to return to after the call is known).
    throw refuse("no-softphone", "You are not signed in to the softphone: open the console, allow the microphone and set yourself Ready or Paused in the operator bar, or call through your own phone.");
  }

  const callId = `${MANUAL_CALL_PREFIX}${ulid()}`;
  // On-call before the phone rings: a list that reserves this user meanwhile must not win.
  const onCall = (await markOnCall(actor.userId, { callId })) || ((await settleLostCall(actor.userId)) && (await markOnCall(actor.userId, { callId })));
  if (!onCall) throw refuse("operator-busy", "You are already on a call: finish it first.");

  const telephony = useTelephony();
  const record: CallRecord = {
    callId,
    source: "manual",
    direction: "outbound",
    number,
    ...callee.subject,
    subjectName: callee.name,
    operatorId: actor.userId,
    placedAt: at.toISOString(),
    ...(outsideWindow ? { callWindowOverride: true } : {}),
    provider: telephony.name,
  };
  try {
    await Calls.begin(record);
    // Manual calls are recorded per the organization's default (recordings/, docs/telephony.md).
    const { companyName, recordingDefault, recordingAnnouncement } = await Settings.cached();
    const placed = await telephony.placeCall({
      callId,
      to: number,
      ringTimeoutSeconds: MANUAL_RING_TIMEOUT_SECONDS,
      connectTo: { userId: actor.userId, ...(ownPhone ? { phone: ownPhone } : {}) },
      manual: { subjectName: callee.name, ...callee.subject },
      ...(companyName ? { companyName } : {}),
      ...(recordingDefault ? { record: recordingAnnouncement ? { announcement: recordingAnnouncement } : {} } : {}),
    });
    await Calls.update(callId, { providerCallId: placed.providerCallId });
    return { ...record, providerCallId: placed.providerCallId };
  } catch (error) {
    log.warn("click-to-call: the call could not be placed", { callId, error });
    await withActor({ type: "system", reason: "click-to-call" }, () => finish(callId, { outcome: "failed", endedAt: now().toISOString(), talkSeconds: 0 })).catch(() => undefined);
    throw new UnavailableError("The phone provider did not take the call just now; try again in a moment.");
  }
}

/**
 * A manual call the user still holds whose end never reached us (a lost callback): settled from
 * what the provider says, so the user is not left on-call for good. Only a call that is over or
 * rang past its timeout unanswered; one the provider says was answered may still be talking.
 * True when it freed the user.
 */
async function settleLostCall(userId: string): Promise<boolean> {
  const row = await presenceRowOf(userId);
  if (!row?.callId || !isManualCallId(row.callId) || row.state !== "on-call") return false;
  const record = await Calls.load(row.callId);
  if (!record || record.endedAt) return release(userId, row.callId);
  if (record.answeredAt || nowMs() - Date.parse(record.placedAt) < (MANUAL_RING_TIMEOUT_SECONDS + 60) * 1000) return false;
  const status = record.providerCallId ? await useTelephony().getCall(record.providerCallId).catch(() => undefined) : undefined;
  if (status?.outcome === "answered") return false;
  log.warn("click-to-call: settled a call whose end never arrived", { callId: record.callId, outcome: status?.outcome });
  await finish(record.callId, { outcome: status?.outcome ?? "no-answer", endedAt: now().toISOString(), talkSeconds: 0 });
  return true;
}

/**
 * The call is over: its record says how (once: the first end wins, repeats and late events change
 * nothing), the card's timeline gets the call activity, and the user is back to what they were
 * doing (ready, or paused with the same reason).
 */
async function finish(callId: string, end: { outcome?: CallOutcome; endedAt: string; talkSeconds?: number; ringSeconds?: number; abandoned?: boolean }): Promise<void> {
  const { service } = useStorage();
  const current = await Calls.load(callId);
  if (!current) return;
  const outcome = end.outcome ?? current.outcome ?? "answered";
  const talkSeconds = end.talkSeconds ?? 0;
  try {
    await service.entities.call
      .patch({ callId })
      .set({
        endedAt: end.endedAt,
        outcome,
        talkSeconds,
        ...(end.ringSeconds !== undefined ? { ringSeconds: end.ringSeconds } : {}),
        ...(end.abandoned ? { abandoned: true } : {}),
      })
      .where(({ endedAt }, { notExists }) => notExists(endedAt))
      .go({ response: "none" });
  } catch (error) {
    if (isConditionFailure(error)) return; // ended already
    throw error;
  }
  if (current.operatorId) await release(current.operatorId, callId);
  await noteOnCard({ ...current, outcome, talkSeconds, ...(end.ringSeconds !== undefined ? { ringSeconds: end.ringSeconds } : {}) });
}

/** The call activity on the card, like a list call's, with how long they talked. */
async function noteOnCard(call: CallRecord & { outcome: CallOutcome; talkSeconds: number }): Promise<void> {
  const input = {
    kind: "call" as const,
    ...noted({ kind: "outgoing-call", values: { phone: call.number, outcome: call.outcome, talkSeconds: call.talkSeconds, outsideCallWindow: Boolean(call.callWindowOverride) } }),
    call: {
      outcome: call.outcome,
      direction: "outbound" as const,
      durationSeconds: call.talkSeconds,
      phone: call.number,
      // The call log's record: the card's Calls filter opens it (and its recording).
      callId: call.callId,
      talkSeconds: call.talkSeconds,
      ...(call.ringSeconds !== undefined ? { ringSeconds: call.ringSeconds } : {}),
      ...(call.operatorId ? { operatorId: call.operatorId } : {}),
    },
  };
  await withActor({ type: "system", reason: "click-to-call" }, async () => {
    try {
      if (call.contactId) await Timeline.record(call.contactId, input);
      else if (call.companyId) await Timeline.recordForCompany(call.companyId, input);
    } catch (error) {
      // Deleted meanwhile: the call log keeps the call.
      if ((error as Error).name !== "NotFoundError") throw error;
    }
  });
}

/**
 * Telephony events of manual calls (routed here by their call ID, never to the call-list engine):
 * answered, connected, and the end with talk seconds. Idempotent: duplicates and late events
 * change nothing twice; events for unknown calls are ignored.
 */
export async function onCallEvent(event: CallEvent): Promise<void> {
  if (event.outcome === "answered") {
    const current = await Calls.load(event.callId);
    if (!current || current.answeredAt) return;
    const ringSeconds = Math.max(0, Math.round((Date.parse(event.occurredAt) - Date.parse(current.placedAt)) / 1000));
    await Calls.update(event.callId, { answeredAt: event.occurredAt, outcome: "answered", ...(current.ringSeconds === undefined ? { ringSeconds } : {}) });
    return;
  }
  if (event.outcome) {
    // Busy, no answer, failed, a machine: over without a conversation.
    await finish(event.callId, { outcome: event.outcome, endedAt: event.occurredAt, talkSeconds: 0 });
    return;
  }
  if (event.phase === "connected") {
    const current = await Calls.load(event.callId);
    if (!current || current.connectedAt || current.endedAt) return;
    await Calls.update(event.callId, { connectedAt: event.occurredAt });
    return;
  }
  if (event.phase === "ended") {
    await finish(event.callId, {
      outcome: "answered",
      endedAt: event.occurredAt,
      talkSeconds: event.talkSeconds ?? 0,
      ...(event.ringSeconds !== undefined ? { ringSeconds: event.ringSeconds } : {}),
      ...(event.abandoned ? { abandoned: true } : {}),
    });
  }
}
