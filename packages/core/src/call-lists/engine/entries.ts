import { now } from "../../runtime/clock";
import { useStorage } from "../../storage";
import { isConditionFailure, retryTransactionConflicts } from "../../storage/transaction";
import type { CallListCounter } from "../call-list.entity";
import { type EntryStatus } from "../call-entry.entity";
import type { CallEntry, StoredCallList } from "../model";
import { useCallListPorts } from "../ports";

/** Shared by the step handlers: the entry's status moves, its conditional writes, and completing a step's wait. */

const statusCounter: Record<EntryStatus, CallListCounter> = {
  pending: "pending",
  dialing: "dialing",
  answered: "answered",
  "wrapped-up": "wrappedUp",
  "retry-scheduled": "retryScheduled",
  unreached: "unreached",
  skipped: "skipped",
};

export function move(from: EntryStatus, to: EntryStatus, extra: Partial<Record<CallListCounter, number>> = {}) {
  const delta: Partial<Record<CallListCounter, number>> = { ...extra };
  delta[statusCounter[from]] = (delta[statusCounter[from]] ?? 0) - 1;
  delta[statusCounter[to]] = (delta[statusCounter[to]] ?? 0) + 1;
  return delta;
}

/**
 * A patch of an entry's status. ElectroDB recomputes the sparse index keys (due, awaiting
 * operator) only when it knows every composite of them, so the unchanged ones come along.
 * `entity` is the service's entity, or the one a transaction callback hands out.
 */
export function entryUpdate<TEntity extends { patch: (key: { listId: string; entryId: string }) => any }>(
  entity: TEntity,
  entry: CallEntry,
  changes: Partial<CallEntry>,
): ReturnType<ReturnType<TEntity["patch"]>["set"]> {
  const composite: { dueAt?: string; operatorId?: string } = {};
  if (changes.dueAt === undefined) composite.dueAt = entry.dueAt;
  if (changes.operatorId === undefined) composite.operatorId = entry.operatorId;
  // The sparse indexes' conditions read `status`: without it in the write, ElectroDB drops their keys.
  return entity
    .patch({ listId: entry.listId, entryId: entry.entryId })
    .set({ status: entry.status, ...changes, updatedAt: now().toISOString() })
    .composite(composite);
}

export async function loadEntry(listId: string, entryId: string): Promise<CallEntry | undefined> {
  const { service } = useStorage();
  const result = await service.entities.callEntry.get({ listId, entryId }).go();
  return (result.data as CallEntry | null) ?? undefined;
}

/**
 * Runs a conditional write; `false` when its condition did not hold (someone else got there
 * first). Contention with another transaction is retried, never mistaken for that.
 */
export async function ifStill(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await retryTransactionConflicts(write);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Completes each distinct task-token wait; unknown or closed tokens are ignored by the runner. */
export async function completeWaits(tokens: (string | undefined)[], output: Record<string, unknown>): Promise<void> {
  const { runner } = useCallListPorts();
  for (const token of new Set(tokens.filter((token): token is string => Boolean(token)))) {
    await runner.sendTaskSuccess(token, output);
  }
}

/** How a note names a call list. */
export const listRef = (list: StoredCallList) => ({ callListId: list.listId, callListName: list.name });
