import { Jobs } from "../jobs";
import { bulkJobHandler } from "./job";

export * as Bulk from "./bulk";
export * as BulkJobs from "./job";

/** The `bulk` job kind; called once at start-up (compose.ts). */
export function registerBulkJobs(): void {
  Jobs.registerJobHandler(bulkJobHandler);
}
