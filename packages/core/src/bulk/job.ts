import { ulid } from "ulid";
import { useUser } from "../actor";
import { Contacts } from "../contacts";
import { NotFoundError, ValidationError } from "../errors";
import { Jobs, type ChunkOutcome, type Job, type StoredJob } from "../jobs";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { Users } from "../users";
import { parse } from "../validation";
import { BulkAction, type BulkOutcome, type BulkStatus } from "./actions";
import { apply, applyToContacts, BULK_SYNC_MAX, requireActionRight } from "./bulk";
export { BulkFilter } from "./schemas";
import { BulkFilter } from "./schemas";
export { BulkJobRequest } from "./schemas";
import { BulkJobRequest } from "./schemas";

export { BULK_IDS_MAX, BULK_JOB_KIND, MAX_BULK_BODY_BYTES } from "./limits";
import { BULK_JOB_KIND } from "./limits";
/** IDs per selection part row (well under DynamoDB's 400 KB item limit with their report). */
export const PART_SIZE = 500;
/** Records applied per job chunk. */
let chunkSize = 50;
/** Test hook: smaller apply chunks. */
export function setBulkChunkSize(size: number | undefined): void {
  chunkSize = size ?? 50;
}
/** Finder pages per snapshot chunk: at most one part's worth. */
const FIND_PAGE = 50 as const;
const SNAPSHOT_TTL_SECONDS = 30 * 24 * 3600;

type Counts = Record<BulkStatus, number>;
export type BulkRunResult = { kind: "applied"; counts: Counts; results: BulkOutcome[] } | { kind: "job"; job: Job };

interface BulkJobParams {
  action: BulkAction;
  /** Present when the selection is "everything this filter matches". */
  filter?: BulkFilter;
}
export type Checkpoint = { phase: "select"; part: number; cursor: string | null; selected: number } | { phase: "apply"; part: number; offset: number };

/** How stats name the statuses (`not-found` is not a nice counter key). */
const statKey: Record<BulkStatus, string> = { applied: "applied", unchanged: "unchanged", denied: "denied", invalid: "invalid", "not-found": "notFound" };

const prefixed = (error: unknown, prefix: string) =>
  error instanceof ValidationError ? new ValidationError(error.issues.map((issue) => ({ ...issue, field: `${prefix}.${issue.field}` }))) : error;

/**
 * A bulk action: up to 100 IDs applied now; 101–10,000 IDs, or a filter, become a `bulk` job
 * whose selection is snapshotted into part rows first (so progress has a real total). The
 * action's right (delete: admins) is checked here, once, before anything is written.
 */
export async function run(input: BulkJobRequest): Promise<BulkRunResult> {
  useUser();
  const { action, contactIds, filter } = parse(BulkJobRequest, input);
  requireActionRight(action);
  // New responsible managers must exist and be active: a 400 for the whole request, not a
  // failure per record.
  if (action.type === "setOwners") await Users.requireAssignable(action.ownerIds, (index) => `action.ownerIds[${index}]`);
  if (contactIds && contactIds.length <= BULK_SYNC_MAX) {
    const applied = await apply({ action, contactIds });
    return { kind: "applied", ...applied };
  }
  const jobId = ulid();
  if (filter) {
    // Check the filter now (custom fields, ranges, search text): a bad one is a 400, not a failed job.
    try {
      await Contacts.findContacts({ ...filter, sort: "created", limit: 10 });
    } catch (error) {
      throw prefixed(error, "filter");
    }
    const params: BulkJobParams = { action, filter };
    return { kind: "job", job: await Jobs.start(BULK_JOB_KIND, params, { jobId }) };
  }
  const unique = [...new Set(contactIds!)];
  await writeParts(jobId, 0, unique);
  const params: BulkJobParams = { action };
  return { kind: "job", job: await Jobs.start(BULK_JOB_KIND, params, { jobId, total: unique.length }) };
}

const expiresAt = () => Math.floor(now().getTime() / 1000) + SNAPSHOT_TTL_SECONDS;

