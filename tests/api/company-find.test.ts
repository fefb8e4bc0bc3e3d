import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/** `GET /v1/companies`: filters, sorts, paging and access on the company index rows. */

let api: TestApi;
let admin: User;
let manager: User;
let sales: User;
let operator: User;
let otherSales: User;

type Item = { companyId: string; name: string; tags: string[]; managerIds: string[]; createdAt: string; updatedAt: string; version: number };
type Page = { items: Item[]; cursor: string | null; meta: { requests: number; itemsRead: number; bounded: boolean; searchedBy?: string } };
type Problem = { status: number; errors?: { field: string; message: string }[] };

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager", "Mila Manager");
  sales = await seedUser(admin, "sales", "Sam Sales");
  operator = await seedUser(admin, "operator", "Oleg Operator");
  otherSales = await seedUser(admin, "sales", "Olga Sales");
});

async function createCompany(body: Record<string, unknown>, as: User = admin) {
  const response = await api.call("POST", "/v1/companies", { token: await api.tokenFor(as), body });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return (await response.json()) as Item;
}

async function find(user: User, query: string): Promise<Page> {
  const response = await api.call("GET", `/v1/companies${query ? `?${query}` : ""}`, { token: await api.tokenFor(user) });
  expect(response.status, `${query}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as Page;
}

/** Every page of a query, following cursors (bounded so a bug cannot loop forever). */
async function findAll(user: User, query: string, limit = 50): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: Page = await find(user, `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    items.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return items;
}

const names = (items: Item[]) => items.map((item) => item.name);
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

describe("company list: filters", () => {
  let prefix: string;
  beforeAll(async () => {
    prefix = "Flt";
    await createCompany({ name: `${prefix} Ёлка Trading`, shortName: "Ёлка", tags: ["Retail"], managerIds: [sales.userId] });
    await createCompany({ name: `${prefix} Анна и Партнёры`, tags: ["retail", "VIP"], managerIds: [sales.userId, manager.userId] });
    await createCompany({ name: `${prefix} Café Crème`, tags: ["vip"], managerIds: [manager.userId] });
    await createCompany({ name: `${prefix} Other Works`, managerIds: [otherSales.userId] });
  });

  it("searches a prefix of any word, case- and accent-insensitive, Cyrillic included, in one request", async () => {
    const anna = await find(admin, `q=${encodeURIComponent("анна")}`);
    expect(names(anna.items)).toEqual([`${prefix} Анна и Партнёры`]);
    expect(anna.meta).toMatchObject({ requests: 1, searchedBy: "name" });
    expect(names((await find(admin, `q=${encodeURIComponent("ПАРТНЕ")}`)).items)).toEqual([`${prefix} Анна и Партнёры`]);
    expect(names((await find(admin, `q=${encodeURIComponent("елк")}`)).items)).toEqual([`${prefix} Ёлка Trading`]);
    expect(names((await find(admin, `q=${encodeURIComponent("creme")}`)).items)).toEqual([`${prefix} Café Crème`]);
    expect(names((await find(admin, `q=${encodeURIComponent("CAFE cr")}`)).items)).toEqual([`${prefix} Café Crème`]);
    expect(names((await find(admin, `q=${encodeURIComponent("cafe works")}`)).items)).toEqual([]);
    // Every company carries the prefix word once, and is listed once.
    const all = await find(admin, `q=flt&limit=50`);
    expect(names(all.items).sort()).toEqual([`${prefix} Ёлка Trading`, `${prefix} Анна и Партнёры`, `${prefix} Café Crème`, `${prefix} Other Works`].sort());
  });

  it("filters by responsible manager on the manager's own bucket (admin) in one request", async () => {
    const page = await find(admin, `manager=${manager.userId}&limit=50`);
    expect(names(page.items).sort()).toEqual([`${prefix} Анна и Партнёры`, `${prefix} Café Crème`].sort());
    expect(page.meta.requests).toBe(1);
    expect(page.meta.itemsRead).toBeLessThanOrEqual(3 * 50);
  });

  it("filters by tag, case-insensitively, reading no more than the page and one more", async () => {
    const retail = await find(admin, "tag=RETAIL&limit=10");
    expect(names(retail.items).sort()).toEqual([`${prefix} Ёлка Trading`, `${prefix} Анна и Партнёры`].sort());
    expect(retail.meta).toMatchObject({ requests: 1 });
    expect(retail.meta.itemsRead).toBeLessThanOrEqual(11);
    const vipOfManager = await find(admin, `tag=vip&manager=${manager.userId}`);
    expect(names(vipOfManager.items).sort()).toEqual([`${prefix} Анна и Партнёры`, `${prefix} Café Crème`].sort());
    const searchVip = await find(admin, `q=flt&tag=vip`);
    expect(names(searchVip.items).sort()).toEqual([`${prefix} Анна и Партнёры`, `${prefix} Café Crème`].sort());
  });

  it("answers 400 problem+json naming the field for bad values, and a tampered cursor", async () => {
    const token = await api.tokenFor(admin);
    for (const [query, field] of [
      ["limit=15", "limit"],
      ["sort=size", "sort"],
      ["order=up", "order"],
      ["manager=nope", "manager"],
      ["tag=", "tag"],
      ["tag=a&tag=b", "tag"],
      [`q=${"x".repeat(201)}`, "q"],
      ["q=%21%21", "q"],
      ["colour=red", "colour"],
      ["cursor=abc.def", "cursor"],
    ] as const) {
      const response = await api.call("GET", `/v1/companies?${query}`, { token });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(((await response.json()) as Problem).errors?.map((error) => error.field), query).toContain(field);
    }
    for (let i = 0; i < 11; i++) await createCompany({ name: `Cur ${i}` });
    const first = await find(admin, "limit=10&sort=name");
    expect(first.cursor).not.toBeNull();
    const [payload, signature] = first.cursor!.split(".");
    const forged = `${Buffer.from("zzz#01ARZ3NDEKTSV4RRFFQ69G5FAV").toString("base64url")}.${signature}`;
    for (const cursor of [forged, `${payload}.${signature!.slice(1)}x`]) {
      const response = await api.call("GET", `/v1/companies?limit=10&sort=name&cursor=${encodeURIComponent(cursor)}`, { token });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors?.[0]?.field).toBe("cursor");
    }
    // A cursor continues only its own sort and filter.
    const other = await api.call("GET", `/v1/companies?limit=10&sort=updated&cursor=${encodeURIComponent(first.cursor!)}`, { token });
    expect(other.status).toBe(400);
  });
});

