import { beforeAll, describe, expect, it } from "vitest";
import { Companies } from "../../packages/core/src/companies";
import { Contacts } from "../../packages/core/src/contacts";
import { CustomFields } from "../../packages/core/src/custom-fields";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

/**
 * Finding contacts through `GET /v1/contacts`: every filter, the sort orders, pagination while
 * contacts are added, search (name, phone, email) and access limits per role. Real HTTP and
 * DynamoDB Local; contacts are seeded through the domain (the same write paths as the API).
 */
let api: TestApi;
let admin: User;
let manager: User;
let salesA: User;
let salesB: User;
let operator: User;
let companyX: string;
const ids: Record<string, string> = {};

type Page = { items: { contactId: string; displayName: string; phone?: string; tags?: string[]; custom?: Record<string, unknown> }[]; cursor: string | null; meta: { requests: number; itemsRead: number; searchedBy?: string; bounded: boolean } };

async function find(user: User, query: string, status = 200): Promise<Page> {
  const response = await api.call("GET", `/v1/contacts${query ? `?${query}` : ""}`, { token: await api.tokenFor(user) });
  const body = await response.json();
  expect(response.status, `${query}: ${JSON.stringify(body)}`).toBe(status);
  return body as Page;
}
const names = (page: Page) => page.items.map((item) => item.displayName);
const idsOf = (page: Page) => page.items.map((item) => item.contactId);
const sortedNames = (page: Page) => names(page).sort();
const sorted = (list: string[]) => [...list].sort();

const create = (user: User, input: Record<string, unknown>) => asUser(user, () => Contacts.create(input as Contacts.CreateContactInput));

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager", "Mila Manager", "north");
  salesA = await seedUser(admin, "sales", "Sasha North", "north");
  salesB = await seedUser(admin, "sales", "Boris South", "south");
  operator = await seedUser(admin, "operator", "Olga Operator");
  await asUser(admin, () => CustomFields.define({ entityType: "contact", key: "budget", label: "Budget", type: "number" }));
  await asUser(admin, () => CustomFields.define({ entityType: "contact", key: "region", label: "Region", type: "select", options: ["North", "South"] }));
  companyX = (await asUser(admin, () => Companies.create({ name: "Acme", managerIds: [salesA.userId, salesB.userId] }))).companyId;

  ids.anna = (await create(salesA, { firstName: "Анна", lastName: "Петрова", phones: [{ number: "+79161234567", type: "mobile" }], emails: ["Anna.Petrova@Example.com"], tags: ["VIP"], companyId: companyX, contactType: "client", custom: { budget: 100, region: "North" } })).contactId;
  ids.boris = (await create(salesA, { firstName: "Boris", lastName: "Ivanov", tags: ["vip", "hot"], doNotCall: true, contactType: "lead", custom: { budget: 500 } })).contactId;
  ids.yolka = (await create(salesB, { firstName: "Ёлка", lastName: "Семёнова", tags: ["hot"], companyId: companyX, sharing: "read", doNotEmail: true })).contactId;
  ids.zoe = (await create(salesB, { firstName: "Zoe", lastName: "Adams", phones: [{ number: "+79031112233", type: "work" }], emails: ["zoe@adams.io"] })).contactId;
  ids.idle = (await create(salesA, { firstName: "Idle", lastName: "Person", active: false })).contactId;
  ids.api = (await create(operator, { firstName: "Api", lastName: "Made", source: { kind: "api" } })).contactId;
});

