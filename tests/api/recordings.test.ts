import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Calls } from "../../packages/core/src/calls";
import { Recordings } from "../../packages/core/src/recordings";
import { configureProviderRecordings, configureTelephonyWebhooks, simulatorRecordings, twilioRecordings, twilioSignature } from "../../packages/core/src/telephony";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";
import { fakeRecordingsHttp, signedSimulatorRecording, startLocalFiles } from "../fixtures/recordings";

/**
 * Call recordings through the API (issue 18): the signed provider callback stores the metadata,
 * copies the audio to our files store and deletes it at the provider; `GET /v1/calls/{id}/recording`
 * gives whoever may see the call's contact a link valid at most 5 minutes that serves the WAV,
 * and anyone else exactly the 404 of a missing call.
 */

const SECRET = "simulator-recording-secret";
const TWILIO_TOKEN = "twilio-recording-token";
const PUBLIC_URL = "https://crm.example.com";

let api: TestApi;
let files: Awaited<ReturnType<typeof startLocalFiles>>;
let admin: User;
let owner: User;
let stranger: User;
const tokens: Record<string, string> = {};
const simulatorHttp = fakeRecordingsHttp();
const twilioHttp = fakeRecordingsHttp();
let contactId: string;
let sequence = 0;

beforeAll(async () => {
  api = await createTestApi();
  files = await startLocalFiles();
  configureTelephonyWebhooks({ simulatorSecret: SECRET, twilioAuthToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL, perAddressPerMinute: 10_000 });
  configureProviderRecordings("simulator", simulatorRecordings({ url: "http://simulator.test", secret: SECRET, fetch: simulatorHttp.fetch }));
  configureProviderRecordings("twilio", twilioRecordings({ accountSid: "AC123", authToken: TWILIO_TOKEN, apiBaseUrl: "https://twilio.test", fetch: twilioHttp.fetch }));
  admin = await seedAdmin();
  owner = await seedUser(admin, "sales", "Recording owner", "north");
  stranger = await seedUser(admin, "sales", "Other seller", "south");
  for (const user of [admin, owner, stranger]) tokens[user.userId] = await api.tokenFor(user);
  const created = await api.call("POST", "/v1/contacts", { token: tokens[owner.userId], body: { firstName: "Recorded", phones: [{ number: "+79161234500" }], sharing: "private" } });
  expect(created.status, await created.clone().text()).toBe(201);
  contactId = ((await created.json()) as { contactId: string }).contactId;
}, 60_000);

afterAll(async () => {
  configureTelephonyWebhooks(undefined);
  configureProviderRecordings("simulator", undefined);
  configureProviderRecordings("twilio", undefined);
  await files.stop();
});

/** A call in the log, as the engine writes it (with its disposition already set). */
async function loggedCall(): Promise<string> {
  const callId = `rec-call-${++sequence}-${Date.now()}`;
  await withActor({ type: "system", reason: "test" }, async () => {
    await Calls.begin({ callId, source: "list", direction: "outbound", number: "+79161234500", contactId, operatorId: owner.userId, placedAt: new Date().toISOString() });
    await Calls.update(callId, { disposition: "interested", talkSeconds: 2 });
  });
  return callId;
}

const postSimulatorRecording = (signed: ReturnType<typeof signedSimulatorRecording>) =>
  api.call("POST", "/v1/telephony/simulator/recording", { rawBody: signed.body, headers: signed.headers });

async function recordedCall(): Promise<string> {
  const callId = await loggedCall();
  const response = await postSimulatorRecording(signedSimulatorRecording(SECRET, { callId, recordingId: `SIMRE${sequence}` }));
  expect(response.status, await response.clone().text()).toBe(200);
  return callId;
}

const linkOf = (token: string, callId: string, query = "?format=json") => api.call("GET", `/v1/calls/${callId}/recording${query}`, { token });

