import { Entity } from "../storage/entity";

/**
 * A web form sites post leads to. All forms share one partition: admins list them with one
 * Query and a submission reads its form with one GetItem.
 */
export const FormEntity = new Entity({
  model: { entity: "webForm", version: "1", service: "crm" },
  attributes: {
    formId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    /** Form field name → contact field (`firstName`, `phone`, `custom:<key>`, …). */
    fields: { type: "any", required: true },
    allowedOrigins: { type: "list", items: { type: "string" }, required: true },
    ownerId: { type: "string", required: true },
    tags: { type: "list", items: { type: "string" } },
    redirectUrl: { type: "string" },
    /** HMAC-SHA256 key for server-to-server posts; never sent back to clients. */
    secret: { type: "string" },
    honeypotField: { type: "string", required: true },
    version: { type: "number", required: true },
    createdAt: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: [] }, sk: { field: "sk", composite: ["formId"] } },
  },
});
