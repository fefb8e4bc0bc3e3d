import { Entity } from "../storage/entity";

export const callListStatuses = ["draft", "running", "paused", "cancelled", "done"] as const;
export type CallListStatus = (typeof callListStatuses)[number];

/** Counters moved with ADD in the same transaction as the entry transition they count. */
export const callListCounters = [
  "total",
  "pending",
  "dialing",
  "answered",
  "wrappedUp",
  "retryScheduled",
  "unreached",
  "skipped",
  "attempts",
  "outcomeAnswered",
  "outcomeNoAnswer",
  "outcomeBusy",
  "outcomeFailed",
  "outcomeMachine",
  /** Answered, but no operator was connected within 2 s (the entry is retried later). */
  "abandoned",
] as const;
export type CallListCounter = (typeof callListCounters)[number];

const counterAttributes = Object.fromEntries(
  callListCounters.map((name) => [name, { type: "number", required: true, default: 0 }] as const),
) as Record<CallListCounter, { type: "number"; required: true; default: 0 }>;

export const CallListEntity = new Entity({
  model: { entity: "callList", version: "1", service: "crm" },
  attributes: {
    listId: { type: "string", required: true, readOnly: true },
    name: { type: "string", required: true },
    operatorIds: { type: "list", items: { type: "string" }, required: true },
    createdBy: { type: "string", required: true, readOnly: true },
    /** Settings as validated JSON (see settings.ts); stored whole because they change together. */
    settings: { type: "any", required: true },
    status: { type: callListStatuses, required: true },
    /** Why the engine paused the list by itself (a person's pause clears it). */
    pausedReason: { type: ["no-active-operator"] as const },
    /** The one execution allowed to dial for this list; a stale or duplicate run sees a mismatch and stops. */
    runId: { type: "string" },
    /** The entry being dialed or wrapped up, so a restarted engine resumes it instead of dialing anew. */
    currentEntryId: { type: "string" },
    /** How many answered calls were handed to operators (before presence: round-robin assignment). */
    assignments: { type: "number", required: true, default: 0 },
    /** Set while an entry is due but no operator of the list is ready: the list says "waiting for an operator". */
    waitingForOperatorSince: { type: "string" },
    /** Claims and idle waits of the current run: every line hands over when it reaches entriesPerExecution. */
    runLoops: { type: "number" },
    ...counterAttributes,
    version: { type: "number", required: true },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
    scope: { type: "string", required: true, readOnly: true, default: () => "callLists", hidden: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["listId"] }, sk: { field: "sk", composite: [] } },
    /** Every list, newest first: admins' and managers' overview, and the local runner's resume scan (few lists). */
    all: {
      index: "gsi2",
      pk: { field: "gsi2pk", composite: ["scope"] },
      sk: { field: "gsi2sk", composite: ["listId"] },
    },
  },
});

/** One row per (list, operator): what a list shows as per-operator statistics, and the operator's own lists. */
export const CallListOperatorEntity = new Entity({
  model: { entity: "callListOperator", version: "1", service: "crm" },
  attributes: {
    listId: { type: "string", required: true, readOnly: true },
    operatorId: { type: "string", required: true, readOnly: true },
    answered: { type: "number", required: true, default: 0 },
    wrappedUp: { type: "number", required: true, default: 0 },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["listId"] }, sk: { field: "sk", composite: ["operatorId"] } },
    byOperator: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["operatorId"] },
      sk: { field: "gsi1sk", composite: ["listId"] },
    },
  },
});

/**
 * One row per dialing line of a running list (progressive dialing: a line per ready operator, up
 * to maxLines). The line's entry in progress, so a restarted engine resumes that call (never
 * dials it again) and releases its operator's reservation.
 */
export const CallListLineEntity = new Entity({
  model: { entity: "callListLine", version: "1", service: "crm" },
  attributes: {
    listId: { type: "string", required: true, readOnly: true },
    line: { type: "number", required: true, readOnly: true },
    entryId: { type: "string" },
    attempt: { type: "number" },
    callId: { type: "string" },
    operatorId: { type: "string" },
    updatedAt: { type: "string" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["listId"] }, sk: { field: "sk", composite: ["line"] } },
  },
});