describe("the signed recording callback", () => {
  it("stores the metadata, copies the WAV to the files folder and deletes it at the provider; the call record says stored", async () => {
    const callId = await loggedCall();
    const response = await postSimulatorRecording(signedSimulatorRecording(SECRET, { callId, recordingId: "SIMREstore1", durationSeconds: 7 }));
    expect(response.status).toBe(200);
    const row = await Recordings.stored(callId);
    expect(row).toMatchObject({ status: "stored", provider: "simulator", providerRecordingId: "SIMREstore1", durationSeconds: 7, contactId, contentType: "audio/wav" });
    const bytes = await files.store.get(row!.fileKey);
    expect(Buffer.from(bytes!.slice(0, 4)).toString("ascii")).toBe("RIFF");
    expect(simulatorHttp.requests.filter((request) => request.url.endsWith("/SIMREstore1")).map((request) => request.method)).toEqual(["GET", "DELETE"]);
    const call = await withActor({ type: "system", reason: "test" }, () => Calls.load(callId));
    // The disposition set before the callback is still there.
    expect(call).toMatchObject({ disposition: "interested", recording: { status: "stored", durationSeconds: 7, contentType: "audio/wav" } });
    // A repeat of the callback changes nothing and fetches nothing again.
    await postSimulatorRecording(signedSimulatorRecording(SECRET, { callId, recordingId: "SIMREstore1", durationSeconds: 7 }));
    expect(simulatorHttp.requests.filter((request) => request.url.endsWith("/SIMREstore1"))).toHaveLength(2);
  });

  it("refuses a bad signature with 403 and an unsigned one with 401: nothing fetched, nothing stored", async () => {
    const callId = await loggedCall();
    const before = simulatorHttp.requests.length;
    const wrong = signedSimulatorRecording("another secret", { callId, recordingId: "SIMREforged" });
    expect((await postSimulatorRecording(wrong)).status).toBe(403);
    const unsigned = signedSimulatorRecording(SECRET, { callId, recordingId: "SIMREforged" });
    expect((await api.call("POST", "/v1/telephony/simulator/recording", { rawBody: unsigned.body, headers: { "content-type": "application/json" } })).status).toBe(401);
    expect(simulatorHttp.requests.length).toBe(before);
    expect(await Recordings.stored(callId)).toBeUndefined();
    const call = await withActor({ type: "system", reason: "test" }, () => Calls.load(callId));
    expect(call?.recording).toBeUndefined();
  });

  it("takes Twilio's recordingStatusCallback signed over its URL: fetched from the Recordings API, then deleted there; a tampered one is 403", async () => {
    const callId = await loggedCall();
    const path = `/v1/telephony/twilio/recording?callId=${encodeURIComponent(callId)}`;
    const params = new URLSearchParams({ AccountSid: "AC123", CallSid: "CA1", RecordingSid: "RE0123456789abcdef0123456789abcdef", RecordingStatus: "completed", RecordingDuration: "12" });
    const tampered = await api.call("POST", path, {
      rawBody: params.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}/v1/telephony/twilio/recording?callId=someone-else`, params) },
    });
    expect(tampered.status).toBe(403);
    expect(twilioHttp.requests).toEqual([]);
    const response = await api.call("POST", path, {
      rawBody: params.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}${path}`, params) },
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(twilioHttp.requests).toEqual([
      { method: "GET", url: "https://twilio.test/2010-04-01/Accounts/AC123/Recordings/RE0123456789abcdef0123456789abcdef.wav" },
      { method: "DELETE", url: "https://twilio.test/2010-04-01/Accounts/AC123/Recordings/RE0123456789abcdef0123456789abcdef.json" },
    ]);
    expect(await Recordings.stored(callId)).toMatchObject({ status: "stored", provider: "twilio", durationSeconds: 12 });
  });
});

describe("GET /v1/calls/{callId}/recording", () => {
  it("gives the contact's owner and an admin a link that expires within 5 minutes and serves the WAV", async () => {
    const callId = await recordedCall();
    for (const user of [owner, admin]) {
      const response = await linkOf(tokens[user.userId]!, callId);
      expect(response.status, await response.clone().text()).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const link = (await response.json()) as { url: string; expiresAt: string; contentType: string; durationSeconds: number };
      expect(link.contentType).toBe("audio/wav");
      expect(link.durationSeconds).toBe(2);
      const expiresInMs = Date.parse(link.expiresAt) - Date.now();
      expect(expiresInMs).toBeGreaterThan(0);
      expect(expiresInMs).toBeLessThanOrEqual(300_000);
      // The link itself carries the same expiry: no lasting URL.
      expect(Number(new URL(link.url).searchParams.get("expires")) * 1000 - Date.now()).toBeLessThanOrEqual(300_000);
      const audio = await fetch(link.url);
      expect(audio.status).toBe(200);
      expect(audio.headers.get("content-type")).toBe("audio/wav");
      const bytes = Buffer.from(await audio.arrayBuffer());
      expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
      expect(bytes.subarray(8, 12).toString("ascii")).toBe("WAVE");
    }
  });

  it("redirects (302) to the link without ?format=json", async () => {
    const callId = await recordedCall();
    const response = await linkOf(tokens[owner.userId]!, callId, "");
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toContain("/local-files/recordings/");
    expect((await fetch(location)).status).toBe(200);
  });

  it("answers a user who may not see the contact exactly like a missing call: 404", async () => {
    const callId = await recordedCall();
    const hidden = await linkOf(tokens[stranger.userId]!, callId);
    const missing = await linkOf(tokens[stranger.userId]!, "no-such-call");
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
  });

  it("404 for a call without a recording, 400 for an unknown parameter, 401 without a token", async () => {
    const callId = await loggedCall();
    const none = await linkOf(tokens[admin.userId]!, callId);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual(await (await linkOf(tokens[admin.userId]!, "no-such-call")).json());
    const bad = await linkOf(tokens[admin.userId]!, callId, "?format=mp3");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("format");
    expect((await api.call("GET", `/v1/calls/${callId}/recording`)).status).toBe(401);
  });

  it("a tampered or expired link serves nothing", async () => {
    const callId = await recordedCall();
    const link = (await (await linkOf(tokens[owner.userId]!, callId)).json()) as { url: string };
    const tampered = new URL(link.url);
    tampered.searchParams.set("expires", String(Number(tampered.searchParams.get("expires")) + 3600));
    expect((await fetch(tampered)).status).toBe(404);
    const row = await Recordings.stored(callId);
    const expired = await files.store.downloadUrl(row!.fileKey, -1);
    expect((await fetch(expired)).status).toBe(404);
  });
});
