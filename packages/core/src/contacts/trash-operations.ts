/**
 * The trash as people use it: delete (one or many), restore and the admins' trash list. What
 * happens to the rest of a trashed contact's rows (timeline, pairs, requests, files) during its
 * 30 days is the trash jobs' work (trash.ts).
 */
import * as v from "valibot";
import { useActor, useUser } from "../actor";
import { ConflictError, GoneError, NotFoundError, VersionConflictError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed } from "../storage/transaction";
import { tagCountChanges } from "../tags/tags";
import { newActivity } from "../timeline/activity";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import { contactAccess } from "./access";
import { rowChangeCount, rowChanges } from "./index-rows";
import { MAX_TRANSACTION_ITEMS, tagDeltaCount, versionChecked } from "../listing";
import { expiryJob, restoreJob, writeJob } from "./trash";
import { Jobs } from "../jobs";
import { now as clockNow, nowMs } from "../runtime/clock";
import { UlidField } from "./fields";
import { claimChanges, claimKeysOf, claimWrites } from "./claims";
import { isExpired, ListContactsInput, present, shaped, shapedOne, TRASH_RETENTION_DAYS, type Contact, type StoredContact } from "./model";
import { audiences, claimedTransaction, indexComposites, indexWrites, loadRaw, loadVisible, lookupRows, parseId, queueHolders, requireTransactionFits } from "./rows";
export { BULK_DELETE_MAX, BulkDeleteInput } from "./requests";
import { BulkDeleteInput } from "./requests";

/**
 * To the trash: list keys and lookup rows go, the contact row stays restorable for 30 days and
 * a `deleted` activity is written in the same transaction, with the trash expiry job that gives
 * every other row of the contact (its timeline, …) the same `expiresAt` (trash.ts). When the
 * transaction has no room for the job row, an `early` job is written just before it.
 */
