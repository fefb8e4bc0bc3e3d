import * as v from "valibot";
import { jobStatuses } from "@callboard/core/jobs/job.entity";

/** A background job (bulk action, import, export, housekeeping) and its progress. */
export const JobView = v.object({
  jobId: v.string(),
  kind: v.string(),
  ownerId: v.string(),
  status: v.picklist(jobStatuses),
  total: v.number(),
  done: v.number(),
  failed: v.number(),
  stats: v.optional(v.record(v.string(), v.number())),
  result: v.optional(v.record(v.string(), v.unknown())),
  error: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
});

/** A page of jobs. */
export const JobPageView = v.object({ items: v.array(JobView), cursor: v.nullable(v.string()) });
