export * as Jobs from "./jobs";
export type { Job, StoredJob, JobHandler, JobRunner, ChunkOutcome } from "./jobs";
export { jobStatuses, type JobStatus } from "./job.entity";
