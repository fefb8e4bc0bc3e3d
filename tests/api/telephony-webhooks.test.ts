import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  configureCallEventSink,
  configureTelephonyWebhooks,
  signSimulatorEvent,
  twilioSignature,
  type CallEvent,
} from "../../packages/core/src/telephony";
import { createTestApi, type TestApi } from "../fixtures/api";

const SECRET = "simulator-shared-secret";
const TWILIO_TOKEN = "twilio-auth-token";
const PUBLIC_URL = "https://crm.example.com";

let api: TestApi;
let received: CallEvent[] = [];
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  api = await createTestApi();
});
beforeEach(() => {
  received = [];
  configureCallEventSink(async (event) => void received.push(event));
  configureTelephonyWebhooks({ simulatorSecret: SECRET, twilioAuthToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL, perAddressPerMinute: 10_000 });
});
afterAll(() => {
  configureCallEventSink(undefined);
  configureTelephonyWebhooks(undefined);
});

const event = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ callId: "call-1", providerCallId: "SIM1", outcome: "answered", occurredAt: new Date().toISOString(), ...overrides });

function postSimulator(body: string, headers: Record<string, string>) {
  return api.call("POST", "/v1/telephony/simulator/events", { rawBody: body, headers: { "content-type": "application/json", ...headers } });
}
function signed(body: string, options: { secret?: string; timestamp?: number } = {}) {
  const timestamp = options.timestamp ?? nowSeconds();
  return postSimulator(body, {
    "x-simulator-timestamp": String(timestamp),
    "x-simulator-signature": signSimulatorEvent(options.secret ?? SECRET, timestamp, body),
  });
}
/** Everything but the rate-limit counters (which count every request, refused ones too). */
async function domainItems() {
  return (await api.table.items()).filter((item) => item.__edb_e__ !== "rateLimit");
}
async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { title: string; detail?: string; errors?: { field: string }[] };
}

