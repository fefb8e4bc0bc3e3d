import { Entity } from "electrodb";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerCompanyHooks, type CompanySummary } from "../../packages/core/src/companies";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let admin: User;
let sales: User;
let otherSales: User;
let marketeer: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  otherSales = await seedUser(admin, "sales", "Olga Sales");
  marketeer = await seedUser(admin, "marketeer");
});

type CompanyBody = {
  companyId: string;
  name: string;
  shortName?: string;
  phones: { number: string; type: string }[];
  emails: string[];
  website?: string;
  address?: string;
  tags: string[];
  custom: Record<string, unknown>;
  managerIds: string[];
  version: number;
};
type Problem = { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };

const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as Problem;
};

const companyInput = (overrides: Record<string, unknown> = {}) => ({
  name: "Romashka LLC",
  shortName: "Romashka",
  phones: [{ number: "8 (495) 123-45-67", type: "work" }, { number: "+7 916 765 43 21" }],
  emails: ["Office@Romashka.RU"],
  website: "romashka.ru",
  address: "Moscow, Tverskaya 1",
  tags: [" Key  account ", "key account", "Retail"],
  ...overrides,
});

async function createCompany(user: User, body: Record<string, unknown> = companyInput()) {
  const response = await api.call("POST", "/v1/companies", { token: await api.tokenFor(user), body });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return (await response.json()) as CompanyBody;
}

const companyItems = async () => (await api.table.items()).filter((item) => String(item.__edb_e__).startsWith("company") || item.__edb_e__ === "tagCount");

