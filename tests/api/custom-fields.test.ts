import { beforeAll, describe, expect, it } from "vitest";
import { CustomFields } from "../../packages/core/src/custom-fields";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let admin: User;
let sales: User;
let manager: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales");
  manager = await seedUser(admin, "manager");
});

type Problem = { status: number; errors?: { field: string; message: string }[] };
type Definition = { entityType: string; key: string; label: string; type: string; options?: string[]; required: boolean; version: number };
type CompanyBody = { companyId: string; version: number; custom: Record<string, unknown> };

const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as Problem;
};
const fieldsOf = async (response: Response) => (await problemOf(response)).errors?.map((error) => error.field) ?? [];

async function define(body: Record<string, unknown>) {
  const response = await api.call("POST", "/v1/custom-fields", { token: await api.tokenFor(admin), body });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return (await response.json()) as Definition;
}

async function createCompany(body: Record<string, unknown>) {
  return api.call("POST", "/v1/companies", { token: await api.tokenFor(sales), body: { name: "Custom Co", ...body } });
}

describe("custom field definitions", () => {
  it("lets an admin define fields that everyone can read, per entity type", async () => {
    const created = await define({ entityType: "contact", key: "source_channel", label: "Source channel", type: "select", options: ["Web", "Phone"] });
    expect(created).toMatchObject({ entityType: "contact", key: "source_channel", type: "select", options: ["Web", "Phone"], required: false, version: 1 });
    expect(created).not.toHaveProperty("fieldId");
    for (const user of [sales, manager, admin]) {
      const response = await api.call("GET", "/v1/custom-fields?entity=contact", { token: await api.tokenFor(user) });
      expect(response.status).toBe(200);
      const { items } = (await response.json()) as { items: Definition[] };
      expect(items.map((item) => item.key)).toContain("source_channel");
    }
    const companies = (await (await api.call("GET", "/v1/custom-fields?entity=company", { token: await api.tokenFor(sales) })).json()) as { items: Definition[] };
    expect(companies.items.map((item) => item.key)).not.toContain("source_channel");
  });

  it("answers 403 to non-admins who define, change or remove fields, and changes nothing", async () => {
    await define({ entityType: "company", key: "admins_only", label: "Admins only", type: "text" });
    const before = await api.table.items();
    for (const user of [sales, manager]) {
      const token = await api.tokenFor(user);
      const attempts = [
        await api.call("POST", "/v1/custom-fields", { token, body: { entityType: "company", key: "mine", label: "Mine", type: "text" } }),
        await api.call("PATCH", "/v1/custom-fields/company/admins_only", { token, body: { label: "Hijacked" }, headers: { "if-match": '"1"' } }),
        await api.call("DELETE", "/v1/custom-fields/company/admins_only", { token }),
      ];
      for (const response of attempts) expect(response.status).toBe(403);
    }
    expect(await api.table.items()).toEqual(before);
  });

  it("keeps keys unique per entity type (409), the same key may exist for the other type", async () => {
    await define({ entityType: "company", key: "region", label: "Region", type: "text" });
    const duplicate = await api.call("POST", "/v1/custom-fields", { token: await api.tokenFor(admin), body: { entityType: "company", key: "region", label: "Again", type: "number" } });
    expect(duplicate.status).toBe(409);
    await define({ entityType: "contact", key: "region", label: "Region", type: "text" });
  });

  it("changes label, options and required with If-Match; 412 for a stale version; type and key never change", async () => {
    await define({ entityType: "company", key: "tier", label: "Tier", type: "select", options: ["Gold", "Silver"] });
    const token = await api.tokenFor(admin);
    const changed = await api.call("PATCH", "/v1/custom-fields/company/tier", { token, body: { label: "Customer tier", options: ["Gold", "Silver", "Bronze"] }, headers: { "if-match": '"1"' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).toBe('"2"');
    expect(await changed.json()).toMatchObject({ label: "Customer tier", options: ["Gold", "Silver", "Bronze"], version: 2 });
    const stale = await api.call("PATCH", "/v1/custom-fields/company/tier", { token, body: { label: "Late" }, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(412);
    const retype = await api.call("PATCH", "/v1/custom-fields/company/tier", { token, body: { type: "number" }, headers: { "if-match": '"2"' } });
    expect(retype.status).toBe(400);
    expect(await fieldsOf(retype)).toContain("type");
    const noOptions = await api.call("PATCH", "/v1/custom-fields/company/region", { token, body: { options: ["A"] }, headers: { "if-match": '"1"' } });
    expect(noOptions.status).toBe(400);
    expect(await fieldsOf(noOptions)).toContain("options");
    const missing = await api.call("PATCH", "/v1/custom-fields/company/nothing_here", { token, body: { label: "X" }, headers: { "if-match": '"1"' } });
    expect(missing.status).toBe(404);
  });

  const badDefinitions: [string, Record<string, unknown>, string][] = [
    ["an upper-case key", { entityType: "company", key: "Size", label: "Size", type: "text" }, "key"],
    ["a key with spaces", { entityType: "company", key: "my size", label: "Size", type: "text" }, "key"],
    ["a key starting with a digit", { entityType: "company", key: "1size", label: "Size", type: "text" }, "key"],
    ["an unknown entity type", { entityType: "deal", key: "size", label: "Size", type: "text" }, "entityType"],
    ["an unknown field type", { entityType: "company", key: "size", label: "Size", type: "color" }, "type"],
    ["a placeholder label", { entityType: "company", key: "size", label: "-", type: "text" }, "label"],
    ["a select without options", { entityType: "company", key: "size", label: "Size", type: "select" }, "options"],
    ["a text field with options", { entityType: "company", key: "size", label: "Size", type: "text", options: ["A"] }, "options"],
    ["options that repeat", { entityType: "company", key: "size", label: "Size", type: "multi-select", options: ["Big", "big"] }, "options"],
    ["an empty option list", { entityType: "company", key: "size", label: "Size", type: "select", options: [] }, "options"],
    ["required as text", { entityType: "company", key: "size", label: "Size", type: "text", required: "yes" }, "required"],
    ["an unknown property", { entityType: "company", key: "size", label: "Size", type: "text", hidden: true }, "hidden"],
  ];
  it.each(badDefinitions)("refuses %s naming the field, writing nothing", async (_name, body, field) => {
    const before = await api.table.items();
    const response = await api.call("POST", "/v1/custom-fields", { token: await api.tokenFor(admin), body });
    expect(response.status).toBe(400);
    expect(await fieldsOf(response)).toContain(field);
    expect(await api.table.items()).toEqual(before);
  });

  it("names entityType and key for malformed paths, and 404 for a field that does not exist", async () => {
    const token = await api.tokenFor(admin);
    const bad = await api.call("DELETE", "/v1/custom-fields/deal/Bad%20Key", { token });
    expect(bad.status).toBe(400);
    expect(await fieldsOf(bad)).toEqual(["entityType", "key"]);
    expect((await api.call("DELETE", "/v1/custom-fields/company/never_defined", { token })).status).toBe(404);
    expect((await api.call("GET", "/v1/custom-fields?entity=deal", { token })).status).toBe(400);
  });
});

describe("custom values on companies", () => {
  beforeAll(async () => {
    await define({ entityType: "company", key: "employees", label: "Employees", type: "number" });
    await define({ entityType: "company", key: "founded", label: "Founded", type: "date" });
    await define({ entityType: "company", key: "is_partner", label: "Partner", type: "boolean" });
    await define({ entityType: "company", key: "segment", label: "Segment", type: "select", options: ["SMB", "Enterprise"] });
    await define({ entityType: "company", key: "channels", label: "Channels", type: "multi-select", options: ["Email", "Phone", "Telegram"] });
    await define({ entityType: "company", key: "crm_link", label: "CRM link", type: "url" });
    await define({ entityType: "company", key: "hotline", label: "Hotline", type: "phone" });
    await define({ entityType: "company", key: "billing_email", label: "Billing email", type: "email" });
    await define({ entityType: "company", key: "note", label: "Note", type: "text" });
  });

  it("stores normalized values of every type and shows them by key", async () => {
    const response = await createCompany({
      custom: {
        employees: 250,
        founded: "2001-02-28",
        is_partner: true,
        segment: "enterprise",
        channels: ["phone", "Email", "Phone"],
        crm_link: "crm.example.com/acme",
        hotline: "8 800 555-35-35",
        billing_email: "Billing@Example.COM",
        note: "  Prefers mornings ",
      },
    });
    expect(response.status).toBe(201);
    const company = (await response.json()) as CompanyBody;
    expect(company.custom).toEqual({
      employees: 250,
      founded: "2001-02-28",
      is_partner: true,
      segment: "Enterprise",
      channels: ["Phone", "Email"],
      crm_link: "https://crm.example.com/acme",
      hotline: "+78005553535",
      billing_email: "Billing@example.com",
      note: "Prefers mornings",
    });
  });

  const badValues: [string, unknown, string][] = [
    ["employees", "many", "custom.employees"],
    ["employees", "250", "custom.employees"],
    ["founded", "2023-02-30", "custom.founded"],
    ["founded", "28.02.2001", "custom.founded"],
    ["is_partner", "yes", "custom.is_partner"],
    ["segment", "Government", "custom.segment"],
    ["segment", ["SMB"], "custom.segment"],
    ["channels", ["Email", "Fax"], "custom.channels[1]"],
    ["channels", [], "custom.channels"],
    ["channels", "Email", "custom.channels"],
    ["crm_link", "javascript:alert(1)", "custom.crm_link"],
    ["crm_link", "not a link", "custom.crm_link"],
    ["hotline", "12345", "custom.hotline"],
    ["hotline", "sales@example.com", "custom.hotline"],
    ["billing_email", "billing@", "custom.billing_email"],
    ["billing_email", "+7 916 123 45 67", "custom.billing_email"],
    ["note", "n/a", "custom.note"],
    ["note", { text: "x" }, "custom.note"],
    ["unknown_key", "x", "custom.unknown_key"],
  ];
  it.each(badValues)("refuses %s = %j naming %s, writing nothing", async (key, value, field) => {
    const before = await api.table.items();
    const response = await createCompany({ custom: { [key]: value } });
    expect(response.status).toBe(400);
    expect(await fieldsOf(response)).toContain(field);
    expect(await api.table.items()).toEqual(before);
  });

  it("requires required fields on create, and refuses clearing them later; updates merge values", async () => {
    await define({ entityType: "company", key: "inn", label: "Tax number", type: "text", required: true });
    try {
      const before = await api.table.items();
      const missing = await createCompany({ custom: { employees: 3 } });
      expect(missing.status).toBe(400);
      expect(await fieldsOf(missing)).toEqual(["custom.inn"]);
      expect(await api.table.items()).toEqual(before);

      const created = (await (await createCompany({ custom: { inn: "7701234567", employees: 3 } })).json()) as CompanyBody;
      const token = await api.tokenFor(sales);
      const clear = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { custom: { inn: null } }, headers: { "if-match": '"1"' } });
      expect(clear.status).toBe(400);
      expect(await fieldsOf(clear)).toEqual(["custom.inn"]);
      const merged = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { custom: { employees: null, is_partner: false } }, headers: { "if-match": '"1"' } });
      expect(merged.status).toBe(200);
      expect(((await merged.json()) as CompanyBody).custom).toEqual({ inn: "7701234567", is_partner: false });
    } finally {
      await api.call("DELETE", "/v1/custom-fields/company/inn", { token: await api.tokenFor(admin) });
    }
  });
});

