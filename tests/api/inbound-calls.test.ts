import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Contacts } from "../../packages/core/src/contacts";
import { configureTelephonyWebhooks, signSimulatorEvent, twilioSignature } from "../../packages/core/src/telephony";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import { startTelephonyStack } from "../fixtures/telephony";

const TWILIO_TOKEN = "twilio-auth-token";
const PUBLIC_URL = "https://crm.example.com";
const SALES_LINE = "+74951112233";
const OTHER_LINE = "+74959998877";

let api: TestApi;
let stack: Awaited<ReturnType<typeof startTelephonyStack>>;
let admin: User;
let operator: User;
let manager: User;
let adminToken: string;

beforeAll(async () => {
  api = await createTestApi();
  stack = await startTelephonyStack();
  configureTelephonyWebhooks({ simulatorSecret: stack.secret, twilioAuthToken: TWILIO_TOKEN, publicUrl: PUBLIC_URL, perAddressPerMinute: 10_000 });
  admin = await seedAdmin();
  operator = await seedUser(admin, "operator", "Oksana Operator");
  manager = await seedUser(admin, "manager", "Maxim Manager");
  adminToken = await api.tokenFor(admin);
  // Every number goes to the operator unless it has its own route.
  expect((await api.call("PUT", "/v1/intake/routes/*", { token: adminToken, body: { userId: operator.userId } })).status).toBe(200);
});
afterAll(async () => {
  await stack.stop();
});

const contactsByPhone = async (e164: string) =>
  (await api.table.items()).filter((item) => item.__edb_e__ === "contact" && JSON.stringify(item.phones ?? []).includes(e164));
const callEntries = async (contactId: string) =>
  (await api.table.items()).filter((item) => item.__edb_e__ === "activity" && item.contactId === contactId && item.kind === "call");
