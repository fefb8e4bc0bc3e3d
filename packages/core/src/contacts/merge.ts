import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser, type Actor } from "../actor";
import { ConflictError, ForbiddenError, GoneError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { tagCountChanges, tagKey } from "../tags/tags";
import { diff, newActivity, type Activity } from "../timeline/activity";
import { roleHas } from "../users/roles";
import { Users } from "../users";
import { parse } from "../validation";
import { contactAccess } from "./access";
import { rowChangeCount, rowChanges } from "./index-rows";
import { MAX_TRANSACTION_ITEMS } from "../listing";
import { emailKey, present, TRASH_RETENTION_DAYS, type Contact, type StoredContact } from "./model";
import { audiences, claimedTransaction, indexWrites, loadRaw, loadVisible, lookupRows, parseId, queueHolders, type LookupRow } from "./rows";
import { claimChanges, claimKeysOf, claimWrites } from "./claims";
import { pairIdOf } from "./duplicates";
import { pairSides } from "./duplicate.entity";
import { expiryJob, restoreJob, writeJob } from "./trash";
import { Jobs } from "../jobs";
import { UlidField } from "./fields";
import { resolveName } from "./naming";
import { useFiles } from "../files";
import { photoFileKey } from "./photo-key";

/**
 * Merging two contacts, and undoing it within 30 days.
 *
 * Steps (each one safe to repeat, so a crash part-way is finished or undone):
 * 1. ONE TransactWriteItems: the survivor's new row (version-checked), the other contact to
 *    the trash marked `mergedInto` (version-checked), their lookup and audience rows, tag
 *    counts, the `merged` activity, and the merge record (status `copying`) holding both rows
 *    exactly as they were.
 * 2. The other contact's timeline is copied to the survivor's partition (same activity IDs, so
 *    a repeat overwrites, never doubles), in BatchWriteItem pages of 25. The other's timeline
 *    stays where it was: undo needs it, and call-list entries keep pointing at the other ID,
 *    whose row now names the survivor (`mergedInto`).
 * 3. The record becomes `done`.
 * A crash between 1 and 3 leaves the record at `copying`: repeating the merge request (or
 * `resumeMerge`) finishes step 2; undo works from there too. Undo mirrors it: one transaction
 * restores both rows, lookup and audience rows and tag counts and drops the `merged` activity
 * (status `undoing`), then the copies are deleted, then `undone`.
 *
 * Over 400 lines on purpose: merge and undo are mirror images over the same record, the same
 * row plan and the same crash-resume steps; apart, each would have to export its internals to
 * the other.
 */

export const UNDO_WINDOW_DAYS = TRASH_RETENTION_DAYS;
const DAY_MS = 24 * 3600 * 1000;
/** Merge records stay for the audit trail a while after the undo window (TTL). */
const RECORD_RETENTION_DAYS = 365;

export { MergeInput, pickableFields, type PickableField } from "./merge-input";
import { MergeInput, pickableFields, type PickableField } from "./merge-input";

export interface MergeSummary {
  mergeId: string;
  survivorId: string;
  otherId: string;
  mergedBy: string;
  mergedAt: string;
  status: "copying" | "done" | "undoing" | "undone";
  copiedActivities?: number;
  undoableUntil: string;
  undoneAt?: string;
}

interface MergeRecord extends Omit<MergeSummary, "undoableUntil"> {
  /** Inline only on records written before the `mergeSnapshot` row existed. */
  survivorBefore?: string;
  otherBefore?: string;
  survivorVersionAfter: number;
  mergedActivityId: string;
  undoneBy?: string;
  expiresAt?: number;
}

const summary = (record: MergeRecord): MergeSummary => ({
  mergeId: record.mergeId,
  survivorId: record.survivorId,
  otherId: record.otherId,
  mergedBy: record.mergedBy,
  mergedAt: record.mergedAt,
  status: record.status,
  undoableUntil: new Date(Date.parse(record.mergedAt) + UNDO_WINDOW_DAYS * DAY_MS).toISOString(),
  ...(record.copiedActivities !== undefined ? { copiedActivities: record.copiedActivities } : {}),
  ...(record.undoneAt ? { undoneAt: record.undoneAt } : {}),
});

const teamsOf = (users: { teamId?: string }[]) => [...new Set(users.flatMap((user) => (user.teamId ? [user.teamId] : [])))].sort();

/** Items of `extra` whose key is not among `base`'s, after `base`. */
function unite<T>(base: T[] = [], extra: T[] = [], key: (item: T) => string): T[] {
  const keys = new Set(base.map(key));
  return [...base, ...extra.filter((item) => !keys.has(key(item)))];
}

/** The survivor as it will be: picked fields, united lists, the most restrictive flags. */
async function mergedContact(survivor: Contact, other: Contact, pick: Partial<Record<PickableField, "survivor" | "other">>): Promise<Contact> {
  const next = structuredClone(survivor) as unknown as Record<string, unknown>;
  const source = other as unknown as Record<string, unknown>;
  for (const field of pickableFields) {
    // Unpicked: the survivor's value, or the other's where the survivor has none.
    const side = pick[field] ?? (next[field] === undefined ? "other" : "survivor");
    if (side === "survivor") continue;
    if (field === "messengers" || field === "custom") {
      // Per key: the other's values win, the survivor's fill the gaps.
      const merged = { ...((survivor[field] as object) ?? {}), ...((other[field] as object) ?? {}) };
      if (Object.keys(merged).length > 0) next[field] = structuredClone(merged);
      continue;
    }
    if (source[field] === undefined) delete next[field];
    else next[field] = structuredClone(source[field]);
    if (field === "companyId") {
      if (other.company) next.company = structuredClone(other.company);
      else delete next.company;
    }
    if (field === "displayName") next.nameSource = other.nameSource;
  }
  if (pick.messengers === undefined && (survivor.messengers || other.messengers)) next.messengers = { ...(other.messengers ?? {}), ...(survivor.messengers ?? {}) };
  if (pick.custom === undefined && (survivor.custom || other.custom)) next.custom = { ...(other.custom ?? {}), ...(survivor.custom ?? {}) };
  const contact = next as unknown as Contact;
  contact.phones = unite(survivor.phones, other.phones.map((phone) => ({ ...phone, primary: false })), (phone) => phone.number);
  contact.emails = unite(survivor.emails, other.emails.map((email) => ({ ...email, primary: false })), (email) => emailKey(email.address));
  const tags = unite(survivor.tags, other.tags, tagKey);
  if (tags.length > 0) contact.tags = tags;
  const links = unite(survivor.socialLinks, other.socialLinks, (link) => link);
  if (links.length > 0) contact.socialLinks = links;
  contact.ownerIds = unite(survivor.ownerIds, other.ownerIds, (id) => id);
  contact.ownerId = contact.ownerIds[0]!;
  const teamIds = teamsOf(await Users.getMany(contact.ownerIds));
  if (teamIds.length > 0) contact.teamIds = teamIds;
  else delete contact.teamIds;
  contact.doNotCall = survivor.doNotCall || other.doNotCall;
  contact.doNotEmail = survivor.doNotEmail || other.doNotEmail;
  Object.assign(contact, resolveName(contact));
  return contact;
}

const rowKey = (row: LookupRow) => `${row.kind}:${row.value}:${row.contactId}`;
const sameRow = (a: LookupRow, b: LookupRow) => JSON.stringify(a) === JSON.stringify(b);

/** Lookup rows to put and delete to go from `before` to `after` (one operation per item at most). */
function lookupChanges(before: LookupRow[], after: LookupRow[]) {
  return {
    put: after.filter((row) => !before.some((old) => sameRow(old, row))),
    remove: before.filter((row) => !after.some((now) => rowKey(now) === rowKey(row))),
  };
}

function audienceChanges(before: { audience: string; contactId: string }[], after: { audience: string; contactId: string }[]) {
  const key = (row: { audience: string; contactId: string }) => `${row.audience}:${row.contactId}`;
  return {
    put: after.filter((row) => !before.some((old) => key(old) === key(row))),
    remove: before.filter((row) => !after.some((now) => key(now) === key(row))),
  };
}

/** Tags both contacts had: the merged contact counts once where they counted twice. */
const sharedTags = (survivor: Contact, other: Contact) => (survivor.tags ?? []).filter((tag) => (other.tags ?? []).some((theirs) => tagKey(theirs) === tagKey(tag)));

/** Storage-only attributes ElectroDB must not be handed back on a put. */
function storable(item: StoredContact): Record<string, unknown> {
  const out = structuredClone(item) as unknown as Record<string, unknown>;
  delete out.scope;
  return out;
}

async function loadRecord(mergeId: string): Promise<MergeRecord | undefined> {
  const { service } = useStorage();
  return ((await service.entities.mergeRecord.get({ mergeId }).go()).data as MergeRecord | null) ?? undefined;
}

/**
 * `POST /v1/contacts/{survivorId}/merge`: needs write access to both contacts (admins: any).
 * Repeating a merge that crashed part-way (the other contact already `mergedInto` the survivor)
 * finishes it instead.
 */
export async function merge(survivorId: string, input: MergeInput): Promise<{ merge: MergeSummary; contact: Contact }> {
  const actor = useUser();
  const id = parseId(survivorId);
  const { otherId, pick } = parse(MergeInput, input);
  if (otherId === id) throw new ValidationError([{ field: "otherId", message: "A contact cannot be merged with itself." }]);
  const survivorRow = await loadVisible(id, "write");
  const otherRaw = await loadRaw(otherId);
  if (otherRaw?.mergedInto === id && otherRaw.mergeId) {
    const record = await loadRecord(otherRaw.mergeId);
    if (record && record.status === "copying") {
      const finished = await finishMerge(record);
      return { merge: summary(finished), contact: present((await loadRaw(id))!) };
    }
    if (record && record.status === "done") throw new ConflictError(`These contacts are merged already (merge ${record.mergeId}).`);
  }
  const otherRow = await loadVisible(otherId, "write");
  const survivor = present(survivorRow);
  const other = present(otherRow);
  const at = now();
  const mergeId = ulid(at.getTime());
  const next = await mergedContact(survivor, other, pick ?? {});
  // The same rule as mergedContact's: picked, or the other's when the survivor has none.
  const photoSide = pick?.photo ?? (survivor.photo === undefined ? "other" : "survivor");
  if (photoSide === "other" && other.photo) {
    const copied = await copyPhoto(otherId, other.photo, id, mergeId);
    if (copied) next.photo = copied;
    else if (survivor.photo) next.photo = survivor.photo;
    else delete next.photo;
  }
  next.version = survivor.version + 1;
  next.updatedAt = at.toISOString();
  const trashed: StoredContact = {
    ...structuredClone(otherRow),
    deletedAt: at.toISOString(),
    expiresAt: Math.floor(at.getTime() / 1000) + TRASH_RETENTION_DAYS * 24 * 3600,
    mergedInto: id,
    mergeId,
    version: other.version + 1,
    updatedAt: at.toISOString(),
  };
  const changes = diff<Contact>(survivor, next, ["displayName", "firstName", "lastName", "phones", "emails", "tags", "ownerIds", "doNotCall", "doNotEmail", "companyId", "messengers"]);
  const activity = newActivity(id, actor, "merged", { relatedContactId: otherId, mergeId, text: other.displayName, note: { kind: "contact-merged", values: { otherContactId: otherId, otherName: other.displayName } }, changes }, at);
  const survivorLookups = lookupChanges(lookupRows(survivor), lookupRows(next));
  const survivorAudiences = audienceChanges(audiences(survivor), audiences(next));
  const otherLookups = lookupRows(other);
  const otherAudiences = audiences(other);
  const shared = sharedTags(survivor, other);
  // Search and list index rows follow both contacts in the same transaction (see index-rows.ts).
  const survivorIndex = rowChanges(survivor, next);
  const otherIndex = rowChanges(other, undefined);
  const { service } = useStorage();
  const pairBefore = (await service.entities.duplicatePair.get({ pairId: pairIdOf(id, otherId) }).go()).data;
  const record: MergeRecord = {
    mergeId,
    survivorId: id,
    otherId,
    mergedBy: actor.userId,
    mergedAt: at.toISOString(),
    status: "copying",
    survivorVersionAfter: next.version,
    mergedActivityId: activity.activityId,
    expiresAt: Math.floor(at.getTime() / 1000) + RECORD_RETENTION_DAYS * 24 * 3600,
  };
  // What undo needs leaves with the merged-away contact; the record keeps only who, what, when.
  const snapshot = {
    mergeId,
    survivorBefore: JSON.stringify(survivorRow),
    otherBefore: JSON.stringify({ ...otherRow, ...(pairBefore ? { pairBefore } : {}) }),
    expiresAt: trashed.expiresAt!,
  };
  // The survivor takes the other's values; the other leaves the holders of all of its own.
  const claims = claimChanges([
    { contactId: id, before: claimKeysOf(survivor), after: claimKeysOf(next) },
    { contactId: otherId, before: claimKeysOf(other) },
  ]);
  const itemCount = 5 + claims.length + survivorLookups.put.length + survivorLookups.remove.length + survivorAudiences.put.length + survivorAudiences.remove.length + otherLookups.length + otherAudiences.length + shared.length + (pairBefore ? 1 : 0) + rowChangeCount(survivorIndex) + rowChangeCount(otherIndex);
  if (itemCount > MAX_TRANSACTION_ITEMS) {
    throw new ConflictError(`These contacts have too many phones, emails, managers and tags to merge in one step (${itemCount} rows, at most ${MAX_TRANSACTION_ITEMS}): remove some first.`);
  }
  const jobInTransaction = itemCount + 1 <= MAX_TRANSACTION_ITEMS;
  const job = expiryJob(otherId, trashed.deletedAt!, trashed.expiresAt!, { early: !jobInTransaction });
  if (!jobInTransaction) await writeJob(job);
  let claimed;
  try {
    claimed = await claimedTransaction(claims, (read) =>
      service.transaction
        .write((tx) => [
          ...(claimWrites(tx, claims, read) as never[]),
          tx.contact
            .put(storable(next as StoredContact) as never)
            .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, survivor.version)} AND ${notExists(deletedAt)}`)
            .commit(),
          tx.contact
            .put(storable(trashed) as never)
            .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, other.version)} AND ${notExists(deletedAt)}`)
            .commit(),
          ...survivorLookups.put.map((row) => tx.contactLookup.put(row).commit()),
          ...survivorLookups.remove.map((row) => tx.contactLookup.delete(row).commit()),
          ...otherLookups.map((row) => tx.contactLookup.delete(row).commit()),
          ...survivorAudiences.put.map((row) => tx.contactAudience.put(row).commit()),
          ...survivorAudiences.remove.map((row) => tx.contactAudience.delete(row).commit()),
          ...otherAudiences.map((row) => tx.contactAudience.delete(row).commit()),
          ...(indexWrites(tx, survivorIndex) as never[]),
          ...(indexWrites(tx, otherIndex) as never[]),
          ...tagCountChanges(tx, "contact", shared, []),
          tx.activity.create(activity).commit(),
          tx.mergeRecord.create(record).commit(),
          tx.mergeSnapshot.create(snapshot).commit(),
          ...(pairBefore ? [tx.duplicatePair.delete({ pairId: pairBefore.pairId }).commit()] : []),
          ...(jobInTransaction ? [tx.job.create(job as never).commit()] : []),
        ])
        .go(),
    );
  } catch (error) {
    // The photo copy made for this merge is shown by nobody now.
    if (next.photo?.mergeId === mergeId) await useFiles().delete(photoFileKey(id, next.photo)).catch(() => undefined);
    if (error instanceof VersionConflictError || isConditionFailure(error)) throw new ConflictError("One of the contacts was changed or deleted meanwhile: reload both and merge again.");
    throw error;
  }
  await Jobs.enqueueQuietly(job.jobId);
  // A third contact holding a value the survivor took over is queued with it.
  await queueHolders(id, claimed, claims);
  const finished = await finishMerge(record);
  return { merge: summary(finished), contact: present(next) };
}

