import { Entity } from "../storage/entity";

/**
 * A trashed contact's files (its photo) waiting for the end of the trash period. Written by the
 * trash expiry job; the sweep (`sweepExpiredTrash`) deletes the files once `dueAt` has passed and
 * the contact did not come back, then the row. A row of its own, without `expiresAt`: DynamoDB TTL
 * may delete the contact row before any sweep runs, and the files must not be forgotten then.
 * Keys are spelled out so nothing lands in the contact's own partition.
 */
export const TrashedFilesEntity = new Entity({
  model: { entity: "trashedFiles", version: "1", service: "crm" },
  attributes: {
    contactId: { type: "string", required: true, readOnly: true },
    /** The deletion these files belong to: a restore and a later delete make a new one. */
    deletedAt: { type: "string", required: true },
    /** When the trash period ends (the contact's `expiresAt`, ISO). */
    dueAt: { type: "string", required: true },
    /** Keys in the files port. */
    fileKeys: { type: "list", items: { type: "string" }, required: true },
    scope: { type: "string", required: true, readOnly: true, default: () => "trashedFiles", hidden: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["contactId"], template: "trashfiles#${contactId}", casing: "none" },
      sk: { field: "sk", composite: [], template: "files", casing: "none" },
    },
    /** Due first: the sweep reads `dueAt <= now`. */
    due: {
      index: "gsi5",
      pk: { field: "gsi5pk", composite: ["scope"], template: "trashfiles#${scope}", casing: "none" },
      sk: { field: "gsi5sk", composite: ["dueAt", "contactId"], template: "${dueAt}#${contactId}", casing: "none" },
    },
  },
});
