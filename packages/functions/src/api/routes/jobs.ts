import { Hono } from "hono";
import type { ApiEnv } from "../auth";
import { query } from "../body";
import { describe, json, problems } from "../describe";
import { JobPageView, JobView } from "../schemas/jobs";
import { ListJobsInput } from "@callboard/core/jobs/schemas";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const Jobs = lazyModule(async () => (await loadRecords()).Jobs);

export const jobRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({
      summary: "Your background jobs, newest first (admins: everyone's; admins with scope=system: the housekeeping jobs, trash expiry and restore)",
      responses: { 200: json("Jobs", JobPageView), ...problems(400, 401, 403) },
    }),
    query(ListJobsInput),
    async (c) => c.json(await Jobs.list(c.req.valid("query"))),
  )
  .get(
    "/:jobId",
    describe({ summary: "A job's progress: done and failed out of total", responses: { 200: json("The job", JobView), ...problems(400, 401, 404) } }),
    async (c) => c.json(await Jobs.get(c.req.param("jobId"))),
  )
  .post(
    "/:jobId/cancel",
    describe({ summary: "Stop a queued or running job after its current chunk", responses: { 200: json("The job", JobView), ...problems(400, 401, 404) } }),
    async (c) => c.json(await Jobs.cancel(c.req.param("jobId"))),
  );
