import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Contacts } from "../../packages/core/src/contacts";
import * as ContactMerges from "../../packages/core/src/contacts/merge";
import { configureChatLimit } from "../../packages/core/src/intake/chats";
import { signIntake } from "../../packages/core/src/intake/signature";
import { setClock } from "../../packages/core/src/runtime/clock";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

const TELEGRAM_SECRET = "telegram-secret-0123456789";

let api: TestApi;
let admin: User;
let manager: User;
let adminToken: string;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager", "Mila Manager");
  adminToken = await api.tokenFor(admin);
  const response = await api.call("PUT", "/v1/intake/chat-sources/telegram", { token: adminToken, body: { userId: manager.userId, secret: TELEGRAM_SECRET } });
  expect(response.status).toBe(200);
});
afterEach(() => {
  configureChatLimit(undefined);
  setClock(undefined);
  delete process.env.INTAKE_CHAT_SECRET_VK;
  delete process.env.INTAKE_CHAT_OWNER_ID;
});
afterAll(() => configureChatLimit(undefined));

let sequence = 0;
const message = (overrides: Record<string, unknown> = {}) => ({ source: "telegram", messageId: `m-${++sequence}-${Date.now()}`, handle: "anna_k", name: "Anna", message: "Hello, how much is it?", ...overrides });

function post(body: unknown, options: { secret?: string; timestamp?: number; unsigned?: boolean } = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const t = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (!options.unsigned) {
    headers["x-callboard-timestamp"] = String(t);
    headers["x-callboard-signature"] = signIntake(options.secret ?? TELEGRAM_SECRET, t, raw);
  }
  return api.call("POST", "/v1/intake/chats", { rawBody: raw, headers });
}

async function domainItems() {
  return (await api.table.items()).filter((item) => item.__edb_e__ !== "rateLimit");
}
const messagesOn = async (contactId: string) =>
  (await api.table.items()).filter((item) => item.__edb_e__ === "activity" && item.contactId === contactId && item.kind === "message");
async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { errors?: { field: string }[] };
}

