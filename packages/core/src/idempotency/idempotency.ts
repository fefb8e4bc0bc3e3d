import { ConflictError, UnprocessableError } from "../errors";
import { nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";

/**
 * `Idempotency-Key` for any request (the IETF draft header, as Stripe uses it): the first
 * request under a key does the work and its answer is kept; a repeat with the same request gets
 * that answer again, a repeat with another request is refused (422), and a repeat while the
 * first is still running is told to retry (409). Records are the `idempotencyKey` items the
 * intake module already writes (web forms, chats), plus a fingerprint of the request; TTL
 * removes them after a day.
 */

/** Keys are kept a day: a client retrying later than that is making a new request. */
export const KEY_TTL_SECONDS = 24 * 60 * 60;
/** A claim left pending longer than this belongs to a request that died; a retry may retake it. */
export const STALE_PENDING_MS = 60_000;
/** Answers larger than this are not kept (a DynamoDB item holds 400 KB); the key is released. */
export const MAX_KEPT_ANSWER_BYTES = 300 * 1024;

/** The answer a repeat gets: status, the headers that matter, the body as sent. */
export interface KeptAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Begun = { state: "claimed" } | { state: "replay"; answer: KeptAnswer };

const record = (scope: string, key: string, fingerprint: string, at: number) => ({
  scope,
  key,
  fingerprint,
  createdAt: new Date(at).toISOString(),
  expiresAt: Math.ceil(at / 1000) + KEY_TTL_SECONDS,
});

/**
 * Claims `key` within `scope` (conditional create: of two concurrent first requests exactly one
 * wins) or says what a repeat gets. `fingerprint` identifies the request (method, path, body).
 */
export async function begin(scope: string, key: string, fingerprint: string): Promise<Begun> {
  const { service } = useStorage();
  const at = nowMs();
  try {
    await service.entities.idempotencyKey.create({ ...record(scope, key, fingerprint, at), state: "pending" }).go();
    return { state: "claimed" };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const existing = (await service.entities.idempotencyKey.get({ scope, key }).go({ consistent: true })).data;
  if (existing && existing.fingerprint !== fingerprint) {
    throw new UnprocessableError(
      [{ field: "Idempotency-Key", message: "This key was used for another request: use a new key for a new request." }],
      "This Idempotency-Key was used for another request.",
    );
  }
  if (existing?.state === "done") return { state: "replay", answer: existing.result as KeptAnswer };
  if (existing && at - Date.parse(existing.createdAt) < STALE_PENDING_MS) {
    throw new ConflictError("A request with this Idempotency-Key is still being processed; retry in a moment.");
  }
  // Gone meanwhile (TTL, a released failure) or left by a request that died: take it over.
  await service.entities.idempotencyKey.put({ ...record(scope, key, fingerprint, at), state: "pending" }).go();
  return { state: "claimed" };
}

/** Keeps the answer for repeats; one too large to keep releases the key instead. */
export async function finish(scope: string, key: string, fingerprint: string, answer: KeptAnswer): Promise<void> {
  if (Buffer.byteLength(answer.body) > MAX_KEPT_ANSWER_BYTES) return release(scope, key);
  await useStorage()
    .service.entities.idempotencyKey.put({ ...record(scope, key, fingerprint, nowMs()), state: "done", result: answer })
    .go();
}

/** The work failed (or its answer says "try again"): a retry under the same key runs it again. */
export async function release(scope: string, key: string): Promise<void> {
  await useStorage().service.entities.idempotencyKey.delete({ scope, key }).go();
}
