import type { Context } from "hono";
import * as v from "valibot";
import { ValidationError } from "@callboard/core/errors";
import { ProblemException } from "./problem";

/** `If-Match: "3"` (or W/"3") → 3. Updates without it would silently overwrite others' work. */
export function expectedVersion(header: string | undefined, what = "resource"): number {
  if (!header) {
    throw new ProblemException(428, {
      title: "Precondition required",
      detail: `Send If-Match with the ETag of the ${what} you edited.`,
      errors: [{ field: "If-Match", message: "Required." }],
    });
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new ValidationError([{ field: "If-Match", message: 'Must be the ETag you read, e.g. "3".' }]);
  return Number(match[1]);
}

export const etag = (version: number) => `"${version}"`;

/** A versioned record's answer: the record, its version as the ETag (the next If-Match). */
export function versioned<T extends { version: number }>(c: Context, record: T) {
  c.header("etag", etag(record.version));
  return c.json(record, 200);
}

/** A created versioned record: 201, its ETag and where it lives. */
export function created<T extends { version: number }>(c: Context, record: T, location: string) {
  c.header("etag", etag(record.version));
  c.header("location", location);
  return c.json(record, 201);
}

/** `?limit=10|20|50&cursor=…` as query text, checked strictly so unknown parameters are named. */
export const pageQuery = <const TSizes extends readonly number[]>(sizes: TSizes) =>
  v.strictObject(
    {
      limit: v.optional(
        v.pipe(
          v.string(),
          v.picklist(sizes.map(String), `Page size must be ${sizes.join(", ")}.`),
          v.transform((text) => Number(text) as TSizes[number]),
        ),
      ),
      cursor: v.optional(v.string()),
    },
    "Unknown parameter: leave it out.",
  );
