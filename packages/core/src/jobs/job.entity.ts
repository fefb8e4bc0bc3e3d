import { Entity } from "../storage/entity";

export const jobStatuses = ["queued", "running", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * A background job: progress counters and a resumable checkpoint. The checkpoint and the
 * counters advance together in one conditional write (`chunkSeq = expected`) after a chunk's
 * effects have committed, so a crash replays at most the last chunk (whose effects are
 * idempotent) and two workers racing on one chunk record it once.
 */
export const JobEntity = new Entity({
  model: { entity: "job", version: "1", service: "crm" },
  attributes: {
    jobId: { type: "string", required: true, readOnly: true },
    kind: { type: "string", required: true, readOnly: true },
    /** Who started it: the job runs with this user's rights. */
    ownerId: { type: "string", required: true, readOnly: true },
    ownerRole: { type: "string", required: true, readOnly: true },
    ownerTeamId: { type: "string", readOnly: true },
    /** Constant partition for the admin's "all jobs" index. */
    scope: { type: "string", required: true, default: "jobs", readOnly: true },
    status: { type: jobStatuses, required: true },
    total: { type: "number", required: true, default: 0 },
    done: { type: "number", required: true, default: 0 },
    failed: { type: "number", required: true, default: 0 },
    /** Handler-defined counters (created, updated, skipped, …). */
    stats: { type: "any" },
    /** The handler's parameters (JSON), fixed at creation. */
    params: { type: "any", readOnly: true },
    /** Where the next chunk starts (handler-defined JSON); absent before the first chunk. */
    checkpoint: { type: "string" },
    /** Chunks recorded so far: the optimistic lock for advancing the checkpoint. */
    chunkSeq: { type: "number", required: true, default: 0 },
    /** Consecutive failed attempts at the current chunk. */
    attempts: { type: "number", required: true, default: 0 },
    /** What the job produced (for example a file key to download). */
    result: { type: "any" },
    error: { type: "string" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    /** Housekeeping jobs (the trash's expiry jobs) leave with what they were about (TTL). */
    expiresAt: { type: "number" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["jobId"] }, sk: { field: "sk", composite: [] } },
    /** A user's own jobs, newest first. */
    byOwner: { index: "gsi1", pk: { field: "gsi1pk", composite: ["ownerId"] }, sk: { field: "gsi1sk", composite: ["jobId"] } },
    /** Every job, newest first (admins). */
    all: { index: "gsi2", pk: { field: "gsi2pk", composite: ["scope"] }, sk: { field: "gsi2sk", composite: ["jobId"] } },
    /** Jobs by status: the runners resume `queued` and `running` ones at start-up. */
    byStatus: { index: "gsi3", pk: { field: "gsi3pk", composite: ["status"] }, sk: { field: "gsi3sk", composite: ["jobId"] } },
  },
});
