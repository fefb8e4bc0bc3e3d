import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Calls } from "../../packages/core/src/calls";
import * as ClickToCall from "../../packages/core/src/calls/click-to-call";
import { configureManualCallSink, configureTelephony, simulatorTelephony } from "../../packages/core/src/telephony";
import type { User } from "../../packages/core/src/users";
import type { ConsoleVoiceEvent, OperatorConsoles } from "../../packages/functions/src/local/telephony-simulator";
import { createTestApi, type TestApi } from "../fixtures/api";
import { contactInput, seedAdmin, seedUser } from "../fixtures/factories";
import { startTelephonyStack } from "../fixtures/telephony";

/**
 * Click-to-call end to end with the simulator over real HTTP: the user's console is shown the call
 * dialing, is rung when the callee answers (and answers, as the console does), talks, hangs up;
 * the simulator's signed events reach the call log through the webhook (never the call-list
 * engine's sink), the record gets ring and talk seconds, the card its call activity with the
 * duration, and the user's presence goes back to what it was.
 */

let api: TestApi;
let stack: Awaited<ReturnType<typeof startTelephonyStack>>;
let admin: User;
const pushed: { userId: string; event: ConsoleVoiceEvent }[] = [];
const consoles: OperatorConsoles = {
  push(userId, event) {
    pushed.push({ userId, event });
    // The console answers a manual call at once (there is no card to wait for: the user is on it).
    if (event.type === "incoming") setTimeout(() => stack.simulator.answer(event.callId, userId), 20);
    return true;
  },
};

/** A zone where it is early afternoon now: inside every call window. */
function daytimeZone(): string {
  let offset = (13 - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? "UTC" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  stack = await startTelephonyStack({ consoles, connectDeadlineMs: 10_000 });
  configureTelephony(simulatorTelephony({ url: stack.simulator.url, secret: stack.secret }));
  configureManualCallSink((event) => withActor({ type: "system", reason: "test" }, () => ClickToCall.onCallEvent(event)));
}, 30_000);
afterAll(async () => {
  configureManualCallSink(undefined);
  await stack?.stop();
});

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function userWithConsole(presence: { state: "ready" } | { state: "paused"; reason: string }) {
  const user = await seedUser(admin, "sales", "Sam Sales");
  const token = await api.tokenFor(user);
  expect((await api.call("POST", "/v1/operator/presence/heartbeat", { token })).status).toBe(200);
  expect((await api.call("PUT", "/v1/operator/presence", { token, body: presence })).status).toBe(200);
  return { user, token };
}

async function contactWith(token: string, phone: string) {
  const response = await api.call("POST", "/v1/contacts?duplicates=allow", { token, body: contactInput({ phones: [{ number: phone, type: "mobile" }], emails: [], timeZone: daytimeZone() }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { contactId: string }).contactId;
}

const presenceOf = async (token: string) => (await (await api.call("GET", "/v1/operator/presence", { token })).json()) as { state: string; reason?: string; current?: unknown };

describe("click-to-call with the simulator", () => {
  it("dial, answer, talk, hang up: the record has ring and talk seconds, the card the call with its duration, the user is ready again", async () => {
    // Prepare
    const { user, token } = await userWithConsole({ state: "ready" });
    const phone = "+79165550144";
    const contactId = await contactWith(token, phone);
    // Act
    const response = await api.call("POST", `/v1/contacts/${contactId}/calls`, { token, body: { phone } });
    expect(response.status).toBe(201);
    const { call } = (await response.json()) as { call: Calls.CallRecord };
    await until(async () => (stack.simulator.liveCallsOf(user.userId).some((live) => live.callId === call.callId) ? true : undefined), "the call to be connected");
    expect((await presenceOf(token)).state).toBe("on-call");
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(stack.simulator.hangUp(call.callId, user.userId)?.endedBy).toBe("operator");
    // Assess
    const ended = await until(async () => {
      const record = await Calls.load(call.callId);
      return record?.endedAt ? record : undefined;
    }, "the call to end on its record");
    expect(ended).toMatchObject({ source: "manual", outcome: "answered", operatorId: user.userId, contactId });
    expect(ended.talkSeconds).toBeGreaterThanOrEqual(1);
    expect(ended.ringSeconds).toBeTypeOf("number");
    expect(ended.connectedAt).toBeTypeOf("string");
    const events = pushed.filter((push) => push.userId === user.userId && push.event.callId === call.callId).map((push) => push.event.type);
    expect(events).toEqual(["dialing", "incoming", "connected", "ended"]);
    expect(pushed.find((push) => push.event.type === "incoming" && push.event.callId === call.callId)?.event).toMatchObject({ manual: true, subjectName: "Anna Petrova", contactId });
    // The call-list engine's sink never heard of it.
    expect(stack.recorder.received.filter((event) => event.callId === call.callId)).toEqual([]);
    await until(async () => ((await presenceOf(token)).state === "ready" ? true : undefined), "the user to be ready again");
    const timeline = (await (await api.call("GET", `/v1/contacts/${contactId}/timeline`, { token })).json()) as { items: { kind: string; call?: Record<string, unknown>; text: string }[] };
    const activity = timeline.items.find((item) => item.kind === "call");
    expect(activity?.call).toMatchObject({ direction: "outbound", durationSeconds: ended.talkSeconds, talkSeconds: ended.talkSeconds, callId: call.callId, operatorId: user.userId });
    expect(activity?.text).toContain(phone);
    // A duplicate of the last event changes nothing (one activity, the same record).
    await stack.simulator.redeliver(stack.simulator.calls.find((simulated) => simulated.callId === call.callId)!.providerCallId);
    const again = (await (await api.call("GET", `/v1/contacts/${contactId}/timeline`, { token })).json()) as { items: { kind: string }[] };
    expect(again.items.filter((item) => item.kind === "call")).toHaveLength(1);
  }, 60_000);

  it("a busy number: over unanswered, talk 0, the paused user is paused again with the same reason", async () => {
    const { user, token } = await userWithConsole({ state: "paused", reason: "training" });
    const phone = "+79165550151";
    const contactId = await contactWith(token, phone);
    const response = await api.call("POST", `/v1/contacts/${contactId}/calls`, { token, body: { phone } });
    expect(response.status).toBe(201);
    const { call } = (await response.json()) as { call: Calls.CallRecord };
    const ended = await until(async () => {
      const record = await Calls.load(call.callId);
      return record?.endedAt ? record : undefined;
    }, "the busy call to end");
    expect(ended).toMatchObject({ outcome: "busy", talkSeconds: 0 });
    expect(pushed.filter((push) => push.userId === user.userId).map((push) => push.event.type)).toEqual(["dialing", "ended"]);
    await until(async () => {
      const presence = await presenceOf(token);
      return presence.state === "paused" && presence.reason === "training" ? true : undefined;
    }, "the user to be paused again");
  }, 60_000);
});
