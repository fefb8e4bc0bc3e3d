import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { pairSides } from "./duplicate.entity";

// Structural types, not imports: contacts.ts and matching.ts build on this file (no import circle).
type ContactRow = { contactId: string; deletedAt?: string };
type PairMatch = { contactId: string; on: { signal: string; value: string }[]; strength: "strong" | "weak" };

/**
 * The admins' duplicate queue, written from the contact's own write paths (update, restore,
 * merge and undo queue the other holders of a value they gain, see claims.ts) and from the
 * duplicate check (duplicates.ts). Kept apart from duplicates.ts, which builds on contacts.ts.
 */

export const pairIdOf = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** Live (not trashed) contacts among these IDs: one BatchGetItem. */
export async function loadLive<T extends ContactRow>(contactIds: string[]): Promise<T[]> {
  if (contactIds.length === 0) return [];
  const { service } = useStorage();
  const result = await service.entities.contact.get(contactIds.map((contactId) => ({ contactId }))).go();
  return (result.data as unknown as T[]).filter((item) => !item.deletedAt);
}

/** Queues each match with `contactId` for the admins, once per pair (a dismissed pair stays dismissed). */
export async function queuePairs(contactId: string, matches: PairMatch[]): Promise<void> {
  const { service } = useStorage();
  const createdAt = now().toISOString();
  // A lookup row (or a claim's holder) can outlive its contact (an import that failed for good
  // wrote it first): only pairs with live contacts reach the admins' queue.
  const live = new Set((await loadLive(matches.map((match) => match.contactId))).map((row) => row.contactId));
  await Promise.all(
    matches.filter((match) => live.has(match.contactId) && match.contactId !== contactId).map(async (match) => {
      const pairId = pairIdOf(contactId, match.contactId);
      try {
        await service.entities.duplicatePair
          .create({ pairId, contactIds: pairId.split(":"), ...pairSides(pairId), on: match.on as never, strength: match.strength, status: "open", createdAt })
          .go();
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }),
  );
}