export async function remove(contactId: string): Promise<void> {
  const actor = useActor();
  const id = parseId(contactId);
  const current = await loadVisible(id);
  requireRight(actor, "contacts:delete");
  const now = clockNow();
  const deletedAt = now.toISOString();
  const expiresAt = Math.floor(now.getTime() / 1000) + TRASH_RETENTION_DAYS * 24 * 3600;
  const activity = newActivity(id, actor, "deleted", {}, now);
  const indexChanges = rowChanges(present(current), undefined);
  // The contact leaves the holders of its values (no read needed: removing never waits).
  const claims = claimChanges([{ contactId: id, before: claimKeysOf(current) }]);
  const items = 2 + lookupRows(current).length + claims.length + audiences(current).length + rowChangeCount(indexChanges) + tagDeltaCount(current.tags, []);
  const jobInTransaction = items + 1 <= MAX_TRANSACTION_ITEMS;
  const job = expiryJob(id, deletedAt, expiresAt, { early: !jobInTransaction });
  if (!jobInTransaction) await writeJob(job);
  const { service } = useStorage();
  await versionChecked(async () =>
    committed(await service.transaction
      .write((tx) => [
        ...(claimWrites(tx, claims) as never[]),
        tx.contact
          .patch({ contactId: id })
          .set({ deletedAt, expiresAt, version: current.version + 1, updatedAt: deletedAt, sharing: current.sharing ?? "private" })
          .composite(indexComposites(current) as never)
          .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, current.version)} AND ${notExists(deletedAt)}`)
          .commit(),
        ...lookupRows(current).map((row) => tx.contactLookup.delete(row).commit()),
        ...audiences(current).map((row) => tx.contactAudience.delete(row).commit()),
        ...(indexWrites(tx, indexChanges) as never[]),
        ...tagCountChanges(tx, "contact", current.tags ?? [], []),
        tx.activity.create(activity).commit(),
        ...(jobInTransaction ? [tx.job.create(job as never).commit()] : []),
      ])
      .go()),
  );
  await Jobs.enqueueQuietly(job.jobId);
}

export type BulkDeleteOutcome = { contactId: string; status: "deleted" | "not-found" };

/**
 * Admins delete up to 100 contacts at once: each goes to the trash in its own transaction (as
 * a single delete does), a few at a time. Reported per ID, in the order given: `deleted`, or
 * `not-found` (unknown, malformed, or already in the trash). A contact changed by someone else
 * between the read and the write is read again and deleted.
 */
export async function removeMany(input: BulkDeleteInput): Promise<{ results: BulkDeleteOutcome[] }> {
  const actor = useUser();
  requireRight(actor, "contacts:delete");
  const { contactIds } = parse(BulkDeleteInput, input);
  const unique = [...new Set(contactIds)];
  const outcomes = new Map<string, BulkDeleteOutcome["status"]>();
  const deleteOne = async (contactId: string): Promise<BulkDeleteOutcome["status"]> => {
    if (!v.is(UlidField, contactId)) return "not-found";
    for (let attempt = 0; ; attempt++) {
      try {
        await remove(contactId);
        return "deleted";
      } catch (error) {
        if (error instanceof NotFoundError) return "not-found";
        if (!(error instanceof VersionConflictError) || attempt >= 4) throw error;
      }
    }
  };
  for (let index = 0; index < unique.length; index += 10) {
    const batch = unique.slice(index, index + 10);
    const statuses = await Promise.all(batch.map(deleteOne));
    batch.forEach((contactId, position) => outcomes.set(contactId, statuses[position]!));
  }
  return { results: contactIds.map((contactId) => ({ contactId, status: outcomes.get(contactId)! })) };
}

/**
 * Back from the trash: the row loses `deletedAt` and `expiresAt`, lookup, audience and index
 * rows and tag counts come back, with a `restored` activity and the restore job that takes the
 * expiry off every other row of the contact (trash.ts), in one transaction.
 */
export async function restore(contactId: string): Promise<Contact> {
  const actor = useActor();
  const id = parseId(contactId);
  const current = await loadRaw(id);
  if (!current || !(await contactAccess(actor, current, "read")).read) throw new NotFoundError("Contact");
  requireRight(actor, "contacts:restore");
  if (!current.deletedAt) return shapedOne(present(current));
  if (current.mergedInto) {
    throw new ConflictError(`This contact was merged into ${current.mergedInto}: undo the merge (POST /v1/merges/${current.mergeId}/undo) to get it back.`);
  }
  if (isExpired(current)) {
    throw new GoneError("This contact left the trash for good after 30 days and cannot be restored.");
  }
  const now = clockNow();
  const restored: Contact = { ...present(current), version: current.version + 1, updatedAt: now.toISOString() };
  delete restored.deletedAt;
  const activity = newActivity(id, actor, "restored", {}, now);
  const indexChanges = rowChanges(undefined, restored);
  // Its values come back to it: claimed like an update's, and anyone who took them meanwhile is queued as a pair.
  const claims = claimChanges([{ contactId: id, after: claimKeysOf(restored) }]);
  const items = 2 + lookupRows(current).length + claims.length + audiences(restored).length + tagDeltaCount([], restored.tags);
  requireTransactionFits(items, indexChanges, restored);
  const jobInTransaction = items + 1 + rowChangeCount(indexChanges) <= MAX_TRANSACTION_ITEMS;
  const job = restoreJob(id, { early: !jobInTransaction });
  if (!jobInTransaction) await writeJob(job);
  const { service } = useStorage();
  const snapshot = await claimedTransaction(claims, (snapshot) =>
    service.transaction
      .write((tx) => [
        ...(claimWrites(tx, claims, snapshot) as never[]),
        tx.contact
          .patch({ contactId: id })
          .set({ version: restored.version, updatedAt: restored.updatedAt, sharing: restored.sharing })
          .remove(["deletedAt", "expiresAt"])
          .composite(indexComposites(current) as never)
          .where(({ version }, { eq }) => eq(version, current.version))
          .commit(),
        ...lookupRows(current).map((row) => tx.contactLookup.put(row).commit()),
        ...audiences(restored).map((row) => tx.contactAudience.put(row).commit()),
        ...(indexWrites(tx, indexChanges) as never[]),
        ...tagCountChanges(tx, "contact", [], restored.tags ?? []),
        tx.activity.create(activity).commit(),
        ...(jobInTransaction ? [tx.job.create(job as never).commit()] : []),
      ])
      .go(),
  );
  await Jobs.enqueueQuietly(job.jobId);
  await queueHolders(id, snapshot, claims);
  return shapedOne(restored);
}

/** The admins' trash, newest deletion first; entries past their 30 days are gone already. */
export async function listTrash(input: v.InferInput<typeof ListContactsInput>): Promise<{ items: Contact[]; cursor: string | null }> {
  const actor = useUser();
  requireRight(actor, "contacts:restore");
  const { limit, cursor } = parse(ListContactsInput, input);
  const { service } = useStorage();
  const nowSeconds = Math.floor(nowMs() / 1000);
  const page = await service.entities.contact.query
    .trash({ scope: "contacts" })
    .where(({ expiresAt }, { gt }) => gt(expiresAt, nowSeconds))
    .go({ limit, cursor: decodeCursor(cursor, "contacts:trash") ?? null, order: "desc" });
  return { items: await shaped((page.data as StoredContact[]).map(present)), cursor: encodeCursor(page.cursor, "contacts:trash") };
}
