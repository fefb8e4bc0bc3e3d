import * as v from "valibot";

/** Page sizes every list offers. */
export const PAGE_SIZES = [10, 20, 50] as const;

/**
 * The paging fields a finder's input shares (contacts, companies): order, page size (from a
 * query string or JSON, default 20) and the signed cursor of the previous page.
 */
export const pagingFields = {
  order: v.optional(v.picklist(["asc", "desc"], "One of: asc, desc.")),
  limit: v.optional(
    v.pipe(
      v.union([v.number(), v.string()], "Page size must be 10, 20 or 50."),
      v.transform(Number),
      v.picklist(PAGE_SIZES, "Page size must be 10, 20 or 50."),
    ),
    20,
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
};