/** Every activity of a contact's timeline, page by page. */
async function* timelineOf(contactId: string): AsyncGenerator<Activity[]> {
  const { service } = useStorage();
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; cursor: string | null } = await service.entities.activity.query.primary({ contactId }).go({ limit: 100, cursor });
    if (page.data.length > 0) yield page.data as Activity[];
    cursor = page.cursor;
  } while (cursor);
}

/** Step 2 and 3 of a merge: copy the other's timeline to the survivor (idempotent), then `done`. */
async function finishMerge(record: MergeRecord): Promise<MergeRecord> {
  const { service } = useStorage();
  let copied = 0;
  for await (const page of timelineOf(record.otherId)) {
    // The survivor's copies are its own timeline: they never take the trashed original's expiry.
    const copies = page.map(({ expiresAt: _expiresAt, ...activity }: Activity & { expiresAt?: number }) => ({ ...activity, contactId: record.survivorId }));
    const result = (await service.entities.activity.put(copies as never).go()) as unknown as { unprocessed?: unknown[] };
    if ((result.unprocessed ?? []).length > 0) throw new Error("DynamoDB left activities unwritten; the merge can be finished by repeating it.");
    copied += copies.length;
  }
  await followTrashedSurvivor(record.survivorId);
  await service.entities.mergeRecord.patch({ mergeId: record.mergeId }).set({ status: "done", copiedActivities: copied }).go();
  return { ...record, status: "done", copiedActivities: copied };
}

