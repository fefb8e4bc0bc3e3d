import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isManualCallId, MANUAL_CALL_PREFIX } from "../../packages/core/src/telephony/port";
import { twilioTelephony } from "../../packages/core/src/telephony/twilio";
import { answerTwiml, decodeVoiceLeg } from "../../packages/core/src/telephony/twiml";

/**
 * Click-to-call on Twilio (issue 18): a manual call is created without answering-machine
 * detection (the user hears whoever answers), its status callback is flagged `leg=manual` (so
 * "answered" is its outcome and "completed" its end), and the answer TwiML dials the user's
 * softphone with `manual=1` and the callee's name and card as `<Parameter>`s.
 */

let server: Server;
let apiBaseUrl: string;
const forms: URLSearchParams[] = [];

async function readBody(request: IncomingMessage) {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const form = new URLSearchParams(await readBody(request));
    forms.push(form);
    response.writeHead(201, { "content-type": "application/json" });
    response.end(JSON.stringify({ sid: `CA${forms.length}`, status: "queued", to: form.get("To") }));
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  apiBaseUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PUBLIC_URL = "https://crm.example.com";
const manualCall = {
  callId: `${MANUAL_CALL_PREFIX}01HZCALL000000000000000000`,
  to: "+15551230004",
  ringTimeoutSeconds: 30,
  connectTo: { userId: "01HZUSER000000000000000000" },
  manual: { subjectName: "Anna & Boris", contactId: "01HZCONTACT000000000000000" },
  companyName: "Acme",
};

describe("manual calls on Twilio", () => {
  it("are told apart by their call ID", () => {
    expect(isManualCallId(manualCall.callId)).toBe(true);
    expect(isManualCallId("01HZLIST000000000000000000.01HZENTRY00000000000000000.1")).toBe(false);
  });

  it("are created with the answer URL, no AMD, and a status callback flagged leg=manual", async () => {
    await twilioTelephony({ accountSid: "AC1", authToken: "tok", from: "+15005550006", publicUrl: PUBLIC_URL, apiBaseUrl }).placeCall(manualCall);
    const form = forms.at(-1)!;
    expect(form.get("MachineDetection")).toBeNull();
    expect(form.get("AsyncAmd")).toBeNull();
    expect(form.get("AsyncAmdStatusCallback")).toBeNull();
    const answer = new URL(form.get("Url")!);
    expect(answer.origin + answer.pathname).toBe(`${PUBLIC_URL}/v1/telephony/twilio/answer`);
    expect(decodeVoiceLeg(answer.searchParams.get("ctx"))).toEqual({ connectTo: manualCall.connectTo, manual: manualCall.manual, companyName: "Acme" });
    expect(form.get("StatusCallback")).toBe(`${PUBLIC_URL}/v1/telephony/twilio/status?callId=${manualCall.callId}&leg=manual`);
    expect(form.getAll("StatusCallbackEvent")).toEqual(["initiated", "ringing", "answered", "completed"]);
  });

  it("ring the user's softphone with manual=1, the callee's name and card as <Parameter>s", () => {
    const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, isArray: (name) => name === "Parameter" });
    const twiml = answerTwiml({ publicUrl: PUBLIC_URL, callId: manualCall.callId, leg: { connectTo: manualCall.connectTo, manual: manualCall.manual } });
    const client = (parser.parse(twiml) as { Response: { Dial: { Client: { Identity: string; Parameter: Record<string, string>[] } } } }).Response.Dial.Client;
    expect(client.Identity).toBe(manualCall.connectTo.userId);
    expect(Object.fromEntries(client.Parameter.map((parameter) => [parameter["@_name"], parameter["@_value"]]))).toEqual({
      callId: manualCall.callId,
      manual: "1",
      name: "Anna & Boris",
      contactId: manualCall.manual.contactId,
    });
  });
});
