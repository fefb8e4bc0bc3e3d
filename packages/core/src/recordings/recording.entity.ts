import { Entity } from "../storage/entity";

/** pending: not yet in our store; copied: ours, the provider's not yet deleted; stored: ours only. */
export const recordingStates = ["pending", "copied", "stored"] as const;

/**
 * A call's recording while its audio exists: `pending` from the provider's callback until the
 * copy in our files store is made, `copied` until the provider's copy is deleted, `stored` after. The row
 * goes when the audio is deleted (retention, trash); the call record keeps `recording.status:
 * "deleted"` as the log of it. Keys are spelled out so nothing lands in another feature's
 * partition.
 */
export const CallRecordingEntity = new Entity({
  model: { entity: "callRecording", version: "1", service: "crm" },
  attributes: {
    callId: { type: "string", required: true, readOnly: true },
    status: { type: recordingStates, required: true },
    provider: { type: "string", required: true, readOnly: true },
    /** The provider's ID of the recording (Twilio: RecordingSid), to fetch and delete it there. */
    providerRecordingId: { type: "string", required: true, readOnly: true },
    /** Key in the files port (S3 on AWS, the files folder locally). */
    fileKey: { type: "string", required: true, readOnly: true },
    contentType: { type: "string" },
    durationSeconds: { type: "number" },
    sizeBytes: { type: "number" },
    /** The call's contact, or `company#<companyId>` (the call record's subject): the trash purge's key. */
    subjectKey: { type: "string" },
    contactId: { type: "string" },
    companyId: { type: "string" },
    /** When the provider reported it: retention counts from here. */
    receivedAt: { type: "string", required: true, readOnly: true },
    storedAt: { type: "string" },
    /** Copy attempts that failed (the sweep tries again). */
    copyFailures: { type: "number" },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["callId"], template: "recording#${callId}", casing: "none" },
      sk: { field: "sk", composite: [], template: "recording", casing: "none" },
    },
    /** Per status, oldest first: the sweep retries `pending`/`copied`, deletes old `stored` ones. */
    byAge: {
      index: "gsi5",
      pk: { field: "gsi5pk", composite: ["status"], template: "recordings#${status}", casing: "none" },
      sk: { field: "gsi5sk", composite: ["receivedAt", "callId"], template: "${receivedAt}#${callId}", casing: "none" },
    },
    /** A contact's (or company's) recordings: deleted when its trash period ends. */
    bySubject: {
      index: "gsi6",
      pk: { field: "gsi6pk", composite: ["subjectKey"], template: "recordings#${subjectKey}", casing: "none" },
      sk: { field: "gsi6sk", composite: ["receivedAt"], template: "${receivedAt}", casing: "none" },
    },
  },
});
