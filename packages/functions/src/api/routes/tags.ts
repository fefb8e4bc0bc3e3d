import { Hono } from "hono";
import * as v from "valibot";
import { Tags } from "@callboard/core/tags";
import type { ApiEnv } from "../auth";
import { query } from "../body";
import { describe, json, problems } from "../describe";
import { TagView } from "../schemas/tags";

export const tagRoutes = new Hono<ApiEnv>().get(
  "/",
  describe({
    summary: "Tags in use on contacts or companies, by name; admins also get `count` (records carrying the tag, organization-wide), others the names only",
    responses: { 200: json("Tags", v.object({ items: v.array(TagView) })), ...problems(400, 401) },
  }),
  query(Tags.ListTagsInput),
  async (c) => {
    const items = await Tags.list(c.req.valid("query"));
    return c.json({ items });
  },
);
