import { Entity } from "electrodb";

/** Who was seen on the console lately (the inbound pop goes to a manager who is there). */
export const PresenceEntity = new Entity({
  model: { entity: "presence", version: "1", service: "crm" },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    seenAt: { type: "string", required: true },
    expiresAt: { type: "number", field: "expiresAt" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["userId"] }, sk: { field: "sk", composite: [] } },
  },
});
