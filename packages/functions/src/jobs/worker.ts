import type { SQSEvent } from "aws-lambda";
import { withActor } from "@callboard/core/actor";
import { Jobs } from "@callboard/core/jobs";
import { ContactTrash } from "@callboard/core/contacts";
import { startRecordingsSweep } from "@callboard/core/recordings";
import { createSqsJobRunner } from "./sqs-runner";
import { logger } from "../runtime/log";

/**
 * One chunk per message, then the job re-enqueues itself; SQS delivers at least once, and
 * `processNext` records a chunk only once (chunkSeq), so a duplicate message is harmless. A
 * chunk that throws comes back after a delay growing with its attempts.
 */
/** What the daily schedule (infra/jobs.ts) sends the worker instead of an SQS batch. */
export const TRASH_SWEEP_TASK = { task: "trash-sweep" } as const;
export type ScheduledTask = typeof TRASH_SWEEP_TASK;

export function createWorker(runner: ReturnType<typeof createSqsJobRunner>) {
  return async (event: SQSEvent | ScheduledTask): Promise<void> => {
    if ("task" in event) {
      // Starts the sweep as a job: it runs in chunks through the queue like every other job.
      // The same daily schedule starts the recordings sweep (retention; copies that failed).
      if (event.task === TRASH_SWEEP_TASK.task) {
        await withActor({ type: "system", reason: "trash sweep schedule" }, () => ContactTrash.startTrashSweep());
        await withActor({ type: "system", reason: "recordings sweep schedule" }, () => startRecordingsSweep());
      }
      return;
    }
    for (const record of event.Records) {
      const { jobId } = JSON.parse(record.body) as { jobId: string };
      try {
        const next = await withActor({ type: "system", reason: "job worker" }, () => Jobs.processNext(jobId));
        if (next === "more") await runner.enqueue(jobId);
      } catch (error) {
        logger.error("job chunk failed", { jobId, error });
        const job = await Jobs.loadJob(jobId);
        await runner.enqueueAfter(jobId, 10 * (job?.attempts ?? 1));
      }
    }
  };
}
