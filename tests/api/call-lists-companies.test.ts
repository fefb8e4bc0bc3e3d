import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Companies } from "../../packages/core/src/companies";
import { Timeline } from "../../packages/core/src/timeline";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

/** Company entries over the API (a company's own phone), and the company card with its timeline. */

let api: TestApi;
let admin: User;
let manager: User;
let sales: User;
let otherSales: User;
let operator: User;
const tokens = new Map<string, string>();

const token = async (user: User) => {
  if (!tokens.has(user.userId)) tokens.set(user.userId, await api.tokenFor(user));
  return tokens.get(user.userId)!;
};

type Problem = { status: number; errors?: { field: string; message: string }[] };
type Created = {
  added: number;
  rejected: ({ contactId: string } | { companyId: string })[] & { reason: string }[];
  list: { listId: string; stats: { total: number; pending: number; done: number } };
};
type EntryPage = { items: { entryId: string; subjectKind: string; contactId?: string; contactName: string; phone?: string; status: string; skipReason?: string; timeZones: string[] }[] };
type CompanyCard = { companyId: string; name: string; timeline: { items: { activityId: string; kind: string; text?: string }[]; cursor: string | null } };

const asSystem = <T>(callback: () => T): T => withActor({ type: "system", reason: "test" }, callback);

async function createCompany(owner: User, phones: string[], name = "Romashka LLC") {
  const response = await api.call("POST", "/v1/companies", { token: await token(owner), body: { name, phones: phones.map((number) => ({ number, type: "work" })) } });
  expect(response.status).toBe(201);
  return (await response.json()) as { companyId: string; version: number };
}

async function createList(user: User, body: Record<string, unknown>) {
  return api.call("POST", "/v1/call-lists", { token: await token(user), body: { name: "Partners", operatorIds: [operator.userId], ...body } });
}

async function entriesOf(user: User, listId: string) {
  return (await (await api.call("GET", `/v1/call-lists/${listId}/entries`, { token: await token(user) })).json()) as EntryPage;
}

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
  sales = await seedUser(admin, "sales");
  otherSales = await seedUser(admin, "sales");
  operator = await seedUser(admin, "operator");
  // Signing in writes the issuer's own rows: do it now, so "the table is unchanged" means our rows.
  for (const user of [admin, manager, sales, otherSales, operator]) await token(user);
});

