import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { created, expectedVersion, versioned } from "../preconditions";
import { describe, empty, etagHeader, json, locationHeader, problems } from "../describe";
import { CustomFieldView } from "../schemas/custom-fields";
import { DefineCustomFieldInput, ListCustomFieldsInput, UpdateCustomFieldInput } from "@callboard/core/custom-fields/schemas";
import { customFieldEntityTypes } from "@callboard/core/custom-fields/custom-field.entity";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const CustomFields = lazyModule(async () => (await loadRecords()).CustomFields);

const customFieldPath = [
  { name: "entityType", in: "path", required: true, schema: { type: "string", enum: [...customFieldEntityTypes] } },
  { name: "key", in: "path", required: true, schema: { type: "string", pattern: "^[a-z][a-z0-9_]{0,39}$" } },
];
const ifMatch = { name: "If-Match", in: "header", required: true, schema: { type: "string" } };

export const customFieldRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({
      summary: "Custom field definitions (everyone); `entity` narrows to contact or company",
      responses: { 200: json("Definitions", v.object({ items: v.array(CustomFieldView) })), ...problems(400, 401) },
    }),
    query(ListCustomFieldsInput),
    async (c) => {
      const items = await CustomFields.list(c.req.valid("query"));
      return c.json({ items });
    },
  )
  .post(
    "/",
    describe({
      summary: "Define a custom field (admin)",
      responses: { 201: json("Defined; ETag carries the version", CustomFieldView, { ...etagHeader, ...locationHeader }), ...problems(400, 401, 403, 409, 413, 415) },
    }),
    jsonBody(DefineCustomFieldInput),
    async (c) => {
      const definition = await CustomFields.define(c.req.valid("json"));
      return created(c, definition, `/v1/custom-fields/${definition.entityType}/${definition.key}`);
    },
  )
  .patch(
    "/:entityType/:key",
    describe({
      summary: "Change label, options or required (admin; If-Match required; key and type never change)",
      parameters: [...customFieldPath, ifMatch],
      responses: { 200: json("Changed", CustomFieldView, etagHeader), ...problems(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    jsonBody(UpdateCustomFieldInput),
    async (c) => {
      const version = expectedVersion(c.req.header("if-match"), "custom field");
      const definition = await CustomFields.update(c.req.param("entityType"), c.req.param("key"), version, c.req.valid("json"));
      return versioned(c, definition);
    },
  )
  .delete(
    "/:entityType/:key",
    describe({
      summary: "Remove a custom field (admin): its values are hidden, a later field with the same key starts empty",
      parameters: customFieldPath,
      responses: { 204: empty("Removed"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      await CustomFields.remove(c.req.param("entityType"), c.req.param("key"));
      return c.body(null, 204);
    },
  );
