import { Entity } from "../storage/entity";

/** An uploaded file waiting to be previewed and started; its job has the same ID. */
export const ImportEntity = new Entity({
  model: { entity: "import", version: "1", service: "crm" },
  attributes: {
    importId: { type: "string", required: true, readOnly: true },
    ownerId: { type: "string", required: true, readOnly: true },
    fileName: { type: "string", required: true, readOnly: true },
    fileKey: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    /** Epoch seconds: an import nobody started is forgotten after a week (TTL). */
    expiresAt: { type: "number" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["importId"] }, sk: { field: "sk", composite: [] } },
  },
});

/**
 * A row of an import that was rejected or skipped, or imported without some values, with why:
 * the downloadable report. Keyed by
 * row number, so a chunk replayed after a crash overwrites its own rows instead of adding twins.
 */
export const ImportIssueEntity = new Entity({
  model: { entity: "importIssue", version: "1", service: "crm" },
  attributes: {
    importId: { type: "string", required: true, readOnly: true },
    row: { type: "number", required: true, readOnly: true, padding: { length: 7, char: "0" } },
    /** created/updated: imported, but values were left out (the reason lists them). */
    outcome: { type: ["rejected", "skipped", "created", "updated"] as const, required: true },
    reason: { type: "string", required: true },
    cells: { type: "list", items: { type: "string" } },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["importId"] }, sk: { field: "sk", composite: ["row"] } },
  },
});
