/** The telephony webhooks' request schemas (the API validates with them; the receivers parse them too). */
import * as v from "valibot";
import { callOutcomes, callPhases } from "./port";
import { twilioCallStatuses } from "./twilio";

export const Id = v.pipe(v.string(), v.trim(), v.nonEmpty("Required."), v.maxLength(200, "At most 200 characters."));

/**
 * A call's seconds, kept whole: DynamoDB stores numbers down to 1e-130 only, so a tiny fraction
 * such as 5e-324 (still "at least 0") made the write fail and the callback answer 503 forever.
 */
export const Seconds = v.pipe(v.number("Seconds."), v.finite("Seconds."), v.minValue(0, "At least 0."), v.maxValue(86_400, "At most 86400."), v.transform(Math.round));

export const SimulatorEventBody = v.object({
  callId: Id,
  providerCallId: Id,
  outcome: v.optional(v.picklist(callOutcomes, `One of ${callOutcomes.join(", ")}.`)),
  occurredAt: v.pipe(v.string(), v.isoTimestamp("An ISO 8601 timestamp.")),
  phase: v.optional(v.picklist(callPhases, `One of ${callPhases.join(", ")}.`)),
  talkSeconds: v.optional(Seconds),
  ringSeconds: v.optional(Seconds),
  abandoned: v.optional(v.boolean()),
});

/** The simulator's inbound-call event (`type: "inbound"`), one per state change. */
export const SimulatorInboundBody = v.object({
  type: v.literal("inbound"),
  providerCallId: Id,
  from: v.pipe(v.string(), v.nonEmpty("Required."), v.maxLength(40)),
  to: v.pipe(v.string(), v.nonEmpty("Required."), v.maxLength(40)),
  status: v.picklist(["ringing", "answered", "completed", "missed"] as const, "One of ringing, answered, completed, missed."),
  occurredAt: v.pipe(v.string(), v.isoTimestamp("An ISO 8601 timestamp.")),
  durationSeconds: v.optional(Seconds),
});

export const TwilioStatusFields = v.object({
  callId: Id,
  CallSid: Id,
  CallStatus: v.picklist(twilioCallStatuses, `One of ${twilioCallStatuses.join(", ")}.`),
  AnsweredBy: v.optional(v.pipe(v.string(), v.maxLength(50))),
  Timestamp: v.optional(v.pipe(v.string(), v.check((value) => !Number.isNaN(Date.parse(value)), "An RFC 2822 date."))),
});

/** Twilio's voice webhook and status callbacks for calls to our numbers (Direction=inbound). */
export const TwilioInboundFields = v.object({
  CallSid: Id,
  From: v.pipe(v.string("Required."), v.nonEmpty("Required."), v.maxLength(40)),
  To: v.pipe(v.string("Required."), v.nonEmpty("Required."), v.maxLength(40)),
  CallStatus: v.picklist(twilioCallStatuses, `One of ${twilioCallStatuses.join(", ")}.`),
  Direction: v.pipe(v.string("Required."), v.startsWith("inbound", "Only inbound calls come here.")),
  CallDuration: v.optional(v.pipe(v.string(), v.regex(/^\d{1,7}$/, "Whole seconds."), v.transform(Number))),
  Timestamp: v.optional(v.pipe(v.string(), v.check((value) => !Number.isNaN(Date.parse(value)), "An RFC 2822 date."))),
});
