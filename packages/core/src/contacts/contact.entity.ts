import { Entity } from "../storage/entity";
import { phoneProperties } from "../phones";
import { allAndTrashIndexes, scopeAttribute } from "../storage/scope-indexes";

export { phoneTypes } from "../phones";
export const contactMethods = ["any", "workPhone", "mobilePhone", "email", "telegram", "whatsapp", "viber"] as const;
export const contactTypes = ["client", "lead", "partner", "supplier", "competitor", "other"] as const;
/** Who besides its responsible managers (and their team's managers) may see a contact. */
export const sharingModes = ["private", "read", "write"] as const;
export const sourceKinds = ["manual", "call", "chat", "telegram", "vk", "form", "import", "api"] as const;
/** How `displayName` came about: the naming rules, the automatic source name, or typed by a person. */
export const nameSources = ["rules", "source", "manual"] as const;

/**
 * The contact's item collection: the contact row and its timeline share a partition
 * (`pk = contactId`), so one Query returns the card (see `card` in contacts.ts).
 */
export const CARD_COLLECTION = "card";

export const ContactEntity = new Entity({
  model: { entity: "contact", version: "1", service: "crm" },
  attributes: {
    contactId: { type: "string", required: true, readOnly: true },
    firstName: { type: "string" },
    lastName: { type: "string" },
    middleName: { type: "string" },
    displayName: { type: "string", required: true },
    nameSource: { type: nameSources, required: true, default: "rules" },
    birthday: { type: "string" },
    position: { type: "string" },
    phones: {
      type: "list",
      required: true,
      items: {
        type: "map",
        properties: { ...phoneProperties, primary: { type: "boolean", required: true } },
      },
    },
    emails: {
      type: "list",
      required: true,
      items: {
        type: "map",
        properties: {
          address: { type: "string", required: true },
          primary: { type: "boolean", required: true },
        },
      },
    },
    messengers: {
      type: "map",
      properties: { telegram: { type: "string" }, whatsapp: { type: "string" }, viber: { type: "string" } },
    },
    address: { type: "string" },
    website: { type: "string" },
    socialLinks: { type: "list", items: { type: "string" } },
    comment: { type: "string" },
    tags: { type: "list", items: { type: "string" } },
    contactType: { type: contactTypes },
    currency: { type: "string" },
    /** Custom field values by key; definitions live with the custom-fields module. */
    custom: { type: "any" },
    /** Responsible managers; the first is the primary one and drives the byOwner list. */
    ownerIds: { type: "list", required: true, items: { type: "string" } },
    ownerId: { type: "string", required: true },
    /** Teams of the responsible managers when last written: managers of these teams see it. */
    teamIds: { type: "list", items: { type: "string" } },
    /** private (responsible managers, their team's managers, admins), shared read-only, or read-write. */
    sharing: { type: sharingModes, required: true, default: "private" },
    source: {
      type: "map",
      required: true,
      properties: {
        kind: { type: sourceKinds, required: true },
        label: { type: "string" },
        ref: { type: "string" },
      },
    },
    doNotCall: { type: "boolean", required: true, default: false },
    doNotEmail: { type: "boolean", required: true, default: false },
    preferredContactMethod: { type: contactMethods, required: true, default: "any" },
    active: { type: "boolean", required: true, default: true },
    timeZone: { type: "string" },
    companyId: { type: "string" },
    /** Denormalized from the company, kept in step by `refreshCompanySummary`. */
    company: {
      type: "map",
      properties: {
        companyId: { type: "string", required: true },
        name: { type: "string", required: true },
        shortName: { type: "string" },
      },
    },
    photo: {
      type: "map",
      properties: {
        contentType: { type: "string", required: true },
        size: { type: "number", required: true },
        updatedAt: { type: "string", required: true },
        /** Set when the photo came with a merge: the bytes are a copy (see photo-key.ts). */
        mergeId: { type: "string" },
      },
    },
    version: { type: "number", required: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    /** Set while the contact is in the trash; list indexes drop it (sparse keys below). */
    deletedAt: { type: "string" },
    /** Constant partition of the "every contact" list (admins); a composite so restore can re-key it. */
    scope: scopeAttribute("contacts"),
    /** Epoch seconds for DynamoDB TTL; readers also treat a past value as gone. */
    expiresAt: { type: "number" },
    /** Set on a merged-away contact (in the trash): the survivor, and the merge that can undo it. */
    mergedInto: { type: "string" },
    mergeId: { type: "string" },
  },
  indexes: {
    primary: {
      collection: CARD_COLLECTION,
      pk: { field: "pk", composite: ["contactId"] },
      sk: { field: "sk", composite: [] },
    },
    byOwner: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["ownerId"] },
      sk: { field: "gsi1sk", composite: ["contactId"] },
      // Sparse: a trashed contact has no list keys, so lists never read it.
      condition: (attributes) => !attributes.deletedAt,
    },
    /** The admins' "every contact" list and trash (storage/scope-indexes.ts). */
    ...allAndTrashIndexes("contactId"),
    /**
     * A company's contacts, for its card and for refreshing the summary. Sparse: only contacts
     * with a `companyId` have keys. Trashed ones keep them, so the summary stays current while
     * they wait in the trash; readers skip them. The sort key has no composite on purpose
     * (ElectroDB would otherwise demand `companyId` on every write that names `contactId`).
     */
    byCompany: {
      index: "gsi4",
      pk: { field: "gsi4pk", composite: ["companyId"] },
      sk: { field: "gsi4sk", composite: [] },
      condition: (attributes) => Boolean(attributes.companyId),
    },
    /**
     * Every shared (read-only or read-write) live contact, newest first: merged into each
     * user's list. Sparse: private and trashed contacts have no keys. Every write passes
     * `sharing` so ElectroDB evaluates the condition (see `indexComposites` in contacts.ts).
     */
    byShare: {
      index: "gsi6",
      pk: { field: "gsi6pk", composite: ["scope"] },
      sk: { field: "gsi6sk", composite: ["contactId"] },
      condition: (attributes) => !attributes.deletedAt && (attributes.sharing === "read" || attributes.sharing === "write"),
    },
  },
});

