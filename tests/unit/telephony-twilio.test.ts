import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TelephonyUnavailableError } from "../../packages/core/src/telephony/port";
import { placeCallWithRetry } from "../../packages/core/src/telephony/retry";
import { twilioTelephony } from "../../packages/core/src/telephony/twilio";
import { decodeVoiceLeg } from "../../packages/core/src/telephony/twiml";

/**
 * Twilio cannot be reached from here, so a small HTTP server stands in for its REST API and
 * records what the adapter sends; each test scripts its answers.
 */
interface Seen {
  method: string;
  path: string;
  authorization?: string;
  form: URLSearchParams;
}
let server: Server;
let apiBaseUrl: string;
let seen: Seen[] = [];
let answers: ((request: Seen) => { status: number; body?: unknown; delayMs?: number })[] = [];
const created: { sid: string; to: string; date_created: string }[] = [];

async function readBody(request: IncomingMessage) {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const entry: Seen = { method: request.method ?? "", path: url.pathname + url.search, authorization: request.headers.authorization, form: new URLSearchParams(await readBody(request)) };
    seen.push(entry);
    const answer = answers.shift()?.(entry) ?? { status: 500, body: { message: "unscripted" } };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  apiBaseUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answers = [];
  created.length = 0;
});

const options = () => ({ accountSid: "AC123", authToken: "tok", from: "+15005550006", publicUrl: "https://crm.example.com", apiBaseUrl, timeoutMs: 300 });
const createOk = (sid: string) => (request: Seen) => {
  const call = { sid, to: request.form.get("To")!, date_created: new Date().toUTCString() };
  created.push(call);
  return { status: 201, body: { ...call, status: "queued" } };
};

