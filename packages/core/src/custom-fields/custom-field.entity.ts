import { Entity } from "../storage/entity";

export const customFieldEntityTypes = ["contact", "company"] as const;
export const customFieldTypes = ["text", "number", "date", "boolean", "select", "multi-select", "url", "phone", "email"] as const;

/**
 * An admin-defined field for contacts or companies. One partition per entity type, so every
 * validation loads all definitions with one Query. Removal is soft (`removedAt`): the row keeps
 * the key taken until someone defines it again, which gives it a new `fieldId`.
 */
export const CustomFieldEntity = new Entity({
  model: { entity: "customField", version: "1", service: "crm" },
  attributes: {
    entityType: { type: customFieldEntityTypes, required: true, readOnly: true },
    key: { type: "string", required: true, readOnly: true },
    /** Records store values under this ID, not the key: a redefined key never sees old values. */
    fieldId: { type: "string", required: true },
    label: { type: "string", required: true },
    type: { type: customFieldTypes, required: true },
    options: { type: "list", items: { type: "string" } },
    required: { type: "boolean", required: true },
    version: { type: "number", required: true },
    createdAt: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
    removedAt: { type: "string" },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["entityType"] },
      sk: { field: "sk", composite: ["key"] },
    },
  },
});