describe("POST /v1/telephony/simulator/events", () => {
  it("passes a correctly signed event to the sink, without any bearer token", async () => {
    const response = await signed(event());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: true });
    expect(received).toEqual([expect.objectContaining({ provider: "simulator", callId: "call-1", providerCallId: "SIM1", outcome: "answered" })]);
  });

  it("refuses an unsigned event with 401", async () => {
    const before = await domainItems();
    const problem = await expectProblem(await postSimulator(event(), {}), 401);
    expect(problem.detail).toMatch(/x-simulator-signature/);
    expect(received).toEqual([]);
    expect(await domainItems()).toEqual(before);
  });

  it("refuses a signature without its timestamp, and a timestamp that is not Unix seconds, with 401", async () => {
    const body = event();
    await expectProblem(await postSimulator(body, { "x-simulator-signature": signSimulatorEvent(SECRET, nowSeconds(), body) }), 401);
    await expectProblem(await postSimulator(body, { "x-simulator-timestamp": "yesterday", "x-simulator-signature": "v1=00" }), 401);
    expect(received).toEqual([]);
  });

  it.each([
    ["a garbage signature", (body: string) => ({ "x-simulator-timestamp": String(nowSeconds()), "x-simulator-signature": "v1=deadbeef" })],
    ["another secret", (body: string) => ({ "x-simulator-timestamp": String(nowSeconds()), "x-simulator-signature": signSimulatorEvent("other", nowSeconds(), body) })],
    ["a body changed after signing", (body: string) => ({ "x-simulator-timestamp": String(nowSeconds()), "x-simulator-signature": signSimulatorEvent(SECRET, nowSeconds(), body.replace("answered", "busy")) })],
    ["a timestamp changed after signing", (body: string) => ({ "x-simulator-timestamp": String(nowSeconds() - 1), "x-simulator-signature": signSimulatorEvent(SECRET, nowSeconds() + 1, body) })],
  ])("refuses %s with 403", async (_name, headers) => {
    const body = event();
    const before = await domainItems();
    await expectProblem(await postSimulator(body, headers(body)), 403);
    expect(received).toEqual([]);
    expect(await domainItems()).toEqual(before);
  });

  it("accepts and ignores an event signed more than 5 minutes ago", async () => {
    const response = await signed(event(), { timestamp: nowSeconds() - 301 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: true, ignored: "late" });
    expect(received).toEqual([]);
  });

  it("refuses a timestamp more than 5 minutes in the future with 403", async () => {
    await expectProblem(await signed(event(), { timestamp: nowSeconds() + 301 }), 403);
    expect(received).toEqual([]);
  });

  it("passes a replayed duplicate to the sink again (the sink is idempotent), answering 200 both times", async () => {
    const body = event({ callId: "call-dup" });
    const timestamp = nowSeconds();
    const first = await signed(body, { timestamp });
    const replay = await signed(body, { timestamp });
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(received.map((e) => e.callId)).toEqual(["call-dup", "call-dup"]);
  });

  it("answers a signed body that is not JSON with 400 naming the body", async () => {
    const problem = await expectProblem(await signed("{not json"), 400);
    expect(problem.errors).toEqual([{ field: "body", message: "Must be JSON.", code: "invalid-json" }]);
    expect(received).toEqual([]);
  });

  it.each([
    ["callId", event({ callId: undefined })],
    ["providerCallId", event({ providerCallId: "" })],
    ["outcome", event({ outcome: "exploded" })],
    ["occurredAt", event({ occurredAt: "soon" })],
  ])("answers a signed event with a bad %s with 400 naming it", async (field, body) => {
    const before = await domainItems();
    const problem = await expectProblem(await signed(body), 400);
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
    expect(received).toEqual([]);
    expect(await domainItems()).toEqual(before);
  });

  it("passes a progress event (no outcome) to the sink without one", async () => {
    expect((await signed(event({ outcome: undefined }))).status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]).not.toHaveProperty("outcome");
  });

  it("answers 503 (retry), never 500, when the sink fails for a moment", async () => {
    configureCallEventSink(async () => {
      throw new Error("DynamoDB is having a bad day");
    });
    const problem = await expectProblem(await signed(event()), 503);
    expect(problem.detail).not.toMatch(/DynamoDB/);
  });

  it("answers 404 when the simulator is not configured (no shared secret)", async () => {
    configureTelephonyWebhooks({ simulatorSecret: undefined, twilioAuthToken: TWILIO_TOKEN });
    await expectProblem(await signed(event()), 404);
    expect(received).toEqual([]);
  });

  it("limits callbacks per source address: over the limit answers 429 with Retry-After", async () => {
    configureTelephonyWebhooks({ simulatorSecret: SECRET, perAddressPerMinute: 3 });
    const address = `203.0.113.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      const body = event({ callId: `rl-${i}` });
      const timestamp = nowSeconds();
      // As the Node server passes it: the socket's address, which the route reads (never X-Forwarded-For).
      last = await api.app.request(
        "/v1/telephony/simulator/events",
        {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "x-forwarded-for": `198.51.100.${i}`,
            "x-simulator-timestamp": String(timestamp),
            "x-simulator-signature": signSimulatorEvent(SECRET, timestamp, body),
          },
        },
        { incoming: { socket: { remoteAddress: address } } },
      );
      statuses.push(last.status);
    }
    // Even if the minute window rolls over mid-test, 7 requests hold at most 3 + 3 allowed ones.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const counters = (await api.table.items()).filter((item) => item.bucket === `webhook:simulator:${address}`);
    expect(counters.length).toBeGreaterThanOrEqual(1);
    expect(counters.every((item) => typeof item.expiresAt === "number" && (item.expiresAt as number) > Date.now() / 1000)).toBe(true);
  });
});

describe("POST /v1/telephony/twilio/status", () => {
  const path = "/v1/telephony/twilio/status?callId=call-7";
  const form = (overrides: Record<string, string | undefined> = {}) => {
    const fields: Record<string, string | undefined> = { AccountSid: "AC1", CallSid: "CA7", CallStatus: "in-progress", AnsweredBy: "human", Timestamp: new Date().toUTCString(), ...overrides };
    return new URLSearchParams(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
  };
  function postTwilio(params: URLSearchParams, signature?: string, requestPath = path) {
    return api.call("POST", requestPath, {
      rawBody: params.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", ...(signature ? { "x-twilio-signature": signature } : {}) },
    });
  }
  const sign = (params: URLSearchParams, url = `${PUBLIC_URL}${path}`, token = TWILIO_TOKEN) => twilioSignature(token, url, params);

  it.each([
    ["in-progress", "human", "answered"],
    ["in-progress", "machine_end_beep", "machine"],
    ["completed", "fax", "machine"],
    ["busy", undefined, "busy"],
    ["no-answer", undefined, "no-answer"],
    ["failed", undefined, "failed"],
    ["canceled", undefined, "failed"],
  ])("verifies the signature over PUBLIC_URL + path and maps %s/%s to %s", async (CallStatus, AnsweredBy, outcome) => {
    const params = form({ CallStatus, AnsweredBy });
    const response = await postTwilio(params, sign(params));
    expect(response.status).toBe(200);
    expect(received).toEqual([expect.objectContaining({ provider: "twilio", callId: "call-7", providerCallId: "CA7", outcome })]);
  });

  it("passes a ringing event on without an outcome", async () => {
    const params = form({ CallStatus: "ringing", AnsweredBy: undefined });
    expect((await postTwilio(params, sign(params))).status).toBe(200);
    expect(received[0]).not.toHaveProperty("outcome");
  });

  it("accepts the URL signed with the default port spelled out", async () => {
    const params = form();
    const response = await postTwilio(params, sign(params, `https://crm.example.com:443${path}`));
    expect(response.status).toBe(200);
  });

  it("refuses a missing signature with 401 and a wrong one with 403", async () => {
    const params = form();
    await expectProblem(await postTwilio(params), 401);
    await expectProblem(await postTwilio(params, sign(params, `${PUBLIC_URL}${path}`, "another-token")), 403);
    await expectProblem(await postTwilio(params, sign(params, `${PUBLIC_URL}/v1/telephony/twilio/status?callId=call-8`)), 403);
    const tampered = form({ CallStatus: "busy" });
    await expectProblem(await postTwilio(tampered, sign(params)), 403);
    expect(received).toEqual([]);
  });

  it("answers signed but incomplete callbacks with 400 naming the field", async () => {
    const noStatus = form({ CallStatus: undefined });
    expect((await expectProblem(await postTwilio(noStatus, sign(noStatus)), 400)).errors?.[0]?.field).toBe("CallStatus");
    const oddStatus = form({ CallStatus: "exploded" });
    expect((await expectProblem(await postTwilio(oddStatus, sign(oddStatus)), 400)).errors?.[0]?.field).toBe("CallStatus");
    const noCallId = form();
    const bare = "/v1/telephony/twilio/status";
    expect((await expectProblem(await postTwilio(noCallId, sign(noCallId, `${PUBLIC_URL}${bare}`), bare), 400)).errors?.[0]?.field).toBe("callId");
    expect(received).toEqual([]);
  });

  it("accepts and ignores a callback whose Timestamp is more than 5 minutes old", async () => {
    const params = form({ Timestamp: new Date(Date.now() - 6 * 60_000).toUTCString() });
    const response = await postTwilio(params, sign(params));
    expect(await response.json()).toEqual({ accepted: true, ignored: "late" });
    expect(received).toEqual([]);
  });
});

describe("unknown telephony paths", () => {
  it.each(["/v1/telephony/vonage/status", "/v1/telephony/simulator/other", "/v1/telephony"])("answer %s with 404, not 401", async (path) => {
    const problem = await expectProblem(await api.call("POST", path, { rawBody: "{}", headers: { "content-type": "application/json" } }), 404);
    expect(problem.title).toBe("Not found");
  });
});
