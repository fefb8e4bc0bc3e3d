import * as v from "valibot";

/** A tag in use; `count` (records carrying it, organization-wide) for admins only. */
export const TagView = v.object({ tag: v.string(), count: v.optional(v.number()) });
