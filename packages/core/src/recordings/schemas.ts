/** The recording webhooks' request schemas. */
import * as v from "valibot";

const recordingStatuses = ["completed", "failed", "absent"] as const;

export const Id = v.pipe(v.string("Required."), v.trim(), v.nonEmpty("Required."), v.maxLength(200, "At most 200 characters."));

export const Status = v.picklist(recordingStatuses, `One of ${recordingStatuses.join(", ")}.`);

export const Seconds = v.pipe(v.number("Seconds."), v.finite("Seconds."), v.minValue(0, "At least 0."), v.maxValue(86_400, "At most 86400."), v.transform(Math.round));

export const TwilioRecordingFields = v.object({
  callId: Id,
  RecordingSid: v.pipe(Id, v.regex(/^RE[0-9a-fA-F]{32}$/, "A Twilio recording SID (RE…).")),
  RecordingStatus: Status,
  RecordingDuration: v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/, "Whole seconds."), v.transform(Number))),
});

export const SimulatorRecordingBody = v.object({
  type: v.literal("recording"),
  callId: Id,
  providerCallId: Id,
  recordingId: Id,
  status: Status,
  durationSeconds: v.optional(Seconds),
  occurredAt: v.pipe(v.string(), v.isoTimestamp("An ISO 8601 timestamp.")),
});
