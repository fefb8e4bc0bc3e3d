import { Jobs } from "../jobs";
import { exportJobHandler } from "./exports";
import { importJobHandler } from "./imports";

export * as Imports from "./imports";
export * as Exports from "./exports";
export { importFields, exportFlavours, detectMapping, detectFlavour, type ImportField } from "./columns";

/** The job kinds of this module; called once at start-up (wiring.ts). */
export function registerImportJobs(): void {
  Jobs.registerJobHandler(importJobHandler);
  Jobs.registerJobHandler(exportJobHandler);
}
