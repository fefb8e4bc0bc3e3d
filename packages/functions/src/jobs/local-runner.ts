import { withActor } from "@callboard/core/actor";
import { Jobs, type JobRunner } from "@callboard/core/jobs";

export interface LocalJobRunnerOptions {
  /** Pause before retrying a chunk that threw (milliseconds × attempt). */
  retryDelayMs?: number;
  onError?: (error: unknown, jobId: string) => void;
}

/**
 * Runs jobs in-process (`npm start`, tests): one loop per job, chunk after chunk; a chunk that
 * throws is retried from its checkpoint after a pause until the job fails for good.
 */
export function createLocalJobRunner(options: LocalJobRunnerOptions = {}) {
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  async function loop(jobId: string): Promise<void> {
    for (let failures = 0; !stopped; ) {
      try {
        const next = await withActor({ type: "system", reason: "job runner" }, () => Jobs.processNext(jobId));
        failures = 0;
        if (next === "finished") return;
      } catch (error) {
        failures++;
        options.onError?.(error, jobId);
        await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 500) * failures));
      }
    }
  }

  const runner: JobRunner & { settled(jobId: string): Promise<void>; resumeUnfinished(): Promise<string[]>; stop(): void } = {
    async enqueue(jobId) {
      if (running.has(jobId) || stopped) return;
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => loop(jobId)).finally(() => running.delete(jobId));
      running.set(jobId, done);
    },
    /** Resolves when the job's loop ends (finished, failed, cancelled or stopped). */
    async settled(jobId) {
      await running.get(jobId);
    },
    /** Jobs left queued or running by a previous process carry on. */
    async resumeUnfinished() {
      const ids = await Jobs.listUnfinished();
      for (const jobId of ids) await runner.enqueue(jobId);
      return ids;
    },
    stop() {
      stopped = true;
    },
  };
  return runner;
}
