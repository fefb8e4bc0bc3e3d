import * as v from "valibot";
import { DomainError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthenticatedError, UnavailableError, ValidationError } from "../errors";
import { hit } from "../rate-limit/rate-limit";
import { parse } from "../validation";
import { callOutcomes, callPhases, isManualCallId, type CallEvent, type CallEventSink } from "./port";
import { LATE_AFTER_SECONDS, verifySimulatorSignature, verifyTwilioSignature } from "./signature";
import { countMetric, log, MetricName } from "../runtime/observability";
import { isTwilioCallStatus, twilioCallStatuses, twilioOutcome } from "./twilio";
import { answerTwiml, decodeVoiceLeg, hangUpTwiml, sorryTwiml, voicemailTwiml, type VoiceLegContext } from "./twiml";

// ---- signature failures (counted: the "webhook signature failures" alarm, infra/alarms.ts) -------

function signatureFailure<E extends Error>(error: E): E {
  countMetric(MetricName.webhookSignatureFailures);
  log.warn("telephony webhook refused: bad or missing signature", { reason: error.message });
  return error;
}

// ---- the sink --------------------------------------------------------------------------------

const logAndDrop: CallEventSink = async (event) => {
  log.info("telephony: no call-event sink registered, event dropped", { provider: event.provider, callId: event.callId });
};
let sink: CallEventSink = logAndDrop;

/**
 * Registers who receives verified call events (the call-list engine). The sink must be
 * idempotent (duplicates and repeats after an outcome are normal) and must ignore calls it
 * does not know; it throws only for passing failures, which the provider is asked to retry.
 */
export function configureCallEventSink(next: CallEventSink | undefined): void {
  sink = next ?? logAndDrop;
}

/**
 * Registers who receives the events of manual (click-to-call) calls, told apart by their call ID
 * (`isManualCallId`). They never reach the call-list engine's sink; without a handler they are
 * logged and dropped like any event nobody waits for.
 */
export function configureManualCallSink(next: CallEventSink | undefined): void {
  manualSink = next ?? logAndDrop;
}
let manualSink: CallEventSink = logAndDrop;

/** Hands a verified event to its sink (the engine's, or the manual calls'); other telephony modules use it too. */
export async function deliver(event: CallEvent): Promise<void> {
  // Ties the webhook's request (its requestId) to the call: a call is followed by its ID end to end.
  log.info("telephony event", { callId: event.callId, provider: event.provider, outcome: event.outcome, phase: event.phase, providerCallId: event.providerCallId });
  try {
    await (isManualCallId(event.callId) ? manualSink : sink)(event);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    log.error("telephony: the call-event sink failed", { callId: event.callId, error });
    throw new UnavailableError("The event could not be recorded just now; send it again.");
  }
}

/** An inbound call as providers report it; intake receives it (see core/src/wiring.ts). */
export interface InboundCallEvent {
  provider: string;
  providerCallId: string;
  from: string;
  to: string;
  status: "ringing" | "answered" | "completed" | "missed";
  occurredAt: string;
  durationSeconds?: number;
}
export type InboundCallSink = (event: InboundCallEvent) => Promise<void>;

let inboundSink: InboundCallSink | undefined;

/** Registers who receives verified inbound-call events (intake); without one they are refused. */
export function configureInboundCallSink(next: InboundCallSink | undefined): void {
  inboundSink = next;
}

async function deliverInbound(event: InboundCallEvent): Promise<void> {
  if (!inboundSink) throw new NotFoundError("Inbound call handling");
  try {
    await inboundSink(event);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    log.error("telephony: the inbound-call sink failed", { providerCallId: event.providerCallId, error });
    throw new UnavailableError("The event could not be recorded just now; send it again.");
  }
}

// ---- settings --------------------------------------------------------------------------------

export interface WebhookSettings {
  /** Shared with the simulator; without it the simulator endpoint answers 404. */
  simulatorSecret?: string;
  /** Twilio account auth token; without it the Twilio endpoint answers 404. */
  twilioAuthToken?: string;
  /** Public origin Twilio calls (its signature covers the full URL as Twilio saw it). */
  publicUrl?: string;
  /** Callbacks per source address per minute. */
  perAddressPerMinute: number;
}

