/**
 * The orders every listing offers, one index each: created (the table's sort key, a ULID),
 * name (gsi4) and updated (gsi5). Apart from the finder so request schemas can name them
 * without loading it.
 */
export const SORT_FIELDS = ["name", "created", "updated"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
