import { withActor, useActor } from "../actor";
import { Calls } from "../calls";
import { Contacts } from "../contacts";
import { normalizePhone } from "../contacts/phone";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { nowMs } from "../runtime/clock";
import { Presence } from "../presence";
import { Settings } from "../settings";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { ulid } from "ulid";
import { noted, Timeline } from "../timeline";
import { claim } from "./idempotency";
import { NOT_POPPED } from "./inbound-call.entity";
import { matchContact, matchOrCreate } from "./matching";
import { routeFor } from "./settings";

import type { InboundCallEvent } from "../telephony/webhooks";

type StoredCall = {
  provider: string;
  providerCallId: string;
  from: string;
  to: string;
  contactId: string;
  contactName?: string;
  operatorId?: string;
  status: "ringing" | "answered" | "completed" | "missed";
  startedAt: string;
  answeredAt?: string;
  endedAt?: string;
  durationSeconds?: number;
  popFor: string;
  revision?: number;
  createsContact?: boolean;
  expiresAt?: number;
};

const rank = { ringing: 0, answered: 1, completed: 2, missed: 2 } as const;
const KEEP_SECONDS = 30 * 24 * 60 * 60;
/** A manager whose console polled within this long is "there" and gets their own callers. */
export const ONLINE_WITHIN_MS = 90_000;

const e164 = (value: string, field: string) => {
  const phone = normalizePhone(value);
  if (!phone.ok) throw new ValidationError([{ field, message: phone.message }]);
  return phone.e164;
};

async function isOnline(userId: string, at: number): Promise<boolean> {
  const seen = await Presence.seenAt(userId);
  return seen !== undefined && at - seen <= ONLINE_WITHIN_MS;
}

/**
 * Who sees the card: the contact's responsible manager when their console is open, else the
 * user the called number routes to.
 */
async function operatorFor(ownerId: string | undefined, routedTo: string | undefined, at: number): Promise<string | undefined> {
  if (ownerId && (await isOnline(ownerId, at))) return ownerId;
  return routedTo ?? ownerId;
}

/**
 * An inbound-call event: the first one matches the caller (or creates "New contact by call from
 * +…"), an answered one pops the card, the final one (answered and ended, or missed) goes on the
 * contact's timeline exactly once. Repeats and late, out-of-order events change nothing.
 * Simultaneous events of one call are serialized by the row's revision: the loser reads again
 * and applies its event on top, so no field is lost and the caller's contact is created once.
 */
export async function receiveInboundCall(event: InboundCallEvent): Promise<void> {
  const from = e164(event.from, "From");
  const to = normalizePhone(event.to).ok ? (normalizePhone(event.to) as { e164: string }).e164 : event.to;
  await withActor({ type: "system", reason: "inbound call" }, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await applyInboundEvent(event, from, to);
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= 10) throw error;
      }
    }
  });
}

async function applyInboundEvent(event: InboundCallEvent, from: string, to: string): Promise<void> {
  const { service } = useStorage();
  const key = { provider: event.provider, providerCallId: event.providerCallId };
  const existing = (await service.entities.inboundCall.get(key).go({ consistent: true })).data as StoredCall | null;
  const routedTo = await routeFor(to);
  let call: StoredCall;
  if (existing) {
    call = { ...existing };
  } else {
    const matched = await matchContact({ phones: [from] });
    if (!matched && !routedTo) throw new NotFoundError("Inbound route (set one for this number or *)");
    // The new caller's contact ID is chosen before the call row is claimed, so the one event
    // that claims it is the one whose contact is created (by it, or after a crash by the next event).
    call = { ...key, from, to, contactId: matched ?? ulid(), ...(matched ? {} : { createsContact: true }), status: "ringing", popFor: NOT_POPPED, startedAt: event.occurredAt, expiresAt: Math.ceil(nowMs() / 1000) + KEEP_SECONDS };
    await service.entities.inboundCall.create({ ...call, revision: 1 }).go();
    call.revision = 1;
  }
  if (call.createsContact) {
    // Another call from the same number may have created the caller's contact first: this call adopts it.
    const contactId = await ensureCallerContact(call, routedTo);
    if (contactId !== call.contactId) {
      call.contactId = contactId;
      delete call.createsContact;
    }
  }
  const contact = await Contacts.get(call.contactId).catch(() => undefined);
  const before = JSON.stringify(call);
  const previousStatus = existing?.status;
  if (contact) call.contactName = contact.displayName;
  if (rank[event.status] > rank[call.status] || (event.status === "completed" && call.status !== "completed" && call.status !== "missed")) {
    if (event.status === "answered" || (event.status === "completed" && !call.answeredAt)) {
      call.answeredAt = event.occurredAt;
      call.operatorId = await operatorFor(contact?.ownerIds[0], routedTo, nowMs());
      if (call.operatorId) call.popFor = call.operatorId;
    }
    call.status = event.status === "answered" ? "answered" : event.status;
    if (event.status === "completed" || event.status === "missed") call.endedAt = event.occurredAt;
    if (event.durationSeconds !== undefined) call.durationSeconds = event.durationSeconds;
  }
  if (JSON.stringify(call) !== before) await saveCall(call);
  // Every event: the log's write is idempotent, and one that failed before is made good by the next.
  await logInCallLog(call);
  if (call.status === "completed" || call.status === "missed") await logOnce(call);
  await followOnPresence(call, previousStatus);
}

