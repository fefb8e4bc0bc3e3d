import { Entity } from "../storage/entity";

export const taggedEntityTypes = ["contact", "company"] as const;
export type TaggedEntityType = (typeof taggedEntityTypes)[number];

/**
 * How many live records of one entity type carry one tag. One partition per entity type, sorted
 * by the tag's matching key, so the tag list with counts is a single Query in name order.
 * `count` only ever moves by ADD inside the transaction that changes the record's tags.
 */
export const TagCountEntity = new Entity({
  model: { entity: "tagCount", version: "1", service: "crm" },
  attributes: {
    entityType: { type: taggedEntityTypes, required: true, readOnly: true },
    /** Case- and space-insensitive matching key (see `tagKey`). */
    key: { type: "string", required: true, readOnly: true },
    /** The form first written; later spellings that match the key count here too. */
    label: { type: "string", required: true },
    count: { type: "number", required: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["entityType"] },
      sk: { field: "sk", composite: ["key"] },
    },
  },
});

/**
 * Marks one batch of tag-count changes as applied (see `applyTagDeltasOnce`): written in the
 * same TransactWriteItems as the counts, with `attribute_not_exists`, so a replayed batch (an
 * import chunk run again after a crash) finds it and adds nothing. Forgotten after a week (TTL):
 * a batch is only ever replayed while its job is still running.
 */
export const TagCountBatchEntity = new Entity({
  model: { entity: "tagCountBatch", version: "1", service: "crm" },
  attributes: {
    batchKey: { type: "string", required: true, readOnly: true },
    appliedAt: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["batchKey"] },
      sk: { field: "sk", composite: [] },
    },
  },
});