/**
 * The survivor went to the trash while its copies were being written (or before a crashed merge
 * was finished): its expiry job may have paged past rows written since. Another expiry job for
 * the same deletion, started after the last copy, visits them all (it skips rows already right).
 */
async function followTrashedSurvivor(survivorId: string): Promise<void> {
  const survivor = await loadRaw(survivorId);
  if (!survivor?.deletedAt || survivor.expiresAt === undefined) return;
  const job = expiryJob(survivorId, survivor.deletedAt, survivor.expiresAt);
  await writeJob(job);
  await Jobs.enqueueQuietly(job.jobId);
}

/** A merge that crashed part-way (status `copying`), finished. For operators and tests. */
export async function resumeMerge(mergeId: string): Promise<MergeSummary> {
  const record = await loadRecord(mergeId);
  if (!record) throw new NotFoundError("Merge");
  return summary(record.status === "copying" ? await finishMerge(record) : record.status === "undoing" ? await finishUndo(record, useActor()) : record);
}

function parseMergeId(mergeId: unknown): string {
  if (!v.is(UlidField, mergeId)) throw new ValidationError([{ field: "mergeId", message: "Not a valid merge ID." }]);
  return mergeId;
}

/** The merge as its author or an admin sees it; anyone else gets a 404 (or 403 if they see the survivor). */
async function loadAllowed(mergeId: unknown): Promise<MergeRecord> {
  const actor = useUser();
  const id = parseMergeId(mergeId);
  const record = await loadRecord(id);
  if (!record) throw new NotFoundError("Merge");
  if (record.mergedBy === actor.userId || roleHas(actor.role, "contacts:readAll")) return record;
  const survivor = await loadRaw(record.survivorId);
  if (survivor && !survivor.deletedAt && (await contactAccess(actor, survivor, "read")).read) {
    throw new ForbiddenError("Only the person who merged these contacts, or an admin, may see or undo the merge.");
  }
  throw new NotFoundError("Merge");
}