/** The presence row's call ID of an inbound call (a list call's ID has no colon). */
export const presenceCallId = (call: { provider: string; providerCallId: string }) => `inbound:${call.provider}:${call.providerCallId}`;

/**
 * The user the call is put through to is `on-call` while it lasts, so no call list reserves them
 * in the middle of it (unless they already hold another call: then their presence is left alone);
 * when it ends they are in `wrap-up` (the organization's `wrapUpSeconds`, 300 s by default) until
 * they close the card or say ready, or it runs out. Every step is conditional on the call they
 * hold, so repeated, late or crashed-and-retried events change nothing twice.
 */
async function followOnPresence(call: StoredCall, previousStatus: StoredCall["status"] | undefined): Promise<void> {
  // A closed card (popFor cleared) released them already; a missed call never reached anyone.
  if (!call.operatorId || call.popFor !== call.operatorId) return;
  const callId = presenceCallId(call);
  if (call.status === "answered") {
    await Presence.markOnCall(call.operatorId, { callId });
    return;
  }
  if (call.status !== "completed") return;
  // Answered and ended in one event: the call still reached them.
  if (previousStatus !== "answered" && previousStatus !== "completed") await Presence.markOnCall(call.operatorId, { callId });
  const { wrapUpSeconds } = await Settings.cached();
  await Presence.markWrapUp(call.operatorId, { callId, seconds: wrapUpSeconds ?? DEFAULT_WRAP_UP_SECONDS, from: ["on-call"] });
}

/** An inbound call's wrap-up when the organization set none: the same as a list's default. */
const DEFAULT_WRAP_UP_SECONDS = 300;

/** Writes the call if nobody wrote it since it was read (a condition failure means: read again). */
async function saveCall(call: StoredCall): Promise<void> {
  const read = call.revision ?? 0;
  call.revision = read + 1;
  await useStorage()
    .service.entities.inboundCall.put(call)
    .where((attributes, { eq, notExists }) => (read === 0 ? notExists(attributes.revision) : eq(attributes.revision, read)))
    .go();
}

/**
 * The caller's contact: created under the ID the call row chose (a second event of the call
 * finds it there), or, when another call from the same number created one first (its claim on
 * the number won), that contact. Returns its ID.
 */
async function ensureCallerContact(call: StoredCall, routedTo: string | undefined): Promise<string> {
  if (await Contacts.loadRaw(call.contactId)) return call.contactId;
  const ownerId = routedTo;
  if (!ownerId) throw new NotFoundError("Inbound route (set one for this number or *)");
  return matchOrCreate({ phones: [call.from] }, async (claims) => {
    try {
      await Contacts.createFromSource({ source: { kind: "call", phone: call.from }, ownerIds: [ownerId] }, { contactId: call.contactId, claims });
    } catch (error) {
      if (!(error instanceof VersionConflictError && (await Contacts.loadRaw(call.contactId)))) throw error;
    }
    return call.contactId;
  });
}

/**
 * The call-log record of an inbound call (calls/): it outlives this row (30 days), so the log
 * keeps everything the row knows. Created by the first event, filled in by the later ones.
 */
async function logInCallLog(call: StoredCall): Promise<void> {
  const answered = call.answeredAt !== undefined;
  const over = call.status === "completed" || call.status === "missed";
  const ringSeconds = answered ? Math.max(0, Math.round((Date.parse(call.answeredAt!) - Date.parse(call.startedAt)) / 1000)) : undefined;
  await Calls.update(presenceCallId(call), {
    source: "inbound",
    direction: "inbound",
    number: call.from,
    contactId: call.contactId,
    placedAt: call.startedAt,
    provider: call.provider,
    providerCallId: call.providerCallId,
    ...(call.contactName ? { subjectName: call.contactName } : {}),
    ...(call.operatorId ? { operatorId: call.operatorId } : {}),
    ...(answered ? { answeredAt: call.answeredAt, outcome: "answered" as const } : over ? { outcome: "no-answer" as const } : {}),
    ...(ringSeconds !== undefined && Number.isFinite(ringSeconds) ? { ringSeconds } : {}),
    ...(call.endedAt ? { endedAt: call.endedAt } : {}),
    ...(call.durationSeconds !== undefined && answered ? { talkSeconds: call.durationSeconds } : {}),
  });
}