export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const limit = Number(env.TELEPHONY_WEBHOOK_LIMIT_PER_MINUTE || 600);
  return {
    simulatorSecret: env.SIMULATOR_SECRET || undefined,
    twilioAuthToken: env.TWILIO_AUTH_TOKEN || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    perAddressPerMinute: Number.isFinite(limit) && limit > 0 ? limit : 600,
  };
}

let settings: WebhookSettings | undefined;

/** Overrides the environment (the local host, tests); undefined goes back to it. */
export function configureTelephonyWebhooks(next: Partial<WebhookSettings> | undefined): void {
  settings = next ? { ...webhookSettingsFromEnv(), ...next } : undefined;
}

const useSettings = () => (settings ??= webhookSettingsFromEnv());

// ---- receiving -------------------------------------------------------------------------------

export type Receipt = { delivered: true } | { delivered: false; ignored: "late" };

async function admit(provider: string, sourceAddress: string, now: number) {
  const decision = await hit(`webhook:${provider}:${sourceAddress}`, { limit: useSettings().perAddressPerMinute, windowMs: 60_000 }, now);
  if (!decision.allowed) throw new TooManyRequestsError(decision.retryAfterMs / 1000, "Too many callbacks from this address; retry later.");
}

const isLate = (occurredAtMs: number, now: number) => now - occurredAtMs > LATE_AFTER_SECONDS * 1000;

const Id = v.pipe(v.string(), v.trim(), v.nonEmpty("Required."), v.maxLength(200, "At most 200 characters."));
/**
 * A call's seconds, kept whole: DynamoDB stores numbers down to 1e-130 only, so a tiny fraction
 * such as 5e-324 (still "at least 0") made the write fail and the callback answer 503 forever.
 */
const Seconds = v.pipe(v.number("Seconds."), v.finite("Seconds."), v.minValue(0, "At least 0."), v.maxValue(86_400, "At most 86400."), v.transform(Math.round));

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

/** The optional voice-leg fields of an event, without the undefined ones. */
export function phaseFields(input: Pick<CallEvent, "phase" | "talkSeconds" | "ringSeconds" | "abandoned">): Pick<CallEvent, "phase" | "talkSeconds" | "ringSeconds" | "abandoned"> {
  return {
    ...(input.phase ? { phase: input.phase } : {}),
    ...(input.talkSeconds !== undefined ? { talkSeconds: input.talkSeconds } : {}),
    ...(input.ringSeconds !== undefined ? { ringSeconds: input.ringSeconds } : {}),
    ...(input.abandoned !== undefined ? { abandoned: input.abandoned } : {}),
  };
}

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

export interface SimulatorDelivery {
  sourceAddress: string;
  rawBody: string;
  timestamp?: string;
  signature?: string;
  now?: number;
}

/**
 * Every simulator callback's checks, in order: configured (else 404), rate limit, signature over
 * timestamp + body (401 missing, 403 wrong or in the future), lateness, then the body as JSON.
 * Nothing is parsed or written before the signature holds.
 */
export async function verifiedSimulatorRequest(input: SimulatorDelivery): Promise<{ late: true } | { late: false; json: unknown; now: number }> {
  const now = input.now ?? Date.now();
  const secret = useSettings().simulatorSecret;
  if (!secret) throw new NotFoundError("Telephony provider");
  await admit("simulator", input.sourceAddress, now);
  if (!input.signature || !input.timestamp) throw signatureFailure(new UnauthenticatedError("Signed callbacks only: x-simulator-timestamp and x-simulator-signature are required."));
  if (!/^\d{1,12}$/.test(input.timestamp)) throw new UnauthenticatedError("x-simulator-timestamp must be Unix seconds.");
  const timestamp = Number(input.timestamp);
  if (!verifySimulatorSignature(secret, timestamp, input.rawBody, input.signature)) throw signatureFailure(new ForbiddenError("The signature does not match."));
  if (timestamp * 1000 - now > LATE_AFTER_SECONDS * 1000) throw new ForbiddenError("The timestamp is in the future.");
  if (isLate(timestamp * 1000, now)) return { late: true };
  try {
    return { late: false, json: JSON.parse(input.rawBody), now };
  } catch {
    throw new ValidationError([{ field: "body", message: "Must be JSON." }]);
  }
}

