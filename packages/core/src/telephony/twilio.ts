import { providerRequest, readJson } from "./http";
import { twilioRecordingUrl, twilioVoiceLegUrl, type VoiceLegContext } from "./twiml";
import { TelephonyUnavailableError, type CallOutcome, type CallStatus, type PlaceCallInput, type PlacedCall, type TelephonyProvider } from "./port";

/** Twilio's `CallStatus` values (Calls API and status callbacks). */
export const twilioCallStatuses = ["queued", "initiated", "ringing", "in-progress", "answered", "completed", "busy", "no-answer", "failed", "canceled"] as const;
export type TwilioCallStatus = (typeof twilioCallStatuses)[number];

const machineAnswers = new Set(["machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax"]);

/**
 * What a Twilio call status means for a call list. `undefined` while it is still queued or
 * ringing. A connected call is `answered` unless answering-machine detection said machine or
 * fax (`unknown` counts as a person: an operator can tell, a lost customer cannot be re-won).
 */
export function twilioOutcome(status: TwilioCallStatus, answeredBy?: string): CallOutcome | undefined {
  switch (status) {
    case "queued":
    case "initiated":
    case "ringing":
      return undefined;
    case "in-progress":
    case "answered":
    case "completed":
      return answeredBy && machineAnswers.has(answeredBy) ? "machine" : "answered";
    case "busy":
      return "busy";
    case "no-answer":
      return "no-answer";
    case "failed":
    case "canceled":
      return "failed";
  }
}

export const isTwilioCallStatus = (value: string): value is TwilioCallStatus => (twilioCallStatuses as readonly string[]).includes(value);

