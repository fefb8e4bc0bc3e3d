import { Entity } from "../storage/entity";

/**
 * An `Idempotency-Key` (or a message ID) and the answer it got. Claimed with a conditional
 * create before the work starts, so two concurrent repeats cannot both do it; TTL removes it.
 */
export const IdempotencyEntity = new Entity({
  model: { entity: "idempotencyKey", version: "1", service: "crm" },
  attributes: {
    scope: { type: "string", required: true, readOnly: true },
    key: { type: "string", required: true, readOnly: true },
    state: { type: ["pending", "done"] as const, required: true },
    /** Which request claimed the key (core/idempotency: a hash of method, path and body). */
    fingerprint: { type: "string" },
    /** The answer to repeat: what the first request got. */
    result: { type: "any" },
    createdAt: { type: "string", required: true },
    /** Epoch seconds; the table's TTL attribute. */
    expiresAt: { type: "number", field: "expiresAt" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["scope", "key"] }, sk: { field: "sk", composite: [] } },
  },
});
