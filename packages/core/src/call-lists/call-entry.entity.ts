import { Entity } from "../storage/entity";

export const entryStatuses = [
  "pending",
  "dialing",
  "answered",
  "wrapped-up",
  "retry-scheduled",
  "unreached",
  "skipped",
] as const;
export type EntryStatus = (typeof entryStatuses)[number];

/** Statuses the engine may still pick up by due time. */
export const dueStatuses: readonly EntryStatus[] = ["pending", "retry-scheduled"];

export const skipReasons = ["do-not-call", "blocked-number", "no-phone", "invalid-number", "contact-deleted", "company-deleted", "cancelled", "merged-duplicate"] as const;
export type SkipReason = (typeof skipReasons)[number];

/** Who an entry calls: a contact, or a company's own phone. The entry ID is that subject's ID. */
export const subjectKinds = ["contact", "company"] as const;
export type SubjectKind = (typeof subjectKinds)[number];

export const dispositions = ["interested", "call-back", "not-interested", "wrong-number", "do-not-call", "no-disposition"] as const;
export type Disposition = (typeof dispositions)[number];

export const CallEntryEntity = new Entity({
  model: { entity: "callEntry", version: "1", service: "crm" },
  attributes: {
    listId: { type: "string", required: true, readOnly: true },
    entryId: { type: "string", required: true, readOnly: true },
    /** Rows written before company entries existed have none: they are contacts. */
    subjectKind: { type: subjectKinds, required: true, readOnly: true, default: () => "contact" },
    /** Set on contact entries (= entryId); a company entry's company ID is its entryId. */
    contactId: { type: "string", readOnly: true },
    /** The name shown for the entry: the contact's display name, or the company's name. */
    contactName: { type: "string", required: true },
    /** E.164 number to dial; empty when the contact (or company) had none (the entry is then skipped). */
    phone: { type: "string" },
    /** IANA zones the call window must hold in: the contact's own, else those of its number. */
    timeZones: { type: "list", items: { type: "string" }, required: true },
    status: { type: entryStatuses, required: true },
    /** ISO time from which the engine may dial it (retry time, call window opening, call back at). */
    dueAt: { type: "string", required: true },
    attempts: { type: "number", required: true, default: 0 },
    lastOutcome: { type: "string" },
    skipReason: { type: skipReasons },
    /** Operator who gets the card when this entry is answered ("none" until assigned: an index key needs a value). */
    operatorId: { type: "string", required: true, default: () => "none" },
    disposition: { type: dispositions },
    callbackAt: { type: "string" },
    /** Who asked for the call-back: it goes back to them if they are ready then, else to anyone ready. */
    preferredOperatorId: { type: "string" },
    /** Task token of the operator's wrap-up wait; whoever ends the wrap-up first sends it. */
    wrapUpToken: { type: "string" },
    answeredAt: { type: "string" },
    createdAt: { type: "string", required: true, readOnly: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["listId"] }, sk: { field: "sk", composite: ["entryId"] } },
    /** Sparse: only entries waiting to be dialed, earliest due first. The engine's "what next?" is one Query. */
    due: {
      index: "gsi5",
      pk: { field: "gsi5pk", composite: ["listId"] },
      sk: { field: "gsi5sk", composite: ["dueAt", "entryId"] },
      condition: (attributes) => attributes.status === "pending" || attributes.status === "retry-scheduled",
    },
    /** Sparse: the answered call waiting for this operator's disposition (the card pop). */
    awaitingOperator: {
      index: "gsi6",
      pk: { field: "gsi6pk", composite: ["operatorId"] },
      sk: { field: "gsi6sk", composite: ["listId", "entryId"] },
      condition: (attributes) => attributes.status === "answered",
    },
  },
});

/** Every attempt is kept: what was dialed, when, how it ended. */
export const CallAttemptEntity = new Entity({
  model: { entity: "callAttempt", version: "1", service: "crm" },
  attributes: {
    listId: { type: "string", required: true, readOnly: true },
    entryId: { type: "string", required: true, readOnly: true },
    attempt: { type: "number", required: true, readOnly: true },
    callId: { type: "string", required: true, readOnly: true },
    subjectKind: { type: subjectKinds, readOnly: true },
    /** Set when the entry is a contact's. */
    contactId: { type: "string", readOnly: true },
    phone: { type: "string", required: true, readOnly: true },
    /** Task token of the Dial wait; stored so the webhook (or a reconciliation) can complete it. */
    taskToken: { type: "string" },
    providerCallId: { type: "string" },
    /** When the first Dial step for this attempt began: a later one knows it resumes a dead one. */
    dialStartedAt: { type: "string" },
    outcome: { type: ["answered", "no-answer", "busy", "failed", "machine"] as const },
    outcomeDetail: { type: "string" },
    placedAt: { type: "string" },
    endedAt: { type: "string" },
    /** The operator reserved for this call (progressive dialing). */
    operatorId: { type: "string" },
    /** The callee was bridged to the operator (phase "connected"). */
    connectedAt: { type: "string" },
    /** The call was over (phase "ended"); with its talk and ring seconds. */
    callEndedAt: { type: "string" },
    talkSeconds: { type: "number" },
    ringSeconds: { type: "number" },
    /** A person answered and no operator was connected within 2 s. */
    abandoned: { type: "boolean" },
    /**
     * Set (only if absent) by whichever of the answered outcome and the operator's connect is
     * written second: that one records the answer-to-operator metric, exactly once.
     */
    answerToOperatorMeasuredAt: { type: "string" },
    /** Where the answered call's activity is (`contact:<id>:<activityId>` or `company:…`), to add the talk time at the end. */
    callActivity: { type: "string" },
    /**
     * What the Dial step needs, written by the claim (same transaction) so that Dial reads neither
     * the list nor the entry again. The name (for the operator's console) goes once the call is
     * placed. Attempts claimed before these existed lack them: Dial reads the list and entry then.
     */
    ringTimeoutSeconds: { type: "number" },
    subjectName: { type: "string" },
    /** The list's own `record` setting at the claim (absent: the organization's default decides). */
    record: { type: "boolean" },
    createdAt: { type: "string", required: true, readOnly: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["listId"] }, sk: { field: "sk", composite: ["entryId", "attempt"] } },
  },
});

/** Organization-wide do-not-call list: numbers nobody may dial, whoever's contact they are. */
export const BlockedNumberEntity = new Entity({
  model: { entity: "blockedNumber", version: "1", service: "crm" },
  attributes: {
    phone: { type: "string", required: true, readOnly: true },
    reason: { type: "string" },
    createdBy: { type: "string", required: true, readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    scope: { type: "string", required: true, readOnly: true, default: () => "blockedNumbers", hidden: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["phone"] }, sk: { field: "sk", composite: [] } },
    all: {
      index: "gsi2",
      pk: { field: "gsi2pk", composite: ["scope"] },
      sk: { field: "gsi2sk", composite: ["phone"] },
    },
  },
});
