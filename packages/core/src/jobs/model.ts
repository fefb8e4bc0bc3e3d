/** A background job's shapes: the stored row, a chunk's outcome, a job kind's handler and the runner port. */
import type { Role } from "../users/roles";
import type { JobStatus } from "./job.entity";

export interface Job {
  jobId: string;
  kind: string;
  ownerId: string;
  status: JobStatus;
  total: number;
  done: number;
  failed: number;
  stats?: Record<string, number>;
  result?: Record<string, unknown>;
  error?: string;
  createdAt: string;
  updatedAt: string;
}

/** The stored row: what handlers see (parameters and checkpoint included). */
export interface StoredJob extends Job {
  ownerRole: Role;
  ownerTeamId?: string;
  params?: unknown;
  checkpoint?: string;
  chunkSeq: number;
  attempts: number;
}

/** What one chunk did; the runner records it together with the next checkpoint. */
export interface ChunkOutcome {
  /** Where the next chunk starts; `null` when the job is finished. */
  checkpoint: string | null;
  /** Items handled (done) and rejected (failed) in this chunk. */
  done: number;
  failed: number;
  /** The job's size, when the handler learns it. */
  total?: number;
  /** Increments of handler-defined counters. */
  stats?: Record<string, number>;
  /** Set when the job finishes (for example the key of a file to download). */
  result?: Record<string, unknown>;
}

/**
 * One job kind. `runChunk` does a bounded piece of work starting at `job.checkpoint` and must
 * be idempotent: after a crash the same chunk runs again (deterministic IDs, put-not-add rows).
 */
export interface JobHandler {
  kind: string;
  runChunk(job: StoredJob): Promise<ChunkOutcome>;
}

/** Where jobs run: in-process locally, an SQS queue + worker Lambda on AWS (adapters in functions). */
export interface JobRunner {
  /** Asks for the job's next chunk to be processed soon. */
  enqueue(jobId: string): Promise<void>;
}