/** A callback from the simulator: signature over timestamp + body (HMAC-SHA256), then the sink. */
export async function receiveSimulatorEvent(input: SimulatorDelivery): Promise<Receipt> {
  const verified = await verifiedSimulatorRequest(input);
  if (verified.late) return { delivered: false, ignored: "late" };
  const json = verified.json;
  if (typeof json === "object" && json !== null && (json as { type?: unknown }).type === "inbound") {
    const inbound = parse(SimulatorInboundBody, json);
    await deliverInbound({
      provider: "simulator",
      providerCallId: inbound.providerCallId,
      from: inbound.from,
      to: inbound.to,
      status: inbound.status,
      occurredAt: inbound.occurredAt,
      ...(inbound.durationSeconds !== undefined ? { durationSeconds: inbound.durationSeconds } : {}),
    });
    return { delivered: true };
  }
  const body = parse(SimulatorEventBody, json);
  await deliver({
    provider: "simulator",
    callId: body.callId,
    providerCallId: body.providerCallId,
    ...(body.outcome ? { outcome: body.outcome } : {}),
    occurredAt: body.occurredAt,
    ...phaseFields(body),
  });
  return { delivered: true };
}

export const TwilioStatusFields = v.object({
  callId: Id,
  CallSid: Id,
  CallStatus: v.picklist(twilioCallStatuses, `One of ${twilioCallStatuses.join(", ")}.`),
  AnsweredBy: v.optional(v.pipe(v.string(), v.maxLength(50))),
  Timestamp: v.optional(v.pipe(v.string(), v.check((value) => !Number.isNaN(Date.parse(value)), "An RFC 2822 date."))),
});

export interface TwilioDelivery {
  sourceAddress: string;
  /** The URL of the request as received; the signed URL is PUBLIC_URL + its path and query. */
  requestUrl: string;
  rawBody: string;
  signature?: string;
  now?: number;
}

/** The URL Twilio signed: the public origin we gave it, with the path and query it called. */
function signedUrl(requestUrl: string, publicUrl: string | undefined): string {
  if (!publicUrl) return requestUrl;
  const received = new URL(requestUrl);
  return `${publicUrl.replace(/\/+$/, "")}${received.pathname}${received.search}`;
}

/**
 * Every Twilio callback's checks, in order: configured (else 404), rate limit, then
 * X-Twilio-Signature over the URL Twilio called + the sorted form parameters (401 missing, 403
 * wrong). Nothing is parsed or written before the signature holds.
 */
export async function verifiedTwilioRequest(input: TwilioDelivery): Promise<{ params: URLSearchParams; url: URL; now: number; publicUrl: string }> {
  const now = input.now ?? Date.now();
  const { twilioAuthToken, publicUrl } = useSettings();
  if (!twilioAuthToken) throw new NotFoundError("Telephony provider");
  await admit("twilio", input.sourceAddress, now);
  if (!input.signature) throw signatureFailure(new UnauthenticatedError("Signed callbacks only: X-Twilio-Signature is required."));
  const params = new URLSearchParams(input.rawBody);
  const url = new URL(signedUrl(input.requestUrl, publicUrl));
  if (!verifyTwilioSignature(twilioAuthToken, url.toString(), params, input.signature)) throw signatureFailure(new ForbiddenError("The signature does not match."));
  return { params, url, now, publicUrl: publicUrl ?? url.origin };
}

