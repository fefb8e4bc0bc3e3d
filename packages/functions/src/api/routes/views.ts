import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { Views } from "@callboard/core/views";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";

/** Saved contacts views: per user; another user's view answers 404 like a missing one. */
export const viewRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => {
    const items = await withActor(c.var.actor, () => Views.list());
    return c.json({ items });
  })
  .post("/", jsonBody(Views.CreateViewInput), async (c) => {
    const view = await withActor(c.var.actor, () => Views.create(c.req.valid("json")));
    c.header("location", `/v1/views/${view.viewId}`);
    return c.json(view, 201);
  })
  .get("/:viewId", async (c) => {
    const view = await withActor(c.var.actor, () => Views.get(c.req.param("viewId")));
    return c.json(view);
  })
  .patch("/:viewId", jsonBody(Views.UpdateViewInput), async (c) => {
    const view = await withActor(c.var.actor, () => Views.update(c.req.param("viewId"), c.req.valid("json")));
    return c.json(view);
  })
  .delete("/:viewId", async (c) => {
    await withActor(c.var.actor, () => Views.remove(c.req.param("viewId")));
    return c.body(null, 204);
  });
