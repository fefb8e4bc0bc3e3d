import * as v from "valibot";

/** Answer shapes shared by every feature (the problem body, pages, optional text). */
export const text = v.optional(v.string());

/** application/problem+json (RFC 9457) as api/problem.ts writes it: `errors` names each failing field. */
export const Problem = v.pipe(
  v.object({
    type: v.string(),
    title: v.string(),
    status: v.number(),
    detail: v.optional(v.string()),
    errors: v.optional(v.array(v.object({ field: v.string(), message: v.string() }))),
  }),
  v.metadata({ ref: "Problem" }),
);

/** A custom field's value on a record. */
export const CustomValue = v.union([v.string(), v.number(), v.boolean(), v.array(v.string())]);

/** One page of a cursor-paged list; `cursor` is null on the last page. */
export const pageOf = <TItem extends v.GenericSchema>(item: TItem) => v.object({ items: v.array(item), cursor: v.nullable(v.string()) });
