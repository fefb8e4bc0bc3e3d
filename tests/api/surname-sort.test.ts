import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

// Issue 19: sort by surname beside sort by display name (GET /v1/contacts?sort=surname), on its
// own index (gsi6 of the list rows), in the organization language's alphabet; contacts without a
// surname come after every surname (ascending), among themselves by display name.
let api: TestApi;
let admin: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
});

type Item = { contactId: string; displayName: string; lastName?: string; firstName?: string };

const create = async (body: Record<string, unknown>, as: User = admin) => {
  const response = await api.call("POST", "/v1/contacts?duplicates=allow", { token: await api.tokenFor(as), body });
  expect(response.status, `${JSON.stringify(body)} ${response.status === 201 ? "" : await response.clone().text()}`).toBe(201);
  return (await response.json()) as Item;
};
const page = async (query: string, as: User = admin) => {
  const response = await api.call("GET", `/v1/contacts?${query}`, { token: await api.tokenFor(as) });
  expect(response.status, query).toBe(200);
  return (await response.json()) as { items: Item[]; cursor: string | null };
};
const fullName = (item: Item) => [item.lastName, item.firstName].filter(Boolean).join(" ") || item.displayName;

describe("GET /v1/contacts?sort=surname", () => {
  it("sorts by surname in the Russian alphabet (ё after е, й apart from и), then by first name; contacts without a surname last", async () => {
    const people = [
      ["Ёлкин", "Анна"], ["Ежов", "Борис"], ["Ершова", "Вера"], ["Иванов", "Яков"], ["Иванова", "Мария"], ["Иванов", "Антон"],
      ["Йорк", "Ли"], ["Жуков", "Пётр"], ["Иванов-Петров", "Глеб"], [undefined, "Вася"], [undefined, "Бета"],
    ] as const;
    for (const [lastName, firstName] of people) await create({ firstName, ...(lastName ? { lastName } : {}), tags: ["surname-order"] });

    const ascending = (await page("sort=surname&tag=surname-order&limit=50")).items.map(fullName);
    const descending = (await page("sort=surname&order=desc&tag=surname-order&limit=50")).items.map(fullName);

    expect(ascending).toEqual([
      "Ежов Борис", "Ершова Вера", "Ёлкин Анна", "Жуков Пётр",
      "Иванов Антон", "Иванов Яков", "Иванов-Петров Глеб", "Иванова Мария", "Йорк Ли",
      // No surname: after every surname, by display name.
      "Бета", "Вася",
    ]);
    expect(descending).toEqual([...ascending].reverse());
    // The name sort is another order over the same contacts.
    const byName = (await page("sort=name&tag=surname-order&limit=50")).items.map(fullName);
    expect(byName).not.toEqual(ascending);
    expect([...byName].sort()).toEqual([...ascending].sort());
  });

  it("pages over the surname order with cursors, without gaps or repeats, both ways", async () => {
    const surnames = ["Павлов", "Абрамов", "Фёдоров", "Федоров", "Орлов", "Шилов", "Борисов", "Зайцев", "Яшин", "Ёжиков", "Ершов", "Кузнецов", "Лебедев"];
    for (const lastName of surnames) await create({ firstName: "Тест", lastName, tags: ["surname-paging"] });
    for (const order of ["asc", "desc"]) {
      const whole = (await page(`sort=surname&order=${order}&tag=surname-paging&limit=50`)).items.map((item) => item.contactId);
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const next: { items: Item[]; cursor: string | null } = await page(`sort=surname&order=${order}&tag=surname-paging&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        walked.push(...next.items.map((item) => item.contactId));
        cursor = next.cursor;
        pages++;
      } while (cursor && pages < 5);
      expect(pages).toBe(2);
      expect(walked).toEqual(whole);
      expect(whole).toHaveLength(surnames.length);
    }
  });

  it("a sales user sees only the contacts they may see, in surname order, as in the name sort", async () => {
    const olga = await seedUser(admin, "sales", "Olga Surname");
    const pavel = await seedUser(admin, "sales", "Pavel Surname");
    await create({ firstName: "Свой", lastName: "Яковлев", tags: ["surname-access"] }, olga);
    await create({ firstName: "Свой", lastName: "Андреев", tags: ["surname-access"] }, olga);
    await create({ firstName: "Общий", lastName: "Мельников", sharing: "read", tags: ["surname-access"] }, pavel);
    await create({ firstName: "Чужой", lastName: "Борисов", tags: ["surname-access"] }, pavel);
    await create({ firstName: "Админа", lastName: "Архипов", tags: ["surname-access"] });

    const olgaSees = (await page("sort=surname&tag=surname-access&limit=50", olga)).items.map(fullName);
    const olgaByName = (await page("sort=name&tag=surname-access&limit=50", olga)).items.map(fullName);
    const pavelSees = (await page("sort=surname&tag=surname-access&limit=50", pavel)).items.map(fullName);

    expect(olgaSees).toEqual(["Андреев Свой", "Мельников Общий", "Яковлев Свой"]);
    expect([...olgaByName].sort()).toEqual([...olgaSees].sort());
    expect(pavelSees).toEqual(["Борисов Чужой", "Мельников Общий"]);
  });

  it("refuses an unknown sort, naming the parameter", async () => {
    const response = await api.call("GET", "/v1/contacts?sort=middleName", { token: await api.tokenFor(admin) });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("sort");
  });
});