/** Part rows from `firstPart` on; a deterministic put per part, so a replay rewrites the same rows. */
async function writeParts(jobId: string, firstPart: number, contactIds: string[]): Promise<number> {
  const { service } = useStorage();
  const rows = [];
  for (let index = 0; index < contactIds.length; index += PART_SIZE) {
    rows.push({ jobId, part: firstPart + rows.length, contactIds: contactIds.slice(index, index + PART_SIZE), notApplied: {}, expiresAt: expiresAt() });
  }
  if (rows.length > 0) {
    const result = await service.entities.bulkSelectionPart.put(rows).go();
    if (result.unprocessed.length > 0) throw new Error(`${result.unprocessed.length} selection parts were not written; the chunk will be retried.`);
  }
  return rows.length;
}

async function loadPart(jobId: string, part: number) {
  const { service } = useStorage();
  const result = await service.entities.bulkSelectionPart.get({ jobId, part }).go();
  return result.data ?? undefined;
}

/** Test hook: awaited before each snapshot page and each applied chunk (to crash or pause a job). */
let beforeChunkHook: ((checkpoint: Checkpoint) => void | Promise<void>) | undefined;
export function setBeforeBulkChunkHook(hook: typeof beforeChunkHook): void {
  beforeChunkHook = hook;
}

/**
 * Snapshot phase (filter jobs): up to one part of IDs, paging the finder as the job's owner
 * sorted by creation, into part row N. The checkpoint carries the part and the finder cursor.
 */
async function snapshotChunk(job: StoredJob, params: BulkJobParams, at: Extract<Checkpoint, { phase: "select" }>): Promise<ChunkOutcome> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let cursor = at.cursor;
  do {
    await beforeChunkHook?.(at);
    const page = await Contacts.findContacts({ ...params.filter, sort: "created", order: "desc", limit: FIND_PAGE, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      if (seen.has(item.contactId)) continue;
      seen.add(item.contactId);
      ids.push(item.contactId);
    }
    cursor = page.cursor;
  } while (cursor && ids.length + FIND_PAGE <= PART_SIZE);
  const parts = await writeParts(job.jobId, at.part, ids);
  const selected = at.selected + ids.length;
  if (cursor) return { checkpoint: JSON.stringify({ phase: "select", part: at.part + parts, cursor, selected } satisfies Checkpoint), done: 0, failed: 0, stats: { selected: ids.length } };
  // The snapshot is complete: its size is the job's total; applying starts at part 0.
  return { checkpoint: selected > 0 ? JSON.stringify({ phase: "apply", part: 0, offset: 0 } satisfies Checkpoint) : null, done: 0, failed: 0, total: selected, stats: { selected: ids.length } };
}

/**
 * Apply phase: the next `chunkSize` IDs of part N through `applyToContacts` as the job's owner.
 * A chunk replayed after a crash finds the records it already changed `unchanged` (no second
 * write, no second timeline entry), and its not-applied records overwrite their own map keys.
 */
async function applyChunk(job: StoredJob, params: BulkJobParams, at: Extract<Checkpoint, { phase: "apply" }>): Promise<ChunkOutcome> {
  const part = await loadPart(job.jobId, at.part);
  if (!part) return { checkpoint: null, done: 0, failed: 0 };
  const ids = part.contactIds.slice(at.offset, at.offset + chunkSize);
  await beforeChunkHook?.(at);
  const outcomes = await resolveDeleted(job, params.action, await applyToContacts(params.action, ids));
  const notApplied = outcomes.filter((outcome) => outcome.status === "denied" || outcome.status === "invalid" || outcome.status === "not-found");
  if (notApplied.length > 0) {
    const { service } = useStorage();
    const merged = { ...((part.notApplied as Record<string, unknown> | undefined) ?? {}) };
    for (const outcome of notApplied) merged[outcome.contactId] = { status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) };
    await service.entities.bulkSelectionPart.patch({ jobId: job.jobId, part: at.part }).set({ notApplied: merged }).go();
  }
  const stats: Record<string, number> = {};
  for (const outcome of outcomes) stats[statKey[outcome.status]] = (stats[statKey[outcome.status]] ?? 0) + 1;
  const nextOffset = at.offset + ids.length;
  const next: Checkpoint | null = nextOffset < part.contactIds.length ? { phase: "apply", part: at.part, offset: nextOffset } : (await loadPart(job.jobId, at.part + 1)) ? { phase: "apply", part: at.part + 1, offset: 0 } : null;
  return { checkpoint: next ? JSON.stringify(next) : null, done: outcomes.length, failed: notApplied.length, stats };
}

