import { Entity } from "../storage/entity";

export const callSources = ["list", "manual", "inbound"] as const;
export const callDirections = ["outbound", "inbound"] as const;
export const callOutcomes = ["answered", "no-answer", "busy", "failed", "machine"] as const;
export const recordingStatuses = ["pending", "stored", "deleted"] as const;

/**
 * The call log: one row per call (list, manual or inbound), keyed by our call ID. It outlives
 * the rows the engine and intake keep for their own work (inbound-call rows expire after 30
 * days); its own `expiresAt` comes from the organization's `callLogRetentionDays`.
 *
 * Four sparse indexes, each sorted by `placedAt`: by subject (`subjectKey` = the contact ID, or
 * `company#<companyId>`), by operator, by list and by UTC day. A row lacking the key attribute
 * of an index is simply not in it: `begin` (record.ts) leaves out the keys of such an index
 * (ElectroDB would write an empty-valued key, one hot partition for all of them).
 */
export const CallEntity = new Entity({
  model: { entity: "call", version: "1", service: "crm" },
  attributes: {
    callId: { type: "string", required: true, readOnly: true },
    source: { type: callSources, required: true, readOnly: true },
    direction: { type: callDirections, required: true, readOnly: true },
    number: { type: "string", required: true },
    contactId: { type: "string" },
    companyId: { type: "string" },
    /** The subject index's key: the contact ID, or `company#<companyId>` for a company's own phone. */
    subjectKey: { type: "string" },
    subjectName: { type: "string" },
    operatorId: { type: "string" },
    listId: { type: "string", readOnly: true },
    entryId: { type: "string", readOnly: true },
    attempt: { type: "number", readOnly: true },
    placedAt: { type: "string", required: true, readOnly: true },
    /** placedAt's UTC date (YYYY-MM-DD): the day index's key. */
    day: { type: "string", required: true, readOnly: true },
    answeredAt: { type: "string" },
    connectedAt: { type: "string" },
    endedAt: { type: "string" },
    ringSeconds: { type: "number" },
    talkSeconds: { type: "number" },
    outcome: { type: callOutcomes },
    abandoned: { type: "boolean" },
    disposition: { type: "string" },
    note: { type: "string" },
    callWindowOverride: { type: "boolean" },
    recording: {
      type: "map",
      properties: {
        status: { type: recordingStatuses, required: true },
        durationSeconds: { type: "number" },
        contentType: { type: "string" },
        sizeBytes: { type: "number" },
        storedAt: { type: "string" },
        deletedAt: { type: "string" },
        deletedReason: { type: "string" },
      },
    },
    provider: { type: "string" },
    providerCallId: { type: "string" },
    /** Epoch seconds (the table's TTL attribute): placedAt + the organization's call-log retention. */
    expiresAt: { type: "number", field: "expiresAt" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["callId"] }, sk: { field: "sk", composite: [] } },
    bySubject: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["subjectKey"] },
      sk: { field: "gsi1sk", composite: ["placedAt"] },
    },
    byOperator: {
      index: "gsi2",
      pk: { field: "gsi2pk", composite: ["operatorId"] },
      sk: { field: "gsi2sk", composite: ["placedAt"] },
    },
    byList: {
      index: "gsi3",
      pk: { field: "gsi3pk", composite: ["listId"] },
      sk: { field: "gsi3sk", composite: ["placedAt"] },
    },
    byDay: {
      index: "gsi4",
      pk: { field: "gsi4pk", composite: ["day"] },
      sk: { field: "gsi4sk", composite: ["placedAt"] },
    },
  },
});
