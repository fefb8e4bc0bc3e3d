import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * The modules built apart, wired at start-up (core/src/compose.ts), proven through the API:
 * companies ↔ contacts, custom field definitions on contacts, tag counts of contacts.
 */
let api: TestApi;
let admin: User;
let sales: User;
let otherSales: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  otherSales = await seedUser(admin, "sales", "Olga Other");
  // Signing in writes the issuer's rows: do it before any "table unchanged" snapshot.
  for (const user of [admin, sales, otherSales]) await api.tokenFor(user);
});

type Json = Record<string, any>;
const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { status: number; errors?: { field: string; message: string }[] };
};

async function send(user: User, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response> {
  return api.call(method, path, { token: await api.tokenFor(user), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
}
async function ok(response: Response, status = 200): Promise<Json> {
  expect(response.status, await response.clone().text()).toBe(status);
  return response.status === 204 ? {} : ((await response.json()) as Json);
}
const createContact = async (user: User, body: Json) => ok(await send(user, "POST", "/v1/contacts", body), 201);
const createCompany = async (user: User, body: Json) => ok(await send(user, "POST", "/v1/companies", body), 201);
const card = async (user: User, contactId: string) => ok(await send(user, "GET", `/v1/contacts/${contactId}`));

describe("companies ↔ contacts", () => {
  it("links a contact to a company the user may see and keeps the company's summary on it", async () => {
    const company = await createCompany(sales, { name: "Acme Trading LLC", shortName: "Acme" });
    const contact = await createContact(sales, { firstName: "Vera", companyId: company.companyId });
    expect(contact).toMatchObject({ companyId: company.companyId, company: { companyId: company.companyId, name: "Acme Trading LLC", shortName: "Acme" }, displayName: "Vera (Acme)" });
  });

  it("moves a contact to another company and another primary responsible manager", async () => {
    const first = await createCompany(sales, { name: "First Ltd" });
    const second = await createCompany(admin, { name: "Second Ltd" });
    const contact = await createContact(sales, { firstName: "Mover", companyId: first.companyId });
    const moved = await ok(await send(admin, "PATCH", `/v1/contacts/${contact.contactId}`, { companyId: second.companyId, ownerIds: [otherSales.userId] }, { "if-match": '"1"' }));
    expect(moved).toMatchObject({ companyId: second.companyId, company: { name: "Second Ltd" }, ownerIds: [otherSales.userId], version: 2 });
    const page = await ok(await send(admin, "GET", `/v1/companies/${second.companyId}/contacts`));
    expect(page.items.map((item: Json) => item.contactId)).toContain(contact.contactId);
    expect((await ok(await send(admin, "GET", `/v1/companies/${first.companyId}/contacts`))).items).toEqual([]);
    expect((await send(sales, "GET", `/v1/contacts/${contact.contactId}`)).status).toBe(404);
    expect((await card(otherSales, contact.contactId)).ownerIds).toEqual([otherSales.userId]);
  });

  it("refuses a company the user may not see exactly like a missing one, writing nothing", async () => {
    const hidden = await createCompany(otherSales, { name: "Not yours" });
    for (const companyId of [hidden.companyId, "01ARZ3NDEKTSV4RRFFQ69G5FAV"]) {
      const before = await api.table.items();
      const response = await send(sales, "POST", "/v1/contacts", { firstName: "Nope", companyId });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors).toEqual([{ field: "companyId", message: "No such company.", code: "unknown-company" }]);
      expect(await api.table.items()).toEqual(before);
    }
    const contact = await createContact(sales, { firstName: "Later" });
    const before = await api.table.items();
    const response = await send(sales, "PATCH", `/v1/contacts/${contact.contactId}`, { companyId: hidden.companyId }, { "if-match": '"1"' });
    expect(response.status).toBe(400);
    expect(await api.table.items()).toEqual(before);
  });

  it("renaming a company updates its contacts' summary and derived names", async () => {
    const company = await createCompany(sales, { name: "Old Name LLC", shortName: "Old" });
    const first = await createContact(sales, { firstName: "Ivan", companyId: company.companyId });
    const second = await createContact(sales, { firstName: "Pyotr", lastName: "Sidorov", companyId: company.companyId });
    const renamed = await send(sales, "PATCH", `/v1/companies/${company.companyId}`, { name: "New Name LLC", shortName: "New" }, { "if-match": '"1"' });
    expect(renamed.status).toBe(200);
    expect(await card(sales, first.contactId)).toMatchObject({ displayName: "Ivan (New)", company: { name: "New Name LLC", shortName: "New" }, version: 2 });
    expect(await card(sales, second.contactId)).toMatchObject({ displayName: "Pyotr Sidorov", company: { name: "New Name LLC", shortName: "New" } });
  });

  it("GET /v1/companies/{id}/contacts pages the real contacts and leaves out those the user may not see", async () => {
    const company = await createCompany(sales, { name: "Big employer" });
    const mine: string[] = [];
    for (let i = 0; i < 23; i++) mine.push((await createContact(sales, { firstName: `Worker${i}`, companyId: company.companyId })).contactId);
    // The admin sees every company; their private contacts there are not the sales user's to see.
    const hidden: string[] = [];
    for (let i = 0; i < 4; i++) hidden.push((await createContact(admin, { firstName: `Secret${i}`, companyId: company.companyId })).contactId);
    const shared = (await createContact(admin, { firstName: "Shared", companyId: company.companyId, sharing: "read" })).contactId;

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await ok(await send(sales, "GET", `/v1/companies/${company.companyId}/contacts?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`));
      seen.push(...page.items.map((item: Json) => item.contactId));
      for (const item of page.items) expect(item.company).toMatchObject({ companyId: company.companyId });
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual([...mine, shared].sort());
    for (const id of hidden) expect(seen).not.toContain(id);

    const everything = await ok(await send(admin, "GET", `/v1/companies/${company.companyId}/contacts?limit=50`));
    expect(everything.items).toHaveLength(23 + 4 + 1);
  });
});

describe("custom fields on contacts", () => {
  it("validates values against the definitions, naming custom.<key>, and writes nothing on rejection", async () => {
    const adminToken = await api.tokenFor(admin);
    for (const body of [
      { entityType: "contact", key: "segment", label: "Segment", type: "select", options: ["SMB", "Enterprise"], required: true },
      { entityType: "contact", key: "score", label: "Score", type: "number" },
      { entityType: "contact", key: "homepage", label: "Homepage", type: "url" },
    ]) {
      expect((await api.call("POST", "/v1/custom-fields", { token: adminToken, body })).status).toBe(201);
    }
    const rejected: [Json, string][] = [
      [{ firstName: "A" }, "custom.segment"],
      [{ firstName: "A", custom: { segment: "Huge" } }, "custom.segment"],
      [{ firstName: "A", custom: { segment: "SMB", score: "high" } }, "custom.score"],
      [{ firstName: "A", custom: { segment: "SMB", homepage: "not a url" } }, "custom.homepage"],
      [{ firstName: "A", custom: { segment: "SMB", unknown_key: 1 } }, "custom.unknown_key"],
    ];
    for (const [body, field] of rejected) {
      const before = await api.table.items();
      const response = await send(sales, "POST", "/v1/contacts", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.field)).toContain(field);
      expect(await api.table.items()).toEqual(before);
    }

    const contact = await createContact(sales, { firstName: "Custom", custom: { segment: "SMB", score: 7 } });
    expect(contact.custom).toEqual({ segment: "SMB", score: 7 });
    expect((await card(sales, contact.contactId)).custom).toEqual({ segment: "SMB", score: 7 });

    for (const [body, field] of [
      [{ custom: { segment: null } }, "custom.segment"],
      [{ custom: { score: [1] } }, "custom.score"],
      [{ custom: null }, "custom.segment"],
    ] as [Json, string][]) {
      const before = await api.table.items();
      const response = await send(sales, "PATCH", `/v1/contacts/${contact.contactId}`, body, { "if-match": '"1"' });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.field)).toContain(field);
      expect(await api.table.items()).toEqual(before);
    }
    const merged = await ok(await send(sales, "PATCH", `/v1/contacts/${contact.contactId}`, { custom: { score: 9, homepage: "example.com" } }, { "if-match": '"1"' }));
    expect(merged.custom).toEqual({ segment: "SMB", score: 9, homepage: "https://example.com" });
    const updated = (await card(sales, contact.contactId)).timeline.items[0];
    expect(updated.changes).toEqual([{ field: "custom", before: { segment: "SMB", score: 7 }, after: { segment: "SMB", score: 9, homepage: "https://example.com" } }]);

    // Removing a definition hides its values on the card and in lists; later writes still work.
    expect((await api.call("DELETE", "/v1/custom-fields/contact/score", { token: adminToken })).status).toBe(204);
    expect((await card(sales, contact.contactId)).custom).toEqual({ segment: "SMB", homepage: "https://example.com" });
    const listed = await ok(await send(sales, "GET", "/v1/contacts?limit=50"));
    expect(listed.items.find((item: Json) => item.contactId === contact.contactId).custom).toEqual({ segment: "SMB", homepage: "https://example.com" });
    const after = await ok(await send(sales, "PATCH", `/v1/contacts/${contact.contactId}`, { comment: "Still fine" }, { "if-match": '"2"' }));
    expect(after.custom).toEqual({ segment: "SMB", homepage: "https://example.com" });
    const rejectedRemoved = await send(sales, "PATCH", `/v1/contacts/${contact.contactId}`, { custom: { score: 1 } }, { "if-match": '"3"' });
    expect((await problemOf(rejectedRemoved)).errors?.[0]?.field).toBe("custom.score");

    // Leave no required field behind for the other tests in this file.
    expect((await api.call("DELETE", "/v1/custom-fields/contact/segment", { token: adminToken })).status).toBe(204);
    expect((await card(sales, contact.contactId)).custom).toEqual({ homepage: "https://example.com" });
  });
});