describe("companies: create, get, list", () => {
  it("creates a company with normalized fields; the creator is its responsible manager", async () => {
    const response = await api.call("POST", "/v1/companies", { token: await api.tokenFor(sales), body: companyInput() });
    expect(response.status).toBe(201);
    expect(response.headers.get("etag")).toBe('"1"');
    const created = (await response.json()) as CompanyBody;
    expect(response.headers.get("location")).toBe(`/v1/companies/${created.companyId}`);
    expect(created).toMatchObject({
      name: "Romashka LLC",
      shortName: "Romashka",
      phones: [{ number: "+74951234567", type: "work" }, { number: "+79167654321", type: "mobile" }],
      emails: ["Office@romashka.ru"],
      website: "https://romashka.ru",
      address: "Moscow, Tverskaya 1",
      tags: ["Key account", "Retail"],
      custom: {},
      managerIds: [sales.userId],
      version: 1,
    });
    const fetched = await api.call("GET", `/v1/companies/${created.companyId}`, { token: await api.tokenFor(sales) });
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("etag")).toBe('"1"');
    // The card: the company and (empty here) the first page of its timeline.
    expect(await fetched.json()).toEqual({ ...created, timeline: { items: [], cursor: null } });
  });

  it("shows a company only to its managers and admins; others get the same 404 as for a missing one", async () => {
    const theirs = await createCompany(otherSales, { name: "Theirs" });
    const token = await api.tokenFor(sales);
    const hidden = await api.call("GET", `/v1/companies/${theirs.companyId}`, { token });
    const missing = await api.call("GET", "/v1/companies/01ARZ3NDEKTSV4RRFFQ69G5FAV", { token });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
    for (const [method, path, body] of [
      ["PATCH", `/v1/companies/${theirs.companyId}`, { name: "Mine now" }],
      ["GET", `/v1/companies/${theirs.companyId}/contacts`, undefined],
    ] as const) {
      const response = await api.call(method, path, { token, body, headers: { "if-match": '"1"' } });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await api.call("DELETE", `/v1/companies/${theirs.companyId}`, { token: await api.tokenFor(marketeer) })).status).toBe(403);
    expect((await api.call("GET", `/v1/companies/${theirs.companyId}`, { token: await api.tokenFor(admin) })).status).toBe(200);
    const list = (await (await api.call("GET", "/v1/companies?limit=50", { token })).json()) as { items: { companyId: string; managerIds: string[] }[] };
    expect(list.items.map((item) => item.companyId)).not.toContain(theirs.companyId);
    expect(list.items.every((item) => item.managerIds.includes(sales.userId))).toBe(true);
  });

  it("lets an admin assign several managers, who all see it; a removed manager loses it", async () => {
    const created = await createCompany(admin, { name: "Shared", managerIds: [sales.userId, otherSales.userId] });
    for (const user of [sales, otherSales]) {
      const token = await api.tokenFor(user);
      expect((await api.call("GET", `/v1/companies/${created.companyId}`, { token })).status).toBe(200);
      const list = (await (await api.call("GET", "/v1/companies?limit=50", { token })).json()) as { items: { companyId: string; name: string }[] };
      expect(list.items.find((item) => item.companyId === created.companyId)?.name).toBe("Shared");
    }
    const update = await api.call("PATCH", `/v1/companies/${created.companyId}`, {
      token: await api.tokenFor(sales),
      body: { managerIds: [sales.userId] },
      headers: { "if-match": '"1"' },
    });
    expect(update.status).toBe(200);
    const olga = await api.tokenFor(otherSales);
    expect((await api.call("GET", `/v1/companies/${created.companyId}`, { token: olga })).status).toBe(404);
    const list = (await (await api.call("GET", "/v1/companies?limit=50", { token: olga })).json()) as { items: { companyId: string }[] };
    expect(list.items.map((item) => item.companyId)).not.toContain(created.companyId);
  });

  it("refuses a non-admin who leaves themselves out of the managers, and unknown users", async () => {
    const before = await companyItems();
    const token = await api.tokenFor(sales);
    const alone = await api.call("POST", "/v1/companies", { token, body: { name: "Gift", managerIds: [otherSales.userId] } });
    expect(alone.status).toBe(400);
    expect((await problemOf(alone)).errors?.[0]?.field).toBe("managerIds");
    const unknown = await api.call("POST", "/v1/companies", { token, body: { name: "Ghost", managerIds: [sales.userId, "01ARZ3NDEKTSV4RRFFQ69G5FAV"] } });
    expect(unknown.status).toBe(400);
    expect((await problemOf(unknown)).errors?.[0]?.field).toBe("managerIds[1]");
    expect(await companyItems()).toEqual(before);
  });

  it("pages through companies in pages of 10 without gaps or duplicates, newest first; cursors are bound to their user", async () => {
    const pager = await seedUser(admin, "manager", "Pager");
    const token = await api.tokenFor(pager);
    const made = new Set<string>();
    for (let i = 0; i < 23; i++) made.add((await createCompany(pager, { name: `Page ${i}` })).companyId);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await api.call("GET", `/v1/companies?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { companyId: string }[]; cursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(10);
      seen.push(...page.items.map((item) => item.companyId));
      if (pages === 0) {
        const stolen = await api.call("GET", `/v1/companies?limit=10&cursor=${encodeURIComponent(page.cursor!)}`, { token: await api.tokenFor(sales) });
        expect(stolen.status).toBe(400);
        expect((await problemOf(stolen)).errors?.[0]?.field).toBe("cursor");
      }
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(new Set(seen)).toEqual(made);
    expect(seen).toHaveLength(23);
    expect(seen).toEqual([...seen].sort().reverse());
  });
});

describe("companies: update with If-Match", () => {
  it("updates with the current version, clears fields with null, answers 412 for a stale one", async () => {
    const created = await createCompany(sales);
    const token = await api.tokenFor(sales);
    const first = await api.call("PATCH", `/v1/companies/${created.companyId}`, {
      token,
      body: { shortName: null, website: null, phones: [{ number: "+79167654321" }, { number: "+74951234567", type: "work" }] },
      headers: { "if-match": '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"2"');
    const updated = (await first.json()) as CompanyBody;
    expect(updated).not.toHaveProperty("shortName");
    expect(updated).not.toHaveProperty("website");
    // The order is the primary order: the mobile number is primary now.
    expect(updated.phones.map((phone) => phone.number)).toEqual(["+79167654321", "+74951234567"]);
    const stale = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { name: "Stale" }, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(412);
    const now = (await (await api.call("GET", `/v1/companies/${created.companyId}`, { token })).json()) as CompanyBody;
    expect(now).toEqual({ ...updated, timeline: { items: [], cursor: null } });
  });

  it("answers 428 without If-Match and 400 for a malformed one", async () => {
    const created = await createCompany(sales, { name: "NoMatch" });
    const token = await api.tokenFor(sales);
    const missing = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { name: "X" } });
    expect(missing.status).toBe(428);
    expect((await problemOf(missing)).errors?.[0]?.field).toBe("If-Match");
    const malformed = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { name: "X" }, headers: { "if-match": "latest" } });
    expect(malformed.status).toBe(400);
    expect((await problemOf(malformed)).errors?.[0]?.field).toBe("If-Match");
  });

  it("lets exactly one of 20 concurrent updates with the same version win; the loser's tags leave no count behind", async () => {
    const created = await createCompany(sales, { name: "Race", tags: ["race-base"] });
    const token = await api.tokenFor(sales);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { name: `Writer ${i}`, tags: [`race-${i}`] }, headers: { "if-match": '"1"' } }),
      ),
    );
    const statuses = results.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(19);
    const winner = (await results[statuses.indexOf(200)]!.json()) as CompanyBody;
    const stored = (await (await api.call("GET", `/v1/companies/${created.companyId}`, { token })).json()) as CompanyBody;
    expect(stored).toMatchObject({ name: winner.name, tags: winner.tags, version: 2 });
    const tags = (await (await api.call("GET", "/v1/tags?entity=company", { token: await api.tokenFor(admin) })).json()) as { items: { tag: string; count: number }[] };
    const raceTags = tags.items.filter((row) => row.tag.startsWith("race-"));
    expect(raceTags).toEqual([{ tag: winner.tags[0], count: 1 }]);
  });
});

describe("companies: delete, trash, restore", () => {
  it("is admin-only, hides the company, lists it in the company trash and restores it", async () => {
    const created = await createCompany(sales, { name: "Trash me", tags: ["trash-tag"] });
    for (const user of [sales, marketeer]) {
      expect((await api.call("DELETE", `/v1/companies/${created.companyId}`, { token: await api.tokenFor(user) })).status).toBe(403);
    }
    const adminToken = await api.tokenFor(admin);
    const salesToken = await api.tokenFor(sales);
    expect((await api.call("DELETE", `/v1/companies/${created.companyId}`, { token: adminToken })).status).toBe(204);
    expect((await api.call("GET", `/v1/companies/${created.companyId}`, { token: salesToken })).status).toBe(404);
    expect((await api.call("DELETE", `/v1/companies/${created.companyId}`, { token: adminToken })).status).toBe(404);
    for (const token of [salesToken, adminToken]) {
      const list = (await (await api.call("GET", "/v1/companies?limit=50", { token })).json()) as { items: { companyId: string }[] };
      expect(list.items.map((item) => item.companyId)).not.toContain(created.companyId);
    }
    const tagsGone = (await (await api.call("GET", "/v1/tags?entity=company", { token: salesToken })).json()) as { items: { tag: string }[] };
    expect(tagsGone.items.map((row) => row.tag)).not.toContain("trash-tag");
    const trash = (await (await api.call("GET", "/v1/companies/trash?limit=10", { token: adminToken })).json()) as { items: { companyId: string; deletedAt: string }[] };
    expect(trash.items[0]).toMatchObject({ companyId: created.companyId, deletedAt: expect.any(String) });
    expect((await api.call("GET", "/v1/companies/trash", { token: salesToken })).status).toBe(403);
    expect((await api.call("POST", `/v1/companies/${created.companyId}/restore`, { token: salesToken })).status).toBe(403);

    const restored = await api.call("POST", `/v1/companies/${created.companyId}/restore`, { token: adminToken });
    expect(restored.status).toBe(200);
    expect(restored.headers.get("etag")).toBe('"3"');
    expect((await api.call("GET", `/v1/companies/${created.companyId}`, { token: salesToken })).status).toBe(200);
    const mine = (await (await api.call("GET", "/v1/companies?limit=50", { token: salesToken })).json()) as { items: { companyId: string }[] };
    expect(mine.items.map((item) => item.companyId)).toContain(created.companyId);
    const tagsBack = (await (await api.call("GET", "/v1/tags?entity=company", { token: adminToken })).json()) as { items: { tag: string; count: number }[] };
    expect(tagsBack.items).toContainEqual({ tag: "trash-tag", count: 1 });
  });

  it("answers 410 to a restore after the 30 days, even before TTL removed the item", async () => {
    const created = await createCompany(sales, { name: "Too late" });
    const adminToken = await api.tokenFor(admin);
    expect((await api.call("DELETE", `/v1/companies/${created.companyId}`, { token: adminToken })).status).toBe(204);
    const [item] = (await api.table.items()).filter((row) => row.__edb_e__ === "company" && row.companyId === created.companyId);
    expect(Number(item!.expiresAt) * 1000 - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    await api.table.storage.service.entities.company.patch({ companyId: created.companyId }).set({ expiresAt: Math.floor(Date.now() / 1000) - 1 }).go();
    const response = await api.call("POST", `/v1/companies/${created.companyId}/restore`, { token: adminToken });
    expect(response.status).toBe(410);
    const trash = (await (await api.call("GET", "/v1/companies/trash?limit=50", { token: adminToken })).json()) as { items: { companyId: string }[] };
    expect(trash.items.map((row) => row.companyId)).not.toContain(created.companyId);
  });
});

describe("companies: the contacts' copy of the company summary", () => {
  let undo: (() => void) | undefined;
  afterEach(() => undo?.());

  it("calls onCompanySummaryChanged after a name or short name change, and not otherwise", async () => {
    const calls: [string, CompanySummary][] = [];
    undo = registerCompanyHooks({ onCompanySummaryChanged: (companyId, summary) => void calls.push([companyId, summary]) });
    const created = await createCompany(sales, { name: "Old name", shortName: "Old" });
    const token = await api.tokenFor(sales);
    await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { address: "Elsewhere" }, headers: { "if-match": '"1"' } });
    expect(calls).toEqual([]);
    await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { name: "New name" }, headers: { "if-match": '"2"' } });
    await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { shortName: null }, headers: { "if-match": '"3"' } });
    expect(calls).toEqual([
      [created.companyId, { companyId: created.companyId, name: "New name", shortName: "Old" }],
      [created.companyId, { companyId: created.companyId, name: "New name" }],
    ]);
  });

  it("keeps the company change when the refresh fails (the write is committed; the failure is logged)", async () => {
    undo = registerCompanyHooks({
      onCompanySummaryChanged: () => {
        throw new Error("contacts unavailable");
      },
    });
    const created = await createCompany(sales, { name: "Sturdy" });
    const response = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token: await api.tokenFor(sales), body: { name: "Sturdier" }, headers: { "if-match": '"1"' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as CompanyBody).name).toBe("Sturdier");
  });
});

describe("companies: the company's contacts, paged without a cap", () => {
  let undo: (() => void) | undefined;
  afterEach(() => undo?.());

  /**
   * Stand-in for the contact side's `byCompany` index until the branches merge: a real ElectroDB
   * entity with the agreed key shape (gsi4, pk = companyId) in the same DynamoDB Local table.
   */
  const linkedContact = () =>
    new Entity(
      {
        model: { entity: "linkedContactStandIn", version: "1", service: "crm" },
        attributes: { contactId: { type: "string", required: true }, companyId: { type: "string", required: true }, displayName: { type: "string", required: true } },
        indexes: {
          primary: { pk: { field: "pk", composite: ["contactId"] }, sk: { field: "sk", composite: [] } },
          byCompany: { index: "gsi4", pk: { field: "gsi4pk", composite: ["companyId"] }, sk: { field: "gsi4sk", composite: ["contactId"] } },
        },
      },
      { client: api.table.storage.clients.doc, table: api.table.tableName },
    );

  it("pages through 45 contacts in pages of 20, signing the cursor; 404 for a company the user may not see", async () => {
    const entity = linkedContact();
    undo = registerCompanyHooks({
      contactsOfCompany: async (companyId, { limit, cursor }) => {
        const page = await entity.query.byCompany({ companyId }).go({ limit, cursor, order: "asc" });
        // The route answers contacts: the stand-in rows get the fields every contact has (the contract check reads them).
        const contact = { nameSource: "manual", phones: [], emails: [], ownerIds: [sales.userId], ownerId: sales.userId, sharing: "private", source: { kind: "manual" }, doNotCall: false, doNotEmail: false, preferredContactMethod: "any", active: true, version: 1, createdAt: "", updatedAt: "" };
        return { items: page.data.map((row) => ({ ...contact, ...row })), cursor: page.cursor };
      },
    });
    const company = await createCompany(sales, { name: "Big employer" });
    const ids = Array.from({ length: 45 }, (_, i) => `C${String(i).padStart(3, "0")}`);
    for (const contactId of ids) await entity.create({ contactId, companyId: company.companyId, displayName: `Person ${contactId}` }).go();
    const token = await api.tokenFor(sales);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await api.call("GET", `/v1/companies/${company.companyId}/contacts?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { contactId: string }[]; cursor: string | null };
      seen.push(...page.items.map((item) => item.contactId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);

    const other = await createCompany(otherSales, { name: "Not yours" });
    const hidden = await api.call("GET", `/v1/companies/${other.companyId}/contacts`, { token });
    expect(hidden.status).toBe(404);
    const tampered = await api.call("GET", `/v1/companies/${company.companyId}/contacts?cursor=abc.def`, { token });
    expect(tampered.status).toBe(400);
    expect((await problemOf(tampered)).errors?.[0]?.field).toBe("cursor");
  });
});