describe("POST /v1/intake/chats", () => {
  it("an unknown handle creates «Request from «name»» owned by the source's manager, with the message on its timeline", async () => {
    const response = await post(message({ handle: "new_visitor", name: "Vera" }));
    expect(response.status).toBe(201);
    const receipt = (await response.json()) as { contactId: string };
    const card = await asUser(manager, () => Contacts.get(receipt.contactId));
    expect(card.displayName).toBe("Запрос от «Vera»");
    expect(card.ownerIds).toEqual([manager.userId]);
    const messages = await messagesOn(receipt.contactId);
    expect(messages).toEqual([expect.objectContaining({ text: "Hello, how much is it?", message: expect.objectContaining({ source: "telegram", handle: "new_visitor" }) })]);
    expect(messages[0]!.note).toEqual({ kind: "chat-message", values: { source: "telegram", handle: "new_visitor" } });
  });

  it("the same handle later lands on the same contact", async () => {
    const first = (await (await post(message({ handle: "returning" }))).json()) as { contactId: string };
    const second = (await (await post(message({ handle: "Returning", message: "Me again" }))).json()) as { contactId: string };
    expect(second.contactId).toBe(first.contactId);
    expect((await messagesOn(first.contactId)).map((item) => item.text).sort()).toEqual(["Hello, how much is it?", "Me again"]);
  });

  it("a handle whose contact went to the trash starts a new contact, and the handle row names the new one from then on", async () => {
    const first = (await (await post(message({ handle: "gone_then_back" }))).json()) as { contactId: string };
    await asUser(admin, () => Contacts.remove(first.contactId));

    const response = await post(message({ handle: "gone_then_back", message: "Anyone there?" }));

    expect(response.status).toBe(201);
    const second = (await response.json()) as { contactId: string };
    expect(second.contactId).not.toBe(first.contactId);
    expect((await messagesOn(second.contactId)).map((item) => item.text)).toEqual(["Anyone there?"]);
    expect((await messagesOn(first.contactId)).map((item) => item.text)).toEqual(["Hello, how much is it?"]);
    const handleRow = (await api.table.items()).find((item) => item.__edb_e__ === "chatHandle" && item.handle === "gone_then_back");
    expect(handleRow).toMatchObject({ contactId: second.contactId });
    expect(handleRow?.expiresAt).toBeUndefined();
    // The next message stays with the new contact.
    const third = (await (await post(message({ handle: "gone_then_back", message: "Hello?" }))).json()) as { contactId: string };
    expect(third.contactId).toBe(second.contactId);
  });

  it("a handle whose contact was merged lands on the contact it was merged into", async () => {
    const fromChat = (await (await post(message({ handle: "merged_away" }))).json()) as { contactId: string };
    const survivor = await asUser(admin, () => Contacts.create({ firstName: "Anna", lastName: "Survivor" }));
    await asUser(admin, () => ContactMerges.merge(survivor.contactId, { otherId: fromChat.contactId }));

    const response = await post(message({ handle: "merged_away", message: "After the merge" }));

    expect(response.status).toBe(201);
    expect(((await response.json()) as { contactId: string }).contactId).toBe(survivor.contactId);
    expect((await messagesOn(survivor.contactId)).map((item) => item.text)).toContain("After the merge");
  });

  it("matches an existing contact by a phone typed in another format", async () => {
    const existing = await asUser(admin, () => Contacts.create({ firstName: "Petr", lastName: "Phone", phones: [{ number: "+7 916 222-33-44", type: "mobile" }] }));
    const response = await post(message({ handle: "petr_p", phone: "8 (916) 222 33 44" }));
    expect(((await response.json()) as { contactId: string }).contactId).toBe(existing.contactId);
    expect(await messagesOn(existing.contactId)).toHaveLength(1);
  });

  it("a phone whose only lookup row outlived its contact (a failed import's leftover) starts a new contact instead of losing the message", async () => {
    // Prepare: the lookup wave of a batch create was written, its contact never was.
    const ghostId = "01J0GHST000000000000000000";
    await api.table.storage.service.entities.contactLookup.create({ kind: "phone", value: "+79163334455", contactId: ghostId, ownerId: admin.userId }).go();

    const response = await post(message({ handle: "after_failed_import", phone: "+7 916 333-44-55", message: "Still interested" }));

    expect(response.status).toBe(201);
    const { contactId } = (await response.json()) as { contactId: string };
    expect(contactId).not.toBe(ghostId);
    expect((await messagesOn(contactId)).map((item) => item.text)).toEqual(["Still interested"]);
  });

  it("the same message ID twice: one timeline entry and the same answer", async () => {
    const body = message({ handle: "twice", messageId: "tg-42" });
    const first = await post(body);
    const second = await post(body);
    const firstBody = (await first.json()) as { contactId: string };
    expect(await second.json()).toEqual(firstBody);
    expect(await messagesOn(firstBody.contactId)).toHaveLength(1);
  });

  it("signatures: unsigned 401, wrong secret or stale timestamp 403, unconfigured source 404; nothing written", async () => {
    const before = await domainItems();
    await expectProblem(await post(message(), { unsigned: true }), 401);
    await expectProblem(await post(message(), { secret: "not-the-telegram-secret" }), 403);
    await expectProblem(await post(message(), { timestamp: Math.floor(Date.now() / 1000) - 3600 }), 403);
    await expectProblem(await post(message({ source: "vk" })), 404);
    expect(await domainItems()).toEqual(before);
  });

  it("a source can be configured by environment instead of the admin setting", async () => {
    process.env.INTAKE_CHAT_SECRET_VK = "vk-secret-0123456789abc";
    process.env.INTAKE_CHAT_OWNER_ID = manager.userId;
    const response = await post(message({ source: "vk", handle: "id12345", name: "Oleg" }), { secret: "vk-secret-0123456789abc" });
    expect(response.status).toBe(201);
    const { contactId } = (await response.json()) as { contactId: string };
    const card = await asUser(manager, () => Contacts.get(contactId));
    expect(card.displayName).toBe("Запрос от «Oleg»");
  });

  it("bad input answers 400 naming the field, and nothing is written", async () => {
    const before = await domainItems();
    const cases: [unknown, string][] = [
      [message({ message: "" }), "message"],
      [message({ phone: "call me maybe" }), "phone"],
      [message({ messageId: undefined }), "messageId"],
      [message({ source: "whatsapp" }), "source"],
      [message({ extra: 1 }), "extra"],
      ["{broken", "body"],
    ];
    for (const [body, field] of cases) {
      const problem = await expectProblem(await post(body), 400);
      expect(problem.errors?.map((issue) => issue.field), JSON.stringify(body)).toContain(field);
    }
    expect(await domainItems()).toEqual(before);
  });

  it("a flood from one address gets 429 with Retry-After", async () => {
    // A fresh rate window no other test counted in, signed with that clock's time.
    const later = new Date(Date.now() + 10 * 60_000);
    setClock(later, "frozen");
    configureChatLimit(2);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await post(message({ handle: `flood${i}` }), { timestamp: Math.floor(later.getTime() / 1000) });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 429, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("only admins configure chat sources; the secret is never listed", async () => {
    const token = await api.tokenFor(manager);
    await expectProblem(await api.call("PUT", "/v1/intake/chat-sources/vk", { token, body: { userId: manager.userId, secret: "x".repeat(20) } }), 403);
    const listed = (await (await api.call("GET", "/v1/intake/chat-sources", { token: adminToken })).json()) as { items: Record<string, unknown>[] };
    expect(listed.items).toEqual([expect.objectContaining({ source: "telegram", userId: manager.userId })]);
    expect(JSON.stringify(listed)).not.toContain(TELEGRAM_SECRET);
  });
});
