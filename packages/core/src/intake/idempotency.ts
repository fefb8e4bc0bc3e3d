import { ConflictError } from "../errors";
import { nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";

/** Keys are kept a day: a client retrying later than that is making a new request. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** A claim left `pending` longer than this belongs to a request that died; it may be retaken. */
const STALE_PENDING_MS = 60_000;

export type Claim<T> = { state: "claimed" } | { state: "done"; result: T };

/**
 * Claims `key` within `scope` before doing the work (conditional create). A repeat of a finished
 * request gets the stored answer; a repeat of one still running is told to retry (409).
 */
export async function claim<T>(scope: string, key: string): Promise<Claim<T>> {
  const { service } = useStorage();
  const at = nowMs();
  const row = { scope, key, state: "pending" as const, createdAt: new Date(at).toISOString(), expiresAt: Math.ceil(at / 1000) + IDEMPOTENCY_TTL_SECONDS };
  try {
    await service.entities.idempotencyKey.create(row).go();
    return { state: "claimed" };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const existing = (await service.entities.idempotencyKey.get({ scope, key }).go({ consistent: true })).data;
  if (existing?.state === "done") return { state: "done", result: existing.result as T };
  if (existing && at - Date.parse(existing.createdAt) < STALE_PENDING_MS) {
    throw new ConflictError("A request with this key is still being processed; retry in a moment.");
  }
  await service.entities.idempotencyKey.put(row).go();
  return { state: "claimed" };
}

export async function complete(scope: string, key: string, result: unknown): Promise<void> {
  const at = nowMs();
  await useStorage()
    .service.entities.idempotencyKey.put({ scope, key, state: "done", result, createdAt: new Date(at).toISOString(), expiresAt: Math.ceil(at / 1000) + IDEMPOTENCY_TTL_SECONDS })
    .go();
}

/** The work failed: let a retry run it again. */
export async function release(scope: string, key: string): Promise<void> {
  await useStorage().service.entities.idempotencyKey.delete({ scope, key }).go();
}

/** Runs `work` once per key; repeats get the first answer. Without a key it just runs. */
export async function once<T>(scope: string, key: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!key) return work();
  const claimed = await claim<T>(scope, key);
  if (claimed.state === "done") return claimed.result;
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await release(scope, key).catch(() => undefined);
    throw error;
  }
  await complete(scope, key, result);
  return result;
}
