/** A TransactWriteItems that DynamoDB cancelled because a condition did not hold. */
export class TransactionConflictError extends Error {
  override name = "TransactionConflictError";
  constructor(readonly reasons: (string | undefined)[]) {
    super(`Transaction cancelled: ${reasons.filter(Boolean).join(", ") || "condition failed"}`);
  }
}

/**
 * ElectroDB reports a cancelled transaction in its result instead of throwing; this turns that
 * into an error so no caller can mistake a cancelled write for a done one.
 */
export function committed<T extends { canceled: boolean; data: { rejected: boolean; code?: string }[] }>(result: T): T {
  if (result.canceled) throw new TransactionConflictError(result.data.map((item) => (item.rejected ? item.code : undefined)));
  return result;
}

/**
 * A write refused because its condition did not hold (a stale version, a status someone else
 * moved on, an item that already exists): from a single write, which ElectroDB throws, or from a
 * transaction cancelled with a `ConditionalCheckFailed` reason. Contention is not this.
 */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof TransactionConflictError) return error.reasons.includes("ConditionalCheckFailed");
  const text = `${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return /ConditionalCheckFailed|conditional request failed/i.test(text);
}

/**
 * DynamoDB cancels a transaction that touches an item another transaction is writing at the
 * same moment (reason `TransactionConflict`). Shared counters (tag counts) make that routine, so
 * such a write is retried with jittered backoff; nothing was written by the cancelled attempt.
 * A failed condition (a real conflict, e.g. a stale version) is never retried.
 */
export async function retryTransactionConflicts<T>(write: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const onlyContention =
        error instanceof TransactionConflictError &&
        error.reasons.some((reason) => reason === "TransactionConflict") &&
        !error.reasons.some((reason) => reason && reason !== "TransactionConflict" && reason !== "None");
      if (!onlyContention || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}
