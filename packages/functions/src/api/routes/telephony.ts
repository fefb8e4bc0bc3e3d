import { Hono, type Context, type Next } from "hono";
import * as v from "valibot";
import { describe, describedValidator, json, problems } from "../describe";
import { clientAddress } from "../client-address";
import { problem } from "../problem";
import { SIMULATOR_SIGNATURE_HEADER, SIMULATOR_TIMESTAMP_HEADER } from "@callboard/core/telephony/signature";
import { twilioFromEnv } from "@callboard/core/telephony/config";
import type { Receipt } from "@callboard/core/telephony/webhooks";
import type { ConferenceControl } from "@callboard/core/telephony/announced-calls";
import { SimulatorEventBody, SimulatorInboundBody, TwilioInboundFields, TwilioStatusFields } from "@callboard/core/telephony/schemas";
import { SimulatorRecordingBody, TwilioRecordingFields } from "@callboard/core/recordings/schemas";
import { lazyModule } from "../lazy-module";
import { loadCalling } from "@callboard/core/lazy/index";

// The receivers load with the first callback (lazy-module.ts); the schemas above check it first.
const SimulatorWebhooks = lazyModule(async () => (await loadCalling()).SimulatorWebhooks);
const TwilioWebhooks = lazyModule(async () => (await loadCalling()).TwilioWebhooks);
const AnnouncedCalls = lazyModule(async () => (await loadCalling()).AnnouncedCalls);
const RecordingWebhooks = lazyModule(async () => (await loadCalling()).RecordingWebhooks);

const twilioDelivery = async (c: Context) => ({
  sourceAddress: clientAddress(c),
  requestUrl: c.req.url,
  rawBody: await c.req.text(),
  signature: c.req.header("x-twilio-signature"),
});
const twiml = (c: Context, body: string) => c.body(body, 200, { "content-type": "text/xml" });

/** The operator's leg; an announced call's operator who did not pick up leaves the callee waiting in the conference: the sorry message. */
async function operatorStatus(c: Context) {
  const receipt = await TwilioWebhooks.receiveTwilioOperatorStatus(await twilioDelivery(c));
  if (receipt.sorry) {
    const { providerCallId, twiml } = receipt.sorry;
    await twilioFromEnv()
      .redirect(providerCallId, twiml)
      .catch((error: Error) => console.error(`telephony: could not play the sorry message on ${providerCallId}: ${error.message}`));
  }
  return c.json(answer(receipt));
}

/** Twilio's REST client, built only when a conference event needs it (a process without Twilio's settings answers the rest). */
const conferenceControl: ConferenceControl = {
  addConferenceParticipant: (...args) => twilioFromEnv().addConferenceParticipant(...args),
  announceToConference: (...args) => twilioFromEnv().announceToConference(...args),
  redirect: (...args) => twilioFromEnv().redirect(...args),
};

async function conferenceEvent(c: Context) {
  await AnnouncedCalls.receiveTwilioConferenceEvent({ ...(await twilioDelivery(c)), callerId: process.env.TWILIO_FROM }, conferenceControl);
  return c.json({ accepted: true });
}

const answer = (receipt: Receipt) => (receipt.delivered ? { accepted: true } : { accepted: true, ignored: receipt.ignored });

const WebhookAnswerView = v.object({ accepted: v.literal(true), ignored: v.optional(v.literal("late")) });
// Signed callbacks: 400 malformed, 401 no signature, 403 bad signature, 404 provider not configured, 429, 503 (send again).
const webhookProblems = problems(400, 401, 403, 404, 429, 503);
const accepted = json("Accepted; `ignored: \"late\"` when older than 5 minutes", WebhookAnswerView);
const twimlAnswer = (description: string) => ({ description, content: { "text/xml": { schema: { type: "string" } } } });
/** A webhook describes itself: public (no bearer token), answers and failures as above. */
const webhook = (summary: string, responses: Record<number, { description: string }>, parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]) =>
  describe({ summary, security: [], ...(parameters ? { parameters } : {}), responses: { ...responses, ...webhookProblems } });
/** Documents a callback's body only: the domain reads it after checking the signature over the raw bytes. */
const body = (schema: v.GenericSchema, media = "application/json") => describedValidator(async (_c: Context, next: Next) => next(), "form", schema, media);
const ourCallId = { name: "callId", in: "query", required: true, schema: { type: "string" } };
const callee = { name: "callee", in: "query", required: true, schema: { type: "string" } };
const legContext = [ourCallId, { name: "ctx", in: "query", required: true, schema: { type: "string" } }];
const twilioLeg = (summary: string) => `${summary} (public; X-Twilio-Signature over our URL with \`callId\` and \`ctx\`)`;
const twilioForm = v.record(v.string(), v.string());
const urlencoded = "application/x-www-form-urlencoded";

/**
 * Provider callbacks: public (no bearer token), so every request is signature-checked and
 * rate-limited per source address in the domain. Mounted before the authenticated routes.
 */
