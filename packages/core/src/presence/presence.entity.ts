import { Entity } from "../storage/entity";

/** What an operator is doing. The operator sets `ready` and `paused`; the engine sets the rest. */
export const presenceStates = ["offline", "ready", "paused", "reserved", "on-call", "wrap-up"] as const;
export type PresenceState = (typeof presenceStates)[number];

/**
 * One presence row per user: who is at the console (heartbeat), and whether they can take a call.
 * Inbound pops read `seenAt` (console polled lately); call lists reserve a `ready` operator with a
 * conditional write on this row, so nobody is ever reserved twice, across every list.
 */
export const PresenceEntity = new Entity({
  model: { entity: "presence", version: "1", service: "crm" },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    /** Last time the user's console was seen (any poll or heartbeat). */
    seenAt: { type: "string", required: true },
    /** Absent on rows written before presence states: such a user is offline. */
    state: { type: presenceStates },
    /** When the current state began (longest idle first: the earliest `since` among ready operators). */
    since: { type: "string" },
    /** The pause reason (one of the organization's pause reasons). */
    reason: { type: "string" },
    /** Last heartbeat of an open console; older than 30 s reads as offline. */
    heartbeatAt: { type: "string" },
    /** Go to `paused` (with `pauseReason`) instead of `ready` when the current call is over. */
    pauseAfterCall: { type: "boolean" },
    pauseReason: { type: "string" },
    /** The call this operator is reserved for, talking on or wrapping up. */
    callId: { type: "string" },
    listId: { type: "string" },
    entryId: { type: "string" },
    wrapUpEndsAt: { type: "string" },
    version: { type: "number" },
    /** DynamoDB TTL: a row nobody touched for a day goes (the user is offline anyway). */
    expiresAt: { type: "number", field: "expiresAt" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["userId"] }, sk: { field: "sk", composite: [] } },
  },
});
