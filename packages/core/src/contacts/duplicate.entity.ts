import { Entity } from "../storage/entity";

/**
 * A pair of contacts the matching rules found alike after one of them was created anyway or
 * changed: the admins' duplicates queue. `pairId` is the two contact IDs in order, so a pair is
 * queued once whichever side is written. Open pairs are listed on gsi5 (sparse: a dismissed pair
 * has no list keys and is not queued again).
 */
export const DuplicatePairEntity = new Entity({
  model: { entity: "duplicatePair", version: "1", service: "crm" },
  attributes: {
    pairId: { type: "string", required: true, readOnly: true },
    contactIds: { type: "list", items: { type: "string" }, required: true, readOnly: true },
    /** What matched: `{ signal, value }` as `findMatches` reports it. */
    on: { type: "any", required: true },
    strength: { type: ["strong", "weak"] as const, required: true },
    status: { type: ["open", "dismissed"] as const, required: true, default: "open" },
    createdAt: { type: "string", required: true, readOnly: true },
    dismissedBy: { type: "string" },
    scope: { type: "string", required: true, readOnly: true, default: () => "duplicates", hidden: true },
    /** The two contact IDs as key attributes (`pairIdOf` order), so each contact finds its pairs (trash expiry). */
    firstId: { type: "string", readOnly: true },
    secondId: { type: "string", readOnly: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["pairId"] },
      sk: { field: "sk", composite: [] },
    },
    open: {
      index: "gsi5",
      pk: { field: "gsi5pk", composite: ["scope"] },
      sk: { field: "gsi5sk", composite: ["createdAt", "pairId"] },
      condition: (attributes) => attributes.status === "open",
    },
    /** A contact's pairs, whichever side it is on: two indexes, one per side (trash expiry and restore). */
    byFirst: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["firstId"] },
      sk: { field: "gsi1sk", composite: ["pairId"] },
    },
    bySecond: {
      index: "gsi2",
      pk: { field: "gsi2pk", composite: ["secondId"] },
      sk: { field: "gsi2sk", composite: ["pairId"] },
    },
  },
});

/** The key attributes a pair row carries besides its ID (written by every put of a pair). */
export const pairSides = (pairId: string) => {
  const [firstId, secondId] = pairId.split(":");
  return { firstId: firstId!, secondId: secondId! };
};

/**
 * A user asked for access to a contact a duplicate check found but they may not see. One row
 * per (contact, requester); the contact's primary responsible manager is notified.
 */
export const AccessRequestEntity = new Entity({
  model: { entity: "accessRequest", version: "1", service: "crm" },
  attributes: {
    contactId: { type: "string", required: true, readOnly: true },
    requesterId: { type: "string", required: true, readOnly: true },
    ownerId: { type: "string", required: true },
    status: { type: ["pending", "granted", "declined"] as const, required: true },
    message: { type: "string" },
    createdAt: { type: "string", required: true },
    decidedBy: { type: "string" },
    decidedAt: { type: "string" },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["contactId", "requesterId"] },
      sk: { field: "sk", composite: [] },
    },
    /** A contact's requests (trash expiry and restore). */
    byContact: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["contactId"] },
      sk: { field: "gsi1sk", composite: ["requesterId"] },
    },
  },
});

/**
 * One merge: who merged which two contacts when, the survivor's version right after the merge
 * (undo refuses if it moved on), and where the steps got to: `copying` (rows written, timeline
 * being copied) → `done`; `undoing` → `undone`. Kept a year for the audit trail. Both contacts'
 * rows as they were live in the `mergeSnapshot` row, which leaves with the merged-away contact
 * (30 days); records written before that split carry them inline (`survivorBefore`, `otherBefore`).
 */
export const MergeRecordEntity = new Entity({
  model: { entity: "mergeRecord", version: "1", service: "crm" },
  attributes: {
    mergeId: { type: "string", required: true, readOnly: true },
    survivorId: { type: "string", required: true, readOnly: true },
    otherId: { type: "string", required: true, readOnly: true },
    mergedBy: { type: "string", required: true, readOnly: true },
    mergedAt: { type: "string", required: true, readOnly: true },
    status: { type: ["copying", "done", "undoing", "undone"] as const, required: true },
    survivorBefore: { type: "string", readOnly: true },
    otherBefore: { type: "string", readOnly: true },
    survivorVersionAfter: { type: "number", required: true, readOnly: true },
    mergedActivityId: { type: "string", required: true, readOnly: true },
    copiedActivities: { type: "number" },
    undoneBy: { type: "string" },
    undoneAt: { type: "string" },
    /** Kept a while after the undo window for the audit trail (TTL). */
    expiresAt: { type: "number" },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["mergeId"] },
      sk: { field: "sk", composite: [] },
    },
  },
});

/**
 * What undo needs to put both contacts back: their rows exactly as they were before the merge
 * (JSON). Written in the merge's transaction with the merged-away contact's `expiresAt`, so it
 * leaves with that contact when the undo window ends; an undo deletes it.
 */
export const MergeSnapshotEntity = new Entity({
  model: { entity: "mergeSnapshot", version: "1", service: "crm" },
  attributes: {
    mergeId: { type: "string", required: true, readOnly: true },
    survivorBefore: { type: "string", required: true, readOnly: true },
    otherBefore: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["mergeId"] },
      sk: { field: "sk", composite: [] },
    },
  },
});