async function logOnce(call: StoredCall) {
  const claimed = await claim(`inbound-call-log`, `${call.provider}:${call.providerCallId}`);
  if (claimed.state === "done") return;
  const answered = call.status === "completed";
  await Timeline.record(call.contactId, {
    kind: "call",
    ...noted({ kind: "inbound-call", values: { phone: call.from, answered, ...(call.durationSeconds !== undefined ? { durationSeconds: call.durationSeconds } : {}) } }),
    call: {
      outcome: answered ? "answered" : "missed",
      direction: "inbound",
      phone: call.from,
      callId: presenceCallId(call),
      ...(call.durationSeconds !== undefined ? { durationSeconds: call.durationSeconds, ...(answered ? { talkSeconds: call.durationSeconds } : {}) } : {}),
      ...(call.operatorId && answered ? { operatorId: call.operatorId } : {}),
    },
  });
  await useStorage().service.entities.idempotencyKey.patch({ scope: "inbound-call-log", key: `${call.provider}:${call.providerCallId}` }).set({ state: "done" }).go();
}

// ---- the operator's screen ------------------------------------------------------------------

const lastSeenWrite = new Map<string, number>();
/** Presence is written at most every 30 s per user per process: polling stays cheap. */
async function markSeen(userId: string, at: number) {
  if (at - (lastSeenWrite.get(userId) ?? 0) < 30_000) return;
  lastSeenWrite.set(userId, at);
  // Only `seenAt`: the row also holds the operator's presence state (ready, on-call…).
  await Presence.markSeen(userId, at);
}

export interface InboundPop {
  callKey: string;
  provider: string;
  providerCallId: string;
  from: string;
  to: string;
  status: StoredCall["status"];
  answeredAt?: string;
  durationSeconds?: number;
  contactId: string;
  contactName?: string;
  contact: Awaited<ReturnType<typeof Contacts.get>> | null;
}

/** The answered inbound call waiting on this user's screen (one Query on a sparse index). */
export async function activeInboundCall(): Promise<InboundPop | undefined> {
  const actor = useActor();
  if (actor.type !== "user") throw new ForbiddenError("Only people have calls.");
  const at = nowMs();
  await markSeen(actor.userId, at);
  const { data } = await useStorage().service.entities.inboundCall.query.awaitingUser({ popFor: actor.userId }).go({ order: "desc", limit: 1 });
  const call = data[0] as StoredCall | undefined;
  if (!call) return undefined;
  // The operator may see this caller because the call was put through to them.
  const contact = await withActor({ type: "system", reason: "inbound card pop" }, () => Contacts.get(call.contactId)).catch(() => undefined);
  return {
    callKey: `${call.provider}:${call.providerCallId}`,
    provider: call.provider,
    providerCallId: call.providerCallId,
    from: call.from,
    to: call.to,
    status: call.status,
    contactId: call.contactId,
    ...(call.answeredAt ? { answeredAt: call.answeredAt } : {}),
    ...(call.durationSeconds !== undefined ? { durationSeconds: call.durationSeconds } : {}),
    ...(call.contactName ? { contactName: call.contactName } : {}),
    contact: contact ?? null,
  };
}

/** The operator closes the card; only the user it popped for may. */
export async function dismissInboundCall(callKey: string): Promise<void> {
  const actor = useActor();
  if (actor.type !== "user") throw new ForbiddenError("Only people have calls.");
  const match = /^([a-z]{1,20}):([A-Za-z0-9_-]{1,200})$/.exec(callKey);
  if (!match) throw new NotFoundError("Inbound call");
  const { service } = useStorage();
  for (let attempt = 1; ; attempt++) {
    const { data } = await service.entities.inboundCall.get({ provider: match[1]!, providerCallId: match[2]! }).go({ consistent: true });
    const call = data as StoredCall | null;
    if (!call || call.popFor !== actor.userId) throw new NotFoundError("Inbound call");
    // Closing the card ends their part in the call (on-call or wrap-up): back to ready, or paused
    // if they were paused before it. Released before the card goes, so a crash in between leaves
    // the card to close again rather than an operator stuck on a call nobody shows.
    await Presence.release(call.operatorId ?? actor.userId, presenceCallId(call));
    try {
      return await saveCall({ ...call, popFor: NOT_POPPED });
    } catch (error) {
      // An event of the same call was written in between: read it again.
      if (!isConditionFailure(error) || attempt >= 10) throw error;
    }
  }
}
