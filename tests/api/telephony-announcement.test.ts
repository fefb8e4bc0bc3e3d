import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configureCallEventSink, configureTelephonyWebhooks, twilioSignature, twilioVoiceLegUrl, type CallEvent, type VoiceLegContext } from "../../packages/core/src/telephony";
import { createTestApi, type TestApi } from "../fixtures/api";

/**
 * The recording announcement on Twilio (docs/telephony.md, "Recordings"): an announced call runs
 * through a conference whose signed callbacks ring the operator in once the callee is there and
 * have the announcement played to both once the operator joined. Twilio's REST API is a small
 * HTTP server standing in for it, recording what the routes ask.
 */

const TWILIO_TOKEN = "twilio-auth-token";
const PUBLIC_URL = "https://crm.example.com";
const CALLEE = "CA" + "1".repeat(32);
const OPERATOR_LEG = "CA" + "2".repeat(32);
const CONFERENCE = "CF" + "3".repeat(32);
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false });

interface Seen {
  method: string;
  path: string;
  form: URLSearchParams;
}
let api: TestApi;
let server: Server;
let seen: Seen[] = [];
let received: CallEvent[] = [];
const savedEnv = { ...process.env };

async function readBody(request: IncomingMessage) {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    seen.push({ method: request.method ?? "", path: new URL(request.url ?? "/", "http://x").pathname, form: new URLSearchParams(await readBody(request)) });
    response.writeHead(201, { "content-type": "application/json" });
    response.end(JSON.stringify({ sid: CONFERENCE, call_sid: OPERATOR_LEG, status: "in-progress" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  Object.assign(process.env, {
    TWILIO_ACCOUNT_SID: "AC123",
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_FROM: "+15005550006",
    PUBLIC_URL,
    TWILIO_API_URL: `http://localhost:${(server.address() as AddressInfo).port}`,
  });
  api = await createTestApi();
});
afterAll(async () => {
  configureCallEventSink(undefined);
  configureTelephonyWebhooks(undefined);
  for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "PUBLIC_URL", "TWILIO_API_URL"]) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen = [];
  received = [];
  configureCallEventSink(async (event) => void received.push(event));
  configureTelephonyWebhooks({ twilioAuthToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL, perAddressPerMinute: 10_000 });
});

const announced: VoiceLegContext = {
  connectTo: { userId: "01HZUSER000000000000000000" },
  context: { listId: "01HZLIST000000000000000000", entryId: "01HZENTRY00000000000000000", attempt: 1, subjectName: "Ivan" },
  companyName: "Acme",
  record: { announcement: "This call may be recorded." },
};

/** Posts a form to one of our signed URLs (as Twilio would), signed unless told otherwise. */
function post(signedUrl: string, fields: Record<string, string>, signature: "signed" | "unsigned" | "wrong" = "signed") {
  const params = new URLSearchParams(fields);
  const url = new URL(signedUrl);
  const header = signature === "signed" ? twilioSignature(TWILIO_TOKEN, signedUrl, params) : signature === "wrong" ? twilioSignature("another-token", signedUrl, params) : undefined;
  return api.call("POST", url.pathname + url.search, {
    rawBody: params.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(header ? { "x-twilio-signature": header } : {}) },
  });
}