/** A Twilio status callback: X-Twilio-Signature over URL + sorted form params, then the sink. */
export async function receiveTwilioStatus(input: TwilioDelivery): Promise<Receipt> {
  const { params, url, now } = await verifiedTwilioRequest(input);
  const fields = parse(TwilioStatusFields, {
    callId: url.searchParams.get("callId") ?? undefined,
    CallSid: params.get("CallSid") ?? undefined,
    CallStatus: params.get("CallStatus") ?? undefined,
    AnsweredBy: params.get("AnsweredBy") ?? undefined,
    Timestamp: params.get("Timestamp") ?? undefined,
  });
  const occurredAt = fields.Timestamp ? Date.parse(fields.Timestamp) : now;
  if (isLate(occurredAt, now)) return { delivered: false, ignored: "late" };
  // A call with a voice leg runs asynchronous AMD: "answered" says nothing about person or
  // machine yet (the AMD webhook decides); its end is the voice leg's "ended".
  const voiceLeg = url.searchParams.get("amd") === "async";
  // A manual call (click-to-call) runs no AMD: "answered" is its outcome, "completed" its end.
  const manual = new URL(url).searchParams.get("leg") === "manual";
  const connectedStatus = fields.CallStatus === "in-progress" || fields.CallStatus === "answered";
  const outcome = voiceLeg && connectedStatus ? undefined : isTwilioCallStatus(fields.CallStatus) ? twilioOutcome(fields.CallStatus, fields.AnsweredBy) : undefined;
  const callDuration = Number(params.get("CallDuration") ?? "");
  const ended = (voiceLeg || manual) && fields.CallStatus === "completed";
  await deliver({
    provider: "twilio",
    callId: fields.callId,
    providerCallId: fields.CallSid,
    // The voice leg's end is reported without an outcome (phase events never carry one); the
    // outcome of such a call was decided by the AMD webhook.
    ...(outcome && !ended ? { outcome } : {}),
    ...(ended ? { phase: "ended" as const, ...(Number.isFinite(callDuration) && params.has("CallDuration") ? { talkSeconds: callDuration } : {}) } : {}),
    occurredAt: new Date(occurredAt).toISOString(),
  });
  return { delivered: true };
}

// ---- the voice leg (outbound calls put through to an operator; see twiml.ts) -------------------

/** Signature first (403 when it does not match, nothing written), then the URL's call and leg. */
export async function verifiedTwilioVoiceLeg(input: TwilioDelivery) {
  const { params, url, now, publicUrl } = await verifiedTwilioRequest(input);
  const fields = parse(v.object({ callId: Id, CallSid: Id, callee: v.optional(Id) }), {
    callId: url.searchParams.get("callId") ?? undefined,
    CallSid: params.get("CallSid") ?? undefined,
    callee: url.searchParams.get("callee") ?? undefined,
  });
  return {
    params,
    callId: fields.callId,
    /** The callee's call: a leg to the operator reports its parent (an announced call's leg, the callee in its signed URL). */
    providerCallId: fields.callee || params.get("ParentCallSid") || fields.CallSid,
    /** The operator's leg of an announced call (a conference participant, no `<Dial action>`). */
    conferenceLeg: Boolean(fields.callee),
    leg: decodeVoiceLeg(url.searchParams.get("ctx")),
    occurredAt: new Date(now).toISOString(),
    publicUrl,
  };
}

/** The answered callee's TwiML: put them through to the reserved operator at once. Writes nothing. */
export async function receiveTwilioAnswer(input: TwilioDelivery & { callerId?: string }): Promise<string> {
  const call = await verifiedTwilioVoiceLeg(input);
  if (!call.leg) return hangUpTwiml;
  return answerTwiml({ publicUrl: call.publicUrl, callId: call.callId, leg: call.leg, calleeCallSid: call.providerCallId, ...(input.callerId ? { callerId: input.callerId } : {}) });
}

export const twilioMachineAnswers = ["machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax"] as const;

/**
 * The asynchronous AMD verdict: it decides the call's outcome (a person → answered; a machine
 * or fax → machine). For a machine, the caller replaces the call's TwiML with the voicemail drop
 * (`voicemailTwiml`), which also drops the operator's leg.
 */
