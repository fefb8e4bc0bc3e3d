import { Entity } from "../storage/entity";

/**
 * A messenger handle (per chat source) → the contact it belongs to. Contacts keep no lookup rows
 * for handles yet, so intake keeps its own; see `findByHandle` in chats.ts.
 */
export const ChatHandleEntity = new Entity({
  model: { entity: "chatHandle", version: "1", service: "crm" },
  attributes: {
    source: { type: "string", required: true, readOnly: true },
    handle: { type: "string", required: true, readOnly: true },
    contactId: { type: "string", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["source", "handle"] }, sk: { field: "sk", composite: [] } },
  },
});