describe("an announced call on Twilio", () => {
  it("puts the answered callee in a recorded conference, rings the operator in once they are there, and announces only once the operator joined", async () => {
    // The answer: a conference named by our callId, the callee waiting in silence, nothing asked of the REST API yet.
    const answer = await post(twilioVoiceLegUrl(PUBLIC_URL, "answer", "L.E.1", announced), { CallSid: CALLEE, CallStatus: "in-progress" });
    expect(answer.status).toBe(200);
    const dial = parser.parse(await answer.text()).Response.Dial;
    const conference = dial.Conference;
    expect(conference["#text"]).toBe("L.E.1");
    expect(conference["@_startConferenceOnEnter"]).toBe("false");
    expect(conference["@_waitUrl"]).toBe("");
    expect(conference["@_record"]).toBe("record-from-start");
    expect(new URL(conference["@_recordingStatusCallback"]).pathname).toBe("/v1/telephony/twilio/recording");
    const events = new URL(conference["@_statusCallback"]);
    expect(events.pathname).toBe("/v1/telephony/twilio/conference");
    expect(events.searchParams.get("callee")).toBe(CALLEE);
    expect(new URL(dial["@_action"]).pathname).toBe("/v1/telephony/twilio/dial-result");
    expect(seen).toEqual([]);

    // The callee joined: the operator is rung in with the softphone's parameters; still no announcement.
    const calleeJoined = await post(conference["@_statusCallback"], { StatusCallbackEvent: "participant-join", ConferenceSid: CONFERENCE, CallSid: CALLEE });
    expect(calleeJoined.status).toBe(200);
    expect(seen.map((request) => request.path)).toEqual([`/2010-04-01/Accounts/AC123/Conferences/${CONFERENCE}/Participants.json`]);
    const participant = seen[0]!.form;
    const to = participant.get("To")!;
    expect(to.startsWith("client:01HZUSER000000000000000000?")).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(to.slice(to.indexOf("?") + 1)))).toMatchObject({ callId: "L.E.1", listId: announced.context!.listId, entryId: announced.context!.entryId, attempt: "1", name: "Ivan" });
    expect(participant.get("From")).toBe("+15005550006");
    expect(participant.get("StartConferenceOnEnter")).toBe("true");
    const operatorStatus = participant.get("StatusCallback")!;
    expect(new URL(operatorStatus).pathname).toBe("/v1/telephony/twilio/operator-status");
    expect(received).toEqual([]);

    // The operator picked up: connected (reported as the callee's call), then their join has the announcement played.
    expect((await post(operatorStatus, { CallSid: OPERATOR_LEG, CallStatus: "in-progress" })).status).toBe(200);
    expect(received).toEqual([expect.objectContaining({ callId: "L.E.1", providerCallId: CALLEE, phase: "connected" })]);
    expect(seen).toHaveLength(1);
    const operatorJoined = await post(conference["@_statusCallback"], { StatusCallbackEvent: "participant-join", ConferenceSid: CONFERENCE, CallSid: OPERATOR_LEG });
    expect(operatorJoined.status).toBe(200);
    expect(seen.map((request) => request.path)).toEqual([
      `/2010-04-01/Accounts/AC123/Conferences/${CONFERENCE}/Participants.json`,
      `/2010-04-01/Accounts/AC123/Conferences/${CONFERENCE}.json`,
    ]);
    const announceUrl = seen[1]!.form.get("AnnounceUrl")!;
    expect(new URL(announceUrl).pathname).toBe("/v1/telephony/twilio/announcement");

    // The announcement: the organization's text, in its language (Russian unless an admin chose another).
    const announcement = await post(announceUrl, { ConferenceSid: CONFERENCE });
    expect(announcement.status).toBe(200);
    const say = parser.parse(await announcement.text()).Response.Say;
    expect(say["#text"]).toBe("This call may be recorded.");
    expect(say["@_language"]).toBe("ru-RU");
    expect(say["@_voice"]).toBe("Polly.Tatyana");
  });

  it("an operator who does not pick up: abandoned, and the waiting callee hears the sorry message", async () => {
    const operatorStatus = twilioVoiceLegUrl(PUBLIC_URL, "operator-status", "L.E.2", announced, CALLEE);
    expect((await post(operatorStatus, { CallSid: OPERATOR_LEG, CallStatus: "no-answer" })).status).toBe(200);
    expect(received).toEqual([expect.objectContaining({ callId: "L.E.2", providerCallId: CALLEE, phase: "ended", abandoned: true, talkSeconds: 0 })]);
    expect(seen.map((request) => request.path)).toEqual([`/2010-04-01/Accounts/AC123/Calls/${CALLEE}.json`]);
    expect(seen[0]!.form.get("Twiml")).toContain("Acme");
  });

  it("refuses unsigned (401) and wrongly signed (403) conference and announcement callbacks, asking nothing of Twilio", async () => {
    const events = twilioVoiceLegUrl(PUBLIC_URL, "conference", "L.E.3", announced, CALLEE);
    const join = { StatusCallbackEvent: "participant-join", ConferenceSid: CONFERENCE, CallSid: CALLEE };
    expect((await post(events, join, "unsigned")).status).toBe(401);
    expect((await post(events, join, "wrong")).status).toBe(403);
    const announcement = twilioVoiceLegUrl(PUBLIC_URL, "announcement", "L.E.3", announced);
    expect((await post(announcement, {}, "unsigned")).status).toBe(401);
    expect((await post(announcement, {}, "wrong")).status).toBe(403);
    expect(seen).toEqual([]);
    expect(received).toEqual([]);
  });

  it("a call without an announcement keeps <Dial><Client>", async () => {
    const { record: _record, ...plain } = announced;
    const answer = await post(twilioVoiceLegUrl(PUBLIC_URL, "answer", "L.E.4", { ...plain, record: {} }), { CallSid: CALLEE, CallStatus: "in-progress" });
    const dial = parser.parse(await answer.text()).Response.Dial;
    expect(dial.Conference).toBeUndefined();
    expect(dial.Client.Identity).toBe("01HZUSER000000000000000000");
    expect(dial["@_record"]).toBe("record-from-answer-dual");
  });
});