describe("companies: bad input gets a 4xx problem naming the field and writes nothing", () => {
  const cases: { name: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; status: number; field?: string }[] = [
    { name: "malformed JSON", rawBody: '{"name": "A",', headers: { "content-type": "application/json" }, status: 400, field: "body" },
    { name: "a JSON array", rawBody: "[1]", headers: { "content-type": "application/json" }, status: 400, field: "body" },
    { name: "not JSON", rawBody: "name=A", headers: { "content-type": "text/plain" }, status: 415 },
    { name: "no name", body: { shortName: "A" }, status: 400, field: "name" },
    { name: "a number for a name", body: { name: 7 }, status: 400, field: "name" },
    { name: "a placeholder name", body: { name: "n/a" }, status: 400, field: "name" },
    { name: "a name over 200 characters", body: { name: "N".repeat(201) }, status: 400, field: "name" },
    { name: "a placeholder short name", body: { name: "A", shortName: "—" }, status: 400, field: "shortName" },
    { name: "an invalid phone", body: { name: "A", phones: [{ number: "+7 495 12" }] }, status: 400, field: "phones[0].number" },
    { name: "an email in a phone field", body: { name: "A", phones: [{ number: "+74951234567" }, { number: "a@b.ru" }] }, status: 400, field: "phones[1].number" },
    { name: "a bad phone type", body: { name: "A", phones: [{ number: "+74951234567", type: "pager" }] }, status: 400, field: "phones[0].type" },
    { name: "phones not a list", body: { name: "A", phones: "+74951234567" }, status: 400, field: "phones" },
    { name: "a bad email", body: { name: "A", emails: ["office@"] }, status: 400, field: "emails[0]" },
    { name: "a phone in an email field", body: { name: "A", emails: ["8 916 123-45-67"] }, status: 400, field: "emails[0]" },
    { name: "a javascript: web site", body: { name: "A", website: "javascript:alert(1)" }, status: 400, field: "website" },
    { name: "a web site that is not an address", body: { name: "A", website: "not a site" }, status: 400, field: "website" },
    { name: "a placeholder address", body: { name: "A", address: "-" }, status: 400, field: "address" },
    { name: "a placeholder tag", body: { name: "A", tags: ["ok", "n/a"] }, status: 400, field: "tags[1]" },
    { name: "a tag over 50 characters", body: { name: "A", tags: ["t".repeat(51)] }, status: 400, field: "tags[0]" },
    { name: "21 tags", body: { name: "A", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, status: 400, field: "tags" },
    { name: "custom values not an object", body: { name: "A", custom: ["x"] }, status: 400, field: "custom" },
    { name: "an unknown custom field", body: { name: "A", custom: { nope: 1 } }, status: 400, field: "custom.nope" },
    { name: "a malformed manager ID", body: { name: "A", managerIds: ["me"] }, status: 400, field: "managerIds[0]" },
    { name: "no managers", body: { name: "A", managerIds: [] }, status: 400, field: "managerIds" },
    { name: "a server-owned field", body: { name: "A", version: 5 }, status: 400, field: "version" },
    { name: "an unknown field", body: { name: "A", inn: "7701234567" }, status: 400, field: "inn" },
    { name: "a body over 256 KB", body: { name: "A", address: "x".repeat(300 * 1024) }, status: 413 },
  ];

  it.each(cases)("create with $name → $status", async ({ body, rawBody, headers, status, field }) => {
    const before = await api.table.items();
    const response = await api.call("POST", "/v1/companies", { token: await api.tokenFor(sales), body, rawBody, headers });
    expect(response.status).toBe(status);
    const problem = await problemOf(response);
    if (field) expect(problem.errors?.map((error) => error.field)).toContain(field);
    expect(await api.table.items()).toEqual(before);
  });

  it("leaves the company, its manager rows and tag counts untouched after each rejected update", async () => {
    const created = await createCompany(sales, { name: "Keep", tags: ["keep-tag"] });
    const token = await api.tokenFor(sales);
    const updates: [Record<string, unknown>, string][] = [
      [{ name: null }, "name"],
      [{ name: "Changed", tags: ["new-tag", "-"] }, "tags[1]"],
      [{ phones: [{ number: "bad" }] }, "phones[0].number"],
      [{ website: "ftp://files.example.com" }, "website"],
      [{ custom: { nope: "x" } }, "custom.nope"],
      [{ managerIds: [otherSales.userId] }, "managerIds"],
      [{ companyId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }, "companyId"],
    ];
    const before = await api.table.items();
    for (const [body, field] of updates) {
      const response = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body, headers: { "if-match": '"1"' } });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.field)).toContain(field);
    }
    expect(await api.table.items()).toEqual(before);
  });

  it("names the field for a bad page size, an unknown parameter and a malformed company ID on every route", async () => {
    const token = await api.tokenFor(admin);
    for (const [query, field] of [["?limit=15", "limit"], ["?limit=ten", "limit"], ["?sort=size", "sort"], ["?cursor=garbage", "cursor"]] as const) {
      const response = await api.call("GET", `/v1/companies${query}`, { token });
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.field)).toContain(field);
    }
    for (const [method, path] of [
      ["GET", "/v1/companies/nope"],
      ["PATCH", "/v1/companies/nope"],
      ["DELETE", "/v1/companies/nope"],
      ["POST", "/v1/companies/nope/restore"],
      ["GET", "/v1/companies/nope/contacts"],
    ] as const) {
      const response = await api.call(method, path, { token, body: method === "PATCH" ? { name: "X" } : undefined, headers: { "if-match": '"1"' } });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect((await problemOf(response)).errors?.[0]?.field).toBe("companyId");
    }
  });

  it("refuses a request without a token", async () => {
    expect((await api.call("GET", "/v1/companies")).status).toBe(401);
    expect((await api.call("POST", "/v1/companies", { body: { name: "A" } })).status).toBe(401);
  });
});

describe("API description", () => {
  it("documents the company, custom field and tag routes with their request schemas", async () => {
    const doc = (await (await api.call("GET", "/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of ["/v1/companies", "/v1/companies/{companyId}", "/v1/companies/{companyId}/restore", "/v1/companies/{companyId}/contacts", "/v1/companies/trash", "/v1/custom-fields", "/v1/custom-fields/{entityType}/{key}", "/v1/tags"]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const create = doc.paths["/v1/companies"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(Object.keys(create?.properties ?? {})).toEqual(expect.arrayContaining(["name", "shortName", "phones", "emails", "website", "address", "tags", "custom", "managerIds"]));
    const define = doc.paths["/v1/custom-fields"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(Object.keys(define?.properties ?? {})).toEqual(expect.arrayContaining(["entityType", "key", "label", "type", "options", "required"]));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Company", "CompanyListItem", "CustomField", "Tag"]));
  });
});