describe("tag counts of contacts", () => {
  const counts = async (): Promise<Record<string, number>> => {
    // Tag counts are shown to admins only (they count records others may not see).
    const { items } = await ok(await send(admin, "GET", "/v1/tags?entity=contact"));
    return Object.fromEntries(items.map((item: Json) => [item.tag, item.count]));
  };

  it("moves with create, update, delete and restore", async () => {
    const a = await createContact(sales, { firstName: "Tagged", tags: ["Lead", "Moscow"] });
    const b = await createContact(sales, { firstName: "Also", tags: ["lead ", "Partner"] });
    expect(await counts()).toMatchObject({ Lead: 2, Moscow: 1, Partner: 1 });
    await ok(await send(sales, "PATCH", `/v1/contacts/${a.contactId}`, { tags: ["LEAD", "Kazan"] }, { "if-match": '"1"' }));
    let now = await counts();
    expect(now).toMatchObject({ Lead: 2, Kazan: 1, Partner: 1 });
    expect(now).not.toHaveProperty("Moscow");
    await ok(await send(admin, "DELETE", `/v1/contacts/${b.contactId}`), 204);
    now = await counts();
    expect(now).toMatchObject({ Lead: 1, Kazan: 1 });
    expect(now).not.toHaveProperty("Partner");
    await ok(await send(admin, "POST", `/v1/contacts/${b.contactId}/restore`));
    expect(await counts()).toMatchObject({ Lead: 2, Kazan: 1, Partner: 1 });
    // A rejected write moves no count.
    const before = await counts();
    expect((await send(sales, "PATCH", `/v1/contacts/${a.contactId}`, { tags: ["Other"] }, { "if-match": '"1"' })).status).toBe(412);
    expect(await counts()).toEqual(before);
  });

  it("stays exact under concurrent writes to the same tag", async () => {
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => createContact(sales, { firstName: `Rush${i}`, tags: ["Rush", `solo-${i}`] })));
    expect((await counts()).Rush).toBe(20);
    const token = await api.tokenFor(sales);
    const responses = await Promise.all(
      made.map((contact, i) =>
        api.call("PATCH", `/v1/contacts/${contact.contactId}`, { token, body: { tags: i % 2 === 0 ? [`solo-${i}`] : ["rush", "Wave"] }, headers: { "if-match": '"1"' } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(made.map(() => 200));
    let now = await counts();
    expect(now.Rush).toBe(10);
    expect(now.Wave).toBe(10);
    const adminToken = await api.tokenFor(admin);
    const deleted = await api.call("POST", "/v1/contacts/bulk-delete", { token: adminToken, body: { contactIds: made.map((contact) => contact.contactId) } });
    expect(deleted.status).toBe(200);
    now = await counts();
    expect(now).not.toHaveProperty("Rush");
    expect(now).not.toHaveProperty("Wave");
  });
});
