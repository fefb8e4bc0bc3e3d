import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let sales: User;
let other: User;

beforeAll(async () => {
  api = await createTestApi();
  const admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam");
  other = await seedUser(admin, "sales", "Olga");
});

const send = async (user: User, method: string, path: string, body?: unknown) => api.call(method, path, { token: await api.tokenFor(user), ...(body === undefined ? {} : { body }) });

describe("saved views", () => {
  it("saves, lists, changes and deletes a user's own views; another's view is a 404", async () => {
    const created = await send(sales, "POST", "/v1/views", { name: "VIP leads", filters: { tag: ["vip"], type: "lead", active: "any" }, sort: "name", order: "asc", columns: ["name", "phone", "tags"], pageSize: 50 });
    expect(created.status).toBe(201);
    const view = (await created.json()) as { viewId: string; name: string };
    expect(view).toMatchObject({ name: "VIP leads", filters: { tag: ["vip"], type: "lead", active: "any" }, sort: "name", order: "asc", columns: ["name", "phone", "tags"], pageSize: 50 });

    expect(((await (await send(sales, "GET", "/v1/views")).json()) as { items: unknown[] }).items).toHaveLength(1);
    expect(((await (await send(other, "GET", "/v1/views")).json()) as { items: unknown[] }).items).toHaveLength(0);
    expect((await send(other, "GET", `/v1/views/${view.viewId}`)).status).toBe(404);
    expect((await send(other, "PATCH", `/v1/views/${view.viewId}`, { name: "Mine now" })).status).toBe(404);
    expect((await send(other, "DELETE", `/v1/views/${view.viewId}`)).status).toBe(404);

    const changed = await send(sales, "PATCH", `/v1/views/${view.viewId}`, { name: "VIP", pageSize: 10 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ name: "VIP", pageSize: 10, sort: "name" });
    expect((await send(sales, "DELETE", `/v1/views/${view.viewId}`)).status).toBe(204);
    expect((await send(sales, "GET", `/v1/views/${view.viewId}`)).status).toBe(404);
  });

  it("answers 400 naming the field for bad views, and stores nothing", async () => {
    const before = (await api.table.items()).length;
    const cases: [unknown, string][] = [
      [{ name: "" }, "name"],
      [{ name: "x", pageSize: 30 }, "pageSize"],
      [{ name: "x", columns: ["salary"] }, "columns[0]"],
      [{ name: "x", filters: { type: "friend" } }, "filters"],
      [{ name: "x", filters: { cursor: "abc" } }, "filters"],
      [{ name: "x", sort: "size" }, "sort"],
      [{ name: "x", colour: "red" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const response = await send(sales, "POST", "/v1/views", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { errors: { field: string }[] }).errors.map((error) => error.field), JSON.stringify(body)).toContain(field);
    }
    expect((await api.table.items()).length).toBe(before);
  });
});
