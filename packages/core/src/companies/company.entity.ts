import { Entity } from "../storage/entity";
import { phoneProperties } from "../phones";
import { allAndTrashIndexes, scopeAttribute } from "../storage/scope-indexes";

/** The company and its timeline share a partition: the company card is one Query. */
export const COMPANY_CARD_COLLECTION = "companyCard";

export const CompanyEntity = new Entity({
  model: { entity: "company", version: "1", service: "crm" },
  attributes: {
    companyId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    shortName: { type: "string" },
    /** The first phone and the first email are the primary ones. */
    phones: {
      type: "list",
      required: true,
      items: {
        type: "map",
        properties: phoneProperties,
      },
    },
    emails: { type: "list", required: true, items: { type: "string" } },
    website: { type: "string" },
    address: { type: "string" },
    tags: { type: "list", required: true, items: { type: "string" } },
    /** fieldId → value (see custom-fields): a redefined key never sees values of the old field. */
    custom: { type: "any" },
    managerIds: { type: "list", required: true, items: { type: "string" } },
    version: { type: "number", required: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    deletedAt: { type: "string" },
    /** Constant partition of the admins' "every company" list and trash. */
    scope: scopeAttribute("companies"),
    expiresAt: { type: "number" },
  },
  indexes: {
    primary: { collection: COMPANY_CARD_COLLECTION, pk: { field: "pk", composite: ["companyId"] }, sk: { field: "sk", composite: [] } },
    ...allAndTrashIndexes("companyId"),
  },
});

/**
 * One row per responsible manager of a live company, carrying the list summary: "my companies"
 * is one Query on the manager's partition. Written in the company's transaction; a trashed
 * company has none.
 */
export const CompanyManagerEntity = new Entity({
  model: { entity: "companyManager", version: "1", service: "crm" },
  attributes: {
    managerId: { type: "string", required: true, readOnly: true },
    companyId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    shortName: { type: "string" },
    primaryPhone: { type: "string" },
    primaryEmail: { type: "string" },
    tags: { type: "list", required: true, items: { type: "string" } },
    managerIds: { type: "list", required: true, items: { type: "string" } },
    version: { type: "number", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["managerId"] },
      sk: { field: "sk", composite: ["companyId"] },
    },
  },
});
