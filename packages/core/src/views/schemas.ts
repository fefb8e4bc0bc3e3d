/** Saved views: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";
import { FindContactsInput, sortFields } from "../contacts/find-input";

/** The columns the contacts page can show (the list columns of the index rows). */
export const viewColumns = ["name", "phone", "email", "company", "tags", "owners", "type", "source", "doNotCall", "doNotEmail", "active", "created", "updated"] as const;

/** The finder's filter parameters without paging: what a view keeps. */
const ViewFilters = v.pipe(
  v.record(v.string(), v.unknown(), "Must be an object of filter parameters."),
  v.check((filters) => !("cursor" in filters) && !("limit" in filters) && !("sort" in filters) && !("order" in filters), "Keep cursor, limit, sort and order out of filters."),
  v.check((filters) => v.safeParse(FindContactsInput, filters).success, "Not valid contact filters (see GET /v1/contacts)."),
);

const ViewFields = {
  name: v.pipe(v.string("Must be text."), v.trim(), v.minLength(1, "Give the view a name."), v.maxLength(100, "At most 100 characters.")),
  filters: ViewFilters,
  sort: v.picklist(sortFields, `One of: ${sortFields.join(", ")}.`),
  order: v.picklist(["asc", "desc"], "One of: asc, desc."),
  columns: v.pipe(
    v.array(v.picklist(viewColumns, `One of: ${viewColumns.join(", ")}.`), "Must be a list of columns."),
    v.minLength(1, "Show at least one column."),
    v.transform((columns) => [...new Set(columns)]),
  ),
  pageSize: v.picklist([10, 20, 50], "Page size must be 10, 20 or 50."),
};

export const CreateViewInput = v.strictObject(
  { ...ViewFields, filters: v.optional(ViewFilters, {}), sort: v.optional(ViewFields.sort, "created"), order: v.optional(ViewFields.order, "desc"), columns: v.optional(ViewFields.columns, ["name", "phone", "email", "created"]), pageSize: v.optional(ViewFields.pageSize, 20) },
  "Unknown field: leave it out.",
);
export type CreateViewInput = v.InferInput<typeof CreateViewInput>;

export const UpdateViewInput = v.strictObject(
  { name: v.optional(ViewFields.name), filters: v.optional(ViewFilters), sort: v.optional(ViewFields.sort), order: v.optional(ViewFields.order), columns: v.optional(ViewFields.columns), pageSize: v.optional(ViewFields.pageSize) },
  "Unknown field: leave it out.",
);
export type UpdateViewInput = v.InferInput<typeof UpdateViewInput>;
