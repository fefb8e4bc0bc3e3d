import { describe, expect, it } from "vitest";
import { isConditionFailure, retryTransactionConflicts, TransactionConflictError } from "../../packages/core/src/storage/transaction";

describe("telling a refused condition from contention", () => {
  it("counts failed conditions of single writes and transactions, and nothing else", () => {
    expect(isConditionFailure(new Error("The conditional request failed"))).toBe(true);
    expect(isConditionFailure(Object.assign(new Error("Error while updating"), { cause: new Error("ConditionalCheckFailedException") }))).toBe(true);
    expect(isConditionFailure(new TransactionConflictError(["None", "ConditionalCheckFailed"]))).toBe(true);
    // Another transaction on the same item at the same moment: retry, not "someone got there first".
    expect(isConditionFailure(new TransactionConflictError(["TransactionConflict", "None"]))).toBe(false);
    expect(isConditionFailure(new Error("Requested resource not found"))).toBe(false);
  });

  it("retries contention until the write goes through, and never retries a failed condition", async () => {
    let calls = 0;
    const result = await retryTransactionConflicts(async () => {
      calls++;
      if (calls < 3) throw new TransactionConflictError(["TransactionConflict"]);
      return "written";
    });
    expect([result, calls]).toEqual(["written", 3]);

    let conditionCalls = 0;
    await expect(
      retryTransactionConflicts(async () => {
        conditionCalls++;
        throw new TransactionConflictError(["ConditionalCheckFailed"]);
      }),
    ).rejects.toThrow(TransactionConflictError);
    expect(conditionCalls).toBe(1);
  });
});
