import { DomainError, UnavailableError } from "../errors";
import { log } from "../runtime/observability";
import { verifiedSimulatorRequest, type Receipt, type SimulatorDelivery } from "../telephony/webhooks";
import { verifiedTwilioRequest, type TwilioDelivery } from "../telephony/twilio-webhooks";
import { parse } from "../validation";
import { receive, type RecordingReport } from "./recordings";
export { TwilioRecordingFields, SimulatorRecordingBody } from "./schemas";
import { TwilioRecordingFields, SimulatorRecordingBody } from "./schemas";

/**
 * The recording status callbacks (`POST /v1/telephony/{provider}/recording`), checked exactly
 * like the other telephony callbacks (the shared verification in telephony/webhooks.ts: 404
 * unconfigured, 401 unsigned, 403 wrong signature, nothing read or written before it holds).
 */

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
