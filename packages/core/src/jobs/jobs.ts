import * as v from "valibot";
import { ulid } from "ulid";
import { useUser, withActor, type Actor } from "../actor";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { isConditionFailure } from "../storage/transaction";
import { UlidField } from "../contacts/fields";
import { parse } from "../validation";
import type { JobStatus } from "./job.entity";
import { log } from "../runtime/observability";
export { ListJobsInput } from "./schemas";
import { ListJobsInput } from "./schemas";

export type { Job, StoredJob, ChunkOutcome, JobHandler, JobRunner } from "./model";
import type { Job, StoredJob, ChunkOutcome } from "./model";
// Handlers and the runner are registered in registry.ts (the composition roots bind them without loading this module).
export { registerJobHandler, configureJobRunner, useJobRunner } from "./registry";
import { currentJobRunner, jobHandler, useJobRunner } from "./registry";

/** A chunk that failed this many times in a row fails the job. */
export const MAX_ATTEMPTS = 5;

const activeStatuses: readonly JobStatus[] = ["queued", "running"];
export const isActive = (job: Pick<Job, "status">) => activeStatuses.includes(job.status);

export function present(item: StoredJob): Job {
  const { jobId, kind, ownerId, status, total, done, failed, stats, result, error, createdAt, updatedAt } = item;
  return { jobId, kind, ownerId, status, total, done, failed, createdAt, updatedAt, ...(stats ? { stats } : {}), ...(result ? { result } : {}), ...(error ? { error } : {}) };
}

async function loadRaw(jobId: string): Promise<StoredJob | undefined> {
  const { service } = useStorage();
  const result = await service.entities.job.get({ jobId }).go();
  return (result.data as StoredJob | null) ?? undefined;
}

/** Creates a queued job owned by the current user and hands it to the runner. */
export async function start(kind: string, params: unknown, options: { total?: number; jobId?: string } = {}): Promise<Job> {
  const actor = useUser();
  if (!jobHandler(kind)) throw new Error(`No handler registered for job kind ${kind}.`);
  const at = now().toISOString();
  const job = {
    jobId: options.jobId ?? ulid(),
    kind,
    ownerId: actor.userId,
    ownerRole: actor.role,
    ...(actor.teamId ? { ownerTeamId: actor.teamId } : {}),
    scope: "jobs",
    status: "queued" as const,
    total: options.total ?? 0,
    done: 0,
    failed: 0,
    chunkSeq: 0,
    attempts: 0,
    params,
    createdAt: at,
    updatedAt: at,
  };
  const { service } = useStorage();
  await service.entities.job.create(job).go();
  await useJobRunner().enqueue(job.jobId);
  return present(job as StoredJob);
}

/** Owner of housekeeping jobs; their `scope` keeps them out of the admins' job list. */
export const SYSTEM_JOB_OWNER = "system";
export const SYSTEM_JOB_SCOPE = "systemJobs";

/**
 * A queued housekeeping job, not yet written: the caller puts it (`service.entities.job.create`)
 * in the very transaction that makes the work necessary, so the work can never be forgotten by
 * a crash between the two; then `enqueueQuietly`. Such jobs belong to no user (they are not in
 * anyone's `GET /v1/jobs`) and expire with what they are about (`expiresAt`).
 */
export function systemJob(kind: string, params: unknown, options: { jobId?: string; expiresAt?: number } = {}): StoredJob & { scope: string; expiresAt?: number } {
  if (!jobHandler(kind)) throw new Error(`No handler registered for job kind ${kind}.`);
  const at = now().toISOString();
  return {
    jobId: options.jobId ?? ulid(),
    kind,
    ownerId: SYSTEM_JOB_OWNER,
    ownerRole: "admin",
    scope: SYSTEM_JOB_SCOPE,
    status: "queued",
    total: 0,
    done: 0,
    failed: 0,
    chunkSeq: 0,
    attempts: 0,
    params,
    createdAt: at,
    updatedAt: at,
    ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}),
  };
}

/**
 * Hands a written job to the runner. A process without a runner (or a failing queue) leaves it
 * `queued`: the job row is durable and a runner's start-up (`listUnfinished`) picks it up.
 */
export async function enqueueQuietly(jobId: string): Promise<boolean> {
  const runner = currentJobRunner();
  if (!runner) return false;
  try {
    await runner.enqueue(jobId);
    return true;
  } catch (error) {
    log.warn("job stays queued: enqueue failed", { jobId, error });
    return false;
  }
}

/** A job its owner (or an admin) may see; anyone else gets 404 like a missing one. */
export async function get(jobId: string): Promise<Job> {
  return present(await loadVisible(jobId));
}

export async function loadVisible(jobId: string): Promise<StoredJob> {
  const actor = useUser();
  if (!v.is(UlidField, jobId)) throw new ValidationError([{ field: "jobId", message: "Not a valid job ID." }]);
  const job = await loadRaw(jobId);
  if (!job || (job.ownerId !== actor.userId && actor.role !== "admin")) throw new NotFoundError("Job");
  return job;
}

