import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { advanceClock, setClock } from "../../packages/core/src/runtime/clock";
import { Calls } from "../../packages/core/src/calls";
import * as ClickToCall from "../../packages/core/src/calls/click-to-call";
import { configureManualCallSink, configureTelephony, configureTelephonyWebhooks, simulatorTelephony, twilioSignature } from "../../packages/core/src/telephony";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { contactInput, seedAdmin, seedUser } from "../fixtures/factories";
import { startTelephonyStack } from "../fixtures/telephony";

/**
 * Click-to-call from a card (issue 18): `POST /v1/contacts/{id}/calls` and
 * `POST /v1/companies/{id}/calls`. The simulator really takes the calls (over HTTP); numbers
 * ending in 0 never answer and ring long, so a placed call stays live for the whole test.
 */

let api: TestApi;
let stack: Awaited<ReturnType<typeof startTelephonyStack>>;
let admin: User;
let manager: User;

/** A zone where the local time now is `hour`:xx (Etc/GMT-N is UTC+N). */
function zoneAt(hour: number): string {
  let offset = (hour - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? "UTC" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
const DAYTIME = zoneAt(13);
const NIGHT = zoneAt(3);

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager", "Mila Manager");
  stack = await startTelephonyStack({ noAnswerSeconds: 600 });
  configureTelephony(simulatorTelephony({ url: stack.simulator.url, secret: stack.secret }));
  configureManualCallSink((event) => withActor({ type: "system", reason: "test" }, () => ClickToCall.onCallEvent(event)));
});
afterAll(async () => {
  configureManualCallSink(undefined);
  await stack?.stop();
});

let serial = 0;
/** A fresh number that never answers (last digit 0). */
const quietNumber = () => `+7916555${String(serial++).padStart(3, "0")}0`;

async function salesUserWithConsole(name = "Sam Sales") {
  const user = await seedUser(admin, "sales", name);
  const token = await api.tokenFor(user);
  expect((await api.call("POST", "/v1/operator/presence/heartbeat", { token })).status).toBe(200);
  expect((await api.call("PUT", "/v1/operator/presence", { token, body: { state: "ready" } })).status).toBe(200);
  return { user, token };
}

async function contactOf(token: string, overrides: Record<string, unknown> = {}) {
  const phone = quietNumber();
  const response = await api.call("POST", "/v1/contacts?duplicates=allow", { token, body: contactInput({ phones: [{ number: phone, type: "mobile" }], emails: [`anna${serial}@example.com`], timeZone: DAYTIME, ...overrides }) });
  expect(response.status, await response.clone().text()).toBe(201);
  const contact = (await response.json()) as { contactId: string };
  return { contactId: contact.contactId, phone };
}

const place = (token: string, contactId: string, body: unknown) => api.call("POST", `/v1/contacts/${contactId}/calls`, { token, body });

async function refusal(response: Response) {
  expect(response.status).toBe(409);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { reason: string; detail: string };
}

