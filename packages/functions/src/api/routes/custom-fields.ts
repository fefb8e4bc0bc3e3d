import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { CustomFields } from "@callboard/core/custom-fields";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { etag, expectedVersion } from "../preconditions";

export const customFieldRoutes = new Hono<ApiEnv>()
  .get("/", query(CustomFields.ListCustomFieldsInput), async (c) => {
    const items = await withActor(c.var.actor, () => CustomFields.list(c.req.valid("query")));
    return c.json({ items });
  })
  .post("/", jsonBody(CustomFields.DefineCustomFieldInput), async (c) => {
    const definition = await withActor(c.var.actor, () => CustomFields.define(c.req.valid("json")));
    c.header("etag", etag(definition.version));
    c.header("location", `/v1/custom-fields/${definition.entityType}/${definition.key}`);
    return c.json(definition, 201);
  })
  .patch("/:entityType/:key", jsonBody(CustomFields.UpdateCustomFieldInput), async (c) => {
    const version = expectedVersion(c.req.header("if-match"), "custom field");
    const definition = await withActor(c.var.actor, () =>
      CustomFields.update(c.req.param("entityType"), c.req.param("key"), version, c.req.valid("json")),
    );
    c.header("etag", etag(definition.version));
    return c.json(definition);
  })
  .delete("/:entityType/:key", async (c) => {
    await withActor(c.var.actor, () => CustomFields.remove(c.req.param("entityType"), c.req.param("key")));
    return c.body(null, 204);
  });