describe("filters", () => {
  it("applies each filter, indexed or not, as an admin", async () => {
    expect(sortedNames(await find(admin, "limit=50"))).toEqual(sorted(["Api Made", "Boris Ivanov", "Zoe Adams", "Анна Петрова", "Ёлка Семёнова"]));
    expect(sortedNames(await find(admin, "tag=VIP"))).toEqual(sorted(["Boris Ivanov", "Анна Петрова"]));
    expect(sortedNames(await find(admin, "tag=vip&tag=hot"))).toEqual(sorted(["Boris Ivanov"]));
    expect(sortedNames(await find(admin, `owner=${salesB.userId}`))).toEqual(sorted(["Zoe Adams", "Ёлка Семёнова"]));
    expect(sortedNames(await find(admin, `company=${companyX}`))).toEqual(sorted(["Анна Петрова", "Ёлка Семёнова"]));
    expect(sortedNames(await find(admin, `company=${companyX}&tag=hot`))).toEqual(sorted(["Ёлка Семёнова"]));
    expect(sortedNames(await find(admin, `owner=${salesA.userId}&tag=vip`))).toEqual(sorted(["Boris Ivanov", "Анна Петрова"]));
    expect(sortedNames(await find(admin, "source=api"))).toEqual(sorted(["Api Made"]));
    expect(sortedNames(await find(admin, "type=lead"))).toEqual(sorted(["Boris Ivanov"]));
    expect(sortedNames(await find(admin, "doNotCall=true"))).toEqual(sorted(["Boris Ivanov"]));
    expect(sortedNames(await find(admin, "doNotEmail=true"))).toEqual(sorted(["Ёлка Семёнова"]));
    expect(sortedNames(await find(admin, "doNotCall=false&tag=vip"))).toEqual(sorted(["Анна Петрова"]));
    expect(sortedNames(await find(admin, "active=false"))).toEqual(sorted(["Idle Person"]));
    expect(await find(admin, "active=any&limit=50").then((page) => page.items.length)).toBe(6);
    expect(sortedNames(await find(admin, "cf.budget.min=200"))).toEqual(sorted(["Boris Ivanov"]));
    expect(sortedNames(await find(admin, "cf.budget.min=50&cf.budget.max=150"))).toEqual(sorted(["Анна Петрова"]));
    expect(sortedNames(await find(admin, "cf.budget=500"))).toEqual(sorted(["Boris Ivanov"]));
    expect(sortedNames(await find(admin, "cf.region=north"))).toEqual(sorted(["Анна Петрова"]));
    // Custom values come back by key.
    expect((await find(admin, "cf.region=north")).items[0]!.custom).toEqual({ budget: 100, region: "North" });
  });

  it("filters created and updated ranges, as key conditions and as filters", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const all = (await find(admin, "limit=50")).items.length;
    for (const sort of ["created", "updated", "name"]) {
      expect((await find(admin, `sort=${sort}&createdFrom=${today}&limit=50`)).items.length, sort).toBe(all);
      expect((await find(admin, `sort=${sort}&updatedTo=2000-01-01`)).items, sort).toEqual([]);
      expect((await find(admin, `sort=${sort}&createdFrom=2999-01-01`)).items, sort).toEqual([]);
      expect((await find(admin, `sort=${sort}&updatedFrom=2000-01-01&updatedTo=2999-12-31&limit=50`)).items.length, sort).toBe(all);
    }
  });

  it("answers 400 naming the field for bad filter values, and reads nothing", async () => {
    const cases: [string, string][] = [
      ["owner=nope", "owner"],
      ["type=friend", "type"],
      ["source=fax", "source"],
      ["doNotCall=yes", "doNotCall"],
      ["active=maybe", "active"],
      ["createdFrom=yesterday", "createdFrom"],
      ["createdFrom=2026-02-01&createdTo=2026-01-01", "createdTo"],
      ["cf.unknown=1", "cf.unknown"],
      ["cf.budget=lots", "cf.budget"],
      ["cf.region.min=a", "cf.region.min"],
      ["order=up", "order"],
      ["sort=name&sort=created", "sort"],
      ["q=12345", "q"],
    ];
    for (const [query, field] of cases) {
      const response = await api.call("GET", `/v1/contacts?${query}`, { token: await api.tokenFor(admin) });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await response.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((error) => error.field), query).toContain(field);
    }
  });
});

