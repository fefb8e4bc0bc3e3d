import { BatchGetCommand, QueryCommand, TransactWriteCommand } from "../storage/libraries";
import { Jobs, type ChunkOutcome, type StoredJob } from "../jobs";
import { NOTIFICATION_RETENTION_DAYS } from "../notifications/notifications";
import { now, nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import { useFiles } from "../files";
import { photoFileKeys } from "./photo-key";

/**
 * Everything of a trashed contact leaves with it after 30 days, and comes back on restore.
 *
 * Over 400 lines on purpose: the expiry and restore jobs walk the same phases with the same
 * guarded batch writer and checkpoints; apart, each would export its internals to the other.
 *
 * The trash transaction (trash-operations.ts `remove`, merge.ts) deletes the contact's lookup, audience,
 * list and search rows and gives the contact row its `expiresAt`. What is too much for one
 * transaction, or lives in other partitions, is the trash expiry job's (`contactTrashExpiry`),
 * written in that same transaction: it stamps every remaining row of the contact with the same
 * `expiresAt`, in TransactWriteItems of up to 100 items whose first item is a ConditionCheck that
 * the contact is still in the trash *with that deletion* (`deletedAt`). A restore (or merge undo)
 * writes the restore job (`contactTrashRestore`), which takes the expiry off those rows again,
 * each transaction checking that the contact is alive. So whichever of a purge and a restore
 * commits last wins every row, and a restore always ends with nothing of the contact expiring:
 * the expiry job cannot write once the contact left the trash, and the restore job only starts
 * after that and visits every row. Both jobs are idempotent (replaying a chunk rewrites the same
 * values), so a crash part-way is finished by running the job again.
 *
 * Rows each job visits (see docs/contacts.md, "Trash"):
 * - `activities`: the contact's timeline (its own partition), plus the intake's messenger handle
 *   rows (`chatHandle`) named by its `message` activities or its chat source;
 * - `pairs`: duplicate-queue pairs with the contact on either side (a pair expires with the first
 *   of its two contacts to expire; a restore hands it the other side's expiry, or none);
 * - `requests`: access requests for the contact, and the notifications about them in the owner's
 *   and the requester's inbox (their own 90-day expiry comes back on restore);
 * - `files`: the photo; a `trashedFiles` row tells the sweep to delete it once the period ended
 *   (a file has no TTL; see `sweepExpiredTrash`).
 */

export const TRASH_EXPIRY_JOB = "contactTrashExpiry";
export const TRASH_RESTORE_JOB = "contactTrashRestore";
export const TRASH_SWEEP_JOB = "contactTrashSweep";

/** Bookkeeping of a restore (its job row) is kept as long as a trash period. */
const RESTORE_JOB_RETENTION_SECONDS = 30 * 24 * 3600;
/** DynamoDB's limit of items per TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

let activitiesPerPage = MAX_TRANSACTION_ITEMS - 1;
let pagesPerChunk = 5;
/** Test hook: smaller pages (more transactions) and chunks. */
export function setTrashJobSizes(sizes: { activitiesPerPage?: number; pagesPerChunk?: number } | undefined): void {
  activitiesPerPage = sizes?.activitiesPerPage ?? MAX_TRANSACTION_ITEMS - 1;
  pagesPerChunk = sizes?.pagesPerChunk ?? 5;
}

interface ExpiryParams {
  contactId: string;
  deletedAt: string;
  expiresAt: number;
  /** Written before the trash transaction (no room in it): wait for that transaction to commit. */
  early?: boolean;
}
interface RestoreParams {
  contactId: string;
  /** Written before the restore transaction (no room in it): wait for that transaction to commit. */
  early?: boolean;
}

const phases = ["activities", "pairsFirst", "pairsSecond", "requests", "files"] as const;
type Phase = (typeof phases)[number];
interface Checkpoint {
  phase: Phase;
  /** The phase's DynamoDB `LastEvaluatedKey`; absent at its start. */
  after?: Record<string, unknown>;
}

type Key = Record<string, unknown>;
type RawItem = Record<string, unknown>;
/** One TransactWriteItems entry, in the DocumentClient's shape. */
type TransactItem = Record<string, unknown>;

/** What a job is doing: stamping (`expiry`) or taking stamps off (`restore`). */
type Mode = ({ kind: "expiry"; contactId: string; deletedAt: string; expiresAt: number } | { kind: "restore"; contactId: string }) & { early?: boolean };

// ---------------------------------------------------------------------------------------------
// Job rows, written by the trash and restore transactions.

/**
 * The expiry job for one deletion: goes into the trash transaction (`tx.job.create(...)`). When
 * that transaction has no room left (a contact at DynamoDB's 100 items), the job is `early`:
 * written just before the transaction (`writeJob`), it waits (retries) until the deletion shows.
 */
export function expiryJob(contactId: string, deletedAt: string, expiresAt: number, options: { early?: boolean } = {}) {
  const params: ExpiryParams = { contactId, deletedAt, expiresAt, ...(options.early ? { early: true } : {}) };
  return Jobs.systemJob(TRASH_EXPIRY_JOB, params, { expiresAt });
}

/** The restore job: goes into the restore (or merge undo) transaction, or `early` before it. */
export function restoreJob(contactId: string, options: { early?: boolean } = {}) {
  const params: RestoreParams = { contactId, ...(options.early ? { early: true } : {}) };
  return Jobs.systemJob(TRASH_RESTORE_JOB, params, { expiresAt: Math.floor(nowMs() / 1000) + RESTORE_JOB_RETENTION_SECONDS });
}

/** Writes a job row on its own (an `early` job, or one for a contact already in the trash). */
export async function writeJob(job: ReturnType<typeof expiryJob>): Promise<void> {
  const { service } = useStorage();
  await service.entities.job.create(job as never).go();
}

// ---------------------------------------------------------------------------------------------
// Reading.

const storage = () => useStorage();

function contactKey(contactId: string): Key {
  return storage().service.entities.contact.get({ contactId }).params().Key as Key;
}

async function loadContactRaw(contactId: string): Promise<RawItem | undefined> {
  const { service } = storage();
  return ((await service.entities.contact.get({ contactId }).go()).data as RawItem | null) ?? undefined;
}

async function queryPage(params: Record<string, unknown>, after: Key | undefined, limit: number): Promise<{ items: RawItem[]; after?: Key }> {
  const { clients } = storage();
  const result = await clients.doc.send(new QueryCommand({ ...params, Limit: limit, ...(after ? { ExclusiveStartKey: after } : {}) } as never));
  return { items: (result.Items ?? []) as RawItem[], ...(result.LastEvaluatedKey ? { after: result.LastEvaluatedKey } : {}) };
}

async function getMany(keys: Key[]): Promise<RawItem[]> {
  const { clients, table } = storage();
  const out: RawItem[] = [];
  for (let index = 0; index < keys.length; index += 100) {
    let pending: Key[] = keys.slice(index, index + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error("DynamoDB left keys unprocessed; the chunk will be retried.");
      const result = await clients.doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      out.push(...((result.Responses?.[table] ?? []) as RawItem[]));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
  }
  return out;
}

const keyOf = (item: RawItem): Key => ({ pk: item.pk, sk: item.sk });
const expiryOf = (item: RawItem) => (typeof item.expiresAt === "number" ? item.expiresAt : undefined);

// ---------------------------------------------------------------------------------------------
// Writing: guarded transactions.

/**
 * One row's change and the condition checks it needs besides the guard (a pair's other side).
 * `null` expiry removes the attribute.
 */
interface RowWrite {
  key: Key;
  expiresAt: number | null;
  /** Extra condition on the row itself (DocumentClient names/values merged in). */
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  checks?: TransactItem[];
  /** A Put instead of an update (the trashed-files row). */
  put?: RawItem;
  /** A Delete instead of an update. */
  remove?: boolean;
}

function guardOf(mode: Mode): TransactItem {
  const { table } = storage();
  const Key = contactKey(mode.contactId);
  return mode.kind === "expiry"
    ? { ConditionCheck: { TableName: table, Key, ConditionExpression: "#deletedAt = :deletedAt", ExpressionAttributeNames: { "#deletedAt": "deletedAt" }, ExpressionAttributeValues: { ":deletedAt": mode.deletedAt } } }
    : { ConditionCheck: { TableName: table, Key, ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(#deletedAt)", ExpressionAttributeNames: { "#pk": "pk", "#deletedAt": "deletedAt" } } };
}

function transactItem(write: RowWrite): TransactItem {
  const { table } = storage();
  const condition = write.condition;
  if (write.put) return { Put: { TableName: table, Item: write.put } };
  if (write.remove) {
    return { Delete: { TableName: table, Key: write.key, ...(condition ? { ConditionExpression: condition.expression, ...names(condition.names), ...values(condition.values) } : {}) } };
  }
  const update = write.expiresAt === null ? "REMOVE #expiresAt" : "SET #expiresAt = :expiresAt";
  return {
    Update: {
      TableName: table,
      Key: write.key,
      UpdateExpression: update,
      // Never create a row that vanished meanwhile (an update on a missing key would).
      ConditionExpression: `attribute_exists(#pk)${condition ? ` AND (${condition.expression})` : ""}`,
      ExpressionAttributeNames: { "#pk": "pk", "#expiresAt": "expiresAt", ...(condition?.names ?? {}) },
      ...values({ ...(write.expiresAt === null ? {} : { ":expiresAt": write.expiresAt }), ...(condition?.values ?? {}) }),
    },
  };
}
const names = (entries?: Record<string, string>) => (entries && Object.keys(entries).length > 0 ? { ExpressionAttributeNames: entries } : {});
const values = (entries?: Record<string, unknown>) => (entries && Object.keys(entries).length > 0 ? { ExpressionAttributeValues: entries } : {});

/** The contact left the state the job works for (restored, trashed again, gone): stop. */
class Superseded extends Error {}

/**
 * Writes rows in TransactWriteItems of at most 100 items, each opening with the guard. A guard
 * that fails means the contact left the state this job is for: `Superseded`. Any other
 * cancellation (a row changed between the read and the write, contention) is thrown, and the
 * runner replays the chunk from fresh reads.
 */
async function writeGuarded(mode: Mode, writes: RowWrite[]): Promise<number> {
  const { clients } = storage();
  const guard = guardOf(mode);
  let batch: TransactItem[] = [];
  let written = 0;
  let pending = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await clients.doc.send(new TransactWriteCommand({ TransactItems: [guard, ...batch] as never }));
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === "TransactionCanceledException" && reasons?.[0]?.Code === "ConditionalCheckFailed") throw new Superseded();
      throw error;
    }
    written += pending;
    batch = [];
    pending = 0;
  };
  for (const write of writes) {
    const items = [...(write.checks ?? []), transactItem(write)];
    if (1 + batch.length + items.length > MAX_TRANSACTION_ITEMS) await flush();
    batch.push(...items);
    pending++;
  }
  await flush();
  return written;
}

// ---------------------------------------------------------------------------------------------
// The phases: which rows, and what each becomes.

/** Activities of the contact's timeline, and the messenger handle rows they name. */
async function activitiesPhase(mode: Mode, contact: RawItem, after: Key | undefined): Promise<{ writes: RowWrite[]; after?: Key }> {
  const { service } = storage();
  const page = await queryPage(service.entities.activity.query.primary({ contactId: mode.contactId }).params(), after, activitiesPerPage);
  const writes: RowWrite[] = [];
  for (const item of page.items) {
    const current = expiryOf(item);
    if (mode.kind === "expiry" && current !== mode.expiresAt) writes.push({ key: keyOf(item), expiresAt: mode.expiresAt });
    if (mode.kind === "restore" && current !== undefined) writes.push({ key: keyOf(item), expiresAt: null });
  }
  const handles = page.items.flatMap((item) => {
    const message = item.kind === "message" ? (item.message as { source?: string; handle?: string } | undefined) : undefined;
    return message?.source && message.handle ? [{ source: message.source, handle: message.handle }] : [];
  });
  // A contact a chat created names its handle in its source too (first page only).
  const source = contact.source as { kind?: string; ref?: string } | undefined;
  if (!after && source?.ref && chatSourceKinds.includes(String(source.kind))) handles.push({ source: String(source.kind), handle: source.ref });
  writes.push(...(await handleWrites(mode, handles)));
  return { writes, ...(page.after ? { after: page.after } : {}) };
}

/** Contact sources that are chats: intake keeps a `chatHandle` row per (source, handle). */
const chatSourceKinds = ["chat", "telegram", "vk"];

/** The intake's `chatHandle` rows that still point at this contact (a handle may have moved on). */
async function handleWrites(mode: Mode, handles: { source: string; handle: string }[]): Promise<RowWrite[]> {
  if (handles.length === 0) return [];
  const { service } = storage();
  const keys = new Map<string, Key>();
  for (const { source, handle } of handles) {
    const key = service.entities.chatHandle.get({ source, handle: handle.toLowerCase() }).params().Key as Key;
    keys.set(`${key.pk}|${key.sk}`, key);
  }
  const rows = await getMany([...keys.values()]);
  const condition = { expression: "#contactId = :contactId", names: { "#contactId": "contactId" }, values: { ":contactId": mode.contactId } };
  return rows
    .filter((row) => row.contactId === mode.contactId)
    .flatMap((row): RowWrite[] => {
      const current = expiryOf(row);
      if (mode.kind === "expiry") return current === mode.expiresAt ? [] : [{ key: keyOf(row), expiresAt: mode.expiresAt, condition }];
      return current === undefined ? [] : [{ key: keyOf(row), expiresAt: null, condition }];
    });
}

/** Duplicate-queue pairs with the contact on one side (`side`). */
async function pairsPhase(mode: Mode, side: "first" | "second", after: Key | undefined): Promise<{ writes: RowWrite[]; after?: Key }> {
  const { service, table } = storage();
  const query = side === "first" ? service.entities.duplicatePair.query.byFirst({ firstId: mode.contactId }) : service.entities.duplicatePair.query.bySecond({ secondId: mode.contactId });
  // Each pair may bring a condition check on its other contact: half a transaction per page.
  const page = await queryPage(query.params(), after, 49);
  const writes: RowWrite[] = [];
  if (mode.kind === "expiry") {
    for (const pair of page.items) {
      const current = expiryOf(pair);
      // A pair leaves with the first of its contacts to leave.
      if (current !== undefined && current <= mode.expiresAt) continue;
      writes.push({
        key: keyOf(pair),
        expiresAt: mode.expiresAt,
        condition: { expression: "attribute_not_exists(#expiresAt) OR #expiresAt > :expiresAt" },
      });
    }
    return { writes, ...(page.after ? { after: page.after } : {}) };
  }
  // Restore: the pair takes the other side's expiry (if it is in the trash), or none.
  const others = page.items.map((pair) => String(side === "first" ? pair.secondId : pair.firstId));
  const rows = new Map((await getMany(others.map(contactKey))).map((row) => [String(row.contactId), row]));
  page.items.forEach((pair, index) => {
    const otherId = others[index]!;
    const other = rows.get(otherId);
    // The other contact is gone for good: the pair goes with it (its expiry is already the other's).
    if (!other) return;
    const current = expiryOf(pair);
    if (other.deletedAt) {
      const target = expiryOf(other);
      if (target === undefined || current === target) return;
      writes.push({
        key: keyOf(pair),
        expiresAt: target,
        checks: [{ ConditionCheck: { TableName: table, Key: contactKey(otherId), ConditionExpression: "#deletedAt = :otherDeletedAt", ExpressionAttributeNames: { "#deletedAt": "deletedAt" }, ExpressionAttributeValues: { ":otherDeletedAt": other.deletedAt } } }],
      });
    } else if (current !== undefined) {
      writes.push({
        key: keyOf(pair),
        expiresAt: null,
        checks: [{ ConditionCheck: { TableName: table, Key: contactKey(otherId), ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(#deletedAt)", ExpressionAttributeNames: { "#pk": "pk", "#deletedAt": "deletedAt" } } }],
      });
    }
  });
  return { writes, ...(page.after ? { after: page.after } : {}) };
}

const NOTIFICATION_RETENTION_SECONDS = NOTIFICATION_RETENTION_DAYS * 24 * 3600;

/** Access requests for the contact and the notifications about them (owner's and requester's inbox). */
async function requestsPhase(mode: Mode, after: Key | undefined): Promise<{ writes: RowWrite[]; after?: Key }> {
  const { service } = storage();
  const page = await queryPage(service.entities.accessRequest.query.byContact({ contactId: mode.contactId }).params(), after, 20);
  const writes: RowWrite[] = [];
  const inboxes = new Set<string>();
  for (const request of page.items) {
    const current = expiryOf(request);
    if (mode.kind === "expiry" && current !== mode.expiresAt) writes.push({ key: keyOf(request), expiresAt: mode.expiresAt });
    if (mode.kind === "restore" && current !== undefined) writes.push({ key: keyOf(request), expiresAt: null });
    inboxes.add(String(request.ownerId));
    inboxes.add(String(request.requesterId));
  }
  for (const userId of inboxes) {
    for (const notification of await notificationsAbout(userId, mode.contactId)) {
      // Notifications expire on their own after 90 days: in the trash, whichever comes first.
      const own = Math.floor(Date.parse(String(notification.createdAt)) / 1000) + NOTIFICATION_RETENTION_SECONDS;
      const target = mode.kind === "expiry" ? Math.min(own, mode.expiresAt) : own;
      if (expiryOf(notification) !== target) writes.push({ key: keyOf(notification), expiresAt: target });
    }
  }
  return { writes, ...(page.after ? { after: page.after } : {}) };
}

/** A user's notifications naming the contact (`data.contactId`): one filtered Query of their inbox. */
async function notificationsAbout(userId: string, contactId: string): Promise<RawItem[]> {
  const { service } = storage();
  const params = service.entities.notification.query.primary({ userId }).params() as Record<string, unknown> & {
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  };
  const filtered = {
    ...params,
    FilterExpression: "#data.#aboutContact = :aboutContact",
    ExpressionAttributeNames: { ...params.ExpressionAttributeNames, "#data": "data", "#aboutContact": "contactId" },
    ExpressionAttributeValues: { ...params.ExpressionAttributeValues, ":aboutContact": contactId },
  };
  const out: RawItem[] = [];
  let after: Key | undefined;
  do {
    const page = await queryPage(filtered, after, 100);
    out.push(...page.items);
    after = page.after;
  } while (after);
  return out;
}

/**
 * Files other features keep about a contact (call recordings, core/recordings): they leave when
 * its trash period ends. Registered by the owner (this module does not import it).
 */
export interface ContactFilesOwner {
  has(contactId: string): Promise<boolean>;
  purge(contactId: string): Promise<void>;
}
const contactFilesOwners: ContactFilesOwner[] = [];
export function registerContactFilesOwner(owner: ContactFilesOwner): void {
  if (!contactFilesOwners.includes(owner)) contactFilesOwners.push(owner);
}
async function hasOwnedFiles(contactId: string): Promise<boolean> {
  for (const owner of contactFilesOwners) if (await owner.has(contactId)) return true;
  return false;
}

/** The photo (and other features' files): in the trash, a `trashedFiles` row for the sweep; restored, that row goes. */
async function filesPhase(mode: Mode, contact: RawItem): Promise<{ writes: RowWrite[] }> {
  const { service } = storage();
  const key = service.entities.trashedFiles.get({ contactId: mode.contactId }).params().Key as Key;
  if (mode.kind === "restore") {
    const existing = await getMany([key]);
    return { writes: existing.length > 0 ? [{ key, expiresAt: null, remove: true }] : [] };
  }
  if (!contact.photo && !(await hasOwnedFiles(mode.contactId))) return { writes: [] };
  const fileKeys = contact.photo ? photoFileKeys(mode.contactId, contact.photo as { mergeId?: string } | undefined) : [];
  const item = service.entities.trashedFiles
    .put({ contactId: mode.contactId, deletedAt: mode.deletedAt, dueAt: new Date(mode.expiresAt * 1000).toISOString(), fileKeys })
    .params().Item as RawItem;
  return { writes: [{ key, expiresAt: null, put: item }] };
}

// ---------------------------------------------------------------------------------------------
// The job handlers.

/** The state before the write that made the job: alive (expiry) or trashed (restore). */
const notYet = (mode: Mode, contact: RawItem) => (mode.kind === "expiry" ? !contact.deletedAt : Boolean(contact.deletedAt));

/** Does the contact still stand where the job expects it (trashed with that deletion / alive)? */
function holds(mode: Mode, contact: RawItem | undefined): contact is RawItem {
  if (!contact) return false;
  return mode.kind === "expiry" ? contact.deletedAt === mode.deletedAt : !contact.deletedAt;
}

/**
 * One chunk: pages of the current phase until `pagesPerChunk` pages were written or the phases
 * ran out. The checkpoint is where the next page starts; replaying a chunk rewrites the same values.
 */
async function runChunk(mode: Mode, job: StoredJob): Promise<ChunkOutcome> {
  let at: Checkpoint = job.checkpoint ? (JSON.parse(job.checkpoint) as Checkpoint) : { phase: "activities" };
  const contact = await loadContactRaw(mode.contactId);
  if (!holds(mode, contact)) {
    // An early job may run before its transaction committed: try again later (the runner
    // retries; if the transaction never commits, the job fails after MAX_ATTEMPTS, harmlessly).
    if (mode.early && !job.checkpoint && contact && notYet(mode, contact)) throw new Error("The trash or restore transaction has not committed yet.");
    return { checkpoint: null, done: 0, failed: 0, stats: { superseded: 1 } };
  }
  let written = 0;
  try {
    for (let pages = 0; pages < pagesPerChunk; pages++) {
      await beforeBatchHook?.(mode.kind, at);
      const { writes, after } =
        at.phase === "activities" ? await activitiesPhase(mode, contact, at.after)
        : at.phase === "pairsFirst" ? await pairsPhase(mode, "first", at.after)
        : at.phase === "pairsSecond" ? await pairsPhase(mode, "second", at.after)
        : at.phase === "requests" ? await requestsPhase(mode, at.after)
        : { ...(await filesPhase(mode, contact)), after: undefined };
      written += await writeGuarded(mode, writes);
      if (after) at = { phase: at.phase, after };
      else {
        const next = phases[phases.indexOf(at.phase) + 1];
        if (!next) return { checkpoint: null, done: written, failed: 0, stats: { rows: written } };
        at = { phase: next };
      }
    }
  } catch (error) {
    if (error instanceof Superseded) return { checkpoint: null, done: written, failed: 0, stats: { rows: written, superseded: 1 } };
    throw error;
  }
  return { checkpoint: JSON.stringify(at), done: written, failed: 0, stats: { rows: written } };
}

/** Test hook: awaited before each page (to crash a job, or to restore the contact mid-job). */
let beforeBatchHook: ((kind: Mode["kind"], at: Checkpoint) => void | Promise<void>) | undefined;
export function setBeforeTrashBatchHook(hook: typeof beforeBatchHook): void {
  beforeBatchHook = hook;
}

const expiryHandler = {
  kind: TRASH_EXPIRY_JOB,
  runChunk: (job: StoredJob) => {
    const params = job.params as ExpiryParams;
    return runChunk({ kind: "expiry", ...params }, job);
  },
};
const restoreHandler = {
  kind: TRASH_RESTORE_JOB,
  runChunk: (job: StoredJob) => runChunk({ kind: "restore", ...(job.params as RestoreParams) }, job),
};

// ---------------------------------------------------------------------------------------------
// The sweep: files of contacts whose trash period ended.

export interface SweepResult {
  /** Contacts whose files were deleted. */
  purged: number;
  /** Rows about a contact that came back (restored) or was trashed again: dropped, files kept. */
  stale: number;
  cursor: string | null;
}

/**
 * Deletes the files of contacts whose trash period ended (`trashedFiles` rows due by now; one
 * Query on gsi5), one page at a time. A contact still in the trash with that deletion (or gone:
 * TTL deleted it) loses its files and then the row; a contact that came back only loses the row.
 * Safe to repeat: a file deleted twice is still deleted, and a row goes only after its files.
 * Run it daily (`startTrashSweep`); it is not on any request path.
 */
export async function sweepExpiredTrash(options: { limit?: number; cursor?: string | null } = {}): Promise<SweepResult> {
  const { service } = storage();
  const page = await service.entities.trashedFiles.query
    .due({ scope: "trashedFiles" })
    .lte({ dueAt: now().toISOString() })
    .go({ limit: options.limit ?? 25, cursor: options.cursor ?? null });
  let purged = 0;
  let stale = 0;
  for (const row of page.data) {
    const contact = await loadContactRaw(row.contactId);
    const sameDeletion = contact?.deletedAt === row.deletedAt;
    const ended = !contact || (sameDeletion && typeof contact.expiresAt === "number" && contact.expiresAt * 1000 <= nowMs());
    if (contact && sameDeletion && !ended) continue;
    if (ended) {
      for (const key of row.fileKeys) await useFiles().delete(key);
      for (const owner of contactFilesOwners) await owner.purge(row.contactId);
      purged++;
    } else stale++;
    try {
      await service.entities.trashedFiles
        .delete({ contactId: row.contactId })
        .where(({ deletedAt }, { eq }) => eq(deletedAt, row.deletedAt))
        .go();
    } catch (error) {
      // A newer deletion rewrote the row meanwhile: it stays for its own due time.
      if (!/ConditionalCheckFailed|conditional request failed/i.test(String((error as Error).message))) throw error;
    }
  }
  return { purged, stale, cursor: page.cursor };
}

const sweepHandler = {
  kind: TRASH_SWEEP_JOB,
  async runChunk(job: StoredJob): Promise<ChunkOutcome> {
    const result = await sweepExpiredTrash({ cursor: job.checkpoint ?? null });
    return { checkpoint: result.cursor, done: result.purged + result.stale, failed: 0, stats: { purged: result.purged, stale: result.stale } };
  },
};

/** Starts a sweep as a job (a daily schedule, or an operator). */
export async function startTrashSweep(): Promise<string> {
  const job = Jobs.systemJob(TRASH_SWEEP_JOB, {}, { expiresAt: Math.floor(nowMs() / 1000) + RESTORE_JOB_RETENTION_SECONDS });
  await writeJob(job);
  await Jobs.enqueueQuietly(job.jobId);
  return job.jobId;
}

/**
 * The trash's job kinds. Registered when this module loads: every process that can trash a
 * contact (it writes these jobs) can also run them.
 */
export function registerTrashJobs(): void {
  Jobs.registerJobHandler(expiryHandler);
  Jobs.registerJobHandler(restoreHandler);
  Jobs.registerJobHandler(sweepHandler);
}
registerTrashJobs();
