import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { eventually, openConsoles, setClock, startEngine, startTelephony, type Telephony } from "../fixtures/call-lists";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * Issue 18, the operator's screen: the list's call script (`settings.script`, validated, editable),
 * what the pop's one request carries (summary, recent history, script, timers), the operator
 * opening the full card of whom they talk to, and "next call" between calls.
 */

let api: TestApi;
let telephony: Telephony;
let admin: User;
let manager: User;
let otherSales: User;
let operator: User;
let consoles: ReturnType<typeof openConsoles>;
const tokens = new Map<string, string>();

const token = async (user: User) => {
  if (!tokens.has(user.userId)) tokens.set(user.userId, await api.tokenFor(user));
  return tokens.get(user.userId)!;
};
type Problem = { errors?: { field: string; message: string }[] };
const fieldsOf = async (response: Response) => ((await response.json()) as Problem).errors?.map((error) => error.field);

const SCRIPT = "Hello {firstName}! I'm {operatorName} from «{listName}», calling {name} at {company}.";

async function createContact(owner: User, body: Record<string, unknown>) {
  const response = await api.call("POST", "/v1/contacts", { token: await token(owner), body });
  expect(response.status).toBe(201);
  return (await response.json()) as { contactId: string };
}

async function createList(user: User, body: Record<string, unknown>) {
  return api.call("POST", "/v1/call-lists", { token: await token(user), body: { name: "Spring promo", operatorIds: [operator.userId], ...body } });
}

beforeAll(async () => {
  api = await createTestApi();
  telephony = await startTelephony();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager", "Maria Manager");
  otherSales = await seedUser(admin, "sales");
  operator = await seedUser(admin, "operator", "Olga Operator");
  for (const user of [admin, manager, otherSales, operator]) await token(user);
});

afterAll(async () => {
  consoles?.stop();
  setClock(undefined);
  await telephony.stop();
});

describe("the list's call script", () => {
  it("is stored with the list; an unknown placeholder or over 4000 characters is a 400 naming settings.script, nothing written", async () => {
    const contact = await createContact(manager, { firstName: "Anna", phones: [{ number: "+79165550204", type: "mobile" }] });
    const entries = [{ contactId: contact.contactId }];
    for (const script of ["Hi {firstName}, {price} today", "Hi {first_name}", "x".repeat(4001), 42]) {
      const before = await api.table.items();
      const response = await createList(manager, { entries, settings: { script } });
      expect(response.status, String(script).slice(0, 40)).toBe(400);
      expect(await fieldsOf(response)).toEqual(["settings.script"]);
      expect(await api.table.items()).toEqual(before);
    }
    const bad = await createList(manager, { entries, settings: { script: "Hi {firstName}, {price} today" } });
    expect(((await bad.json()) as Problem).errors?.[0]?.message).toMatch(/\{price\}.*\{firstName\}/);

    const created = await createList(manager, { entries, settings: { script: SCRIPT } });
    expect(created.status).toBe(201);
    const { list } = (await created.json()) as { list: { listId: string; settings: { script?: string } } };
    expect(list.settings.script).toBe(SCRIPT);
  });

  it("is changed with PATCH /v1/call-lists/{id} by whoever manages the list; null removes it; other settings and bad scripts are refused", async () => {
    const contact = await createContact(manager, { firstName: "Boris", phones: [{ number: "+79165550205", type: "mobile" }] });
    const created = (await (await createList(manager, { entries: [{ contactId: contact.contactId }] })).json()) as { list: { listId: string; settings: Record<string, unknown> } };
    const path = `/v1/call-lists/${created.list.listId}`;
    const as = await token(manager);
    expect(created.list.settings.script).toBeUndefined();

    const changed = await api.call("PATCH", path, { token: as, body: { settings: { script: "Good day, {name}" } } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { settings: Record<string, unknown> }).settings).toMatchObject({ script: "Good day, {name}", maxAttempts: 3, wrapUpTimeoutSeconds: 300 });

    for (const [body, field] of [
      [{ settings: { script: "Good day, {nmae}" } }, "settings.script"],
      [{ settings: { script: "y".repeat(4001) } }, "settings.script"],
      [{ settings: { maxAttempts: 5 } }, "settings.maxAttempts"],
      [{ name: "Renamed" }, "name"],
    ] as const) {
      const before = await api.table.items();
      const response = await api.call("PATCH", path, { token: as, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await fieldsOf(response)).toContain(field);
      expect(await api.table.items()).toEqual(before);
    }
    // The operator works the list but does not manage it; someone who cannot see it finds nothing.
    expect((await api.call("PATCH", path, { token: await token(operator), body: { settings: { script: "Hi" } } })).status).toBe(403);
    expect((await api.call("PATCH", path, { token: await token(otherSales), body: { settings: { script: "Hi" } } })).status).toBe(404);

    const removed = await api.call("PATCH", path, { token: as, body: { settings: { script: null } } });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { settings: Record<string, unknown> }).settings.script).toBeUndefined();
  });
});

type ActiveCallBody = {
  activeCall: null | {
    entry: { listId: string; entryId: string; answeredAt?: string };
    subject: { kind: string; id: string };
    contact: { contactId: string; timeline: { items: { kind: string; text?: string }[] } } | null;
    summary: { kind: string; name: string; firstName?: string; company?: string; phones: { number: string; display: string; primary: boolean }[]; responsibleIds: string[]; tags: string[] } | null;
    list: { listId: string; name: string; script: string | null; wrapUpTimeoutSeconds: number };
    presence: { state: string; since: string; wrapUpEndsAt?: string };
  };
};
type NextCallBody = { state: string; runningLists: { listId: string; name: string }[]; nextDueAt?: string; dueInSeconds?: number; listId?: string };

