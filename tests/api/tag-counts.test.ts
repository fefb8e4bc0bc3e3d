import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

// Issue 15, item 8: a sales user saw «VIP 107», counting contacts they may not see. The counts
// are organization-wide, so only admins (who see every record) get them.
let api: TestApi;
let admin: User;
let sales: User;
let otherSales: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam");
  otherSales = await seedUser(admin, "sales", "Olga");
});

type Tag = { tag: string; count?: number };
const tagsAs = async (user: User, entity: string) => {
  const response = await api.call("GET", `/v1/tags?entity=${entity}`, { token: await api.tokenFor(user) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Tag[] }).items;
};

describe("tag counts", () => {
  it("are shown to admins only, never counting for a sales user what they may not see", async () => {
    for (const [owner, n] of [[otherSales, 3], [sales, 1]] as const) {
      for (let i = 0; i < n; i++) {
        const response = await api.call("POST", "/v1/contacts?duplicates=allow", { token: await api.tokenFor(owner), body: { firstName: `Vip ${owner.name} ${i}`, tags: ["VIP"], sharing: "private" } });
        expect(response.status).toBe(201);
      }
    }
    const company = await api.call("POST", "/v1/companies", { token: await api.tokenFor(otherSales), body: { name: "Secret Ltd", tags: ["Key account"] } });
    expect(company.status).toBe(201);

    expect(await tagsAs(admin, "contact")).toContainEqual({ tag: "VIP", count: 4 });
    expect(await tagsAs(admin, "company")).toContainEqual({ tag: "Key account", count: 1 });
    for (const entity of ["contact", "company"]) {
      const items = await tagsAs(sales, entity);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(item, entity).toEqual({ tag: expect.any(String) });
    }
  });
});
