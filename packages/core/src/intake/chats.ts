import * as v from "valibot";
import { withActor } from "../actor";
import { Contacts } from "../contacts";
import { NotFoundError, TooManyRequestsError, ValidationError } from "../errors";
import { hit } from "../rate-limit/rate-limit";
import { now, nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import { Timeline } from "../timeline";
import { parse } from "../validation";
import { once } from "./idempotency";
import { matchOrCreate } from "./matching";
import { chatSourceConfig, type ChatSource } from "./settings";
import { verifyIntakeSignature } from "./signature";

export { ChatMessageBody } from "./schemas";
import { ChatMessageBody } from "./schemas";

/** Messages per sending address per minute (a bot's server): CHAT_LIMIT_PER_ADDRESS_PER_MINUTE. */
let perAddressPerMinute: number | undefined;
export function configureChatLimit(limit: number | undefined): void {
  perAddressPerMinute = limit;
}
const limit = () => perAddressPerMinute ?? (Number(process.env.CHAT_LIMIT_PER_ADDRESS_PER_MINUTE) > 0 ? Number(process.env.CHAT_LIMIT_PER_ADDRESS_PER_MINUTE) : 600);

/**
 * Who owns a messenger handle. Contacts keep no lookup rows for handles, so intake keeps its own
 * (one GetItem); the lead may swap this for a shared matching rule when contacts index handles.
 */
export async function findByHandle(source: ChatSource, handle: string): Promise<string | undefined> {
  const { data } = await useStorage().service.entities.chatHandle.get({ source, handle: handle.toLowerCase() }).go();
  // A merged contact's messages go to the one it was merged into; a contact in the trash is no
  // match, so the message is matched by phone or starts a new contact, as for a new handle.
  return data ? Contacts.liveContactId(data.contactId) : undefined;
}

async function rememberHandle(source: ChatSource, handle: string, contactId: string) {
  await useStorage().service.entities.chatHandle.put({ source, handle: handle.toLowerCase(), contactId, updatedAt: now().toISOString() }).go();
}

export interface ChatDelivery {
  rawBody: string;
  timestamp?: string;
  signature?: string;
  sourceAddress: string;
}

export interface ChatReceipt {
  accepted: true;
  messageId: string;
  contactId: string;
}

/**
 * A chat source posts a message, signed with its secret. It lands on the contact with that
 * handle, else the one with that phone, else on a new contact "Request from «name»".
 */
export async function receiveChatMessage(delivery: ChatDelivery): Promise<ChatReceipt> {
  const at = nowMs();
  const byAddress = await hit(`chat:addr:${delivery.sourceAddress}`, { limit: limit(), windowMs: 60_000 }, at);
  if (!byAddress.allowed) throw new TooManyRequestsError(byAddress.retryAfterMs / 1000, "Too many messages from this address; retry later.");
  let json: unknown;
  try {
    json = JSON.parse(delivery.rawBody);
  } catch {
    throw new ValidationError([{ field: "body", message: "Must be JSON." }]);
  }
  // The source picks the secret, so it is read before the signature is checked; nothing else is.
  const source = parse(v.object({ source: ChatMessageBody.entries.source }), json).source;
  const config = await chatSourceConfig(source);
  if (!config) throw new NotFoundError("Chat source");
  verifyIntakeSignature(config.secret, delivery.rawBody, delivery.timestamp, delivery.signature, at);
  const body = parse(ChatMessageBody, json);
  return once(`chat:${source}`, body.messageId, () =>
    withActor({ type: "system", reason: `chat:${source}` }, async () => {
      const contactId =
        (body.handle ? await findByHandle(source, body.handle) : undefined) ??
        (await matchOrCreate({ phones: body.phone ? [body.phone] : [] }, async (claims) => {
          const contact = await Contacts.createFromSource(
            {
              source: { kind: source, ...(body.name ? { name: body.name } : {}), ...(body.handle ? { handle: body.handle } : {}) },
              ownerIds: [config.userId],
              ...(body.phone ? { phones: [{ number: body.phone, type: "mobile" as const }] } : {}),
            },
            { claims },
          );
          return contact.contactId;
        }));
      if (body.handle) await rememberHandle(source, body.handle, contactId);
      await Timeline.record(contactId, {
        kind: "message",
        // The words are the person's own (text); the note says where they came from.
        text: body.message,
        note: { kind: "chat-message", values: { source, ...(body.handle ? { handle: body.handle } : {}) } },
        message: { source, messageId: body.messageId, ...(body.handle ? { handle: body.handle } : {}) },
      });
      return { accepted: true as const, messageId: body.messageId, contactId };
    }),
  );
}
