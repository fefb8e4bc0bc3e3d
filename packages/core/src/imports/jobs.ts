import { registerJobHandler } from "../jobs/registry";
import { loadFileJobs } from "../lazy/index";

/**
 * The job kinds of this module; called once at start-up. The engines load on a job's first
 * chunk, not at start-up: an API cold start that runs no import never reads csv-parse.
 */
export function registerImportJobs(): void {
  registerJobHandler({ kind: "import", runChunk: async (job) => (await loadFileJobs()).Imports.importJobHandler.runChunk(job) });
  registerJobHandler({ kind: "export", runChunk: async (job) => (await loadFileJobs()).Exports.exportJobHandler.runChunk(job) });
}
