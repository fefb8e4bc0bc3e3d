import type { PlaceCallInput } from "./port";

/**
 * The TwiML of the voice leg (docs/telephony.md, "Twilio: the voice leg"). Twilio fetches it
 * from our signed webhooks; everything a step needs travels in the URL we gave Twilio when the
 * call was created (a signed URL: Twilio's signature covers it, so it cannot be altered), so the
 * webhooks read nothing from the table and a Lambda answers them in one step.
 */

/** What the voice leg needs on every webhook of one call, carried in its URLs as `ctx`. */
export interface VoiceLegContext {
  connectTo: NonNullable<PlaceCallInput["connectTo"]>;
  context?: PlaceCallInput["context"];
  /** A click-to-call: the softphone shows it as the user's own call (no list entry). */
  manual?: PlaceCallInput["manual"];
  voicemail?: PlaceCallInput["voicemail"];
  companyName?: string;
  /** Record the bridged conversation (`<Dial record>`); see docs/telephony.md, "Recordings". */
  record?: PlaceCallInput["record"];
}

export const encodeVoiceLeg = (leg: VoiceLegContext) => Buffer.from(JSON.stringify(leg), "utf8").toString("base64url");

export function decodeVoiceLeg(value: string | null | undefined): VoiceLegContext | undefined {
  if (!value) return undefined;
  try {
    const leg = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as VoiceLegContext;
    return typeof leg?.connectTo?.userId === "string" ? leg : undefined;
  } catch {
    return undefined;
  }
}

/** The webhook steps of an outbound call with a voice leg, all under `/v1/telephony/twilio/`. */
export type VoiceLegStep = "answer" | "amd" | "dial-result" | "operator-status" | "conference" | "announcement";

/** Where Twilio posts a recording's status (signed over this exact URL, so the callId cannot be swapped). */
export function twilioRecordingUrl(publicUrl: string, callId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/v1/telephony/twilio/recording?${new URLSearchParams({ callId })}`;
}

/** `callee`: the callee's CallSid, for the legs of an announced call (a conference has no parent call). */
export function twilioVoiceLegUrl(publicUrl: string, step: VoiceLegStep, callId: string, leg: VoiceLegContext, callee?: string): string {
  const query = new URLSearchParams({ callId, ctx: encodeVoiceLeg(leg), ...(callee ? { callee } : {}) });
  return `${publicUrl.replace(/\/+$/, "")}/v1/telephony/twilio/${step}?${query}`;
}

const xmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => xmlEscapes[char]!);

const document = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;

/**
 * How long Twilio rings the operator's softphone or phone before giving up. The console answers
 * by itself within a second; a phone needs a person. Twilio's `<Dial timeout>` is in seconds.
 */
export const OPERATOR_RING_SECONDS = { client: 5, phone: 15 } as const;

/** Twilio client identities allow letters, digits and underscore safely; our user IDs are ULIDs. */
export const clientIdentity = (userId: string) => userId.replace(/[^A-Za-z0-9_]/g, "_");

/** What the softphone reads from a ringing call: the entry (or the manual call's card) it opens. */
export function clientParameters(callId: string, leg: VoiceLegContext): [string, string][] {
  const { context, manual } = leg;
  const parameters: [string, string][] = [["callId", callId]];
  if (context) {
    parameters.push(["listId", context.listId], ["entryId", context.entryId], ["attempt", String(context.attempt)]);
    if (context.subjectName) parameters.push(["name", context.subjectName]);
  }
  if (manual) {
    parameters.push(["manual", "1"]);
    if (manual.subjectName) parameters.push(["name", manual.subjectName]);
    if (manual.contactId) parameters.push(["contactId", manual.contactId]);
    if (manual.companyId) parameters.push(["companyId", manual.companyId]);
  }
  return parameters;
}

/**
 * The answered callee is put through to the reserved operator at once (AMD runs in the
 * background): `<Dial><Client>` to their softphone with the entry as `<Parameter>`s (the console
 * opens the card as the call arrives), or `<Dial><Number>` to their own phone. When the operator
 * does not pick up, `<Dial action>` is asked what next (the "sorry" message).
 */
export function answerTwiml(input: { publicUrl: string; callId: string; leg: VoiceLegContext; callerId?: string; calleeCallSid?: string }): string {
  const { connectTo } = input.leg;
  if (input.leg.record?.announcement && input.calleeCallSid) return announcedAnswerTwiml({ ...input, calleeCallSid: input.calleeCallSid });
  const action = escapeXml(twilioVoiceLegUrl(input.publicUrl, "dial-result", input.callId, input.leg));
  const statusCallback = escapeXml(twilioVoiceLegUrl(input.publicUrl, "operator-status", input.callId, input.leg));
  const legEvents = `statusCallbackEvent="answered completed" statusCallback="${statusCallback}" statusCallbackMethod="POST"`;
  // From the bridge on, each party on its own channel; the callback stores it (core/recordings).
  const record = input.leg.record
    ? ` record="record-from-answer-dual" recordingStatusCallback="${escapeXml(twilioRecordingUrl(input.publicUrl, input.callId))}" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed"`
    : "";
  if (connectTo.phone) {
    const callerId = input.callerId ? ` callerId="${escapeXml(input.callerId)}"` : "";
    return document(
      `<Dial timeout="${OPERATOR_RING_SECONDS.phone}" action="${action}" method="POST"${callerId}${record}><Number ${legEvents}>${escapeXml(connectTo.phone)}</Number></Dial>`,
    );
  }
  const parameters = clientParameters(input.callId, input.leg);
  const parameterXml = parameters.map(([name, value]) => `<Parameter name="${escapeXml(name)}" value="${escapeXml(value)}"/>`).join("");
  return document(
    `<Dial timeout="${OPERATOR_RING_SECONDS.client}" answerOnBridge="true" action="${action}" method="POST"${record}><Client ${legEvents}><Identity>${escapeXml(clientIdentity(connectTo.userId))}</Identity>${parameterXml}</Client></Dial>`,
  );
}

