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