export async function receiveTwilioAmd(input: TwilioDelivery): Promise<{ machine: boolean; providerCallId: string; voicemailTwiml: string }> {
  const call = await verifiedTwilioVoiceLeg(input);
  const answeredBy = v.parse(v.optional(v.pipe(v.string(), v.maxLength(50))), call.params.get("AnsweredBy") ?? undefined);
  const machine = Boolean(answeredBy && (twilioMachineAnswers as readonly string[]).includes(answeredBy));
  await deliver({ provider: "twilio", callId: call.callId, providerCallId: call.providerCallId, outcome: machine ? "machine" : "answered", occurredAt: call.occurredAt });
  return { machine, providerCallId: call.providerCallId, voicemailTwiml: voicemailTwiml(call.leg?.voicemail) };
}

/**
 * `<Dial action>`: the operator's leg ended. Not answered (softphone gone, phone not picked up)
 * → the callee hears the short "sorry" naming the company, and the call counts as abandoned.
 */
export async function receiveTwilioDialResult(input: TwilioDelivery): Promise<string> {
  const call = await verifiedTwilioVoiceLeg(input);
  const status = call.params.get("DialCallStatus");
  if (status === "completed" || status === "answered") return hangUpTwiml;
  await deliver({ provider: "twilio", callId: call.callId, providerCallId: call.providerCallId, phase: "ended", abandoned: true, talkSeconds: 0, occurredAt: call.occurredAt });
  return sorryTwiml(call.leg?.companyName);
}

/**
 * The operator's leg (`<Client>` / `<Number>` status callback, or an announced call's participant):
 * answered → "connected". An announced call's operator who does not pick up ends it like
 * `<Dial action>` does for the others: abandoned, and `sorry` is the TwiML the caller puts the
 * callee on (they wait in the conference, which no `<Dial action>` ends).
 */
export async function receiveTwilioOperatorStatus(input: TwilioDelivery): Promise<Receipt & { sorry?: { providerCallId: string; twiml: string } }> {
  const call = await verifiedTwilioVoiceLeg(input);
  const status = call.params.get("CallStatus");
  if (status === "in-progress" || status === "answered") {
    await deliver({ provider: "twilio", callId: call.callId, providerCallId: call.providerCallId, phase: "connected", occurredAt: call.occurredAt });
  } else if (call.conferenceLeg && (status === "no-answer" || status === "busy" || status === "failed" || status === "canceled")) {
    await deliver({ provider: "twilio", callId: call.callId, providerCallId: call.providerCallId, phase: "ended", abandoned: true, talkSeconds: 0, occurredAt: call.occurredAt });
    return { delivered: true, sorry: { providerCallId: call.providerCallId, twiml: sorryTwiml(call.leg?.companyName) } };
  }
  return { delivered: true };
}

export type { VoiceLegContext };

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

/** Twilio call statuses as an inbound call's state: ringing, on the line, ended, or never picked up. */
function inboundStatus(status: string): InboundCallEvent["status"] {
  if (status === "in-progress" || status === "answered") return "answered";
  if (status === "completed") return "completed";
  if (status === "queued" || status === "ringing" || status === "initiated") return "ringing";
  return "missed";
}

/** A Twilio voice webhook / status callback for an inbound call: signature first, then intake. */
export async function receiveTwilioInbound(input: TwilioDelivery): Promise<Receipt> {
  const { params, now } = await verifiedTwilioRequest(input);
  const fields = parse(TwilioInboundFields, Object.fromEntries([...params].filter(([name]) => name in TwilioInboundFields.entries)));
  const occurredAt = fields.Timestamp ? Date.parse(fields.Timestamp) : now;
  await deliverInbound({
    provider: "twilio",
    providerCallId: fields.CallSid,
    from: fields.From,
    to: fields.To,
    status: inboundStatus(fields.CallStatus),
    occurredAt: new Date(occurredAt).toISOString(),
    ...(fields.CallDuration !== undefined ? { durationSeconds: fields.CallDuration } : {}),
  });
  return { delivered: true };
}