describe("company list: sorts", () => {
  let made: Item[];
  let admin2: User;
  beforeAll(async () => {
    // A fresh manager keeps this set apart: the admin filters on them (their own bucket).
    admin2 = await seedUser(admin, "manager", "Sort Owner");
    made = [];
    for (const name of ["Delta", "alpha", "Écho", "Bravo", "charlie"]) {
      made.push(await createCompany({ name: `${name} Sorted`, managerIds: [admin2.userId] }));
      await tick();
    }
    // Updated order differs from created order: touch Bravo, then alpha.
    for (const name of ["Bravo", "alpha"]) {
      const company = made.find((item) => item.name.startsWith(name))!;
      await tick();
      const response = await api.call("PATCH", `/v1/companies/${company.companyId}`, {
        token: await api.tokenFor(admin),
        body: { address: "Touched" },
        headers: { "if-match": `"${company.version}"` },
      });
      expect(response.status).toBe(200);
    }
  });

  it("sorts by name ascending (default) and descending, ignoring case and accents", async () => {
    const asc = await find(admin, `manager=${admin2.userId}&sort=name`);
    expect(names(asc.items)).toEqual(["alpha Sorted", "Bravo Sorted", "charlie Sorted", "Delta Sorted", "Écho Sorted"]);
    const desc = await find(admin, `manager=${admin2.userId}&sort=name&order=desc`);
    expect(names(desc.items)).toEqual(["Écho Sorted", "Delta Sorted", "charlie Sorted", "Bravo Sorted", "alpha Sorted"]);
    expect(asc.meta.requests).toBe(1);
  });

  it("sorts by created, newest first by default, and ascending", async () => {
    const desc = await find(admin, `manager=${admin2.userId}`);
    expect(names(desc.items)).toEqual(["charlie Sorted", "Bravo Sorted", "Écho Sorted", "alpha Sorted", "Delta Sorted"]);
    const asc = await find(admin, `manager=${admin2.userId}&sort=created&order=asc`);
    expect(names(asc.items)).toEqual(["Delta Sorted", "alpha Sorted", "Écho Sorted", "Bravo Sorted", "charlie Sorted"]);
  });

  it("sorts by updated, descending by default, and ascending", async () => {
    const desc = await find(admin, `manager=${admin2.userId}&sort=updated`);
    expect(names(desc.items)).toEqual(["alpha Sorted", "Bravo Sorted", "charlie Sorted", "Écho Sorted", "Delta Sorted"]);
    const asc = await find(admin2, `sort=updated&order=asc`);
    expect(names(asc.items)).toEqual(["Delta Sorted", "Écho Sorted", "charlie Sorted", "Bravo Sorted", "alpha Sorted"]);
  });
});

