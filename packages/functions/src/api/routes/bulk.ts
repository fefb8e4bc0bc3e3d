import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { BulkJobs } from "@callboard/core/bulk";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";

export const bulkRoutes = new Hono<ApiEnv>()
  /** Up to 100 IDs: applied now (200). More IDs, or a filter: a background job (202). */
  .post("/", jsonBody(BulkJobs.BulkJobRequest), async (c) => {
    const result = await withActor(c.var.actor, () => BulkJobs.run(c.req.valid("json")));
    if (result.kind === "applied") return c.json({ counts: result.counts, results: result.results }, 200);
    c.header("location", `/v1/bulk-actions/${result.job.jobId}`);
    return c.json(result.job, 202);
  })
  /** A bulk job's progress and the records it did not apply, with why. */
  .get("/:jobId", async (c) => c.json(await withActor(c.var.actor, () => BulkJobs.progress(c.req.param("jobId")))));
