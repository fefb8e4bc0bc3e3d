/**
 * The job kinds and the runner this process knows, bound at start-up (compose.ts and each entry
 * point). A module of its own so binding them loads neither jobs.ts nor the kinds' engines.
 */
import type { JobHandler, JobRunner } from "./model";

const handlers = new Map<string, JobHandler>();
let runner: JobRunner | undefined;

export function registerJobHandler(handler: JobHandler): void {
  handlers.set(handler.kind, handler);
}

export function configureJobRunner(next: JobRunner | undefined): void {
  runner = next;
}

export function useJobRunner(): JobRunner {
  if (!runner) throw new Error("No job runner configured: call configureJobRunner() at start-up.");
  return runner;
}

export const jobHandler = (kind: string): JobHandler | undefined => handlers.get(kind);
export const currentJobRunner = (): JobRunner | undefined => runner;
