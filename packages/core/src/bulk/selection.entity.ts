import { Entity } from "../storage/entity";

/**
 * One part of a bulk job's selection, snapshotted when the job starts: up to 500 contact IDs
 * under the job (pk jobId, sk part number). Written by a deterministic put, so a replayed
 * snapshot chunk rewrites the same row. `notApplied` keeps every record of this part that was
 * not applied (denied, invalid, not-found) with its reason, keyed by contact ID, so a replayed
 * apply chunk overwrites its own entries instead of adding twins.
 */
export const BulkSelectionPartEntity = new Entity({
  model: { entity: "bulkSelectionPart", version: "1", service: "crm" },
  attributes: {
    jobId: { type: "string", required: true, readOnly: true },
    part: { type: "number", required: true, readOnly: true, padding: { length: 5, char: "0" } },
    contactIds: { type: "list", required: true, items: { type: "string" } },
    /** contactId → { status, reason? } of the records this part did not apply. */
    notApplied: { type: "any" },
    /** Epoch seconds: the snapshot and its report are forgotten after 30 days (TTL). */
    expiresAt: { type: "number" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["jobId"] }, sk: { field: "sk", composite: ["part"] } },
  },
});
