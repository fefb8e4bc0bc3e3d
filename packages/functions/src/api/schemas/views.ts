import * as v from "valibot";
import { viewColumns } from "@callboard/core/views/schemas";

/** A saved contacts view as the API answers it. */
export const SavedViewView = v.object({
  viewId: v.string(),
  name: v.string(),
  filters: v.record(v.string(), v.unknown()),
  sort: v.picklist(["name", "surname", "created", "updated"]),
  order: v.picklist(["asc", "desc"]),
  columns: v.array(v.picklist(viewColumns)),
  pageSize: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
