import { registerJobHandler } from "../jobs/registry";
import { BULK_JOB_KIND } from "./limits";
import { loadRecords } from "../lazy/index";

/** The `bulk` job kind; called once at start-up (compose.ts). The engine loads on a job's first chunk. */
export function registerBulkJobs(): void {
  registerJobHandler({ kind: BULK_JOB_KIND, runChunk: async (job) => (await loadRecords()).BulkJobs.bulkJobHandler.runChunk(job) });
}
