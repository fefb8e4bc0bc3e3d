import type { SQSEvent } from "aws-lambda";
import { withActor } from "@callboard/core/actor";
import { Jobs } from "@callboard/core/jobs";
import { createSqsJobRunner } from "./sqs-runner";

/**
 * One chunk per message, then the job re-enqueues itself; SQS delivers at least once, and
 * `processNext` records a chunk only once (chunkSeq), so a duplicate message is harmless. A
 * chunk that throws comes back after a delay growing with its attempts.
 */
export function createWorker(runner: ReturnType<typeof createSqsJobRunner>) {
  return async (event: SQSEvent): Promise<void> => {
    for (const record of event.Records) {
      const { jobId } = JSON.parse(record.body) as { jobId: string };
      try {
        const next = await withActor({ type: "system", reason: "job worker" }, () => Jobs.processNext(jobId));
        if (next === "more") await runner.enqueue(jobId);
      } catch (error) {
        console.error(`Job ${jobId}: chunk failed`, error);
        const job = await Jobs.loadJob(jobId);
        await runner.enqueueAfter(jobId, 10 * (job?.attempts ?? 1));
      }
    }
  };
}
