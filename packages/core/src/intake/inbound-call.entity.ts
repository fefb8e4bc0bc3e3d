import { Entity } from "../storage/entity";

export const NOT_POPPED = "-";

export const inboundCallStatuses = ["ringing", "answered", "completed", "missed"] as const;

/**
 * One inbound call, keyed by the provider's call ID (events repeat and arrive out of order).
 * `popFor` is set while an answered call waits on that user's screen; the sparse
 * `awaitingUser` index is what the console polls.
 */
export const InboundCallEntity = new Entity({
  model: { entity: "inboundCall", version: "1", service: "crm" },
  attributes: {
    provider: { type: "string", required: true, readOnly: true },
    providerCallId: { type: "string", required: true, readOnly: true },
    from: { type: "string", required: true },
    to: { type: "string", required: true },
    contactId: { type: "string", required: true },
    contactName: { type: "string" },
    operatorId: { type: "string" },
    status: { type: inboundCallStatuses, required: true },
    startedAt: { type: "string", required: true },
    answeredAt: { type: "string" },
    endedAt: { type: "string" },
    durationSeconds: { type: "number" },
    /** Set once the call's outcome is on the contact's timeline. */
    loggedAt: { type: "string" },
    /** The user whose screen shows the card, or NOT_POPPED (the index needs a value either way). */
    popFor: { type: "string", required: true },
    /** Bumped by every write, which expects the revision it read: simultaneous events never lose a field. */
    revision: { type: "number" },
    /** The caller was new: this call creates the contact `contactId`, and whichever event finds it missing does. */
    createsContact: { type: "boolean" },
    expiresAt: { type: "number", field: "expiresAt" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["provider", "providerCallId"] }, sk: { field: "sk", composite: [] } },
    awaitingUser: {
      index: "gsi6",
      pk: { field: "gsi6pk", composite: ["popFor"] },
      sk: { field: "gsi6sk", composite: ["startedAt"] },
      condition: (attributes) => attributes.popFor !== NOT_POPPED,
    },
  },
});