describe("call lists: companies by their own phone", () => {
  it("adds a company as one entry with its primary phone, or a chosen one of its numbers", async () => {
    // Prepare
    const company = await createCompany(sales, ["8 (495) 100-00-01", "+7 495 100 00 02"]);
    const other = await createCompany(sales, ["+7 495 100 00 03", "+7 495 100 00 04"], "Vasilek JSC");

    // Act
    const response = await createList(sales, {
      companies: [
        { companyId: company.companyId, dial: "companyPhone" },
        { companyId: other.companyId, dial: "companyPhone", phone: "8 495 100-00-04" },
      ],
    });

    // Assess
    expect(response.status).toBe(201);
    const created = (await response.json()) as Created;
    expect(created).toMatchObject({ added: 2, rejected: [] });
    expect(created.list.stats).toMatchObject({ total: 2, pending: 2 });
    const entries = await entriesOf(sales, created.list.listId);
    expect(entries.items.find((entry) => entry.entryId === company.companyId)).toMatchObject({
      subjectKind: "company",
      contactName: "Romashka LLC",
      phone: "+74951000001",
      status: "pending",
      timeZones: ["Europe/Moscow"],
    });
    expect(entries.items.find((entry) => entry.entryId === company.companyId)?.contactId).toBeUndefined();
    expect(entries.items.find((entry) => entry.entryId === other.companyId)).toMatchObject({ subjectKind: "company", phone: "+74951000004" });
  });

  it("reports a number not on the company, a duplicate and an already-listed company; a company without phones is skipped", async () => {
    const company = await createCompany(sales, ["+7 495 100 00 11"]);
    const silent = await createCompany(sales, [], "No Phone Ltd");
    const response = await createList(sales, {
      companies: [
        { companyId: company.companyId, dial: "companyPhone", phone: "+7 495 100 00 99" },
        { companyId: silent.companyId, dial: "companyPhone" },
        { companyId: silent.companyId, dial: "companyPhone" },
      ],
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Created;
    expect(created.added).toBe(1);
    expect(created.rejected).toEqual(
      expect.arrayContaining([
        { companyId: silent.companyId, reason: "duplicate" },
        { companyId: company.companyId, reason: "phone-not-on-company" },
      ]),
    );
    expect(created.list.stats).toMatchObject({ total: 1, done: 1, pending: 0 });
    expect((await entriesOf(sales, created.list.listId)).items).toEqual([expect.objectContaining({ entryId: silent.companyId, status: "skipped", skipReason: "no-phone" })]);

    // Adding the same company again (and its contacts, which it has none of) changes nothing.
    const again = await api.call("POST", `/v1/call-lists/${created.list.listId}/entries`, {
      token: await token(sales),
      body: { companies: [{ companyId: silent.companyId, dial: "companyPhone" }, { companyId: silent.companyId, dial: "contacts" }] },
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ added: 0, rejected: [{ companyId: silent.companyId, reason: "duplicate" }] });
  });

  it("rejects a company the user may not see exactly like a missing one, and writes no entry for it", async () => {
    // Prepare: otherSales' company is invisible to sales; an admin sees every company.
    const theirs = await createCompany(otherSales, ["+7 495 100 00 21"]);
    const missing = "01J00000000000000000000000";

    // Act
    const response = await createList(sales, {
      companies: [
        { companyId: theirs.companyId, dial: "companyPhone" },
        { companyId: missing, dial: "companyPhone" },
      ],
    });
    const byAdmin = await createList(admin, { companies: [{ companyId: theirs.companyId, dial: "companyPhone" }] });

    // Assess
    expect(response.status).toBe(201);
    const created = (await response.json()) as Created;
    expect(created.added).toBe(0);
    expect(created.rejected).toEqual([
      { companyId: theirs.companyId, reason: "not-found" },
      { companyId: missing, reason: "not-found" },
    ]);
    expect((await entriesOf(sales, created.list.listId)).items).toEqual([]);
    expect(((await byAdmin.json()) as Created).added).toBe(1);
    // The company card answers the same 404 for both.
    const card = await api.call("GET", `/v1/companies/${theirs.companyId}`, { token: await token(sales) });
    const none = await api.call("GET", `/v1/companies/${missing}`, { token: await token(sales) });
    expect([card.status, none.status]).toEqual([404, 404]);
    expect(await card.json()).toEqual(await none.json());
    // An operator may not make lists at all (as for contacts).
    const byOperator = await createList(operator, { companies: [{ companyId: theirs.companyId, dial: "companyPhone" }] });
    expect(byOperator.status).toBe(403);
  });

  it("rejects a company in the trash as not found", async () => {
    const company = await createCompany(admin, ["+7 495 100 00 31"]);
    expect((await api.call("DELETE", `/v1/companies/${company.companyId}`, { token: await token(admin) })).status).toBe(204);
    const response = await createList(admin, { companies: [{ companyId: company.companyId, dial: "companyPhone" }] });
    expect(((await response.json()) as Created).rejected).toEqual([{ companyId: company.companyId, reason: "not-found" }]);
  });

  it("keeps companyIds and dial: contacts meaning the company's contacts", async () => {
    const company = await createCompany(sales, ["+7 495 100 00 41"]);
    const staff = await api.call("POST", "/v1/contacts", {
      token: await token(sales),
      body: { firstName: "Olga", companyId: company.companyId, phones: [{ number: "+7 916 100 00 41", type: "mobile" }] },
    });
    const contactId = ((await staff.json()) as { contactId: string }).contactId;

    const byIds = (await (await createList(sales, { companyIds: [company.companyId] })).json()) as Created;
    const byChoice = (await (await createList(sales, { companies: [{ companyId: company.companyId, dial: "contacts" }] })).json()) as Created;
    const both = (await (await createList(sales, { companies: [{ companyId: company.companyId, dial: "contacts" }, { companyId: company.companyId, dial: "companyPhone" }] })).json()) as Created;

    const kinds = async (created: Created) => (await entriesOf(sales, created.list.listId)).items.map((entry) => [entry.subjectKind, entry.entryId]).sort();
    expect(await kinds(byIds)).toEqual([["contact", contactId]]);
    expect(await kinds(byChoice)).toEqual([["contact", contactId]]);
    expect(await kinds(both)).toEqual([["company", company.companyId], ["contact", contactId]].sort());
  });
});

describe("call lists: bad company input gets a 400 naming the field and writes nothing", () => {
  const id = "01J00000000000000000000000";
  it.each([
    ["an empty company list", { companies: [] }, "companies"],
    ["a bad company ID", { companies: [{ companyId: "nope", dial: "companyPhone" }] }, "companies[0].companyId"],
    ["no dial choice", { companies: [{ companyId: id }] }, "companies[0].dial"],
    ["an unknown dial choice", { companies: [{ companyId: id, dial: "fax" }] }, "companies[0].dial"],
    ["a number with dial: contacts", { companies: [{ companyId: id, dial: "contacts", phone: "+74951000001" }] }, "companies[0].phone"],
    ["an unknown field", { companies: [{ companyId: id, dial: "companyPhone", priority: 1 }] }, "companies[0].priority"],
    ["a company that is not an object", { companies: [id] }, "companies[0]"],
    ["too many companies", { companies: Array.from({ length: 51 }, () => ({ companyId: id, dial: "companyPhone" })) }, "companies"],
  ])("on create: refuses %s (%s)", async (_label, body, field) => {
    const before = await api.table.items();
    const response = await createList(manager, body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as Problem).errors?.map((error) => error.field)).toContain(field);
    expect(await api.table.items()).toEqual(before);
  });

  it("on add: refuses a bad dial choice and an empty body the same way", async () => {
    const created = (await (await createList(manager, {})).json()) as Created;
    const before = await api.table.items();
    const bad = await api.call("POST", `/v1/call-lists/${created.list.listId}/entries`, { token: await token(manager), body: { companies: [{ companyId: id, dial: "sms" }] } });
    const empty = await api.call("POST", `/v1/call-lists/${created.list.listId}/entries`, { token: await token(manager), body: {} });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors?.map((error) => error.field)).toEqual(["companies[0].dial"]);
    expect(empty.status).toBe(400);
    expect(await api.table.items()).toEqual(before);
  });
});