/** The user's own jobs, newest first; admins see everyone's, and with `scope=system` the housekeeping jobs. */
export async function list(input: v.InferInput<typeof ListJobsInput>): Promise<{ items: Job[]; cursor: string | null }> {
  const actor = useUser();
  const { limit, cursor, scope } = parse(ListJobsInput, input);
  if (scope === "system" && actor.role !== "admin") throw new ForbiddenError("Only admins see housekeeping jobs.");
  const { service } = useStorage();
  const context = scope === "system" ? "jobs:system" : actor.role === "admin" ? "jobs:all" : `jobs:owner:${actor.userId}`;
  const query =
    scope === "system"
      ? service.entities.job.query.all({ scope: SYSTEM_JOB_SCOPE })
      : actor.role === "admin"
        ? service.entities.job.query.all({ scope: "jobs" })
        : service.entities.job.query.byOwner({ ownerId: actor.userId });
  const page = await query.go({ limit, order: "desc", cursor: decodeCursor(cursor, context) ?? null });
  return { items: (page.data as StoredJob[]).map(present), cursor: encodeCursor(page.cursor, context) };
}

/** Stops a queued or running job after its current chunk; what it did so far stays. */
export async function cancel(jobId: string): Promise<Job> {
  const job = await loadVisible(jobId);
  if (!isActive(job)) return present(job);
  const { service } = useStorage();
  try {
    await service.entities.job
      .patch({ jobId })
      .set({ status: "cancelled", updatedAt: now().toISOString() })
      .where(({ status }, { eq }) => `${eq(status, "queued")} OR ${eq(status, "running")}`)
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  return present((await loadRaw(jobId))!);
}

const actorOf = (job: StoredJob): Actor => ({ type: "user", userId: job.ownerId, role: job.ownerRole, ...(job.ownerTeamId ? { teamId: job.ownerTeamId } : {}) });

const addStats = (current: Record<string, number> | undefined, delta: Record<string, number> | undefined) => {
  const out = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(delta ?? {})) out[key] = (out[key] ?? 0) + value;
  return out;
};

/**
 * Processes the job's next chunk and records it. Returns `more` while there is work left.
 * The checkpoint advances only after the chunk's effects committed, guarded by `chunkSeq`; a
 * worker that lost the race (a duplicate SQS delivery) records nothing. A chunk that throws is
 * retried from the same checkpoint (the handler's idempotency makes that safe); after
 * MAX_ATTEMPTS failures in a row the job fails with the error.
 */
export async function processNext(jobId: string): Promise<"more" | "finished"> {
  const { service } = useStorage();
  const job = await loadRaw(jobId);
  if (!job || !isActive(job)) return "finished";
  const handler = jobHandler(job.kind);
  if (!handler) {
    await service.entities.job.patch({ jobId }).set({ status: "failed", error: `Unknown job kind ${job.kind}.`, updatedAt: now().toISOString() }).go();
    return "finished";
  }
  if (job.status === "queued") {
    try {
      await service.entities.job.patch({ jobId }).set({ status: "running", updatedAt: now().toISOString() }).where(({ status }, { eq }) => eq(status, "queued")).go();
      job.status = "running";
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return "more";
    }
  }

  let outcome: ChunkOutcome;
  try {
    outcome = await withActor(actorOf(job), () => handler.runChunk(job));
  } catch (error) {
    const attempts = job.attempts + 1;
    const message = error instanceof Error ? error.message : String(error);
    const failed = attempts >= MAX_ATTEMPTS;
    try {
      await service.entities.job
        .patch({ jobId })
        .set({ attempts, error: message.slice(0, 1000), updatedAt: now().toISOString(), ...(failed ? { status: "failed" as const } : {}) })
        .where(({ chunkSeq, status }, { eq }) => `${eq(chunkSeq, job.chunkSeq)} AND ${eq(status, "running")}`)
        .go();
    } catch (patchError) {
      if (!isConditionFailure(patchError)) throw patchError;
    }
    if (failed) return "finished";
    throw error;
  }

  const finished = outcome.checkpoint === null;
  const set: Record<string, unknown> = {
    chunkSeq: job.chunkSeq + 1,
    attempts: 0,
    done: job.done + outcome.done,
    failed: job.failed + outcome.failed,
    stats: addStats(job.stats, outcome.stats),
    updatedAt: now().toISOString(),
    ...(outcome.total !== undefined ? { total: outcome.total } : {}),
    ...(outcome.result ? { result: outcome.result } : {}),
    ...(finished ? { status: "done" } : { checkpoint: outcome.checkpoint }),
  };
  try {
    await service.entities.job
      .patch({ jobId })
      .set(set as never)
      .remove(job.error ? ["error"] : [])
      .where(({ chunkSeq, status }, { eq }) => `${eq(chunkSeq, job.chunkSeq)} AND ${eq(status, "running")}`)
      .go();
  } catch (error) {
    // Someone else recorded this chunk, or the job was cancelled meanwhile.
    if (!isConditionFailure(error)) throw error;
    const latest = await loadRaw(jobId);
    return latest && isActive(latest) ? "more" : "finished";
  }
  return finished ? "finished" : "more";
}

/** Runs chunks until the job finishes (local runner, tests). Errors from a chunk propagate. */
export async function runToCompletion(jobId: string): Promise<Job | undefined> {
  while ((await processNext(jobId)) === "more") {
    /* next chunk */
  }
  const job = await loadRaw(jobId);
  return job && present(job);
}

/** Jobs that were queued or running when a process stopped: a runner resumes them. */
export async function listUnfinished(): Promise<string[]> {
  const { service } = useStorage();
  const ids: string[] = [];
  for (const status of activeStatuses) {
    let cursor: string | null = null;
    do {
      const page: { data: { jobId: string }[]; cursor: string | null } = await service.entities.job.query.byStatus({ status }).go({ cursor, limit: 100, attributes: ["jobId"] } as never);
      ids.push(...page.data.map((item) => item.jobId));
      cursor = page.cursor;
    } while (cursor);
  }
  return ids;
}

/** For handlers: the raw job row. */
export const loadJob = loadRaw;
