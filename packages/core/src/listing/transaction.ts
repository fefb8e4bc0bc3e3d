/**
 * The write helpers every listed feature (contacts, companies) shares: DynamoDB's item limit of
 * one transaction, the index rows' writes inside it, the tag counts it moves, how a versioned
 * write's failures read to a client, and how an ID is parsed and an item loaded.
 */
import * as v from "valibot";
import { ConflictError, UnprocessableError, ValidationError, VersionConflictError } from "../errors";
import { useStorage } from "../storage";
import { isConditionFailure, retryTransactionConflicts, TransactionConflictError } from "../storage/transaction";
import { UlidField } from "../validation";
import { rowChangeCount, type IndexEntities, type RowChanges } from "./rows";
import { tagKey } from "./text";

/** DynamoDB takes at most 100 items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * Refuses (422, nothing written) a write whose transaction would exceed DynamoDB's limit;
 * `heaviestField` names the input field that contributes most rows.
 */
export function requireTransactionFits(otherItems: number, changes: RowChanges<unknown, unknown>, heaviestField: () => string): void {
  const total = otherItems + rowChangeCount(changes);
  if (total <= MAX_TRANSACTION_ITEMS) return;
  const field = heaviestField();
  throw new UnprocessableError([
    { field, message: `This change would write ${total} items in one transaction (DynamoDB's limit is ${MAX_TRANSACTION_ITEMS}): use fewer ${field}.` },
  ]);
}

/** How many tag count updates a change of tags makes (one per tag gained or lost). */
export function tagDeltaCount(before: readonly string[] = [], after: readonly string[] = []): number {
  const [was, now] = [new Set(before.map(tagKey)), new Set(after.map(tagKey))];
  return [...now].filter((tag) => !was.has(tag)).length + [...was].filter((tag) => !now.has(tag)).length;
}


/** The index rows' writes of one transaction (ElectroDB transaction entities `tx`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function indexWrites<L, S>(tx: any, entities: IndexEntities<L, S>, changes: RowChanges<L, S>): unknown[] {
  const [list, search] = [tx[entities.list], tx[entities.search]];
  return [
    ...changes.putList.map((row) => list.put(row).commit()),
    ...changes.deleteList.map((row) => list.delete(entities.listKey(row)).commit()),
    ...changes.putSearch.map((row) => search.put(row).commit()),
    ...changes.deleteSearch.map((row) => search.delete(entities.searchKey(row)).commit()),
  ];
}

/**
 * Runs a write guarded by `version = :expected`; someone else's change in between is a 412.
 * Contention on shared tag counts is retried; contention that outlasts the retries is a 409.
 */
export async function versionChecked<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await retryTransactionConflicts(write);
  } catch (error) {
    const onlyContention = error instanceof TransactionConflictError && error.reasons.every((reason) => !reason || reason === "None" || reason === "TransactionConflict");
    if (onlyContention) throw new ConflictError("Too many simultaneous changes to the same tags: try again.");
    if (isConditionFailure(error)) throw new VersionConflictError();
    throw error;
  }
}

/** An ID from a path or body, else a 400 naming `field` (`contactId`: "Not a valid contact ID."). */
export function parseId(value: unknown, field: string, noun: string): string {
  if (!v.is(UlidField, value)) throw new ValidationError([{ field, message: `Not a valid ${noun} ID.` }]);
  return value;
}

/** An item by its primary key as stored (trashed and expired ones too), or undefined. */
export async function loadRaw<T>(entity: string, key: Record<string, string>): Promise<T | undefined> {
  const { service } = useStorage();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const result = await (service.entities as any)[entity].get(key).go();
  return (result.data as T | null) ?? undefined;
}