/**
 * Who a contact is listed for: one row per responsible manager (`owner:<userId>`) and one per
 * team of theirs (`team:<teamId>`), written in the contact's transactions like the lookup rows.
 * A user's list merges the Queries of their audiences and `byShare` (see contacts/listing.ts).
 */
export const ContactAudienceEntity = new Entity({
  model: { entity: "contactAudience", version: "1", service: "crm" },
  attributes: {
    audience: { type: "string", required: true, readOnly: true },
    contactId: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["audience"] },
      sk: { field: "sk", composite: ["contactId"] },
    },
  },
});

/**
 * What a lookup row is keyed by: phones (E.164) and emails (lower case) and messenger handles
 * are strong duplicate signals; `name` rows (one per normalized name token) are the weak one.
 */
export const lookupKinds = ["phone", "email", "telegram", "whatsapp", "viber", "name"] as const;
export type LookupKind = (typeof lookupKinds)[number];

/** One row per normalized phone, email, messenger handle or name token: who has this value? Written with the contact. */
export const ContactLookupEntity = new Entity({
  model: { entity: "contactLookup", version: "1", service: "crm" },
  attributes: {
    kind: { type: lookupKinds, required: true, readOnly: true },
    value: { type: "string", required: true, readOnly: true },
    contactId: { type: "string", required: true, readOnly: true },
    ownerId: { type: "string", required: true },
    /** `name` rows: every normalized token of the name, so a match is scored without reading the contact. */
    name: { type: "string" },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["kind", "value"] },
      sk: { field: "sk", composite: ["contactId"] },
    },
  },
});
