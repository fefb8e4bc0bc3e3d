import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";
import { describe, json, locationHeader, problems } from "../describe";
import { JobView } from "../schemas/jobs";
import { BulkJobRequest } from "@callboard/core/bulk/schemas";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const BulkJobs = lazyModule(async () => (await loadRecords()).BulkJobs);

const BulkAppliedView = v.object({
  counts: v.record(v.string(), v.number()),
  results: v.array(v.object({ contactId: v.string(), status: v.picklist(["applied", "unchanged", "denied", "invalid", "not-found"]), reason: v.optional(v.string()) })),
});
const BulkProgressView = v.object({
  job: JobView,
  action: v.record(v.string(), v.unknown()),
  selection: v.picklist(["ids", "filter"]),
  notApplied: v.array(v.object({ contactId: v.string(), status: v.picklist(["denied", "invalid", "not-found"]), reason: v.optional(v.string()) })),
  notAppliedTruncated: v.boolean(),
});

export const bulkRoutes = new Hono<ApiEnv>()
  /** Up to 100 IDs: applied now (200). More IDs, or a filter: a background job (202). */
  .post(
    "/",
    describe({
      summary:
        "Apply one action record by record with your rights: up to 100 `contactIds` at once (200); more, or a `filter`, as a job (202)",
      responses: {
        200: json("Counts per status and one result per ID, in the order given (`denied`/`invalid` carry the reason)", BulkAppliedView),
        202: json("The bulk job; follow it at GET /v1/bulk-actions/{jobId}", JobView, locationHeader),
        ...problems(400, 401, 403, 413, 415),
      },
    }),
    jsonBody(BulkJobRequest),
    async (c) => {
      const result = await BulkJobs.run(c.req.valid("json"));
      if (result.kind === "applied") return c.json({ counts: result.counts, results: result.results }, 200);
      c.header("location", `/v1/bulk-actions/${result.job.jobId}`);
      return c.json(result.job, 202);
    },
  )
  /** A bulk job's progress and the records it did not apply, with why. */
  .get(
    "/:jobId",
    describe({
      summary: "A bulk job's progress (done out of total; stats applied/unchanged/denied/invalid/notFound) and every record it did not apply, with the reason",
      responses: { 200: json("Progress and the records not applied (at most 1,000 listed; the counts are complete)", BulkProgressView), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await BulkJobs.progress(c.req.param("jobId"))),
  );