describe("removing a definition", () => {
  it("hides its values, later writes still work, and a redefined key of another type does not see the old values", async () => {
    const adminToken = await api.tokenFor(admin);
    const token = await api.tokenFor(sales);
    await define({ entityType: "company", key: "budget", label: "Budget", type: "number" });
    const created = (await (await createCompany({ custom: { budget: 1000, note: "keep me" } })).json()) as CompanyBody;
    expect(created.custom).toMatchObject({ budget: 1000 });

    expect((await api.call("DELETE", "/v1/custom-fields/company/budget", { token: adminToken })).status).toBe(204);
    const listed = (await (await api.call("GET", "/v1/custom-fields?entity=company", { token })).json()) as { items: Definition[] };
    expect(listed.items.map((item) => item.key)).not.toContain("budget");
    const read = (await (await api.call("GET", `/v1/companies/${created.companyId}`, { token })).json()) as CompanyBody;
    expect(read.custom).toEqual({ note: "keep me" });

    // Writing the removed key is refused; other writes go through.
    const refused = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { custom: { budget: 5 } }, headers: { "if-match": '"1"' } });
    expect(refused.status).toBe(400);
    expect(await fieldsOf(refused)).toEqual(["custom.budget"]);
    const renamed = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { name: "Renamed" }, headers: { "if-match": '"1"' } });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as CompanyBody).custom).toEqual({ note: "keep me" });
    const fresh = await createCompany({ custom: { note: "new one" } });
    expect(fresh.status).toBe(201);

    // Same key, another type: a new field; the old number never shows up as its value.
    await define({ entityType: "company", key: "budget", label: "Budget band", type: "select", options: ["Low", "High"] });
    const again = (await (await api.call("GET", `/v1/companies/${created.companyId}`, { token })).json()) as CompanyBody;
    expect(again.custom).toEqual({ note: "keep me" });
    const band = await api.call("PATCH", `/v1/companies/${created.companyId}`, { token, body: { custom: { budget: "high" } }, headers: { "if-match": '"2"' } });
    expect(band.status).toBe(200);
    expect(((await band.json()) as CompanyBody).custom).toEqual({ note: "keep me", budget: "High" });
    // The old value left the record with its first write after the removal.
    const [stored] = (await api.table.items()).filter((item) => item.__edb_e__ === "company" && item.companyId === created.companyId);
    expect(Object.values(stored!.custom as Record<string, unknown>)).not.toContain(1000);
  });

  it("hides a select value whose option was dropped from the definition", async () => {
    const adminToken = await api.tokenFor(admin);
    await define({ entityType: "company", key: "stage", label: "Stage", type: "multi-select", options: ["Lead", "Client", "Lost"] });
    const created = (await (await createCompany({ custom: { stage: ["Lead", "Lost"] } })).json()) as CompanyBody;
    const patch = await api.call("PATCH", "/v1/custom-fields/company/stage", { token: adminToken, body: { options: ["Lead", "Client"] }, headers: { "if-match": '"1"' } });
    expect(patch.status).toBe(200);
    const read = (await (await api.call("GET", `/v1/companies/${created.companyId}`, { token: await api.tokenFor(sales) })).json()) as CompanyBody;
    expect(read.custom.stage).toEqual(["Lead"]);
  });
});