export const telephonyRoutes = new Hono()
  .post(
    "/simulator/events",
    webhook("Call event from the telephony simulator (public; HMAC-SHA256 over `<x-simulator-timestamp>.<body>` in x-simulator-signature)", { 200: accepted }),
    body(v.union([SimulatorEventBody, SimulatorInboundBody])),
    async (c) => {
      const receipt = await SimulatorWebhooks.receiveSimulatorEvent({
        sourceAddress: clientAddress(c),
        rawBody: await c.req.text(),
        timestamp: c.req.header(SIMULATOR_TIMESTAMP_HEADER),
        signature: c.req.header(SIMULATOR_SIGNATURE_HEADER),
      });
      return c.json(answer(receipt));
    },
  )
  .post(
    "/twilio/status",
    webhook("Twilio status callback (public; X-Twilio-Signature verified; `callId` is ours, in the query)", { 200: accepted }, [ourCallId]),
    body(v.omit(TwilioStatusFields, ["callId"]), urlencoded),
    async (c) => {
      const receipt = await TwilioWebhooks.receiveTwilioStatus({
        sourceAddress: clientAddress(c),
        requestUrl: c.req.url,
        rawBody: await c.req.text(),
        signature: c.req.header("x-twilio-signature"),
      });
      return c.json(answer(receipt));
    },
  )
  // Twilio's voice URL (and status callback) for calls to our numbers: log, match, pop the card.
  .post(
    "/twilio/voice",
    webhook("Twilio voice webhook and status callback for inbound calls (public; X-Twilio-Signature verified); answers TwiML", { 200: twimlAnswer("TwiML (TWILIO_INBOUND_TWIML or an empty <Response/>)") }),
    body(TwilioInboundFields, urlencoded),
    async (c) => {
      await TwilioWebhooks.receiveTwilioInbound({
        sourceAddress: clientAddress(c),
        requestUrl: c.req.url,
        rawBody: await c.req.text(),
        signature: c.req.header("x-twilio-signature"),
      });
      const twiml = process.env.TWILIO_INBOUND_TWIML || '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
      return c.body(twiml, 200, { "content-type": "text/xml" });
    },
  )
  // The voice leg of an outbound call (docs/telephony.md): put the answered callee through to the
  // reserved operator, the AMD verdict, the operator's leg, and its end.
  .post(
    "/twilio/answer",
    webhook(twilioLeg("Answer TwiML of an outbound call with a reserved operator: <Dial><Client> (or <Number>) at once, asynchronous AMD runs meanwhile"), { 200: twimlAnswer("TwiML") }, legContext),
    body(twilioForm, urlencoded),
    async (c) => twiml(c, await TwilioWebhooks.receiveTwilioAnswer({ ...(await twilioDelivery(c)), callerId: process.env.TWILIO_FROM })),
  )
  .post(
    "/twilio/amd",
    webhook(twilioLeg("Asynchronous AMD verdict: decides the outcome; a machine gets the list's voicemail drop and never reaches the operator"), { 200: json("Accepted", v.object({ accepted: v.literal(true) })) }, legContext),
    body(twilioForm, urlencoded),
    async (c) => {
      const verdict = await TwilioWebhooks.receiveTwilioAmd(await twilioDelivery(c));
      if (verdict.machine) {
        // A machine never reaches an operator: the voicemail drop replaces the call's TwiML,
        // which ends the <Dial> to the operator as well.
        await twilioFromEnv()
          .redirect(verdict.providerCallId, verdict.voicemailTwiml)
          .catch((error: Error) => console.error(`telephony: could not drop the voicemail on ${verdict.providerCallId}: ${error.message}`));
      }
      return c.json({ accepted: true });
    },
  )
  .post(
    "/twilio/dial-result",
    webhook(twilioLeg("<Dial action>: the operator's leg ended; not answered → a short message naming the company, the call counts as abandoned"), { 200: twimlAnswer("TwiML") }, legContext),
    body(twilioForm, urlencoded),
    async (c) => twiml(c, await TwilioWebhooks.receiveTwilioDialResult(await twilioDelivery(c))),
  )
  .post(
    "/twilio/operator-status",
    webhook(twilioLeg("Status callback of the operator's leg: answered → the voice leg is connected"), { 200: accepted }, legContext),
    body(twilioForm, urlencoded),
    async (c) => operatorStatus(c),
  )
  // An announced call (docs/telephony.md, "Recordings"): its conference's joins, and the announcement itself.
  .post(
    "/twilio/conference",
    webhook(
      twilioLeg("Conference status callback of a call with a recording announcement: the callee joined → the operator is rung in (Participants API); the operator joined → the announcement is played to both"),
      { 200: json("Accepted", v.object({ accepted: v.literal(true) })) },
      [...legContext, callee],
    ),
    body(twilioForm, urlencoded),
    async (c) => conferenceEvent(c),
  )
  .post(
    "/twilio/announcement",
    webhook(twilioLeg("AnnounceUrl of an announced call's conference: the organization's recording announcement as <Say>, in its language"), { 200: twimlAnswer("TwiML") }, legContext),
    body(twilioForm, urlencoded),
    async (c) => twiml(c, await AnnouncedCalls.receiveTwilioAnnouncement(await twilioDelivery(c))),
  )
  // A finished recording: stored, copied to our files store, deleted at the provider (core/recordings).
  .post(
    "/simulator/recording",
    webhook("A finished recording from the telephony simulator (public; signed like its events): stored, then deleted there", { 200: accepted }),
    body(SimulatorRecordingBody),
    async (c) =>
      c.json(
        answer(
          await RecordingWebhooks.receiveSimulatorRecording({
            sourceAddress: clientAddress(c),
            rawBody: await c.req.text(),
            timestamp: c.req.header(SIMULATOR_TIMESTAMP_HEADER),
            signature: c.req.header(SIMULATOR_SIGNATURE_HEADER),
          }),
        ),
      ),
  )
  .post(
    "/twilio/recording",
    webhook("Twilio recordingStatusCallback (public; X-Twilio-Signature; our `callId` in the query): stored, then deleted at Twilio", { 200: accepted }, [ourCallId]),
    body(v.omit(TwilioRecordingFields, ["callId"]), urlencoded),
    async (c) => c.json(answer(await RecordingWebhooks.receiveTwilioRecording(await twilioDelivery(c)))),
  )
  // Anything else under /v1/telephony is an unknown provider or event, not an auth question.
  .all("/*", (c) => problem(c, 404, { title: "Not found", detail: `No telephony callback at ${new URL(c.req.url).pathname}.` }));
