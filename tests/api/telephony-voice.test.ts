import { jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configureCallEventSink, configureTelephonyWebhooks, encodeVoiceLeg, twilioSignature, type CallEvent, type VoiceLegContext } from "../../packages/core/src/telephony";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * The Twilio voice leg's webhooks (answer, AMD, the operator's leg, its end) and the softphone's
 * token route, through the real API app on DynamoDB Local.
 */

const TWILIO_TOKEN = "twilio-auth-token";
const PUBLIC_URL = "https://crm.example.com";
const leg: VoiceLegContext = {
  connectTo: { userId: "01HZUSER000000000000000000" },
  context: { listId: "01HZLIST000000000000000000", entryId: "01HZENTRY00000000000000000", attempt: 1, subjectName: "Ivan" },
  voicemail: { text: "Hello from Acme" },
  companyName: "Acme",
};

let api: TestApi;
let admin: User;
let operator: User;
let received: CallEvent[] = [];
const touchedEnv = ["TELEPHONY_PROVIDER", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "PUBLIC_URL", "TWILIO_API_URL", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "TWILIO_TWIML_APP_SID"];
const savedEnv = Object.fromEntries(touchedEnv.map((name) => [name, process.env[name]]));

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  operator = await seedUser(admin, "operator", "Olga Operator");
});
beforeEach(() => {
  received = [];
  configureCallEventSink(async (event) => void received.push(event));
  configureTelephonyWebhooks({ twilioAuthToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL, perAddressPerMinute: 10_000 });
});
afterEach(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});
afterAll(() => {
  configureCallEventSink(undefined);
  configureTelephonyWebhooks(undefined);
});

const pathOf = (step: string, callId = "call-1") => `/v1/telephony/twilio/${step}?${new URLSearchParams({ callId, ctx: encodeVoiceLeg(leg) })}`;
function postTwilio(path: string, fields: Record<string, string>, signature: string | undefined = twilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}${path}`, fields)) {
  return api.call("POST", path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signature ? { "x-twilio-signature": signature } : {}) },
  });
}
async function domainItems() {
  return (await api.table.items()).filter((item) => item.__edb_e__ !== "rateLimit");
}

describe("Twilio voice-leg webhooks", () => {
  it("answer: TwiML that dials the operator's client, nothing passed on", async () => {
    const response = await postTwilio(pathOf("answer"), { CallSid: "CA1", CallStatus: "in-progress" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/xml");
    const twiml = await response.text();
    expect(twiml).toContain("<Identity>01HZUSER000000000000000000</Identity>");
    expect(twiml).toContain('<Parameter name="entryId" value="01HZENTRY00000000000000000"/>');
    expect(received).toEqual([]);
  });

  it.each([
    ["human", "answered"],
    ["unknown", "answered"],
    ["machine_start", "machine"],
    ["fax", "machine"],
  ])("amd: %s decides the outcome %s", async (AnsweredBy, outcome) => {
    process.env.TWILIO_API_URL = "http://127.0.0.1:9"; // the voicemail drop's redirect fails fast, logged
    Object.assign(process.env, { TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: TWILIO_TOKEN, TWILIO_FROM: "+15005550006", PUBLIC_URL });
    const response = await postTwilio(pathOf("amd"), { CallSid: "CA1", AnsweredBy });
    expect(response.status).toBe(200);
    expect(received).toEqual([expect.objectContaining({ provider: "twilio", callId: "call-1", providerCallId: "CA1", outcome })]);
    expect(received[0]!.phase).toBeUndefined();
  });

  it("operator-status: the operator's leg answered is 'connected' for the callee's call", async () => {
    const response = await postTwilio(pathOf("operator-status"), { CallSid: "CA2", ParentCallSid: "CA1", CallStatus: "in-progress" });
    expect(response.status).toBe(200);
    expect(received).toEqual([expect.objectContaining({ callId: "call-1", providerCallId: "CA1", phase: "connected" })]);
    expect(received[0]!.outcome).toBeUndefined();
  });

  it("dial-result: an operator who did not pick up → the sorry message naming the company, ended and abandoned", async () => {
    const response = await postTwilio(pathOf("dial-result"), { CallSid: "CA1", DialCallStatus: "no-answer" });
    expect(response.status).toBe(200);
    const twiml = await response.text();
    expect(twiml).toMatch(/<Say>Sorry, Acme .*<\/Say><Hangup\/>/);
    expect(received).toEqual([expect.objectContaining({ callId: "call-1", phase: "ended", abandoned: true, talkSeconds: 0 })]);
  });

  it("dial-result: a finished conversation just hangs up, nothing passed on", async () => {
    const response = await postTwilio(pathOf("dial-result"), { CallSid: "CA1", DialCallStatus: "completed", DialCallDuration: "42" });
    expect(await response.text()).toContain("<Hangup/>");
    expect(received).toEqual([]);
  });

  it("status of a voice-leg call: answered is not yet an outcome (AMD decides); completed is the leg's end with its duration", async () => {
    const path = "/v1/telephony/twilio/status?callId=call-1&amd=async";
    await postTwilio(path, { CallSid: "CA1", CallStatus: "in-progress", Timestamp: new Date().toUTCString() });
    await postTwilio(path, { CallSid: "CA1", CallStatus: "completed", CallDuration: "37", Timestamp: new Date().toUTCString() });
    expect(received.map((event) => [event.outcome, event.phase, event.talkSeconds])).toEqual([
      [undefined, undefined, undefined],
      [undefined, "ended", 37],
    ]);
  });

  it.each(["answer", "amd", "dial-result", "operator-status"])("%s: a tampered signature → 403, an unsigned one → 401, nothing passed on or written", async (step) => {
    const before = await domainItems();
    const fields = { CallSid: "CA1", AnsweredBy: "human", DialCallStatus: "no-answer", CallStatus: "in-progress" };
    const good = twilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}${pathOf(step)}`, fields);
    // The context in the URL changed (another operator): the signature no longer matches.
    const otherLeg = `/v1/telephony/twilio/${step}?${new URLSearchParams({ callId: "call-1", ctx: encodeVoiceLeg({ ...leg, connectTo: { userId: "someone-else" } }) })}`;
    expect((await postTwilio(otherLeg, fields, good)).status).toBe(403);
    expect((await postTwilio(pathOf(step), { ...fields, CallSid: "CA9" }, good)).status).toBe(403);
    expect((await postTwilio(pathOf(step), fields, null as unknown as undefined)).status).toBe(401);
    expect(received).toEqual([]);
    expect(await domainItems()).toEqual(before);
  });

  it("an event for an unknown call is answered 200 and the engine's sink decides (nothing written here)", async () => {
    configureCallEventSink(undefined); // the default sink logs and drops
    const before = await domainItems();
    const response = await postTwilio(pathOf("operator-status", "not-a-call-of-ours"), { CallSid: "CA404", CallStatus: "in-progress" });
    expect(response.status).toBe(200);
    expect(await domainItems()).toEqual(before);
  });
});

