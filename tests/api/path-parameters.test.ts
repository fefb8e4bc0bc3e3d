import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { MAX_PATH_PARAMETER_LENGTH } from "../../packages/functions/src/api/path-params";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin } from "../fixtures/factories";

// Issue 15, item 4: `POST /v1/call-lists/{3000 × "a"}/entries/x/disposition` answered 500 (a
// DynamoDB key over 2 KB). Every path parameter of every route is checked before any handler.
let api: TestApi;
let admin: User;
let token: string;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  token = await api.tokenFor(admin);
});

const SOME_ID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
const plausible = (name: string) => (name === "pairId" ? `${SOME_ID}:${SOME_ID}` : name === "entityType" ? "contact" : SOME_ID);

/** Every route of the app with path parameters, from its own router. */
function parameterRoutes() {
  const seen = new Set<string>();
  return api.app.routes
    .filter((route) => route.method !== "ALL" && route.path.includes("/:"))
    .filter((route) => !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`))
    .map((route) => ({ method: route.method, path: route.path, names: route.path.split("/").filter((segment) => segment.startsWith(":")).map((segment) => segment.slice(1)) }));
}

const fill = (path: string, values: Record<string, string>) => path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(values[name]!));

describe("path parameters", () => {
  it("answers 400 naming the parameter (never 500) for a 3,000-character parameter on every route", async () => {
    const routes = parameterRoutes();
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const route of routes) {
      for (const name of route.names) {
        const values = Object.fromEntries(route.names.map((other) => [other, other === name ? "a".repeat(3000) : plausible(other)]));
        const path = fill(route.path, values);
        const response = await api.call(route.method, path, { token, ...(route.method === "GET" || route.method === "OPTIONS" ? {} : { body: {} }), headers: { "if-match": '"1"' } });
        const body = (await response.text()) || "{}";
        const fields = ((JSON.parse(body) as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);
        if (response.status !== 400 || !fields.includes(name)) failures.push(`${route.method} ${route.path} [${name}] → ${response.status} ${body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers the issue's request with a 400 naming listId, not a 500", async () => {
    const response = await api.call("POST", `/v1/call-lists/${"a".repeat(3000)}/entries/x/disposition`, { token, body: { disposition: "interested" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: "listId" }, { field: "entryId" }] });
  });

  it("checks ID formats where the parameter is an ID, and only the length elsewhere", async () => {
    const disposition = await api.call("POST", `/v1/call-lists/${SOME_ID}/entries/x/disposition`, { token, body: { disposition: "interested" } });
    expect(disposition.status).toBe(400);
    expect(await disposition.json()).toMatchObject({ errors: [{ field: "entryId" }] });
    const pair = await api.call("POST", `/v1/duplicates/${SOME_ID}/dismiss`, { token });
    expect(pair.status).toBe(400);
    expect(await pair.json()).toMatchObject({ errors: [{ field: "pairId" }] });
    // Not IDs: a phone, a custom field key, a chat source pass the router's check.
    expect((await api.call("DELETE", `/v1/blocked-numbers/${encodeURIComponent("+79161234567")}`, { token })).status).not.toBe(400);
    expect((await api.call("DELETE", "/v1/custom-fields/contact/no_such_key", { token })).status).toBe(404);
    const longPhone = await api.call("DELETE", `/v1/blocked-numbers/${"7".repeat(MAX_PATH_PARAMETER_LENGTH + 1)}`, { token });
    expect(longPhone.status).toBe(400);
    expect(await longPhone.json()).toMatchObject({ errors: [{ field: "phone" }] });
    // A static route beside a parameter route is not taken for an ID.
    expect((await api.call("GET", "/v1/companies/trash", { token })).status).toBe(200);
    expect((await api.call("GET", "/v1/users/directory", { token })).status).toBe(200);
  });
});