/** What a person hears when no operator could take the call: short, names the company, hangs up. */
export function sorryText(companyName: string | undefined): string {
  return `Sorry, ${companyName?.trim() || "we"} cannot take your call right now. We will call you back.`;
}

export const sorryTwiml = (companyName: string | undefined) => document(`<Say>${escapeXml(sorryText(companyName))}</Say><Hangup/>`);

/** On an answering machine: the list's message (spoken text or an audio file), then hang up. */
export function voicemailTwiml(voicemail: VoiceLegContext["voicemail"]): string {
  if (voicemail?.audioUrl) return document(`<Play>${escapeXml(voicemail.audioUrl)}</Play><Hangup/>`);
  if (voicemail?.text) return document(`<Say>${escapeXml(voicemail.text)}</Say><Hangup/>`);
  return hangUpTwiml;
}

export const hangUpTwiml = document("<Hangup/>");

// ---- announced calls: a conference, so the announcement reaches both parties ------------------

/**
 * A call that carries `record.announcement` (docs/telephony.md, "Recordings"): TwiML cannot play
 * audio into a bridged `<Dial>`, so the callee waits (in silence) in a conference named by our
 * callId; its join adds the operator (Participants API), the operator's join starts the
 * conference (and its recording) and has the announcement played to both. Everything else, the
 * `<Dial action>` included, stays as for `<Dial><Client>`.
 */
export function announcedAnswerTwiml(input: { publicUrl: string; callId: string; leg: VoiceLegContext; calleeCallSid: string }): string {
  const action = escapeXml(twilioVoiceLegUrl(input.publicUrl, "dial-result", input.callId, input.leg));
  const events = escapeXml(twilioVoiceLegUrl(input.publicUrl, "conference", input.callId, input.leg, input.calleeCallSid));
  const record = input.leg.record
    ? ` record="record-from-start" recordingStatusCallback="${escapeXml(twilioRecordingUrl(input.publicUrl, input.callId))}" recordingStatusCallbackMethod="POST" recordingStatusCallbackEvent="completed"`
    : "";
  return document(
    `<Dial action="${action}" method="POST"><Conference startConferenceOnEnter="false" endConferenceOnExit="true" beep="false" waitUrl="" statusCallback="${events}" statusCallbackMethod="POST" statusCallbackEvent="join"${record}>${escapeXml(input.callId)}</Conference></Dial>`,
  );
}

/** The Participants API form that rings the reserved operator into an announced call's conference. */
export function operatorParticipantForm(input: { publicUrl: string; callId: string; leg: VoiceLegContext; calleeCallSid: string; from: string }): URLSearchParams {
  const { connectTo } = input.leg;
  // A softphone gets the same parameters as from <Client><Parameter> (Twilio passes a client's query on).
  const to = connectTo.phone ?? `client:${clientIdentity(connectTo.userId)}?${new URLSearchParams(clientParameters(input.callId, input.leg))}`;
  const form = new URLSearchParams({
    From: input.from,
    To: to,
    Timeout: String(connectTo.phone ? OPERATOR_RING_SECONDS.phone : OPERATOR_RING_SECONDS.client),
    StatusCallback: twilioVoiceLegUrl(input.publicUrl, "operator-status", input.callId, input.leg, input.calleeCallSid),
    StatusCallbackMethod: "POST",
    StatusCallbackEvent: "answered completed",
    StartConferenceOnEnter: "true",
    EndConferenceOnExit: "true",
    Beep: "false",
    Label: "operator",
  });
  return form;
}

/** Twilio voices for the organization's languages (Amazon Polly; the basic voices speak neither Russian nor Romanian). */
const announcementVoices = { en: ["en-US", "Polly.Joanna"], ru: ["ru-RU", "Polly.Tatyana"], ro: ["ro-RO", "Polly.Carmen"] } as const;

/** The announcement as Twilio's `AnnounceUrl` TwiML (only Say, Play, Pause and Redirect are allowed there). */
export function announcementTwiml(text: string | undefined, language: string | undefined): string {
  if (!text) return document("");
  const [code, voice] = announcementVoices[(language ?? "en") as keyof typeof announcementVoices] ?? announcementVoices.en;
  return document(`<Say language="${code}" voice="${voice}">${escapeXml(text)}</Say>`);
}