describe("company list: paging", () => {
  it("pages by 10, 20 and 50 without gaps or duplicates while companies are added in between, for every sort", async () => {
    const pager = await seedUser(admin, "sales", "Pager");
    const token = await api.tokenFor(pager);
    const initial = new Set<string>();
    for (let i = 0; i < 25; i++) initial.add((await createCompany({ name: `Pg ${String(i).padStart(2, "0")}` }, pager)).companyId);
    for (const [query, limit] of [["sort=created", 10], ["sort=name", 10], ["sort=updated&order=asc", 20], ["sort=name&order=desc", 50]] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await api.call("GET", `/v1/companies?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
        expect(response.status).toBe(200);
        const page = (await response.json()) as Page;
        expect(page.items.length).toBeLessThanOrEqual(limit);
        expect(page.meta.requests).toBe(1);
        expect(page.meta.itemsRead).toBeLessThanOrEqual(limit + 1);
        seen.push(...page.items.map((item) => item.companyId));
        cursor = page.cursor;
        pages++;
        // Inserted between pages: they may or may not show, but nothing else moves.
        await createCompany({ name: `Pg new ${query} ${pages}` }, pager);
      } while (cursor && pages < 20);
      expect(new Set(seen).size, query).toBe(seen.length);
      for (const companyId of initial) expect(seen, query).toContain(companyId);
    }
  });
});

describe("company list: access per role", () => {
  let mine: { sales: Item; shared: Item; managers: Item; operators: Item; others: Item };
  beforeAll(async () => {
    mine = {
      sales: await createCompany({ name: "Acc Sales Only", tags: ["acc"], managerIds: [sales.userId] }),
      shared: await createCompany({ name: "Acc Sales And Manager", tags: ["acc"], managerIds: [sales.userId, manager.userId] }),
      managers: await createCompany({ name: "Acc Manager Only", tags: ["acc"], managerIds: [manager.userId] }),
      operators: await createCompany({ name: "Acc Operator Only", tags: ["acc"], managerIds: [operator.userId] }),
      others: await createCompany({ name: "Acc Nobody Here", tags: ["acc"], managerIds: [otherSales.userId] }),
    };
  });

  const accNames = async (user: User, query: string) => names(await findAll(user, `tag=acc&${query}`)).sort();

  it("admin sees every company, and filters on any manager", async () => {
    expect(await accNames(admin, "")).toEqual(Object.values(mine).map((item) => item.name).sort());
    expect(await accNames(admin, `manager=${otherSales.userId}`)).toEqual(["Acc Nobody Here"]);
    expect(names(await findAll(admin, "q=acc")).sort()).toEqual(Object.values(mine).map((item) => item.name).sort());
  });

  it("manager, sales and operator see only the companies they manage, in lists and search", async () => {
    expect(await accNames(manager, "")).toEqual(["Acc Manager Only", "Acc Sales And Manager"]);
    expect(await accNames(sales, "")).toEqual(["Acc Sales And Manager", "Acc Sales Only"]);
    expect(await accNames(operator, "")).toEqual(["Acc Operator Only"]);
    expect(names(await findAll(sales, "q=acc")).sort()).toEqual(["Acc Sales And Manager", "Acc Sales Only"]);
    expect(names(await findAll(operator, "q=nobody"))).toEqual([]);
    expect(names(await findAll(manager, "sort=name")).filter((name) => name.startsWith("Acc"))).toEqual(["Acc Manager Only", "Acc Sales And Manager"]);
  });

  it("a manager filter of a non-admin narrows to companies co-managed with that user, never beyond", async () => {
    expect(await accNames(sales, `manager=${manager.userId}`)).toEqual(["Acc Sales And Manager"]);
    expect(await accNames(sales, `manager=${sales.userId}`)).toEqual(["Acc Sales And Manager", "Acc Sales Only"]);
    expect(await accNames(sales, `manager=${otherSales.userId}`)).toEqual([]);
    expect(await accNames(operator, `manager=${otherSales.userId}`)).toEqual([]);
    const page = await find(manager, `manager=${sales.userId}`);
    expect(names(page.items)).toContain("Acc Sales And Manager");
    expect(names(page.items)).not.toContain("Acc Sales Only");
    expect(page.meta.requests).toBe(1);
    expect(names(await findAll(manager, `q=acc&manager=${sales.userId}`))).toEqual(["Acc Sales And Manager"]);
  });

  it("follows a change of managers and the trash", async () => {
    const moved = await createCompany({ name: "Acc Moving", managerIds: [sales.userId] });
    expect(names(await findAll(sales, "q=moving"))).toEqual(["Acc Moving"]);
    const patched = await api.call("PATCH", `/v1/companies/${moved.companyId}`, {
      token: await api.tokenFor(admin),
      body: { managerIds: [otherSales.userId] },
      headers: { "if-match": `"${moved.version}"` },
    });
    expect(patched.status).toBe(200);
    expect(names(await findAll(sales, "q=moving"))).toEqual([]);
    expect(names(await findAll(otherSales, "q=moving"))).toEqual(["Acc Moving"]);
    expect((await api.call("DELETE", `/v1/companies/${moved.companyId}`, { token: await api.tokenFor(admin) })).status).toBe(204);
    expect(names(await findAll(admin, "q=moving"))).toEqual([]);
    expect(names(await findAll(otherSales, "sort=name"))).not.toContain("Acc Moving");
    expect((await api.call("POST", `/v1/companies/${moved.companyId}/restore`, { token: await api.tokenFor(admin) })).status).toBe(200);
    expect(names(await findAll(otherSales, "q=moving"))).toEqual(["Acc Moving"]);
  });
});