export interface TwilioTelephonyOptions {
  accountSid: string;
  authToken: string;
  /** Caller ID: a Twilio number or verified number, E.164. */
  from: string;
  /** Public origin the API is reachable at; status callbacks go to `<publicUrl>/v1/telephony/twilio/status`. */
  publicUrl: string;
  /** TwiML to run once the call connects (bridging to the operator is the deployment's choice). */
  answerTwiml?: string;
  apiBaseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_ANSWER_TWIML = '<Response><Say>Please hold, we are connecting you.</Say><Pause length="60"/></Response>';

/**
 * Where Twilio posts status callbacks for one of our calls (signed over this exact URL).
 * `voiceLeg`: the call runs asynchronous AMD, so its outcome comes with the AMD verdict, not
 * with the "answered" status (the flag is in the signed URL, so it cannot be forged).
 */
export { twilioRecordingUrl as twilioRecordingCallbackUrl };

export function twilioStatusCallbackUrl(publicUrl: string, callId: string, voiceLeg: boolean | "manual" = false): string {
  // A manual call's flag (`leg=manual`: no AMD, its "answered" is the outcome) is signed like the rest.
  const flag = voiceLeg === "manual" ? "&leg=manual" : voiceLeg ? "&amd=async" : "";
  return `${publicUrl.replace(/\/+$/, "")}/v1/telephony/twilio/status?callId=${encodeURIComponent(callId)}${flag}`;
}

/** The voice-leg context of a call placed with `connectTo` (carried in its webhook URLs). */
export function voiceLegOf(input: PlaceCallInput): VoiceLegContext | undefined {
  if (!input.connectTo) return undefined;
  return {
    connectTo: input.connectTo,
    ...(input.context ? { context: input.context } : {}),
    ...(input.manual ? { manual: input.manual } : {}),
    ...(input.voicemail && (input.voicemail.text || input.voicemail.audioUrl) ? { voicemail: input.voicemail } : {}),
    ...(input.companyName ? { companyName: input.companyName } : {}),
    ...(input.record ? { record: input.record } : {}),
  };
}

interface TwilioCallResource {
  sid: string;
  status: TwilioCallStatus;
  answered_by?: string | null;
  date_created?: string | null;
  to?: string;
}

/** Twilio accepts a ring timeout of 5–600 s. */
const clampTimeout = (seconds: number) => Math.min(600, Math.max(5, Math.round(seconds)));

/**
 * Twilio Programmable Voice over plain fetch (the `twilio` package is ~12 MB unpacked, far more
 * than this Lambda needs). The Calls API has no idempotency key, so a retry after an ambiguous
 * failure (timeout, 5xx: the call may exist) first looks for a call to the same number created
 * since the first attempt and adopts it instead of ringing again.
 */
export interface TwilioProvider extends TelephonyProvider {
  /** Replaces what a live call is doing with this TwiML (Calls API update): the voicemail drop. */
  redirect(providerCallId: string, twiml: string): Promise<void>;
  /** Rings someone into a conference (Participants API): the operator of an announced call. */
  addConferenceParticipant(conferenceSid: string, form: URLSearchParams): Promise<void>;
  /** Plays `announceUrl`'s TwiML to every participant of a conference (Conference update). */
  announceToConference(conferenceSid: string, announceUrl: string): Promise<void>;
}

export function twilioTelephony(options: TwilioTelephonyOptions): TwilioProvider {
  const base = `${(options.apiBaseUrl ?? "https://api.twilio.com").replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
  /** callId → when we first tried it, and the call once we know it. Per process, bounded. */
  const attempts = new Map<string, { firstTriedAt: number; providerCallId?: string; ambiguous: boolean }>();

  const request = (path: string, init: RequestInit = {}) =>
    providerRequest("twilio", `${base}${path}`, { ...init, headers: { authorization, ...(init.headers ?? {}) }, timeoutMs }, options.fetch);

  function remember(callId: string) {
    if (attempts.size > 5_000) attempts.delete(attempts.keys().next().value as string);
    const known = attempts.get(callId) ?? { firstTriedAt: Date.now(), ambiguous: false };
    attempts.set(callId, known);
    return known;
  }

  async function findCallPlacedSince(to: string, since: number): Promise<string | undefined> {
    const day = new Date(since - 60_000).toISOString().slice(0, 10);
    const query = new URLSearchParams({ To: to, "StartTime>": day, PageSize: "50" });
    const response = await request(`/Calls.json?${query}`);
    const body = await readJson<{ calls?: TwilioCallResource[] }>("twilio", response);
    // date_created has one-second resolution: allow that much before our first attempt.
    const match = (body.calls ?? []).find((call) => call.date_created && Date.parse(call.date_created) >= since - 2000);
    return match?.sid;
  }

  return {
    name: "twilio",
    async placeCall(input: PlaceCallInput): Promise<PlacedCall> {
      const attempt = remember(input.callId);
      if (attempt.providerCallId) return { providerCallId: attempt.providerCallId };
      if (input.resumedSince !== undefined) {
        // Another process began this attempt and died: whatever it sent may have created the call.
        attempt.ambiguous = true;
        attempt.firstTriedAt = Math.min(attempt.firstTriedAt, input.resumedSince);
      }
      if (attempt.ambiguous) {
        const existing = await findCallPlacedSince(input.to, attempt.firstTriedAt);
        if (existing) {
          attempt.providerCallId = existing;
          return { providerCallId: existing };
        }
      }
      const leg = voiceLegOf(input);
      // A manual call is put through to its user at once, without answering-machine detection:
      // the user hears whoever (or whatever) answers, as on any phone.
      const manual = Boolean(leg && input.manual);
      const form = new URLSearchParams({
        To: input.to,
        From: options.from,
        // With a reserved operator: our answer webhook puts the callee through at once, while
        // asynchronous AMD listens in the background and reports to the AMD webhook.
        ...(leg && manual
          ? { Url: twilioVoiceLegUrl(options.publicUrl, "answer", input.callId, leg), Method: "POST" }
          : leg
            ? {
                Url: twilioVoiceLegUrl(options.publicUrl, "answer", input.callId, leg),
                Method: "POST",
                AsyncAmd: "true",
                AsyncAmdStatusCallback: twilioVoiceLegUrl(options.publicUrl, "amd", input.callId, leg),
                AsyncAmdStatusCallbackMethod: "POST",
              }
            : { Twiml: options.answerTwiml ?? DEFAULT_ANSWER_TWIML }),
        Timeout: String(clampTimeout(input.ringTimeoutSeconds)),
        ...(manual ? {} : { MachineDetection: "Enable" }),
        StatusCallback: twilioStatusCallbackUrl(options.publicUrl, input.callId, manual ? "manual" : Boolean(leg)),
        StatusCallbackMethod: "POST",
      });
      for (const event of ["initiated", "ringing", "answered", "completed"]) form.append("StatusCallbackEvent", event);
      // A call with a voice leg records from the bridge on (`<Dial record>`, twiml.ts); one without
      // records the whole call through the Calls API. Either way the callback stores it.
      if (input.record && !leg) {
        form.set("Record", "true");
        form.set("RecordingChannels", "dual");
        form.set("RecordingStatusCallback", twilioRecordingUrl(options.publicUrl, input.callId));
        form.set("RecordingStatusCallbackMethod", "POST");
        form.set("RecordingStatusCallbackEvent", "completed");
      }
      try {
        const response = await request("/Calls.json", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: form.toString(),
        });
        const call = await readJson<TwilioCallResource>("twilio", response);
        attempt.providerCallId = call.sid;
        return { providerCallId: call.sid };
      } catch (error) {
        // A refused request (4xx) created nothing; anything else may have created the call.
        if (!(error instanceof TelephonyUnavailableError) || error.retryable) attempt.ambiguous = true;
        throw error;
      }
    },
    async redirect(providerCallId: string, twiml: string): Promise<void> {
      const response = await request(`/Calls/${encodeURIComponent(providerCallId)}.json`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ Twiml: twiml }).toString(),
      });
      await readJson<TwilioCallResource>("twilio", response);
    },
    async addConferenceParticipant(conferenceSid: string, form: URLSearchParams): Promise<void> {
      const response = await request(`/Conferences/${encodeURIComponent(conferenceSid)}/Participants.json`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      });
      await readJson<{ call_sid?: string }>("twilio", response);
    },
    async announceToConference(conferenceSid: string, announceUrl: string): Promise<void> {
      const response = await request(`/Conferences/${encodeURIComponent(conferenceSid)}.json`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ AnnounceUrl: announceUrl, AnnounceMethod: "POST" }).toString(),
      });
      await readJson<{ sid?: string }>("twilio", response);
    },
    async getCall(providerCallId: string): Promise<CallStatus> {
      const response = await request(`/Calls/${encodeURIComponent(providerCallId)}.json`);
      const call = await readJson<TwilioCallResource>("twilio", response);
      const outcome = isTwilioCallStatus(call.status) ? twilioOutcome(call.status, call.answered_by ?? undefined) : undefined;
      return { providerCallId: call.sid, ...(outcome ? { outcome } : {}) };
    },
  };
}