export async function getMerge(mergeId: unknown): Promise<MergeSummary> {
  return summary(await loadAllowed(mergeId));
}

/**
 * `POST /v1/merges/{mergeId}/undo`: both contacts exactly as they were before the merge (rows,
 * lookup and audience rows, tag counts, timelines; the `merged` activity and the copies go).
 * Rule: the survivor must be unchanged since the merge (its version is the one the merge
 * wrote), else 409 — an edit made on the merged contact cannot be split between the two.
 * After 30 days: 410 (the merged-away contact has left the trash). Repeating an undo that
 * crashed part-way finishes it.
 */
export async function undo(mergeId: unknown): Promise<MergeSummary> {
  const actor = useUser();
  const record = await loadAllowed(mergeId);
  if (record.status === "undone") throw new ConflictError("This merge was undone already.");
  if (record.status === "undoing") return summary(await finishUndo(record, actor));
  if (now().getTime() > Date.parse(record.mergedAt) + UNDO_WINDOW_DAYS * DAY_MS) {
    throw new GoneError(`Merges can be undone for ${UNDO_WINDOW_DAYS} days; this one was made on ${record.mergedAt}.`);
  }
  const [survivorNow, otherNow] = await Promise.all([loadRaw(record.survivorId), loadRaw(record.otherId)]);
  if (!survivorNow || survivorNow.deletedAt || survivorNow.version !== record.survivorVersionAfter) {
    throw new ConflictError(
      survivorNow?.deletedAt
        ? "The surviving contact is in the trash: restore it first, then undo the merge."
        : `The surviving contact was changed after the merge (version ${record.survivorVersionAfter} → ${survivorNow?.version}); undoing would lose that change. Undo those edits or split the contact by hand.`,
    );
  }
  if (!otherNow || otherNow.mergeId !== record.mergeId) throw new ConflictError("The merged-away contact is no longer in the trash as merged; the merge cannot be undone.");
  const { service } = useStorage();
  const snapshot = record.survivorBefore && record.otherBefore ? undefined : (await service.entities.mergeSnapshot.get({ mergeId: record.mergeId }).go()).data;
  const [survivorJson, otherJson] = [record.survivorBefore ?? snapshot?.survivorBefore, record.otherBefore ?? snapshot?.otherBefore];
  if (!survivorJson || !otherJson) throw new GoneError(`Merges can be undone for ${UNDO_WINDOW_DAYS} days; this one was made on ${record.mergedAt}.`);
  const survivorBefore = JSON.parse(survivorJson) as StoredContact;
  const { pairBefore, ...otherBefore } = JSON.parse(otherJson) as StoredContact & { pairBefore?: { pairId: string } & Record<string, unknown> };
  const [survivorWas, otherWas, survivorIs] = [present(survivorBefore), present(otherBefore as StoredContact), present(survivorNow)];
  const survivorLookups = lookupChanges(lookupRows(survivorIs), lookupRows(survivorWas));
  const survivorAudiences = audienceChanges(audiences(survivorIs), audiences(survivorWas));
  const shared = sharedTags(survivorWas, otherWas);
  const survivorIndex = rowChanges(survivorIs, survivorWas);
  const otherIndex = rowChanges(undefined, otherWas);
  const undoneAt = now().toISOString();
  // The merged-away contact's other rows lose the expiry its trashing gave them (trash.ts).
  // The survivor gives back what only the other had; the other holds its values again.
  const claims = claimChanges([
    { contactId: record.survivorId, before: claimKeysOf(survivorIs), after: claimKeysOf(survivorWas) },
    { contactId: record.otherId, after: claimKeysOf(otherWas) },
  ]);
  const itemCount = 6 + claims.length + survivorLookups.put.length + survivorLookups.remove.length + lookupRows(otherWas).length + survivorAudiences.put.length + survivorAudiences.remove.length + audiences(otherWas).length + shared.length + (pairBefore ? 1 : 0) + rowChangeCount(survivorIndex) + rowChangeCount(otherIndex);
  const jobInTransaction = itemCount + 1 <= MAX_TRANSACTION_ITEMS;
  const job = restoreJob(record.otherId, { early: !jobInTransaction });
  if (!jobInTransaction) await writeJob(job);
  let claimed;
  try {
    claimed = await claimedTransaction(claims, (read) =>
      service.transaction
        .write((tx) => [
          ...(claimWrites(tx, claims, read) as never[]),
          tx.contact
            .put(storable(survivorBefore) as never)
            .where(({ version }, { eq }) => eq(version, record.survivorVersionAfter))
            .commit(),
          tx.contact
            .put(storable(otherBefore as StoredContact) as never)
            .where(({ mergeId: marked }, { eq }) => eq(marked, record.mergeId))
            .commit(),
          ...survivorLookups.put.map((row) => tx.contactLookup.put(row).commit()),
          ...survivorLookups.remove.map((row) => tx.contactLookup.delete(row).commit()),
          ...lookupRows(otherWas).map((row) => tx.contactLookup.put(row).commit()),
          ...survivorAudiences.put.map((row) => tx.contactAudience.put(row).commit()),
          ...survivorAudiences.remove.map((row) => tx.contactAudience.delete(row).commit()),
          ...audiences(otherWas).map((row) => tx.contactAudience.put(row).commit()),
          ...(indexWrites(tx, survivorIndex) as never[]),
          ...(indexWrites(tx, otherIndex) as never[]),
          ...tagCountChanges(tx, "contact", [], shared),
          tx.activity.delete({ contactId: record.survivorId, activityId: record.mergedActivityId }).commit(),
          // Pairs saved before they had side keys get them now (pairSides).
          ...(pairBefore ? [tx.duplicatePair.put({ ...pairBefore, ...pairSides(pairBefore.pairId) } as never).commit()] : []),
          ...(snapshot ? [tx.mergeSnapshot.delete({ mergeId: record.mergeId }).commit()] : []),
          ...(jobInTransaction ? [tx.job.create(job as never).commit()] : []),
          tx.mergeRecord
            .patch({ mergeId: record.mergeId })
            .set({ status: "undoing", undoneBy: actor.userId, undoneAt })
            .where(({ status }, { eq }) => eq(status, record.status))
            .commit(),
        ])
        .go(),
    );
  } catch (error) {
    if (error instanceof VersionConflictError || isConditionFailure(error)) throw new ConflictError("The contacts or the merge changed meanwhile: reload and try again.");
    throw error;
  }
  await Jobs.enqueueQuietly(job.jobId);
  // Whoever took one of the other's values while it was merged away is queued with it (the
  // survivor is not: the undo puts back whatever pair the two had before the merge).
  await queueHolders(record.otherId, claimed, claims, [record.survivorId]);
  return summary(await finishUndo({ ...record, status: "undoing", undoneBy: actor.userId, undoneAt }, actor));
}