describe("GET /v1/operator/voice-token and voice-config", () => {
  it("409 naming the missing settings when Twilio is not configured", async () => {
    delete process.env.TELEPHONY_PROVIDER;
    delete process.env.TWILIO_API_KEY_SID;
    const token = await api.tokenFor(operator);
    const response = await api.call("GET", "/v1/operator/voice-token", { token });
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { detail: string; errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toEqual(expect.arrayContaining(["TELEPHONY_PROVIDER=twilio", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "TWILIO_TWIML_APP_SID"]));
    expect(await (await api.call("GET", "/v1/operator/voice-config", { token })).json()).toEqual({ provider: "simulator", identity: operator.userId });
  });

  it("mints a short-lived token for the signed-in user, verifiable with the API key secret", async () => {
    Object.assign(process.env, {
      TELEPHONY_PROVIDER: "twilio",
      TWILIO_ACCOUNT_SID: "AC1",
      TWILIO_API_KEY_SID: "SK1",
      TWILIO_API_KEY_SECRET: "secret-1",
      TWILIO_TWIML_APP_SID: "AP1",
    });
    const token = await api.tokenFor(operator);
    const response = await api.call("GET", "/v1/operator/voice-token", { token });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { token: string; identity: string; expiresAt: string };
    expect(body.identity).toBe(operator.userId);
    const { payload } = await jwtVerify(body.token, new TextEncoder().encode("secret-1"));
    expect(payload).toMatchObject({ iss: "SK1", sub: "AC1", grants: { identity: operator.userId, voice: { outgoing: { application_sid: "AP1" }, incoming: { allow: true } } } });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(3600);
    expect((await (await api.call("GET", "/v1/operator/voice-config", { token })).json()).provider).toBe("twilio");
  });

  it("401 without a token and for a deactivated user", async () => {
    expect((await api.call("GET", "/v1/operator/voice-token")).status).toBe(401);
    const leaver = await seedUser(admin, "operator", "Leo Leaver");
    const token = await api.tokenFor(leaver);
    const adminToken = await api.tokenFor(admin);
    expect((await api.call("PATCH", `/v1/users/${leaver.userId}`, { token: adminToken, body: { active: false } })).status).toBe(200);
    expect((await api.call("GET", "/v1/operator/voice-token", { token })).status).toBe(401);
  });
});

describe("PATCH /v1/me: the operator's own phone", () => {
  it("sets an E.164 phone (then GET /v1/me shows it), 400 naming the field for a bad one, null clears it", async () => {
    const token = await api.tokenFor(operator);
    const set = await api.call("PATCH", "/v1/me", { token, body: { phone: " +15557654321 " } });
    expect(set.status).toBe(200);
    expect((await set.json()).phone).toBe("+15557654321");
    expect((await (await api.call("GET", "/v1/me", { token })).json()).phone).toBe("+15557654321");

    const bad = await api.call("PATCH", "/v1/me", { token, body: { phone: "8 916 123" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual(["phone"]);
    const other = await api.call("PATCH", "/v1/me", { token, body: { role: "admin" } });
    expect(other.status).toBe(400);
    expect((await (await api.call("GET", "/v1/me", { token })).json()).role).toBe("operator");

    const cleared = await api.call("PATCH", "/v1/me", { token, body: { phone: null } });
    expect(cleared.status).toBe(200);
    expect((await cleared.json()).phone).toBeUndefined();
  });
});
