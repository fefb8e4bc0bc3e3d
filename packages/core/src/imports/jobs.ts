import { Jobs } from "../jobs";

/**
 * The job kinds of this module; called once at start-up. The engines load on a job's first
 * chunk, not at start-up: an API cold start that runs no import never reads csv-parse.
 */
export function registerImportJobs(): void {
  Jobs.registerJobHandler({ kind: "import", runChunk: async (job) => (await import("./imports")).importJobHandler.runChunk(job) });
  Jobs.registerJobHandler({ kind: "export", runChunk: async (job) => (await import("./exports")).exportJobHandler.runChunk(job) });
}
