
export * as Bulk from "./bulk";
export * as BulkJobs from "./job";
export { registerBulkJobs } from "./register";