async function domainItems() {
  return (await api.table.items()).filter((item) => item.__edb_e__ !== "rateLimit");
}
async function popFor(user: User) {
  const response = await api.call("GET", "/v1/operator/inbound-call", { token: await api.tokenFor(user) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { inboundCall: null | { callKey: string; contactId: string; from: string; contact: { displayName: string } | null } }).inboundCall;
}
async function dismiss(user: User, callKey: string) {
  return api.call("POST", `/v1/operator/inbound-call/${encodeURIComponent(callKey)}/dismiss`, { token: await api.tokenFor(user) });
}

describe("inbound calls from the simulator (real HTTP both ways)", () => {
  it("an unknown number, answered: creates «New contact by call from +…», logs the call and pops the card for the routed operator", async () => {
    const call = await stack.simulator.inboundCall({ from: "8 (916) 777-66-55", to: SALES_LINE, outcome: "answered", talkSeconds: 0 });
    expect(call.deliveries).toEqual([200, 200, 200]);

    const [contact] = await contactsByPhone("+79167776655");
    expect(contact).toMatchObject({ displayName: "Новый контакт по звонку с +79167776655", ownerIds: [operator.userId] });
    const entries = await callEntries(contact!.contactId as string);
    expect(entries).toEqual([expect.objectContaining({ call: expect.objectContaining({ direction: "inbound", outcome: "answered", phone: "+79167776655" }) })]);

    const pop = await popFor(operator);
    expect(pop).toMatchObject({ contactId: contact!.contactId, from: "+79167776655", contact: { displayName: "Новый контакт по звонку с +79167776655" } });
    expect(await popFor(manager)).toBeNull();
    expect((await dismiss(manager, pop!.callKey)).status).toBe(404);
    expect((await dismiss(operator, pop!.callKey)).status).toBe(204);
    expect(await popFor(operator)).toBeNull();
  });

  it("a known number typed another way, missed: logged on the existing contact, nothing created, no card", async () => {
    const existing = await asUser(admin, () => Contacts.create({ firstName: "Kira", lastName: "Known", phones: [{ number: "+7 916 111-22-33", type: "mobile" }] }));
    const call = await stack.simulator.inboundCall({ from: "89161112233", to: SALES_LINE, outcome: "missed" });
    expect(call.deliveries).toEqual([200, 200]);
    expect(await contactsByPhone("+79161112233")).toHaveLength(1);
    const entries = await callEntries(existing.contactId);
    expect(entries).toEqual([expect.objectContaining({ text: "Missed inbound call from +79161112233", call: expect.objectContaining({ direction: "inbound", outcome: "missed" }) })]);
    expect(entries[0]!.note).toEqual({ kind: "inbound-call", values: { phone: "+79161112233", answered: false } });
    expect(await popFor(operator)).toBeNull();
  });

  it("the responsible manager gets the card when their console is open; otherwise the number's route decides", async () => {
    // Created by the manager, so the manager is its responsible manager.
    const owned = await asUser(manager, () => Contacts.create({ firstName: "Mark", lastName: "Owned", phones: [{ number: "+7 916 333-44-55", type: "mobile" }] }));
    // The manager's console polls once: that marks them as there.
    expect(await popFor(manager)).toBeNull();
    await stack.simulator.inboundCall({ from: "+7 916 333 44 55", to: SALES_LINE, outcome: "answered" });
    const pop = await popFor(manager);
    expect(pop).toMatchObject({ contactId: owned.contactId });
    expect(await popFor(operator)).toBeNull();
    expect((await dismiss(manager, pop!.callKey)).status).toBe(204);

    // A number with its own route goes to that user when the owner is not there.
    const lonely = await seedUser(admin, "sales", "Sasha Sales");
    expect((await api.call("PUT", `/v1/intake/routes/${encodeURIComponent(OTHER_LINE)}`, { token: adminToken, body: { userId: lonely.userId } })).status).toBe(200);
    await stack.simulator.inboundCall({ from: "+7 916 444 55 66", to: OTHER_LINE, outcome: "answered" });
    const routed = await popFor(lonely);
    expect(routed).toMatchObject({ from: "+79164445566" });
    expect((await contactsByPhone("+79164445566"))[0]).toMatchObject({ ownerIds: [lonely.userId] });
  });

  it("the simulator endpoint is authenticated and validates its input", async () => {
    const post = (body: unknown, secret = stack.secret) =>
      fetch(`${stack.simulator.url}/inbound-calls`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ from: "+79160000001", to: SALES_LINE, outcome: "missed" }, "wrong")).status).toBe(401);
    const bad = await post({ from: "+79160000001", to: SALES_LINE, outcome: "maybe" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("outcome");
    const ok = await post({ from: "+79160000001", to: SALES_LINE, outcome: "missed" });
    expect(ok.status).toBe(201);
    expect((await contactsByPhone("+79160000001")).length).toBe(1);
  });

  // Found by the fuzzer (tests/api/fuzz.test.ts): 5e-324 passed "at least 0", but DynamoDB stores
  // numbers down to 1e-130 only, so the call's write failed and the callback was answered 503 forever.
  it("a signed inbound event whose durationSeconds is a tiny fraction (5e-324) is kept in whole seconds, not refused with 503", async () => {
    const body = JSON.stringify({ type: "inbound", providerCallId: "SIM-TINY", from: "+7 916 555-00-01", to: SALES_LINE, status: "completed", occurredAt: new Date().toISOString(), durationSeconds: 5e-324 });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`${stack.apiUrl}/v1/telephony/simulator/events`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-simulator-timestamp": String(timestamp), "x-simulator-signature": signSimulatorEvent(stack.secret, timestamp, body) },
      body,
    });
    expect(response.status).toBe(200);
    const [row] = (await api.table.items()).filter((item) => item.__edb_e__ === "inboundCall" && item.providerCallId === "SIM-TINY");
    expect(row).toMatchObject({ status: "completed", durationSeconds: 0 });
    // Leave the operator's screen as the next tests expect it.
    const pop = await popFor(operator);
    if (pop) expect((await dismiss(operator, pop.callKey)).status).toBe(204);
  });
});

