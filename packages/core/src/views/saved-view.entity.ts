import { Entity } from "../storage/entity";

/**
 * A user's saved contacts view: filters, sort, visible columns and page size. One partition
 * per user (`pk = the user's ID`), so "my views" is one Query and nobody reads another's.
 */
export const SavedViewEntity = new Entity({
  model: { entity: "savedView", version: "1", service: "crm" },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    viewId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    /** The `GET /v1/contacts` filter parameters (no cursor), as the finder takes them. */
    filters: { type: "any", required: true },
    sort: { type: ["name", "surname", "created", "updated"] as const, required: true },
    order: { type: ["asc", "desc"] as const, required: true },
    columns: { type: "list", items: { type: "string" }, required: true },
    pageSize: { type: "number", required: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["userId"] },
      sk: { field: "sk", composite: ["viewId"] },
    },
  },
});