describe("sorting", () => {
  it("sorts by name, created and updated, both ways", async () => {
    const byName = names(await find(admin, "sort=name&limit=50"));
    expect(byName).toEqual(["Api Made", "Boris Ivanov", "Zoe Adams", "Анна Петрова", "Ёлка Семёнова"]);
    expect(names(await find(admin, "sort=name&order=desc&limit=50"))).toEqual([...byName].reverse());
    const created = [ids.anna, ids.boris, ids.yolka, ids.zoe, ids.api];
    expect(idsOf(await find(admin, "sort=created&order=asc&limit=50"))).toEqual(created);
    expect(idsOf(await find(admin, "limit=50"))).toEqual([...created].reverse());
    // Touch Boris: he becomes the most recently updated.
    const boris = await asUser(admin, () => Contacts.getForEngine(ids.boris!));
    await asUser(admin, () => Contacts.update(ids.boris!, boris!.version, { position: "CEO" }));
    const updatedDesc = idsOf(await find(admin, "sort=updated&limit=50"));
    expect(updatedDesc[0]).toBe(ids.boris);
    expect(idsOf(await find(admin, "sort=updated&order=asc&limit=50"))).toEqual([...updatedDesc].reverse());
  });
});

describe("pagination", () => {
  it("pages without duplicates or gaps while contacts are added in between, for every sort and role", async () => {
    const owner = await seedUser(admin, "sales", "Paging Person", "east");
    const seeded: string[] = [];
    for (let index = 0; index < 25; index++) seeded.push((await create(owner, { firstName: `Page${String(index).padStart(2, "0")}`, lastName: "Paged", tags: ["paging"] })).contactId);
    for (const [user, sort] of [[admin, "created"], [admin, "name"], [owner, "updated"], [owner, "name"], [admin, "updated"]] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await find(user, `tag=paging&sort=${sort}&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        seen.push(...idsOf(page));
        cursor = page.cursor;
        pages++;
        // Someone adds contacts (at both ends of the name order) between page requests.
        if (pages === 1) {
          await create(owner, { firstName: "Aaa", lastName: `Early${sort}`, tags: ["late"] });
          await create(owner, { firstName: "Zzz", lastName: `Late${sort}`, tags: ["late"] });
        }
      } while (cursor && pages < 10);
      expect(new Set(seen).size, `${sort}: duplicates`).toBe(seen.length);
      expect(new Set(seen), `${sort}: gaps`).toEqual(new Set(seeded));
      expect(pages).toBe(3);
    }
  });

  it("refuses a tampered cursor, or one from another filter or user, with 400", async () => {
    // The last page says so: no cursor.
    expect((await find(admin, "limit=10&type=lead")).cursor).toBeNull();
    const paged = await find(admin, "limit=10&tag=paging");
    expect(paged.cursor).toBeTruthy();
    const cursor = paged.cursor!;
    const [payload, mac] = cursor.split(".");
    const tampered = `${Buffer.from("ZZZZZZZZZZ", "utf8").toString("base64url")}.${mac}`;
    for (const [user, query] of [
      [admin, `limit=10&tag=paging&cursor=${encodeURIComponent(tampered)}`],
      [admin, `limit=10&tag=paging&cursor=${encodeURIComponent(`${payload}.${"A".repeat(22)}`)}`],
      [admin, `limit=10&tag=late&cursor=${encodeURIComponent(cursor)}`],
      [salesA, `limit=10&tag=paging&cursor=${encodeURIComponent(cursor)}`],
    ] as const) {
      const response = await api.call("GET", `/v1/contacts?${query}`, { token: await api.tokenFor(user) });
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("cursor");
    }
  });
});

describe("search", () => {
  it("finds by a name prefix, case- and accent-insensitive, Cyrillic included", async () => {
    expect(names(await find(admin, "q=анна"))).toEqual(["Анна Петрова"]);
    expect(names(await find(admin, "q=АН"))).toEqual(["Анна Петрова"]);
    expect(names(await find(admin, `q=${encodeURIComponent("елка")}`))).toEqual(["Ёлка Семёнова"]);
    expect(names(await find(admin, `q=${encodeURIComponent("семен")}`))).toEqual(["Ёлка Семёнова"]);
    expect(names(await find(admin, `q=${encodeURIComponent("Анна Пет")}`))).toEqual(["Анна Петрова"]);
    expect(names(await find(admin, `q=${encodeURIComponent("Анна Ив")}`))).toEqual([]);
    expect((await find(admin, "q=zo")).meta).toMatchObject({ searchedBy: "name", requests: 1 });
  });

  it("finds by a phone in any format or its last 7 digits, in 1 request", async () => {
    for (const typed of ["8 (916) 123-45-67", "+7 916 1234567", "89161234567", "1234567", "916-123-45-67"]) {
      const page = await find(admin, `q=${encodeURIComponent(typed)}`);
      expect(names(page), typed).toEqual(["Анна Петрова"]);
      expect(page.meta, typed).toMatchObject({ searchedBy: "phone", requests: 1 });
    }
    const problem = await api.call("GET", `/v1/contacts?q=${encodeURIComponent("45-67")}`, { token: await api.tokenFor(admin) });
    expect(problem.status).toBe(400);
  });

  it("finds by an email, exact or prefix, any case, in 1 request", async () => {
    for (const typed of ["anna.petrova@example.com", "ANNA.PETROVA@EXAMPLE.COM", "anna.petrova@ex"]) {
      const page = await find(salesA, `q=${encodeURIComponent(typed)}`);
      expect(names(page), typed).toEqual(["Анна Петрова"]);
      expect(page.meta, typed).toMatchObject({ searchedBy: "email", requests: 1 });
    }
  });
});

describe("access in lists and search", () => {
  it("lists only what each role may see", async () => {
    const visible = async (user: User) => sortedNames(await find(user, "limit=50&active=any")).filter((name) => !/Paged|Early|Late/.test(name));
    // salesA: own (Анна, Boris, Idle) + shared (Ёлка).
    expect(await visible(salesA)).toEqual(sorted(["Boris Ivanov", "Idle Person", "Анна Петрова", "Ёлка Семёнова"]));
    // salesB: own (Ёлка, Zoe).
    expect(await visible(salesB)).toEqual(sorted(["Zoe Adams", "Ёлка Семёнова"]));
    // manager of north: salesA's contacts (team) + shared.
    expect(await visible(manager)).toEqual(sorted(["Boris Ivanov", "Idle Person", "Анна Петрова", "Ёлка Семёнова"]));
    // operator: own + shared.
    expect(await visible(operator)).toEqual(sorted(["Api Made", "Ёлка Семёнова"]));
    expect((await visible(admin)).length).toBe(6);
    // Owner filters per role: sales on another owner sees only what that owner shares.
    expect(sortedNames(await find(salesA, `owner=${salesB.userId}`))).toEqual(sorted(["Ёлка Семёнова"]));
    expect(sortedNames(await find(manager, `owner=${salesA.userId}`))).toEqual(sorted(["Boris Ivanov", "Анна Петрова"]));
    expect(sortedNames(await find(salesA, `owner=${salesA.userId}&tag=vip`))).toEqual(sorted(["Boris Ivanov", "Анна Петрова"]));
    // Pages of indexed filters: ≤ 3 requests.
    expect((await find(manager, "tag=vip")).meta.requests).toBeLessThanOrEqual(3);
  });

  it("finds by name, phone and email only what each role may see", async () => {
    const cases: [string, User[], User[]][] = [
      ["q=zoe", [admin, salesB], [salesA, manager, operator]],
      [`q=${encodeURIComponent("+7 903 111-22-33")}`, [admin, salesB], [salesA, manager, operator]],
      ["q=zoe@adams.io", [admin, salesB], [salesA, manager, operator]],
      [`q=${encodeURIComponent("8 916 123 45 67")}`, [admin, salesA, manager], [salesB, operator]],
      [`q=${encodeURIComponent("ёлка")}`, [admin, salesA, salesB, manager, operator], []],
      ["q=boris", [admin, salesA, manager], [salesB, operator]],
    ];
    for (const [query, allowed, denied] of cases) {
      for (const user of allowed) expect((await find(user, query)).items.length, `${query} as ${user.name}`).toBe(1);
      for (const user of denied) expect((await find(user, query)).items, `${query} as ${user.name}`).toEqual([]);
    }
  });
});

describe("transaction size", () => {
  it("answers 422 problem+json naming the field when a contact's write would exceed 100 items, and writes nothing", async () => {
    const before = (await api.table.items()).length;
    const tags = Array.from({ length: 20 }, (_, index) => `many${index}`);
    const response = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(salesA), body: { firstName: "Too", lastName: "Many", tags, sharing: "read" } });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("tags");
    expect((await api.table.items()).length).toBe(before);
  });
});