describe("POST /v1/telephony/twilio/voice (Twilio's inbound voice webhook)", () => {
  const path = "/v1/telephony/twilio/voice";
  const params = (fields: Record<string, string>) => new URLSearchParams({ Direction: "inbound", To: SALES_LINE, ...fields });
  const post = (body: URLSearchParams, signature?: string) =>
    api.call("POST", path, {
      rawBody: body.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", ...(signature !== undefined ? { "x-twilio-signature": signature } : {}) },
    });
  const signed = (body: URLSearchParams) => post(body, twilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}${path}`, body));

  it("ringing → in-progress → completed: TwiML back, the card pops, one answered call with its duration on the timeline; repeats change nothing", async () => {
    const ringing = await signed(params({ CallSid: "CA100", From: "+7 (916) 888-99-00", CallStatus: "ringing" }));
    expect(ringing.status).toBe(200);
    expect(ringing.headers.get("content-type")).toContain("text/xml");
    expect(await ringing.text()).toContain("<Response>");
    expect((await signed(params({ CallSid: "CA100", From: "+7 (916) 888-99-00", CallStatus: "in-progress" }))).status).toBe(200);
    const [contact] = await contactsByPhone("+79168889900");
    expect(contact).toMatchObject({ displayName: "Новый контакт по звонку с +79168889900" });
    expect(await popFor(operator)).toMatchObject({ contactId: contact!.contactId });

    const completed = params({ CallSid: "CA100", From: "+79168889900", CallStatus: "completed", CallDuration: "42" });
    expect((await signed(completed)).status).toBe(200);
    expect((await signed(completed)).status).toBe(200);
    const entries = await callEntries(contact!.contactId as string);
    expect(entries).toEqual([expect.objectContaining({ call: expect.objectContaining({ outcome: "answered", durationSeconds: 42, direction: "inbound" }) })]);
    const pop = await popFor(operator);
    expect((await dismiss(operator, pop!.callKey)).status).toBe(204);
  });

  it("simultaneous events of one new call: one contact, nothing lost, logged once (the webhook retried while the call went on)", async () => {
    const from = "+7 (916) 555-12-34";
    const events = [
      params({ CallSid: "CA150", From: from, CallStatus: "ringing" }),
      params({ CallSid: "CA150", From: from, CallStatus: "ringing" }),
      params({ CallSid: "CA150", From: from, CallStatus: "in-progress" }),
      params({ CallSid: "CA150", From: from, CallStatus: "in-progress" }),
      params({ CallSid: "CA150", From: from, CallStatus: "completed", CallDuration: "17" }),
      params({ CallSid: "CA150", From: from, CallStatus: "completed", CallDuration: "17" }),
    ];
    const statuses = await Promise.all(events.map((body) => signed(body).then((response) => response.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);

    const contacts = await contactsByPhone("+79165551234");
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ displayName: "Новый контакт по звонку с +79165551234" });
    const [row] = (await api.table.items()).filter((item) => item.__edb_e__ === "inboundCall" && item.providerCallId === "CA150");
    expect(row).toMatchObject({ contactId: contacts[0]!.contactId, status: "completed", durationSeconds: 17, answeredAt: expect.any(String), endedAt: expect.any(String) });
    expect(await callEntries(contacts[0]!.contactId as string)).toEqual([expect.objectContaining({ call: expect.objectContaining({ outcome: "answered", durationSeconds: 17 }) })]);
    const pop = await popFor(operator);
    expect(pop).toMatchObject({ contactId: contacts[0]!.contactId });
    expect((await dismiss(operator, pop!.callKey)).status).toBe(204);
  });

  it("no-answer is a missed call on the matched contact", async () => {
    const existing = await asUser(admin, () => Contacts.create({ firstName: "Nina", phones: [{ number: "+7 916 121-21-21", type: "mobile" }] }));
    expect((await signed(params({ CallSid: "CA200", From: "8 916 121 21 21", CallStatus: "no-answer" }))).status).toBe(200);
    expect(await callEntries(existing.contactId)).toEqual([expect.objectContaining({ call: expect.objectContaining({ outcome: "missed" }) })]);
    expect(await popFor(operator)).toBeNull();
  });

  it("unsigned 401, badly signed 403, bad fields 400 naming them; nothing written", async () => {
    const before = await domainItems();
    const body = params({ CallSid: "CA300", From: "+79160003000", CallStatus: "ringing" });
    expect((await post(body)).status).toBe(401);
    expect((await post(body, twilioSignature("another-token", `${PUBLIC_URL}${path}`, body))).status).toBe(403);
    const cases: [URLSearchParams, string][] = [
      [params({ CallSid: "CA301", From: "not a number", CallStatus: "ringing" }), "From"],
      [params({ CallSid: "CA302", From: "+79160003000", CallStatus: "exploded" }), "CallStatus"],
      [new URLSearchParams({ CallSid: "CA303", From: "+79160003000", To: SALES_LINE, CallStatus: "ringing", Direction: "outbound-api" }), "Direction"],
      [params({ From: "+79160003000", CallStatus: "ringing" }), "CallSid"],
    ];
    for (const [fields, field] of cases) {
      const response = await signed(fields);
      expect(response.status, fields.toString()).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(((await response.json()) as { errors: { field: string }[] }).errors.map((issue) => issue.field)).toContain(field);
    }
    expect(await domainItems()).toEqual(before);
  });
});

describe("inbound routes (admin setting)", () => {
  it("only admins set routes; numbers are normalized; bad numbers are named", async () => {
    const token = await api.tokenFor(operator);
    expect((await api.call("PUT", "/v1/intake/routes/*", { token, body: { userId: operator.userId } })).status).toBe(403);
    const bad = await api.call("PUT", "/v1/intake/routes/hello", { token: adminToken, body: { userId: operator.userId } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("number");
    const ok = await api.call("PUT", `/v1/intake/routes/${encodeURIComponent("8 (495) 555-00-11")}`, { token: adminToken, body: { userId: operator.userId } });
    expect(await ok.json()).toMatchObject({ number: "+74955550011" });
    const listed = (await (await api.call("GET", "/v1/intake/routes", { token: adminToken })).json()) as { items: { number: string }[] };
    expect(listed.items.map((route) => route.number)).toEqual(expect.arrayContaining(["*", "+74955550011"]));
  });
});