describe("the company card and its timeline", () => {
  it("reads the company and its newest activities in one Query; older pages follow the cursor", async () => {
    // Prepare: 25 notes from the engine's side.
    const company = await createCompany(sales, ["+7 495 100 00 51"]);
    for (let index = 1; index <= 25; index++) {
      await asSystem(() => Timeline.recordForCompany(company.companyId, { kind: "note", text: `Note ${index}` }));
    }
    await asUser(sales, () => Companies.get(company.companyId)); // warms the custom-field definitions cache

    // Act
    api.table.counter.reset();
    const direct = await asUser(sales, () => Companies.get(company.companyId));
    const requests = Object.fromEntries(api.table.counter.byCommand);
    const card = (await (await api.call("GET", `/v1/companies/${company.companyId}`, { token: await token(sales) })).json()) as CompanyCard;
    const older = await api.call("GET", `/v1/companies/${company.companyId}/timeline?cursor=${encodeURIComponent(card.timeline.cursor ?? "")}`, { token: await token(sales) });

    // Assess
    expect(requests).toEqual({ QueryCommand: 1 });
    expect(direct.timeline.items).toHaveLength(20);
    expect(card.name).toBe("Romashka LLC");
    expect(card.timeline.items.map((item) => item.text)).toEqual(Array.from({ length: 20 }, (_, index) => `Note ${25 - index}`));
    expect(card.timeline.cursor).toBeTruthy();
    expect(older.status).toBe(200);
    const page = (await older.json()) as CompanyCard["timeline"];
    expect(page.items.map((item) => item.text)).toEqual(["Note 5", "Note 4", "Note 3", "Note 2", "Note 1"]);
    expect(page.cursor).toBeNull();
  });

  it("answers 404 for the timeline of a company the user may not see; a trashed company takes no notes", async () => {
    const company = await createCompany(otherSales, ["+7 495 100 00 61"]);
    const hidden = await api.call("GET", `/v1/companies/${company.companyId}/timeline`, { token: await token(sales) });
    expect(hidden.status).toBe(404);
    const badId = await api.call("GET", "/v1/companies/nope/timeline", { token: await token(sales) });
    expect(badId.status).toBe(400);
    const badLimit = await api.call("GET", `/v1/companies/${company.companyId}/timeline?limit=7`, { token: await token(otherSales) });
    expect(badLimit.status).toBe(400);

    expect((await api.call("DELETE", `/v1/companies/${company.companyId}`, { token: await token(admin) })).status).toBe(204);
    await expect(asSystem(() => Timeline.recordForCompany(company.companyId, { kind: "note", text: "Too late" }))).rejects.toMatchObject({ name: "NotFoundError" });
    const items = await api.table.items();
    expect(items.filter((item) => item.companyId === company.companyId && item.__edb_e__ === "activityOfCompany")).toEqual([]);
  });
});
