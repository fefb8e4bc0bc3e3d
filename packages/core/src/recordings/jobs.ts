import { registerContactFilesOwner } from "../contacts/trash";
import { Jobs, type ChunkOutcome, type StoredJob } from "../jobs";
import { nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import { hasAny, purgeSubject, sweep } from "./recordings";

export const RECORDINGS_SWEEP_JOB = "recordingsSweep";
/** The sweep's job row is kept a month, like the trash sweep's. */
const SWEEP_JOB_RETENTION_SECONDS = 30 * 24 * 3600;

const sweepHandler = {
  kind: RECORDINGS_SWEEP_JOB,
  async runChunk(job: StoredJob): Promise<ChunkOutcome> {
    const result = await sweep({ cursor: job.checkpoint ?? null });
    return { checkpoint: result.cursor, done: result.deleted + result.copied, failed: 0, stats: { deleted: result.deleted, copied: result.copied } };
  },
};

/** Starts the recordings sweep as a job (the daily schedule, infra/jobs.ts). */
export async function startRecordingsSweep(): Promise<string> {
  const job = Jobs.systemJob(RECORDINGS_SWEEP_JOB, {}, { expiresAt: Math.floor(nowMs() / 1000) + SWEEP_JOB_RETENTION_SECONDS });
  await useStorage().service.entities.job.create(job as never).go();
  await Jobs.enqueueQuietly(job.jobId);
  return job.jobId;
}

/** A trashed contact's recordings go with it when its trash period ends (the trash sweep). */
const contactRecordings = { has: (contactId: string) => hasAny(contactId), purge: async (contactId: string) => void (await purgeSubject(contactId)) };

/** Registered when this module loads: every process that runs jobs or the trash sweep has them. */
export function registerRecordingJobs(): void {
  Jobs.registerJobHandler(sweepHandler);
  registerContactFilesOwner(contactRecordings);
}
registerRecordingJobs();
