import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createOperatorVoice } from "../../packages/functions/src/local/operator-voice";
import type { TelephonySimulator } from "../../packages/functions/src/local/telephony-simulator";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * The local host's push channel (SSE) and the softphone's answer / hang-up routes: tickets are
 * single use and short-lived, streams belong to the ticket's user, a closed stream tells the
 * simulator the console is gone, and nobody answers or hangs up another operator's call.
 */

let api: TestApi;
let operator: User;
let other: User;
const gone: string[] = [];
const answered: [string, string][] = [];
/** Just the simulator methods these routes call; each records who asked. */
const simulator = {
  answer: (callId: string, userId: string) => (answered.push([callId, userId]), callId === "ringing-for-op" && userId === operator.userId ? { callId, connectedAt: "now" } : undefined),
  hangUp: (callId: string, userId: string) => (callId === "live-for-op" && userId === operator.userId ? { callId, hungUpAt: "now" } : undefined),
  consoleGone: (userId: string) => void gone.push(userId),
  liveCallsOf: (userId: string) =>
    userId === operator.userId && liveCall ? [{ callId: "live-for-op", to: "+15550000014", connectedAt: "2026-01-01T00:00:00.000Z", context: { listId: "L", entryId: "E", attempt: 1, subjectName: "Ivan" } }] : [],
} as unknown as TelephonySimulator;
let liveCall = false;
const voice = createOperatorVoice({ simulator: () => simulator, returnGraceMs: 300 });
const withoutSimulator = createOperatorVoice({});

const request = (app: typeof voice.app, method: string, path: string, token?: string, signal?: AbortSignal) =>
  app.fetch(new Request(`http://localhost${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(signal ? { signal } : {}) }));

beforeAll(async () => {
  api = await createTestApi();
  const admin = await seedAdmin();
  operator = await seedUser(admin, "operator", "Olga");
  other = await seedUser(admin, "operator", "Oleg");
});
afterAll(() => voice.push.closeAll());

async function ticketFor(user: User) {
  const response = await request(voice.app, "POST", "/v1/operator/events/ticket", await api.tokenFor(user));
  expect(response.status).toBe(201);
  return ((await response.json()) as { ticket: string; expiresAt: string }).ticket;
}

describe("local push channel", () => {
  it("knows its paths", () => {
    expect(["/v1/operator/events", "/v1/operator/events/ticket", "/v1/operator/calls/x/answer", "/v1/operator/calls/x/hangup"].every(voice.handles)).toBe(true);
    expect(["/v1/operator/presence", "/v1/operator/calls/x", "/v1/operator/events/x"].some(voice.handles)).toBe(false);
  });

  it("a ticket needs a bearer token (401 problem+json)", async () => {
    const response = await request(voice.app, "POST", "/v1/operator/events/ticket");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  it("streams the ticket's user's events; the ticket works once; a closed stream is the console gone", async () => {
    // Prepare
    const ticket = await ticketFor(operator);
    const abort = new AbortController();
    // Act
    const stream = await request(voice.app, "GET", `/v1/operator/events?ticket=${ticket}`, undefined, abort.signal);
    // Assess
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("event: ready");
    expect(voice.push.connections(operator.userId)).toBe(1);
    expect(voice.push.push(operator.userId, { type: "connected", callId: "c1", at: "now" })).toBe(true);
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"callId":"c1"');
    expect(voice.push.push(other.userId, { type: "connected", callId: "c2", at: "now" })).toBe(false);
    // The same ticket again: spent.
    expect((await request(voice.app, "GET", `/v1/operator/events?ticket=${ticket}`)).status).toBe(401);
    // The console closes.
    await reader.cancel();
    abort.abort();
    await expect.poll(() => voice.push.connections(operator.userId)).toBe(0);
    // After the grace for a reload, with no stream back: gone.
    await expect.poll(() => gone, { timeout: 5000 }).toContain(operator.userId);
    expect(voice.push.push(operator.userId, { type: "connected", callId: "c3", at: "now" })).toBe(false);
  });

  it("a console that comes back within the grace (a reload) keeps its call and is shown it again", async () => {
    // Prepare: op is on a call; their console's stream closes.
    liveCall = true;
    gone.length = 0;
    const first = new AbortController();
    const stream = await request(voice.app, "GET", `/v1/operator/events?ticket=${await ticketFor(operator)}`, undefined, first.signal);
    const reader = stream.body!.getReader();
    await reader.read();
    await reader.cancel();
    first.abort();
    await expect.poll(() => voice.push.connections(operator.userId)).toBe(0);
    // Act: the reloaded page opens a new stream at once.
    const again = await request(voice.app, "GET", `/v1/operator/events?ticket=${await ticketFor(operator)}`);
    const text = new TextDecoder();
    const replayReader = again.body!.getReader();
    let received = "";
    while (!received.includes('"type":"connected"')) received += text.decode((await replayReader.read()).value);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Assess: the call was not ended, and the console was told which call it is on.
    expect(gone).toEqual([]);
    expect(received).toContain('"type":"incoming","callId":"live-for-op"');
    expect(received).toContain('"replay":true');
    expect(received).toContain('"since":"2026-01-01T00:00:00.000Z"');
    await replayReader.cancel();
    liveCall = false;
  });

  it("refuses a stream without a ticket or with a made-up one (401)", async () => {
    expect((await request(voice.app, "GET", "/v1/operator/events")).status).toBe(401);
    expect((await request(voice.app, "GET", "/v1/operator/events?ticket=made-up")).status).toBe(401);
  });

  it("answers and hangs up only your own call (404 otherwise); without the simulator, 409", async () => {
    const mine = await api.tokenFor(operator);
    const theirs = await api.tokenFor(other);
    expect((await request(voice.app, "POST", "/v1/operator/calls/ringing-for-op/answer", mine)).status).toBe(200);
    expect((await request(voice.app, "POST", "/v1/operator/calls/ringing-for-op/answer", theirs)).status).toBe(404);
    expect(answered).toContainEqual(["ringing-for-op", other.userId]);
    expect((await request(voice.app, "POST", "/v1/operator/calls/live-for-op/hangup", mine)).status).toBe(200);
    expect((await request(voice.app, "POST", "/v1/operator/calls/live-for-op/hangup", theirs)).status).toBe(404);
    expect((await request(voice.app, "POST", "/v1/operator/calls/live-for-op/hangup")).status).toBe(401);
    expect((await request(withoutSimulator.app, "POST", "/v1/operator/calls/live-for-op/hangup", mine)).status).toBe(409);
  });
});