/**
 * A delete replayed after a crash finds its contacts already in the trash, which the finder
 * reports as not found: a contact this job's owner (an admin) trashed since the job began is
 * `unchanged`, like any other action applied before the crash.
 */
async function resolveDeleted(job: StoredJob, action: BulkAction, outcomes: BulkOutcome[]): Promise<BulkOutcome[]> {
  if (action.type !== "delete") return outcomes;
  const missing = outcomes.filter((outcome) => outcome.status === "not-found" && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(outcome.contactId));
  if (missing.length === 0) return outcomes;
  const { service } = useStorage();
  const rows = await service.entities.contact.get(missing.map(({ contactId }) => ({ contactId }))).go();
  const trashedSince = new Set(
    (rows.data as { contactId: string; deletedAt?: string }[]).filter((row) => row.deletedAt && row.deletedAt >= job.createdAt).map((row) => row.contactId),
  );
  return outcomes.map((outcome) => (trashedSince.has(outcome.contactId) ? { contactId: outcome.contactId, status: "unchanged", reason: "Already in the trash." } : outcome));
}

async function runBulkChunk(job: StoredJob): Promise<ChunkOutcome> {
  const params = job.params as BulkJobParams;
  const at: Checkpoint = job.checkpoint ? JSON.parse(job.checkpoint) : params.filter ? { phase: "select", part: 0, cursor: null, selected: 0 } : { phase: "apply", part: 0, offset: 0 };
  return at.phase === "select" ? snapshotChunk(job, params, at) : applyChunk(job, params, at);
}

export const bulkJobHandler = { kind: BULK_JOB_KIND, runChunk: runBulkChunk };

export interface NotAppliedRecord {
  contactId: string;
  status: "denied" | "invalid" | "not-found";
  reason?: string;
}

/** Records of the report returned at most; the counts are always complete. */
export const REPORT_MAX = 1000;

/**
 * A bulk job's progress and every record it did not apply, with the reason: who was denied
 * and why. Only its owner (or an admin) sees it; anyone else gets 404 like a missing job.
 */
export async function progress(jobId: string): Promise<{ job: Job; action: BulkAction; selection: "ids" | "filter"; notApplied: NotAppliedRecord[]; notAppliedTruncated: boolean }> {
  const stored = await Jobs.loadVisible(jobId);
  if (stored.kind !== BULK_JOB_KIND) throw new NotFoundError("Bulk action");
  const params = stored.params as BulkJobParams;
  const { service } = useStorage();
  const notApplied: NotAppliedRecord[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: { notApplied?: unknown }[]; cursor: string | null } = await service.entities.bulkSelectionPart.query.primary({ jobId }).go({ cursor, attributes: ["notApplied"] } as never);
    for (const row of page.data) {
      for (const [contactId, entry] of Object.entries((row.notApplied as Record<string, { status: NotAppliedRecord["status"]; reason?: string }> | undefined) ?? {})) {
        notApplied.push({ contactId, status: entry.status, ...(entry.reason ? { reason: entry.reason } : {}) });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return {
    job: Jobs.present(stored),
    action: params.action,
    selection: params.filter ? "filter" : "ids",
    notApplied: notApplied.slice(0, REPORT_MAX),
    notAppliedTruncated: notApplied.length > REPORT_MAX,
  };
}
