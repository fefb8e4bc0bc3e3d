import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { startEngine, startTelephony, type Telephony } from "../fixtures/call-lists";
import { seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let telephony: Telephony;
let engine: { stop(): void };
let admin: User;
let manager: User;
let sales: User;
let otherSales: User;
let marketeer: User;
let operator: User;
const tokens = new Map<string, string>();

const token = async (user: User) => {
  if (!tokens.has(user.userId)) tokens.set(user.userId, await api.tokenFor(user));
  return tokens.get(user.userId)!;
};

type Problem = { status: number; errors?: { field: string; message: string }[] };
const problemOf = async (response: Response) => (await response.json()) as Problem;

async function createContact(owner: User, phone: string) {
  const response = await api.call("POST", "/v1/contacts", { token: await token(owner), body: { firstName: "Lead", phones: [{ number: phone, type: "mobile" }] } });
  expect(response.status).toBe(201);
  return (await response.json()) as { contactId: string };
}

async function createList(user: User, body: Record<string, unknown>) {
  return api.call("POST", "/v1/call-lists", { token: await token(user), body });
}

beforeAll(async () => {
  api = await createTestApi();
  telephony = await startTelephony({ otherwise: "no-answer" });
  engine = startEngine({ dialTimeoutSeconds: 2 }).runner;
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
  sales = await seedUser(admin, "sales");
  otherSales = await seedUser(admin, "sales");
  marketeer = await seedUser(admin, "marketeer");
  operator = await seedUser(admin, "operator");
  // Signing in writes the issuer's own rows: do it now, so "the table is unchanged" means our rows.
  for (const user of [admin, manager, sales, otherSales, marketeer, operator]) await token(user);
});

afterAll(async () => {
  engine.stop();
  await telephony.stop();
});

describe("call lists API", () => {
  it("creates a list from selected contacts; invisible, duplicate and unknown contacts are reported, not added", async () => {
    const mine = await createContact(sales, "+79165550101");
    const alsoMine = await createContact(sales, "+79165550102");
    const theirs = await createContact(otherSales, "+79165550103");

    const response = await createList(sales, {
      name: "Spring promo",
      operatorIds: [operator.userId],
      entries: [{ contactId: mine.contactId }, { contactId: alsoMine.contactId, phone: "8 916 555-01-02" }, { contactId: mine.contactId }, { contactId: theirs.contactId }],
    });

    expect(response.status).toBe(201);
    const created = (await response.json()) as { list: any; added: number; rejected: { contactId: string; reason: string }[] };
    expect(response.headers.get("location")).toBe(`/v1/call-lists/${created.list.listId}`);
    expect(created.added).toBe(2);
    expect(created.rejected).toEqual([
      { contactId: mine.contactId, reason: "duplicate" },
      { contactId: theirs.contactId, reason: "not-found" },
    ]);
    expect(created.list).toMatchObject({ name: "Spring promo", status: "draft", operatorIds: [operator.userId], createdBy: sales.userId });
    expect(created.list.settings).toEqual({
      ringTimeoutSeconds: 30,
      maxAttempts: 3,
      retryDelayMinutes: { busy: 5, noAnswer: 30, failed: 15, machine: 30 },
      callWindow: { start: "09:00", end: "21:00" },
      wrapUpTimeoutSeconds: 300,
      entriesPerExecution: 200,
    });
    expect(created.list.stats).toMatchObject({ total: 2, done: 0, pending: 2 });
    const entries = await api.call("GET", `/v1/call-lists/${created.list.listId}/entries`, { token: await token(sales) });
    const page = (await entries.json()) as { items: { contactId: string; phone: string; status: string; timeZones: string[] }[] };
    expect(page.items.map((entry) => [entry.phone, entry.status])).toEqual([
      ["+79165550101", "pending"],
      ["+79165550102", "pending"],
    ]);
    expect(page.items[0]!.timeZones).toEqual(["Europe/Moscow"]);
  });

  it("creates a list from selected companies: their contacts the user may see", async () => {
    const as = await token(manager);
    const company = (await (await api.call("POST", "/v1/companies", { token: as, body: { name: "ООО Ромашка" } })).json()) as { companyId: string };
    const staff = [];
    for (const phone of ["+79165550131", "+79165550132"]) {
      const response = await api.call("POST", "/v1/contacts", { token: as, body: { firstName: "Staff", companyId: company.companyId, phones: [{ number: phone, type: "work" }] } });
      expect(response.status).toBe(201);
      staff.push(((await response.json()) as { contactId: string }).contactId);
    }

    const response = await createList(manager, { name: "Romashka", operatorIds: [operator.userId], companyIds: [company.companyId] });

    expect(response.status).toBe(201);
    const created = (await response.json()) as { added: number; list: { listId: string } };
    expect(created.added).toBe(2);
    const entries = (await (await api.call("GET", `/v1/call-lists/${created.list.listId}/entries`, { token: as })).json()) as { items: { contactId: string }[] };
    expect(entries.items.map((entry) => entry.contactId).sort()).toEqual(staff.sort());
    const bad = await createList(manager, { name: "Bad", operatorIds: [operator.userId], companyIds: ["nope"] });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors?.[0]?.field).toBe("companyIds[0]");
  });

  it.each([
    ["no name", { operatorIds: "$operator" }, "name"],
    ["a blank name", { name: "   ", operatorIds: "$operator" }, "name"],
    ["no operators", { name: "L", operatorIds: [] }, "operatorIds"],
    ["a bad operator ID", { name: "L", operatorIds: ["not-an-id"] }, "operatorIds[0]"],
    ["an unknown operator", { name: "L", operatorIds: ["01J00000000000000000000000"] }, "operatorIds[0]"],
    ["a ring timeout under 5 s", { name: "L", operatorIds: "$operator", settings: { ringTimeoutSeconds: 2 } }, "settings.ringTimeoutSeconds"],
    ["0 attempts", { name: "L", operatorIds: "$operator", settings: { maxAttempts: 0 } }, "settings.maxAttempts"],
    ["a window ending before it starts", { name: "L", operatorIds: "$operator", settings: { callWindow: { start: "21:00", end: "09:00" } } }, "settings.callWindow"],
    ["a window time that is not a time", { name: "L", operatorIds: "$operator", settings: { callWindow: { start: "9am", end: "21:00" } } }, "settings.callWindow.start"],
    ["an unknown retry outcome", { name: "L", operatorIds: "$operator", settings: { retryDelayMinutes: { ringing: 5 } } }, "settings.retryDelayMinutes.ringing"],
    ["an unknown setting", { name: "L", operatorIds: "$operator", settings: { turbo: true } }, "settings.turbo"],
    ["an empty entry list", { name: "L", operatorIds: "$operator", entries: [] }, "entries"],
    ["a bad contact ID", { name: "L", operatorIds: "$operator", entries: [{ contactId: "x" }] }, "entries[0].contactId"],
    ["an unknown entry field", { name: "L", operatorIds: "$operator", entries: [{ contactId: "01J00000000000000000000000", priority: 1 }] }, "entries[0].priority"],
    ["a server-owned field", { name: "L", operatorIds: "$operator", status: "running" }, "status"],
  ])("refuses %s with a 400 naming %s and writes nothing", async (_label, body, field) => {
    const before = await api.table.items();
    const resolved = { ...body, ...(body.operatorIds === "$operator" ? { operatorIds: [operator.userId] } : {}) };
    const response = await createList(manager, resolved);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect((await problemOf(response)).errors?.map((error) => error.field)).toContain(field);
    expect(await api.table.items()).toEqual(before);
  });

  it("refuses more than 1000 entries in one request", async () => {
    const entries = Array.from({ length: 1001 }, () => ({ contactId: "01J00000000000000000000000" }));
    const response = await createList(manager, { name: "Huge", operatorIds: [operator.userId], entries });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.field).toBe("entries");
  });

  it("lets only admins, managers and sales make lists", async () => {
    for (const user of [marketeer, operator]) {
      const before = (await api.table.items()).length;
      const response = await createList(user, { name: "Mine", operatorIds: [operator.userId] });
      expect(response.status).toBe(403);
      expect((await api.table.items()).length).toBe(before);
    }
  });

  it("shows a list to its maker, its operators, managers and admins; to anyone else it does not exist", async () => {
    const created = await (await createList(sales, { name: "Private", operatorIds: [operator.userId] })).json() as { list: { listId: string } };
    const path = `/v1/call-lists/${created.list.listId}`;
    for (const user of [sales, operator, manager, admin]) {
      expect((await api.call("GET", path, { token: await token(user) })).status, user.role).toBe(200);
    }
    const hidden = await api.call("GET", path, { token: await token(otherSales) });
    const missing = await api.call("GET", "/v1/call-lists/01J00000000000000000000000", { token: await token(otherSales) });
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
    const listing = (await (await api.call("GET", "/v1/call-lists", { token: await token(otherSales) })).json()) as { items: { listId: string }[] };
    expect(listing.items.map((item) => item.listId)).not.toContain(created.list.listId);
    // Operators see it but may not run it.
    expect((await api.call("POST", `${path}/start`, { token: await token(operator) })).status).toBe(403);
    expect((await api.call("GET", "/v1/call-lists/not-an-id", { token: await token(sales) })).status).toBe(400);
    expect((await api.call("GET", path)).status).toBe(401);
  });

  it("replaces a list's operators: active users only, by its managers; bad input changes nothing", async () => {
    const created = (await (await createList(sales, { name: "Operators", operatorIds: [operator.userId] })).json()) as { list: { listId: string } };
    const path = `/v1/call-lists/${created.list.listId}/operators`;
    const standIn = await seedUser(admin, "operator");
    const before = await api.table.items();

    const refused = [
      await api.call("PUT", path, { token: await token(sales), body: { operatorIds: [] } }),
      await api.call("PUT", path, { token: await token(sales), body: { operatorIds: ["nope"] } }),
      await api.call("PUT", path, { token: await token(sales), body: { operatorIds: [standIn.userId], name: "x" } }),
      await api.call("PUT", path, { token: await token(sales), body: { operatorIds: ["01J00000000000000000000000"] } }),
    ];
    expect(refused.map((response) => response.status)).toEqual([400, 400, 400, 400]);
    expect((await problemOf(refused[0]!)).errors?.[0]?.field).toBe("operatorIds");
    expect((await problemOf(refused[1]!)).errors?.[0]?.field).toBe("operatorIds[0]");
    expect((await problemOf(refused[3]!)).errors).toEqual([{ field: "operatorIds[0]", message: "No such user.", code: "unknown-user" }]);
    expect((await api.call("PUT", path, { token: await token(operator), body: { operatorIds: [standIn.userId] } })).status).toBe(403);
    expect((await api.call("PUT", path, { token: await token(otherSales), body: { operatorIds: [standIn.userId] } })).status).toBe(404);
    expect(await api.table.items()).toEqual(before);

    const changed = await api.call("PUT", path, { token: await token(sales), body: { operatorIds: [standIn.userId, standIn.userId] } });
    expect(changed.status).toBe(200);
    const list = (await changed.json()) as { operatorIds: string[]; stats: { perOperator: { operatorId: string }[] } };
    expect(list.operatorIds).toEqual([standIn.userId]);
    expect(list.stats.perOperator.map((row) => row.operatorId).sort()).toEqual([operator.userId, standIn.userId].sort());
    // The operator taken off the list no longer sees it; the new one does.
    expect((await api.call("GET", `/v1/call-lists/${created.list.listId}`, { token: await token(operator) })).status).toBe(404);
    expect((await api.call("GET", `/v1/call-lists/${created.list.listId}`, { token: await token(standIn) })).status).toBe(200);
  });

  it("runs the status machine: start, start again (one engine), pause, resume, cancel, and nothing after cancel", async () => {
    const contact = await createContact(manager, "+79165550110");
    const created = (await (await createList(manager, { name: "Ops", operatorIds: [operator.userId], entries: [{ contactId: contact.contactId }] })).json()) as { list: { listId: string } };
    const path = `/v1/call-lists/${created.list.listId}`;
    const as = await token(manager);

    expect((await api.call("POST", `${path}/pause`, { token: as })).status).toBe(409);
    // Resume applies to a paused list: a draft stays a draft (issue 15, item 7).
    expect((await api.call("POST", `${path}/resume`, { token: as })).status).toBe(409);
    expect(((await (await api.call("GET", path, { token: as })).json()) as { status: string }).status).toBe("draft");
    const started = (await (await api.call("POST", `${path}/start`, { token: as })).json()) as { status: string };
    const again = (await (await api.call("POST", `${path}/start`, { token: as })).json()) as { status: string };
    expect([started.status, again.status]).toEqual(["running", "running"]);
    const paused = await api.call("POST", `${path}/pause`, { token: as });
    expect(((await paused.json()) as { status: string }).status).toBe("paused");
    expect(((await (await api.call("POST", `${path}/resume`, { token: as })).json()) as { status: string }).status).toMatch(/running|done/);
    expect(((await (await api.call("POST", `${path}/cancel`, { token: as })).json()) as { status: string }).status).toBe("cancelled");
    expect((await api.call("POST", `${path}/start`, { token: as })).status).toBe(409);
    expect((await api.call("POST", `${path}/entries`, { token: as, body: { entries: [{ contactId: contact.contactId }] } })).status).toBe(409);
  });

  it("checks dispositions: the right operator, a known verdict, a future call-back time, only while answered", async () => {
    const contact = await createContact(manager, "+79165550120");
    const created = (await (await createList(manager, { name: "Wrap", operatorIds: [operator.userId], entries: [{ contactId: contact.contactId }] })).json()) as { list: { listId: string } };
    const path = `/v1/call-lists/${created.list.listId}/entries/${contact.contactId}/disposition`;
    const as = await token(operator);
    const cases: [unknown, string][] = [
      [{ disposition: "maybe" }, "disposition"],
      [{ disposition: "call-back" }, "callbackAt"],
      [{ disposition: "interested", callbackAt: "2030-01-01T10:00:00Z" }, "callbackAt"],
      [{ disposition: "call-back", callbackAt: "tomorrow" }, "callbackAt"],
      [{ disposition: "call-back", callbackAt: "2001-01-01T10:00:00Z" }, "callbackAt"],
      [{ disposition: "interested", mood: "great" }, "mood"],
    ];
    for (const [body, field] of cases) {
      const before = await api.table.items();
      const response = await api.call("POST", path, { token: as, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.field)).toContain(field);
      expect(await api.table.items()).toEqual(before);
    }
    // Not answered (never dialed): nothing to wrap up.
    expect((await api.call("POST", path, { token: as, body: { disposition: "interested" } })).status).toBe(409);
    // Someone else's call does not exist for this user.
    expect((await api.call("POST", path, { token: await token(otherSales), body: { disposition: "interested" } })).status).toBe(404);
    expect((await api.call("GET", "/v1/operator/active-call", { token: as })).status).toBe(200);
  });

  it("keeps the organization's do-not-call list: managers edit it, numbers in any format, no duplicates", async () => {
    const as = await token(manager);
    const created = await api.call("POST", "/v1/blocked-numbers", { token: as, body: { phone: "8 (916) 555-01-99", reason: "complained" } });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { phone: string }).phone).toBe("+79165550199");
    expect((await api.call("POST", "/v1/blocked-numbers", { token: as, body: { phone: "+7 916 555 0199" } })).status).toBe(409);
    const before = await api.table.items();
    const bad = await api.call("POST", "/v1/blocked-numbers", { token: as, body: { phone: "anna@example.com" } });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors?.[0]?.field).toBe("phone");
    expect((await api.call("POST", "/v1/blocked-numbers", { token: await token(sales), body: { phone: "+79165550198" } })).status).toBe(403);
    expect(await api.table.items()).toEqual(before);
    const listed = (await (await api.call("GET", "/v1/blocked-numbers", { token: await token(sales) })).json()) as { items: { phone: string }[] };
    expect(listed.items.map((item) => item.phone)).toContain("+79165550199");
    expect((await api.call("DELETE", `/v1/blocked-numbers/${encodeURIComponent("+79165550199")}`, { token: as })).status).toBe(204);
    expect((await api.call("DELETE", `/v1/blocked-numbers/${encodeURIComponent("+79165550199")}`, { token: as })).status).toBe(404);
  });
});