describe("click-to-call", () => {
  it("places the call: 201 with the record (manual, outbound, the user), the simulator rings the number, the user is on-call", async () => {
    // Prepare
    const { user, token } = await salesUserWithConsole();
    const { contactId, phone } = await contactOf(token);
    // Act
    const response = await place(token, contactId, { phone });
    // Assess
    expect(response.status).toBe(201);
    const { call } = (await response.json()) as { call: Calls.CallRecord };
    expect(call).toMatchObject({ source: "manual", direction: "outbound", number: phone, contactId, operatorId: user.userId, provider: "simulator" });
    expect(call.callId).toMatch(/^manual-[0-9A-Z]{26}$/);
    expect(call.callWindowOverride).toBeUndefined();
    expect(await Calls.load(call.callId)).toMatchObject({ source: "manual", number: phone, contactId, operatorId: user.userId, providerCallId: call.providerCallId });
    const rang = stack.simulator.calls.find((simulated) => simulated.callId === call.callId);
    expect(rang).toMatchObject({ to: phone, connectTo: { userId: user.userId }, manual: { contactId, subjectName: "Anna Petrova" } });
    const presence = (await (await api.call("GET", "/v1/operator/presence", { token })).json()) as { state: string; current?: { callId: string } };
    expect(presence).toMatchObject({ state: "on-call", current: { callId: call.callId } });
    // Already on that call: a second one is refused.
    const other = await contactOf(token);
    expect((await refusal(await place(token, other.contactId, { phone: other.phone }))).reason).toBe("operator-busy");
  });

  it("calls a company's own phone the same way", async () => {
    const { user, token } = await salesUserWithConsole();
    const phone = quietNumber();
    const created = await api.call("POST", "/v1/companies", { token, body: { name: "Romashka LLC", phones: [{ number: phone, type: "work" }], managerIds: [user.userId] } });
    expect(created.status).toBe(201);
    const { companyId } = (await created.json()) as { companyId: string };
    const response = await api.call("POST", `/v1/companies/${companyId}/calls`, { token, body: { phone, overrideCallWindow: true } });
    expect(response.status).toBe(201);
    const { call } = (await response.json()) as { call: Calls.CallRecord };
    expect(call).toMatchObject({ source: "manual", companyId, number: phone, subjectName: "Romashka LLC" });
  });

  it("400 naming phone for a number not on the card, and for a body without one", async () => {
    const { token } = await salesUserWithConsole();
    const { contactId } = await contactOf(token);
    const wrong = await place(token, contactId, { phone: "+79160000000" });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual(["phone"]);
    const missing = await place(token, contactId, {});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain("phone");
    const unknownVia = await place(token, contactId, { phone: "+79160000000", via: "pigeon" });
    expect(((await unknownVia.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain("via");
  });

  it("404, exactly like a missing card, for a contact or company the user may not see", async () => {
    const { token } = await salesUserWithConsole();
    const stranger = await salesUserWithConsole("Olga Other");
    const { contactId, phone } = await contactOf(stranger.token);
    const hidden = await place(token, contactId, { phone });
    expect(hidden.status).toBe(404);
    const missing = await place(token, "01J00000000000000000000000", { phone });
    expect(missing.status).toBe(404);
    expect((await hidden.json()).detail).toBe((await missing.json()).detail);
    const company = await api.call("POST", "/v1/companies", { token: stranger.token, body: { name: "Hidden Co", phones: [{ number: phone }], managerIds: [stranger.user.userId] } });
    const { companyId } = (await company.json()) as { companyId: string };
    expect((await api.call("POST", `/v1/companies/${companyId}/calls`, { token, body: { phone } })).status).toBe(404);
    expect(stack.simulator.dialsTo(phone)).toBe(0);
  });

  it("409 do-not-call and blocked, nothing dialed", async () => {
    const { token } = await salesUserWithConsole();
    const dnc = await contactOf(token, { doNotCall: true });
    expect((await refusal(await place(token, dnc.contactId, { phone: dnc.phone }))).reason).toBe("do-not-call");
    const blocked = await contactOf(token);
    expect((await api.call("POST", "/v1/blocked-numbers", { token: await api.tokenFor(manager), body: { phone: blocked.phone, reason: "complained" } })).status).toBe(201);
    expect((await refusal(await place(token, blocked.contactId, { phone: blocked.phone }))).reason).toBe("blocked");
    expect(stack.simulator.dialsTo(dnc.phone) + stack.simulator.dialsTo(blocked.phone)).toBe(0);
  });

  it("409 outside-call-window; with overrideCallWindow the call goes and the override is on the record", async () => {
    const { token } = await salesUserWithConsole();
    const { contactId, phone } = await contactOf(token, { timeZone: NIGHT });
    const refused = await refusal(await place(token, contactId, { phone }));
    expect(refused.reason).toBe("outside-call-window");
    expect(refused.detail).toContain("09:00");
    expect(stack.simulator.dialsTo(phone)).toBe(0);
    const response = await place(token, contactId, { phone, overrideCallWindow: true });
    expect(response.status).toBe(201);
    const { call } = (await response.json()) as { call: Calls.CallRecord };
    expect(call.callWindowOverride).toBe(true);
    expect((await Calls.load(call.callId))?.callWindowOverride).toBe(true);
  });

  it("the override is logged on the card's timeline when the call ends", async () => {
    const { token } = await salesUserWithConsole();
    const busy = `+7916555${String(serial++).padStart(3, "0")}1`; // last digit 1: busy at once
    const created = await api.call("POST", "/v1/contacts?duplicates=allow", { token, body: contactInput({ phones: [{ number: busy }], emails: [], timeZone: NIGHT }) });
    const { contactId } = (await created.json()) as { contactId: string };
    expect((await place(token, contactId, { phone: busy, overrideCallWindow: true })).status).toBe(201);
    const deadline = Date.now() + 15_000;
    let activity: { text: string; call?: { outcome?: string } } | undefined;
    while (!activity && Date.now() < deadline) {
      const timeline = (await (await api.call("GET", `/v1/contacts/${contactId}/timeline`, { token })).json()) as { items: { kind: string; text: string; call?: { outcome?: string } }[] };
      activity = timeline.items.find((item) => item.kind === "call");
      if (!activity) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(activity?.call?.outcome).toBe("busy");
    expect(activity?.text).toContain("outside the call window (override)");
    expect((activity as { note?: unknown } | undefined)?.note).toEqual({ kind: "outgoing-call", values: { phone: busy, outcome: "busy", talkSeconds: 0, outsideCallWindow: true } });
  });

  it("409 no-softphone without a console, no-own-phone for via phone without one; the own phone is dialed through", async () => {
    const user = await seedUser(admin, "sales", "Nika Noconsole");
    const token = await api.tokenFor(user);
    const { contactId, phone } = await contactOf(token);
    const noSoftphone = await refusal(await place(token, contactId, { phone }));
    expect(noSoftphone.reason).toBe("no-softphone");
    expect(noSoftphone.detail).toContain("softphone");
    expect((await refusal(await place(token, contactId, { phone, via: "phone" }))).reason).toBe("no-own-phone");
    expect((await api.call("PATCH", "/v1/me", { token, body: { phone: "+79169998877" } })).status).toBe(200);
    const response = await place(token, contactId, { phone, via: "phone" });
    expect(response.status).toBe(201);
    const { call } = (await response.json()) as { call: Calls.CallRecord };
    expect(stack.simulator.calls.find((simulated) => simulated.callId === call.callId)?.connectTo).toEqual({ userId: user.userId, phone: "+79169998877" });
  });

  it("a call the provider does not take: 503, the record says failed and the user is free again", async () => {
    const { token } = await salesUserWithConsole();
    const { contactId, phone } = await contactOf(token);
    stack.simulator.setRules({ numbers: { [phone]: "error-500" } });
    try {
      const response = await place(token, contactId, { phone });
      expect(response.status).toBe(503);
    } finally {
      stack.simulator.setRules({});
    }
    const presence = (await (await api.call("GET", "/v1/operator/presence", { token })).json()) as { state: string };
    expect(presence.state).toBe("ready");
    const refused = stack.simulator.refusedRequests.find((request) => request.to === phone);
    expect(await Calls.load(refused!.callId)).toMatchObject({ outcome: "failed", talkSeconds: 0 });
  });
});

describe("a manual call whose end never arrives", () => {
  it("is settled from the provider once it rang past its timeout, so the user can call again (not operator-busy for good)", async () => {
    // Prepare: a call that rings on (its end would come long after the ring timeout) and an hour later…
    const { user, token } = await salesUserWithConsole();
    const first = await contactOf(token);
    const { call } = (await (await place(token, first.contactId, { phone: first.phone })).json()) as { call: Calls.CallRecord };
    const second = await contactOf(token);
    expect((await refusal(await place(token, second.contactId, { phone: second.phone }))).reason).toBe("operator-busy");
    advanceClock(3 * 60_000);
    try {
      expect((await api.call("POST", "/v1/operator/presence/heartbeat", { token })).status).toBe(200);
      // Act
      const response = await place(token, second.contactId, { phone: second.phone });
      // Assess: the provider still reports no outcome: it ended unanswered; the new call goes.
      expect(response.status).toBe(201);
      expect(await Calls.load(call.callId)).toMatchObject({ outcome: "no-answer", talkSeconds: 0 });
      const { call: next } = (await response.json()) as { call: Calls.CallRecord };
      expect(next.operatorId).toBe(user.userId);
    } finally {
      setClock(undefined);
    }
  });
});

describe("Twilio's events of a manual call", () => {
  const TWILIO_TOKEN = "twilio-auth-token";
  const PUBLIC_URL = "https://crm.example.com";

  it("reach the call's record (answered, then completed with its seconds), never the call-list engine's sink; the user is free again", async () => {
    // Prepare: a placed call (on the simulator, ringing), then Twilio's callbacks for that call ID.
    const { token } = await salesUserWithConsole();
    const { contactId, phone } = await contactOf(token);
    const { call } = (await (await place(token, contactId, { phone })).json()) as { call: Calls.CallRecord };
    configureTelephonyWebhooks({ simulatorSecret: stack.secret, twilioAuthToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL, perAddressPerMinute: 10_000 });
    const path = `/v1/telephony/twilio/status?callId=${call.callId}&leg=manual`;
    const post = (fields: Record<string, string>) => {
      const params = new URLSearchParams({ AccountSid: "AC1", CallSid: "CA77", Timestamp: new Date().toUTCString(), ...fields });
      return api.call("POST", path, { rawBody: params.toString(), headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}${path}`, params) } });
    };
    try {
      // Act
      expect((await post({ CallStatus: "in-progress" })).status).toBe(200);
      const answered = await Calls.load(call.callId);
      expect(answered).toMatchObject({ outcome: "answered" });
      expect(answered?.answeredAt).toBeTypeOf("string");
      expect(answered?.endedAt).toBeUndefined();
      expect((await post({ CallStatus: "completed", CallDuration: "7" })).status).toBe(200);
      // Assess
      expect(await Calls.load(call.callId)).toMatchObject({ outcome: "answered", talkSeconds: 7 });
      expect(stack.recorder.received.filter((event) => event.callId === call.callId)).toEqual([]);
      const presence = (await (await api.call("GET", "/v1/operator/presence", { token })).json()) as { state: string };
      expect(presence.state).toBe("ready");
    } finally {
      configureTelephonyWebhooks({ simulatorSecret: stack.secret });
    }
  });
});
