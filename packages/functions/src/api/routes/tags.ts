import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { query } from "../body";
import { describe, json, problems } from "../describe";
import { TagView } from "../schemas/tags";
import { ListTagsInput } from "@callboard/core/tags/schemas";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const Tags = lazyModule(async () => (await loadRecords()).Tags);

export const tagRoutes = new Hono<ApiEnv>().get(
  "/",
  describe({
    summary: "Tags in use on contacts or companies, by name; admins also get `count` (records carrying the tag, organization-wide), others the names only",
    responses: { 200: json("Tags", v.object({ items: v.array(TagView) })), ...problems(400, 401) },
  }),
  query(ListTagsInput),
  async (c) => {
    const items = await Tags.list(c.req.valid("query"));
    return c.json({ items });
  },
);
