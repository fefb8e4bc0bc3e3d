import * as v from "valibot";
import { log } from "../runtime/observability";
import { cached as organizationSettings } from "../settings/settings";
import { parse } from "../validation";
import type { TwilioProvider } from "./twilio";
import { announcementTwiml, decodeVoiceLeg, operatorParticipantForm, sorryTwiml, twilioVoiceLegUrl } from "./twiml";
import { deliver } from "./webhooks";
import { verifiedTwilioRequest, verifiedTwilioVoiceLeg, type TwilioDelivery } from "./twilio-webhooks";

/**
 * The recording announcement on Twilio (docs/telephony.md, "Recordings"): only calls that carry
 * `record.announcement` run through a conference (twiml.ts, `announcedAnswerTwiml`); the
 * conference's signed `join` callbacks drive it. The callee's join rings the operator in
 * (Participants API); the operator's join (they picked up: the conference starts) has the
 * announcement played to both (`AnnounceUrl`), so it never delays the connection.
 */

/** What the conference callback needs from Twilio's REST API (the route passes the real one). */
export type ConferenceControl = Pick<TwilioProvider, "addConferenceParticipant" | "announceToConference" | "redirect">;

const ConferenceSid = v.pipe(v.string("Required."), v.regex(/^CF[0-9a-fA-F]{32}$/, "A Twilio conference SID (CF…)."));

/** `POST /v1/telephony/twilio/conference`: a participant joined an announced call's conference. */
export async function receiveTwilioConferenceEvent(input: TwilioDelivery & { callerId?: string }, twilio: ConferenceControl): Promise<{ did: "operator-added" | "announced" | "nothing" }> {
  const call = await verifiedTwilioVoiceLeg(input);
  const event = call.params.get("StatusCallbackEvent");
  if (event !== "participant-join" || !call.conferenceLeg || !call.leg?.record?.announcement) return { did: "nothing" };
  const conferenceSid = parse(v.object({ ConferenceSid }), { ConferenceSid: call.params.get("ConferenceSid") ?? undefined }).ConferenceSid;
  const joined = call.params.get("CallSid");
  if (joined === call.providerCallId) {
    // The callee is in (waiting, in silence): ring the reserved operator into the same conference.
    const form = operatorParticipantForm({ publicUrl: call.publicUrl, callId: call.callId, leg: call.leg, calleeCallSid: call.providerCallId, from: input.callerId ?? "" });
    try {
      await twilio.addConferenceParticipant(conferenceSid, form);
    } catch (error) {
      // Nobody will join: the callee hears the short "sorry" and the call counts as abandoned, as when the operator does not pick up.
      log.error("telephony: could not ring the operator into the conference", { callId: call.callId, error });
      await deliver({ provider: "twilio", callId: call.callId, providerCallId: call.providerCallId, phase: "ended", abandoned: true, talkSeconds: 0, occurredAt: call.occurredAt });
      await twilio.redirect(call.providerCallId, sorryTwiml(call.leg.companyName)).catch((redirectError: Error) => log.error("telephony: could not play the sorry message", { callId: call.callId, error: redirectError }));
      return { did: "nothing" };
    }
    return { did: "operator-added" };
  }
  // The operator joined (their leg's "answered" already reported the connect): the announcement to both.
  await twilio.announceToConference(conferenceSid, twilioVoiceLegUrl(call.publicUrl, "announcement", call.callId, call.leg));
  return { did: "announced" };
}

/** `POST /v1/telephony/twilio/announcement`: Twilio's `AnnounceUrl`, the text in the organization's language. */
export async function receiveTwilioAnnouncement(input: TwilioDelivery): Promise<string> {
  const { url } = await verifiedTwilioRequest(input);
  const text = decodeVoiceLeg(url.searchParams.get("ctx"))?.record?.announcement;
  if (!text) return announcementTwiml(undefined, undefined);
  const { defaultLanguage } = await organizationSettings();
  return announcementTwiml(text, defaultLanguage);
}
