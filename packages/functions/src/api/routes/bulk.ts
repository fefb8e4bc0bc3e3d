import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { Bulk } from "@callboard/core/bulk";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";

export const bulkRoutes = new Hono<ApiEnv>().post("/", jsonBody(Bulk.BulkRequest), async (c) => {
  return c.json(await withActor(c.var.actor, () => Bulk.apply(c.req.valid("json"))));
});
