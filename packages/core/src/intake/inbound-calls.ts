import { withActor, useActor } from "../actor";
import { Contacts } from "../contacts";
import { normalizePhone } from "../contacts/phone";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import { Timeline } from "../timeline";
import { claim } from "./idempotency";
import { NOT_POPPED } from "./inbound-call.entity";
import { matchContact } from "./matching";
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
  const { data } = await useStorage().service.entities.presence.get({ userId }).go();
  return Boolean(data && at - Date.parse(data.seenAt) <= ONLINE_WITHIN_MS);
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
 */
export async function receiveInboundCall(event: InboundCallEvent): Promise<void> {
  const from = e164(event.from, "From");
  const to = normalizePhone(event.to).ok ? (normalizePhone(event.to) as { e164: string }).e164 : event.to;
  await withActor({ type: "system", reason: "inbound call" }, async () => {
    const { service } = useStorage();
    const key = { provider: event.provider, providerCallId: event.providerCallId };
    const existing = (await service.entities.inboundCall.get(key).go({ consistent: true })).data as StoredCall | null;
    const routedTo = await routeFor(to);
    let call: StoredCall;
    if (existing) {
      call = { ...existing };
    } else {
      let contactId = await matchContact({ phones: [from] });
      if (!contactId) {
        if (!routedTo) throw new NotFoundError("Inbound route (set one for this number or *)");
        contactId = (await Contacts.createFromSource({ source: { kind: "call", phone: from }, ownerIds: [routedTo] })).contactId;
      }
      call = { ...key, from, to, contactId, status: "ringing", popFor: NOT_POPPED, startedAt: event.occurredAt, expiresAt: Math.ceil(nowMs() / 1000) + KEEP_SECONDS };
    }
    const contact = await Contacts.get(call.contactId).catch(() => undefined);
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
    await service.entities.inboundCall.put(call).go();
    if (call.status === "completed" || call.status === "missed") await logOnce(call);
  });
}

async function logOnce(call: StoredCall) {
  const claimed = await claim(`inbound-call-log`, `${call.provider}:${call.providerCallId}`);
  if (claimed.state === "done") return;
  const answered = call.status === "completed";
  await Timeline.record(call.contactId, {
    kind: "call",
    text: answered ? `Inbound call from ${call.from} answered${call.durationSeconds !== undefined ? ` (${call.durationSeconds} s)` : ""}` : `Missed inbound call from ${call.from}`,
    call: {
      outcome: answered ? "answered" : "missed",
      direction: "inbound",
      phone: call.from,
      ...(call.durationSeconds !== undefined ? { durationSeconds: call.durationSeconds } : {}),
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
  await useStorage()
    .service.entities.presence.put({ userId, seenAt: new Date(at).toISOString(), expiresAt: Math.ceil(at / 1000) + 3600 })
    .go();
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
  const { data } = await service.entities.inboundCall.get({ provider: match[1]!, providerCallId: match[2]! }).go({ consistent: true });
  const call = data as StoredCall | null;
  if (!call || call.popFor !== actor.userId) throw new NotFoundError("Inbound call");
  await service.entities.inboundCall.put({ ...call, popFor: NOT_POPPED }).go();
}
