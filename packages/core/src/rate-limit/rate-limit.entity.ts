import { Entity } from "../storage/entity";

/**
 * One counter per bucket and fixed time window. The window start is part of the key, so a new
 * window starts from zero without a reset; TTL removes old windows (readers never look back).
 */
export const RateLimitEntity = new Entity({
  model: { entity: "rateLimit", version: "1", service: "crm" },
  attributes: {
    bucket: { type: "string", required: true, readOnly: true },
    /** Epoch milliseconds of the window's start. */
    windowStart: { type: "number", required: true, readOnly: true },
    hits: { type: "number" },
    /** Epoch seconds; the table's TTL attribute. */
    expiresAt: { type: "number", field: "expiresAt" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["bucket", "windowStart"] }, sk: { field: "sk", composite: [] } },
  },
});
