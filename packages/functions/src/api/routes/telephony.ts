import { Hono, type Context } from "hono";
import {
  receiveSimulatorEvent,
  receiveTwilioAmd,
  receiveTwilioAnswer,
  receiveTwilioDialResult,
  receiveTwilioInbound,
  receiveTwilioOperatorStatus,
  receiveTwilioStatus,
  SIMULATOR_SIGNATURE_HEADER,
  SIMULATOR_TIMESTAMP_HEADER,
  twilioFromEnv,
  type Receipt,
} from "@callboard/core/telephony";
import { receiveSimulatorRecording, receiveTwilioRecording } from "@callboard/core/recordings";
import { clientAddress } from "../client-address";
import { problem } from "../problem";

const twilioDelivery = async (c: Context) => ({
  sourceAddress: clientAddress(c),
  requestUrl: c.req.url,
  rawBody: await c.req.text(),
  signature: c.req.header("x-twilio-signature"),
});
const twiml = (c: Context, body: string) => c.body(body, 200, { "content-type": "text/xml" });

const answer = (receipt: Receipt) => (receipt.delivered ? { accepted: true } : { accepted: true, ignored: receipt.ignored });

/**
 * Provider callbacks: public (no bearer token), so every request is signature-checked and
 * rate-limited per source address in the domain. Mounted before the authenticated routes.
 */
export const telephonyRoutes = new Hono()
  .post("/simulator/events", async (c) => {
    const receipt = await receiveSimulatorEvent({
      sourceAddress: clientAddress(c),
      rawBody: await c.req.text(),
      timestamp: c.req.header(SIMULATOR_TIMESTAMP_HEADER),
      signature: c.req.header(SIMULATOR_SIGNATURE_HEADER),
    });
    return c.json(answer(receipt));
  })
  .post("/twilio/status", async (c) => {
    const receipt = await receiveTwilioStatus({
      sourceAddress: clientAddress(c),
      requestUrl: c.req.url,
      rawBody: await c.req.text(),
      signature: c.req.header("x-twilio-signature"),
    });
    return c.json(answer(receipt));
  })
  // Twilio's voice URL (and status callback) for calls to our numbers: log, match, pop the card.
  .post("/twilio/voice", async (c) => {
    await receiveTwilioInbound({
      sourceAddress: clientAddress(c),
      requestUrl: c.req.url,
      rawBody: await c.req.text(),
      signature: c.req.header("x-twilio-signature"),
    });
    const twiml = process.env.TWILIO_INBOUND_TWIML || '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
    return c.body(twiml, 200, { "content-type": "text/xml" });
  })
  // The voice leg of an outbound call (docs/telephony.md): put the answered callee through to the
  // reserved operator, the AMD verdict, the operator's leg, and its end.
  .post("/twilio/answer", async (c) => twiml(c, await receiveTwilioAnswer({ ...(await twilioDelivery(c)), callerId: process.env.TWILIO_FROM })))
  .post("/twilio/amd", async (c) => {
    const verdict = await receiveTwilioAmd(await twilioDelivery(c));
    if (verdict.machine) {
      // A machine never reaches an operator: the voicemail drop replaces the call's TwiML,
      // which ends the <Dial> to the operator as well.
      await twilioFromEnv()
        .redirect(verdict.providerCallId, verdict.voicemailTwiml)
        .catch((error: Error) => console.error(`telephony: could not drop the voicemail on ${verdict.providerCallId}: ${error.message}`));
    }
    return c.json({ accepted: true });
  })
  .post("/twilio/dial-result", async (c) => twiml(c, await receiveTwilioDialResult(await twilioDelivery(c))))
  .post("/twilio/operator-status", async (c) => c.json(answer(await receiveTwilioOperatorStatus(await twilioDelivery(c)))))
  // A finished recording: stored, copied to our files store, deleted at the provider (core/recordings).
  .post("/simulator/recording", async (c) =>
    c.json(
      answer(
        await receiveSimulatorRecording({
          sourceAddress: clientAddress(c),
          rawBody: await c.req.text(),
          timestamp: c.req.header(SIMULATOR_TIMESTAMP_HEADER),
          signature: c.req.header(SIMULATOR_SIGNATURE_HEADER),
        }),
      ),
    ),
  )
  .post("/twilio/recording", async (c) => c.json(answer(await receiveTwilioRecording(await twilioDelivery(c)))))
  // Anything else under /v1/telephony is an unknown provider or event, not an auth question.
  .all("/*", (c) => problem(c, 404, { title: "Not found", detail: `No telephony callback at ${new URL(c.req.url).pathname}.` }));
