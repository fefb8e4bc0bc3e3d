import { Entity } from "electrodb";

export const phoneTypes = ["work", "mobile", "home", "fax", "other"] as const;

export const ContactEntity = new Entity({
  model: { entity: "contact", version: "1", service: "crm" },
  attributes: {
    contactId: { type: "string", required: true, readOnly: true },
    firstName: { type: "string" },
    lastName: { type: "string" },
    displayName: { type: "string", required: true },
    phones: {
      type: "list",
      required: true,
      items: {
        type: "map",
        properties: {
          number: { type: "string", required: true },
          type: { type: phoneTypes, required: true },
        },
      },
    },
    emails: { type: "list", required: true, items: { type: "string" } },
    ownerId: { type: "string", required: true },
    version: { type: "number", required: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    /** Set while the contact is in the trash; list indexes drop it (sparse keys below). */
    deletedAt: { type: "string" },
    /** Constant partition of the "every contact" list (admins); a composite so restore can re-key it. */
    scope: { type: "string", required: true, readOnly: true, default: () => "contacts", hidden: true },
    /** Epoch seconds for DynamoDB TTL; readers also treat a past value as gone. */
    expiresAt: { type: "number" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["contactId"] }, sk: { field: "sk", composite: [] } },
    byOwner: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["ownerId"] },
      sk: { field: "gsi1sk", composite: ["contactId"] },
      // Sparse: a trashed contact has no list keys, so lists never read it.
      condition: (attributes) => !attributes.deletedAt,
    },
    all: {
      index: "gsi2",
      pk: { field: "gsi2pk", composite: ["scope"] },
      sk: { field: "gsi2sk", composite: ["contactId"] },
      condition: (attributes) => !attributes.deletedAt,
    },
    /** The admins' trash, newest deletion first (a trashed contact cannot change, so updatedAt is its deletion time). */
    trash: {
      index: "gsi3",
      pk: { field: "gsi3pk", composite: ["scope"] },
      sk: { field: "gsi3sk", composite: ["updatedAt", "contactId"] },
      condition: (attributes) => Boolean(attributes.deletedAt),
    },
  },
});

/** One row per normalized phone or email: who has this number? Written with the contact. */
export const ContactLookupEntity = new Entity({
  model: { entity: "contactLookup", version: "1", service: "crm" },
  attributes: {
    kind: { type: ["phone", "email"] as const, required: true, readOnly: true },
    value: { type: "string", required: true, readOnly: true },
    contactId: { type: "string", required: true, readOnly: true },
    ownerId: { type: "string", required: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["kind", "value"] },
      sk: { field: "sk", composite: ["contactId"] },
    },
  },
});
