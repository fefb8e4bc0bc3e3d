import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin } from "../fixtures/factories";

// Issue 19: the name lists sort in the alphabet of the organization's language (the stored key
// follows it: ё after е, й apart from и; Romanian ă, â after a, î after i, ș after s, ț after t).
let api: TestApi;
let admin: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
});

const create = async (path: string, body: Record<string, unknown>) => {
  const response = await api.call("POST", path, { token: await api.tokenFor(admin), body });
  expect(response.status, JSON.stringify(body)).toBe(201);
};
const listed = async (path: string) => {
  const response = await api.call("GET", path, { token: await api.tokenFor(admin) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { displayName?: string; name?: string }[] }).items.map((item) => item.displayName ?? item.name);
};

describe("sort by name follows the alphabet", () => {
  it("Russian contacts: ё after е (not mixed with it), й after и (not mixed with it)", async () => {
    for (const firstName of ["Ёлкин", "Жуков", "Ежов", "Йорк", "Иванов", "Кац", "Ильин", "Ёж", "Еремеев"]) await create("/v1/contacts", { firstName });
    const names = (await listed("/v1/contacts?sort=name&limit=50")).filter((name) => /^[ЕЁЖИЙК]/.test(name!));
    // Stripping accents (the old key) gave Еж < Ежов < Елкин < Еремеев and Иванов < Ильин < Йорк mixed as и.
    expect(names).toEqual(["Ежов", "Еремеев", "Ёж", "Ёлкин", "Жуков", "Иванов", "Ильин", "Йорк", "Кац"]);
    expect(await listed("/v1/contacts?sort=name&order=desc&limit=50").then((all) => all.filter((name) => /^[ЕЁЖИЙК]/.test(name!)))).toEqual([...names].reverse());
  });

  it("Romanian companies: ă and â after a, î after i, ș (and the cedilla ş) after s, ț after t", async () => {
    for (const name of ["Țurcan SRL", "Tudor SRL", "Ştefan SRL", "Sava SRL", "Știrbu SRL", "Ursu SRL", "Ăla SRL", "Azur SRL", "Bala SRL", "Âna SRL", "Ion SRL", "Îndrea SRL", "Jitaru SRL"]) {
      await create("/v1/companies", { name });
    }
    expect(await listed("/v1/companies?sort=name&limit=50")).toEqual([
      "Azur SRL", "Ăla SRL", "Âna SRL", "Bala SRL", "Ion SRL", "Îndrea SRL", "Jitaru SRL",
      "Sava SRL", "Ştefan SRL", "Știrbu SRL", "Tudor SRL", "Țurcan SRL", "Ursu SRL",
    ]);
  });
});
