import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";
import { describe, empty, json, locationHeader, problems } from "../describe";
import { SavedViewView } from "../schemas/views";
import { CreateViewInput, UpdateViewInput } from "@callboard/core/views/schemas";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const Views = lazyModule(async () => (await loadRecords()).Views);

/** Saved contacts views: per user; another user's view answers 404 like a missing one. */
export const viewRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({ summary: "Your saved contacts views (each user sees only their own)", responses: { 200: json("Views by name", v.object({ items: v.array(SavedViewView) })), ...problems(401) } }),
    async (c) => {
      const items = await Views.list();
      return c.json({ items });
    },
  )
  .post(
    "/",
    describe({
      summary: "Save a view: contact filters (the GET /v1/contacts parameters), sort, order, visible columns, page size",
      responses: { 201: json("Saved", SavedViewView, locationHeader), ...problems(400, 401, 413, 415) },
    }),
    jsonBody(CreateViewInput),
    async (c) => {
      const view = await Views.create(c.req.valid("json"));
      c.header("location", `/v1/views/${view.viewId}`);
      return c.json(view, 201);
    },
  )
  .get("/:viewId", describe({ summary: "One of your views", responses: { 200: json("The view", SavedViewView), ...problems(400, 401, 404) } }), async (c) => {
    const view = await Views.get(c.req.param("viewId"));
    return c.json(view);
  })
  .patch(
    "/:viewId",
    describe({ summary: "Change one of your views", responses: { 200: json("Changed", SavedViewView), ...problems(400, 401, 404, 413, 415) } }),
    jsonBody(UpdateViewInput),
    async (c) => {
      const view = await Views.update(c.req.param("viewId"), c.req.valid("json"));
      return c.json(view);
    },
  )
  .delete("/:viewId", describe({ summary: "Delete one of your views", responses: { 204: empty("Deleted"), ...problems(400, 401, 404) } }), async (c) => {
    await Views.remove(c.req.param("viewId"));
    return c.body(null, 204);
  });