/**
 * The other's photo, copied to a key of the survivor's own before the merge commits: the
 * merged-away contact's files go with its trash, and the survivor's earlier upload must stay
 * for the undo. A refused merge deletes the copy; a crash before the commit leaves it, unshown.
 */
async function copyPhoto(otherId: string, photo: NonNullable<Contact["photo"]>, survivorId: string, mergeId: string): Promise<Contact["photo"]> {
  const bytes = await useFiles().get(photoFileKey(otherId, photo));
  if (!bytes) return undefined;
  const copied = { ...photo, mergeId };
  await useFiles().put(photoFileKey(survivorId, copied), bytes, photo.contentType);
  return copied;
}

/** Undo's second step: the copies of the other's timeline and photo leave the survivor (idempotent), then `undone`. */
async function finishUndo(record: MergeRecord, _actor: Actor): Promise<MergeRecord> {
  const { service } = useStorage();
  await useFiles().delete(photoFileKey(record.survivorId, { mergeId: record.mergeId }));
  for await (const page of timelineOf(record.otherId)) {
    const result = await service.entities.activity.delete(page.map((activity) => ({ contactId: record.survivorId, activityId: activity.activityId }))).go();
    if ((result.unprocessed ?? []).length > 0) throw new Error("DynamoDB left activities undeleted; repeat the undo to finish it.");
  }
  await service.entities.mergeRecord.patch({ mergeId: record.mergeId }).set({ status: "undone" }).go();
  return { ...record, status: "undone" };
}


