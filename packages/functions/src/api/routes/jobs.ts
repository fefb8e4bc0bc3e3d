import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { Jobs } from "@callboard/core/jobs";
import type { ApiEnv } from "../auth";
import { query } from "../body";

export const jobRoutes = new Hono<ApiEnv>()
  .get("/", query(Jobs.ListJobsInput), async (c) => c.json(await withActor(c.var.actor, () => Jobs.list(c.req.valid("query")))))
  .get("/:jobId", async (c) => c.json(await withActor(c.var.actor, () => Jobs.get(c.req.param("jobId")))))
  .post("/:jobId/cancel", async (c) => c.json(await withActor(c.var.actor, () => Jobs.cancel(c.req.param("jobId")))));