describe("Twilio adapter", () => {
  it("creates the call with basic auth, ring timeout, machine detection and a status callback carrying our callId", async () => {
    answers.push(createOk("CA1"));
    const placed = await twilioTelephony(options()).placeCall({ callId: "call-42", to: "+15551230000", ringTimeoutSeconds: 25 });
    expect(placed).toEqual({ providerCallId: "CA1" });
    const [request] = seen;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/2010-04-01/Accounts/AC123/Calls.json");
    expect(request!.authorization).toBe(`Basic ${Buffer.from("AC123:tok").toString("base64")}`);
    expect(Object.fromEntries(request!.form)).toMatchObject({
      To: "+15551230000",
      From: "+15005550006",
      Timeout: "25",
      MachineDetection: "Enable",
      StatusCallback: "https://crm.example.com/v1/telephony/twilio/status?callId=call-42",
      StatusCallbackMethod: "POST",
    });
    expect(request!.form.getAll("StatusCallbackEvent")).toEqual(["initiated", "ringing", "answered", "completed"]);
    expect(request!.form.get("Twiml")).toMatch(/^<Response>/);
  });

  it("with a reserved operator: our answer URL instead of inline TwiML, asynchronous AMD reporting to its webhook, and a status callback flagged for it", async () => {
    answers.push(createOk("CA9"));
    await twilioTelephony(options()).placeCall({
      callId: "call-43",
      to: "+15551230000",
      ringTimeoutSeconds: 25,
      connectTo: { userId: "01HZUSER000000000000000000" },
      context: { listId: "L", entryId: "E", attempt: 1, subjectName: "Ivan" },
      voicemail: { text: "Hello" },
      companyName: "Acme",
    });
    const form = seen[0]!.form;
    expect(form.get("Twiml")).toBeNull();
    const answerUrl = new URL(form.get("Url")!);
    expect(answerUrl.origin + answerUrl.pathname).toBe("https://crm.example.com/v1/telephony/twilio/answer");
    expect(answerUrl.searchParams.get("callId")).toBe("call-43");
    expect(decodeVoiceLeg(answerUrl.searchParams.get("ctx"))).toEqual({
      connectTo: { userId: "01HZUSER000000000000000000" },
      context: { listId: "L", entryId: "E", attempt: 1, subjectName: "Ivan" },
      voicemail: { text: "Hello" },
      companyName: "Acme",
    });
    expect(form.get("MachineDetection")).toBe("Enable");
    expect(form.get("AsyncAmd")).toBe("true");
    expect(new URL(form.get("AsyncAmdStatusCallback")!).pathname).toBe("/v1/telephony/twilio/amd");
    expect(form.get("StatusCallback")).toBe("https://crm.example.com/v1/telephony/twilio/status?callId=call-43&amd=async");
  });

  it("keeps the ring timeout within Twilio's 5–600 s", async () => {
    answers.push(createOk("CA2"), createOk("CA3"));
    const phone = twilioTelephony(options());
    await phone.placeCall({ callId: "a", to: "+15551230001", ringTimeoutSeconds: 0 });
    await phone.placeCall({ callId: "b", to: "+15551230002", ringTimeoutSeconds: 9999 });
    expect(seen.map((r) => r.form.get("Timeout"))).toEqual(["5", "600"]);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [400, false],
    [401, false],
    [404, false],
  ])("turns HTTP %i into TelephonyUnavailableError (retryable: %s)", async (status, retryable) => {
    answers.push(() => ({ status, body: { code: 21211, message: "scripted" } }));
    const error = await twilioTelephony(options()).placeCall({ callId: `s${status}`, to: "+15551230003", ringTimeoutSeconds: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelephonyUnavailableError);
    expect((error as TelephonyUnavailableError).retryable).toBe(retryable);
  });

  it("treats a request that times out as retryable", async () => {
    answers.push(() => ({ status: 201, body: { sid: "CA-slow" }, delayMs: 600 }));
    const error = await twilioTelephony(options()).placeCall({ callId: "slow", to: "+15551230004", ringTimeoutSeconds: 30 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TelephonyUnavailableError", retryable: true });
    expect((error as Error).message).toMatch(/no answer within 300 ms/);
  });

  it("after an ambiguous failure, adopts the call Twilio did create instead of ringing again", async () => {
    // Prepare: Twilio creates the call but the answer is lost (a 502 from a proxy).
    answers.push((request) => (createOk("CA-lost")(request), { status: 502 }));
    answers.push(() => ({ status: 200, body: { calls: created.map((call) => ({ ...call, status: "ringing" })) } }));
    const phone = twilioTelephony(options());
    // Act
    const placed = await placeCallWithRetry(phone, { callId: "amb", to: "+15551230005", ringTimeoutSeconds: 30 }, { attempts: 3, backoffMs: 1 });
    // Assess
    expect(placed).toEqual({ providerCallId: "CA-lost" });
    expect(seen.filter((r) => r.method === "POST")).toHaveLength(1);
    const lookup = seen[1]!;
    expect(lookup.method).toBe("GET");
    expect(new URL(lookup.path, "http://x").searchParams.get("To")).toBe("+15551230005");
  });

  it("after an ambiguous failure with no call found, places it again", async () => {
    answers.push(() => ({ status: 503 }));
    answers.push(() => ({ status: 200, body: { calls: [] } }));
    answers.push(createOk("CA-second"));
    const placed = await placeCallWithRetry(twilioTelephony(options()), { callId: "amb2", to: "+15551230006", ringTimeoutSeconds: 30 }, { attempts: 3, backoffMs: 1 });
    expect(placed).toEqual({ providerCallId: "CA-second" });
    expect(seen.map((r) => r.method)).toEqual(["POST", "GET", "POST"]);
  });

  it("a new process resuming an attempt another one began (resumedSince) adopts the call that one created", async () => {
    // Prepare: the first process placed the call and died before storing its SID.
    const startedAt = Date.now();
    answers.push(createOk("CA-before-crash"));
    await twilioTelephony(options()).placeCall({ callId: "crashed", to: "+15551230008", ringTimeoutSeconds: 30 });
    answers.push(() => ({ status: 200, body: { calls: created.map((call) => ({ ...call, status: "ringing" })) } }));

    // Act: a fresh adapter (no memory of the first), told the attempt resumes.
    const placed = await twilioTelephony(options()).placeCall({ callId: "crashed", to: "+15551230008", ringTimeoutSeconds: 30, resumedSince: startedAt });

    // Assess: the existing call, found by number; only the first process ever POSTed.
    expect(placed).toEqual({ providerCallId: "CA-before-crash" });
    expect(seen.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("a resumed attempt whose first run never reached Twilio places the call", async () => {
    answers.push(() => ({ status: 200, body: { calls: [] } }));
    answers.push(createOk("CA-fresh"));
    const placed = await twilioTelephony(options()).placeCall({ callId: "died-early", to: "+15551230009", ringTimeoutSeconds: 30, resumedSince: Date.now() - 5_000 });
    expect(placed).toEqual({ providerCallId: "CA-fresh" });
    expect(seen.map((r) => r.method)).toEqual(["GET", "POST"]);
  });

  it("answers a repeated callId from memory once the call is known", async () => {
    answers.push(createOk("CA-once"));
    const phone = twilioTelephony(options());
    await phone.placeCall({ callId: "same", to: "+15551230007", ringTimeoutSeconds: 30 });
    expect(await phone.placeCall({ callId: "same", to: "+15551230007", ringTimeoutSeconds: 30 })).toEqual({ providerCallId: "CA-once" });
    expect(seen).toHaveLength(1);
  });

  it.each([
    [{ status: "ringing" }, undefined],
    [{ status: "in-progress", answered_by: "human" }, "answered"],
    [{ status: "completed", answered_by: "machine_end_beep" }, "machine"],
    [{ status: "no-answer", answered_by: null }, "no-answer"],
  ])("reads a call's status for reconciliation: %j → %s", async (resource, outcome) => {
    answers.push(() => ({ status: 200, body: { sid: "CA9", ...resource } }));
    const status = await twilioTelephony(options()).getCall("CA9");
    expect(seen[0]!.path).toBe("/2010-04-01/Accounts/AC123/Calls/CA9.json");
    expect(status).toEqual(outcome ? { providerCallId: "CA9", outcome } : { providerCallId: "CA9" });
  });
});