describe("the operator's pop and card", () => {
  it("carries summary, history, script and timers in one request; the operator opens the card of whom they talk to; next call between calls", async () => {
    // Prepare: Anna (answers) with a company, tags and two numbers; Viktor (busy); a private contact of the manager's outside the list.
    const company = (await (await api.call("POST", "/v1/companies", { token: await token(manager), body: { name: "Romashka LLC" } })).json()) as { companyId: string };
    const anna = await createContact(manager, {
      firstName: "Anna",
      lastName: "Sokolova",
      companyId: company.companyId,
      tags: ["vip"],
      phones: [
        { number: "+79165550214", type: "mobile" },
        { number: "+74951234567", type: "work" },
      ],
    });
    expect((await api.call("POST", `/v1/contacts/${anna.contactId}/comments`, { token: await token(manager), body: { text: "Prefers mornings" } })).status).toBe(201);
    const viktor = await createContact(manager, { firstName: "Viktor", phones: [{ number: "+79165550211", type: "mobile" }] });
    const outsider = await createContact(manager, { firstName: "Private", phones: [{ number: "+79165550219", type: "mobile" }] });
    const operatorToken = await token(operator);
    expect((await api.call("GET", `/v1/contacts/${outsider.contactId}`, { token: operatorToken })).status).toBe(404);

    // The engine's clock (Moscow noon, inside the call window) before the list, so its entries are due now.
    const { runner } = startEngine();
    const created = await createList(manager, {
      entries: [{ contactId: anna.contactId }, { contactId: viktor.contactId }],
      settings: { script: SCRIPT, maxAttempts: 2, maxLines: 1, wrapUpTimeoutSeconds: 120, retryDelayMinutes: { busy: 5 } },
    });
    expect(created.status).toBe(201);
    const listId = ((await created.json()) as { list: { listId: string } }).list.listId;
    consoles = openConsoles([operator]);
    await consoles.opened;
    const idle = (await (await api.call("GET", "/v1/operator/next-call", { token: operatorToken })).json()) as NextCallBody;
    expect(idle).toEqual({ state: "ready", runningLists: [] });

    // Act: start; Anna answers and is put through to the operator's console.
    expect((await api.call("POST", `/v1/call-lists/${listId}/start`, { token: await token(manager) })).status).toBe(200);
    const pop = await eventually(async () => {
      const body = (await (await api.call("GET", "/v1/operator/active-call", { token: operatorToken })).json()) as ActiveCallBody;
      return body.activeCall?.subject.id === anna.contactId && body.activeCall.presence.state === "on-call" ? body.activeCall : undefined;
    }, 20_000, "Anna's pop, connected");

    // Assess: the pop's one answer has what the screen shows.
    expect(pop.summary).toEqual({
      kind: "contact",
      name: "Anna Sokolova",
      firstName: "Anna",
      lastName: "Sokolova",
      company: "Romashka LLC",
      phones: [
        { number: "+79165550214", display: "+7 916 555 02 14", primary: true },
        { number: "+74951234567", display: "+7 495 123 45 67", primary: false },
      ],
      responsibleIds: [manager.userId],
      tags: ["vip"],
    });
    expect(pop.list).toMatchObject({ listId, name: "Spring promo", script: SCRIPT, wrapUpTimeoutSeconds: 120 });
    expect(pop.presence.state).toBe("on-call");
    expect(pop.contact!.timeline.items.map((item) => item.text ?? item.kind)).toEqual(expect.arrayContaining(["Prefers mornings"]));

    // The operator may open the full card of whom they talk to (and its timeline), not someone else's.
    const card = await api.call("GET", `/v1/contacts/${anna.contactId}`, { token: operatorToken });
    expect(card.status).toBe(200);
    expect(((await card.json()) as { displayName: string }).displayName).toBe("Anna Sokolova");
    expect((await api.call("GET", `/v1/contacts/${anna.contactId}/timeline`, { token: operatorToken })).status).toBe(200);
    expect((await api.call("GET", `/v1/contacts/${outsider.contactId}`, { token: operatorToken })).status).toBe(404);

    // The disposition ends the call; Viktor's line is busy and is retried in 5 minutes.
    expect((await api.call("POST", `/v1/call-lists/${listId}/entries/${anna.contactId}/disposition`, { token: operatorToken, body: { disposition: "not-interested" } })).status).toBe(200);
    const next = await eventually(async () => {
      const body = (await (await api.call("GET", "/v1/operator/next-call", { token: operatorToken })).json()) as NextCallBody;
      return body.nextDueAt && body.dueInSeconds! > 0 ? body : undefined;
    }, 20_000, "Viktor's retry in the queue");
    expect(next).toMatchObject({ runningLists: [{ listId, name: "Spring promo" }], listId });
    expect(next.dueInSeconds).toBeGreaterThan(240);
    expect(next.dueInSeconds).toBeLessThanOrEqual(300);
    // Just finished: the card stays open to the operator (the list is still theirs).
    expect((await api.call("GET", `/v1/contacts/${anna.contactId}`, { token: operatorToken })).status).toBe(200);
    runner.stop();
  }, 60_000);
});
