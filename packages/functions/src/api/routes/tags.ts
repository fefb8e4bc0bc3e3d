import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { Tags } from "@callboard/core/tags";
import type { ApiEnv } from "../auth";
import { query } from "../body";

export const tagRoutes = new Hono<ApiEnv>().get("/", query(Tags.ListTagsInput), async (c) => {
  const items = await withActor(c.var.actor, () => Tags.list(c.req.valid("query")));
  return c.json({ items });
});