describe("validateCustomValues / visibleCustomValues (for the contact side)", () => {
  it("validates contact values with one Query and presents them by key", async () => {
    await define({ entityType: "contact", key: "birthday_gift", label: "Gift", type: "boolean" });
    api.table.counter.reset();
    const stored = await CustomFields.validateCustomValues("contact", { birthday_gift: true }, { partial: false });
    expect(Object.fromEntries(api.table.counter.byCommand)).toEqual({ QueryCommand: 1 });
    expect(Object.keys(stored)).toHaveLength(1);
    expect(Object.keys(stored)[0]).toMatch(/^[0-9A-Z]{26}$/);
    expect(await CustomFields.visibleCustomValues("contact", stored)).toEqual({ birthday_gift: true });
    await expect(CustomFields.validateCustomValues("contact", { segment: "SMB" }, { partial: true })).rejects.toMatchObject({ issues: [{ field: "custom.segment" }] });
  });
});

// Found by the fuzzer (tests/api/fuzz.test.ts): 5e-324 and 1e200 are finite numbers, but the SDK
// refuses integers past 2^53 and DynamoDB fractions under 1e-130, so these answered 500.
describe("numbers DynamoDB cannot store", () => {
  it.each([5e-324, 1e-131, 1e126, -1e200])("%s in a number field is a 400 naming it on contacts, companies and the cf. filter, never a 500", async (value) => {
    const token = await api.tokenFor(admin);
    if (!(await CustomFields.cachedDefinitions("contact")).byKey.has("amount")) await define({ entityType: "contact", key: "amount", label: "Amount", type: "number" });
    if (!(await CustomFields.cachedDefinitions("company")).byKey.has("revenue")) await define({ entityType: "company", key: "revenue", label: "Revenue", type: "number" });
    const contact = await api.call("POST", "/v1/contacts?duplicates=allow", { token, body: { firstName: "Nina", custom: { amount: value } } });
    expect(contact.status).toBe(400);
    expect(await fieldsOf(contact)).toEqual(["custom.amount"]);
    const company = await api.call("POST", "/v1/companies", { token, body: { name: "Huge Co", custom: { revenue: value } } });
    expect(company.status).toBe(400);
    expect(await fieldsOf(company)).toEqual(["custom.revenue"]);
    const filter = await api.call("GET", `/v1/contacts?cf.amount.min=${encodeURIComponent(String(value))}`, { token });
    expect(filter.status).toBe(400);
    expect(await fieldsOf(filter)).toEqual(["cf.amount.min"]);
  });

  it("the largest safe integer and small fractions such as 0.001 are kept", async () => {
    const token = await api.tokenFor(admin);
    const response = await api.call("POST", "/v1/companies", { token, body: { name: "Exact Co", custom: { revenue: Number.MAX_SAFE_INTEGER } } });
    expect(response.status).toBe(201);
    expect(((await response.json()) as CompanyBody).custom).toEqual({ revenue: Number.MAX_SAFE_INTEGER });
    const small = await api.call("POST", "/v1/contacts?duplicates=allow", { token, body: { firstName: "Tiny", custom: { amount: 0.001 } } });
    expect(small.status).toBe(201);
  });
});
