import type { Context } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { parse } from "@callboard/core/validation";
import { describedValidator } from "./describe";
import { ProblemException } from "./problem";

export const MAX_BODY_BYTES = 256 * 1024;

/**
 * JSON body typed for the client from a valibot schema. The domain validates (and normalizes)
 * the value itself; here we only insist on a JSON object so every mistake names a field.
 * The schema is the route's request body in the OpenAPI document.
 */
export const jsonBody = <TSchema extends v.GenericSchema>(schema: TSchema) =>
  describedValidator(validator("json", (value, c: Context) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      throw new ProblemException(415, { title: "Unsupported media type", detail: "Send the body as application/json." });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new ProblemException(400, {
        title: "Invalid input",
        detail: "The body must be a JSON object.",
        errors: [{ field: "body", message: "Must be a JSON object." }],
      });
    }
    return value as v.InferInput<TSchema>;
  }), "json", schema);

/** Query strings are all text: check them against a strict schema so unknown keys are named (and documented). */
export const query = <TSchema extends v.GenericSchema>(schema: TSchema) =>
  describedValidator(validator("query", (value) => parse(schema, value) as v.InferOutput<TSchema>), "query", schema);
