import * as v from "valibot";
import { DomainError, UnavailableError } from "../errors";
import { log } from "../runtime/observability";
import { verifiedSimulatorRequest, type Receipt, type SimulatorDelivery } from "../telephony/webhooks";
import { verifiedTwilioRequest, type TwilioDelivery } from "../telephony/twilio-webhooks";
import { parse } from "../validation";
import { receive, type RecordingReport } from "./recordings";

/**
 * The recording status callbacks (`POST /v1/telephony/{provider}/recording`), checked exactly
 * like the other telephony callbacks (the shared verification in telephony/webhooks.ts: 404
 * unconfigured, 401 unsigned, 403 wrong signature, nothing read or written before it holds).
 */

const Id = v.pipe(v.string("Required."), v.trim(), v.nonEmpty("Required."), v.maxLength(200, "At most 200 characters."));
const recordingStatuses = ["completed", "failed", "absent"] as const;
const Status = v.picklist(recordingStatuses, `One of ${recordingStatuses.join(", ")}.`);
const Seconds = v.pipe(v.number("Seconds."), v.finite("Seconds."), v.minValue(0, "At least 0."), v.maxValue(86_400, "At most 86400."), v.transform(Math.round));

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

async function store(report: RecordingReport): Promise<Receipt> {
  try {
    await receive(report);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    log.error("recording: the callback could not be stored", { callId: report.callId, error });
    throw new UnavailableError("The recording could not be recorded just now; send it again.");
  }
  return { delivered: true };
}

/** Twilio's `recordingStatusCallback`: the call ID is in the signed URL, the rest in the form. */
export async function receiveTwilioRecording(input: TwilioDelivery): Promise<Receipt> {
  const { params, url } = await verifiedTwilioRequest(input);
  const fields = parse(TwilioRecordingFields, {
    callId: url.searchParams.get("callId") ?? undefined,
    RecordingSid: params.get("RecordingSid") ?? undefined,
    RecordingStatus: params.get("RecordingStatus") ?? undefined,
    RecordingDuration: params.get("RecordingDuration") ?? undefined,
  });
  return store({
    provider: "twilio",
    callId: fields.callId,
    providerRecordingId: fields.RecordingSid,
    status: fields.RecordingStatus,
    ...(fields.RecordingDuration !== undefined ? { durationSeconds: fields.RecordingDuration } : {}),
  });
}

/** The simulator's recording callback (JSON, signed like its call events). */
export async function receiveSimulatorRecording(input: SimulatorDelivery): Promise<Receipt> {
  const verified = await verifiedSimulatorRequest(input);
  if (verified.late) return { delivered: false, ignored: "late" };
  const body = parse(SimulatorRecordingBody, verified.json);
  return store({
    provider: "simulator",
    callId: body.callId,
    providerRecordingId: body.recordingId,
    status: body.status,
    ...(body.durationSeconds !== undefined ? { durationSeconds: body.durationSeconds } : {}),
  });
}
