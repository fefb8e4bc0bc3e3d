import * as v from "valibot";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors";
import { parse } from "../validation";
import { verifyTwilioSignature } from "./signature";
import { isTwilioCallStatus, twilioOutcome } from "./twilio";
import { answerTwiml, decodeVoiceLeg, hangUpTwiml, sorryTwiml, voicemailTwiml, type VoiceLegContext } from "./twiml";
import { Id, type InboundCallEvent, type Receipt, admit, deliver, deliverInbound, isLate, signatureFailure, useSettings } from "./webhooks";
export { TwilioStatusFields, TwilioInboundFields } from "./schemas";
import { TwilioStatusFields, TwilioInboundFields } from "./schemas";

/** Twilio's callbacks: call status, the voice leg put through to an operator, machine detection, inbound calls. Each is verified (verifiedTwilioRequest) before anything is read. */

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
