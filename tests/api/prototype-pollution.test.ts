import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

// Issue 15, item 1: `GET /v1/contacts?cf.__proto__=x` set Object.prototype.eq for the whole
// process (then /v1/views, /v1/jobs, /v1/call-lists answered 500 and sign-in failed). Every route
// gets the reserved keys in its query and body; each is a 400 naming the key, and the process is
// clean afterwards.
let api: TestApi;
let admin: User;
let token: string;
const snapshot = (target: object) => Object.getOwnPropertyNames(target).sort();
const clean = { object: snapshot(Object.prototype), objectFunction: snapshot(Object), array: snapshot(Array.prototype), functionPrototype: snapshot(Function.prototype) };

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  token = await api.tokenFor(admin);
});

afterAll(() => {
  // Never leave a polluted process behind for the next file in this worker.
  for (const key of ["eq", "min", "max", "polluted", "x"]) {
    delete (Object.prototype as Record<string, unknown>)[key];
    delete (Object as unknown as Record<string, unknown>)[key];
  }
});

const SOME_ID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
const plausible: Record<string, string> = { pairId: `${SOME_ID}:${SOME_ID}`, entityType: "contact", key: "size", phone: "+79161234567", number: "+74951234567", source: "telegram", callKey: "key" };
const fill = (path: string) => path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(plausible[name] ?? SOME_ID));

function everyRoute() {
  const seen = new Set<string>();
  return api.app.routes
    .filter((route) => route.method !== "ALL" && route.method !== "OPTIONS" && route.path.startsWith("/v1/"))
    .filter((route) => !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`))
    .map((route) => ({ method: route.method, path: fill(route.path), template: route.path }));
}

const queries = ["cf.__proto__=x", "cf.constructor.min=x", "__proto__[eq]=x", "constructor.prototype.eq=x", "prototype=x"];
// Raw JSON: JSON.stringify would drop an object literal's __proto__, JSON.parse keeps it as an own key.
const jsonBodies = [
  '{"__proto__":{"eq":"x","polluted":"yes"}}',
  '{"firstName":"A","custom":{"__proto__":{"eq":"x"}},"constructor":{"prototype":{"eq":"x"}}}',
  '{"filter":{"custom":{"__proto__":{"eq":"x"}}},"fields":{"constructor":"firstName"},"mapping":{"__proto__":"firstName"},"entries":[{"prototype":{"eq":"x"}}]}',
];
const formBodies = ["constructor=x&mail=a%40example.com", "__proto__%5Beq%5D=x"];

describe("prototype pollution", () => {
  it("answers 400 naming the reserved key on every route, in the query and in the body", async () => {
    const routes = everyRoute();
    expect(routes.length).toBeGreaterThan(80);
    const failures: string[] = [];
    const expectRefused = async (label: string, response: Response, reserved: RegExp) => {
      const text = await response.text();
      const fields = response.status === 400 ? ((JSON.parse(text) as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field) : [];
      if (response.status !== 400 || !fields.some((field) => reserved.test(field))) failures.push(`${label} → ${response.status} ${text.slice(0, 100)}`);
    };
    const reserved = /__proto__|constructor|prototype/;
    for (const route of routes) {
      for (const query of queries) {
        const response = await api.call(route.method, `${route.path}?${query}`, { token, headers: { "if-match": '"1"' } });
        await expectRefused(`${route.method} ${route.template}?${query}`, response, reserved);
      }
      if (route.method === "GET") continue;
      for (const body of jsonBodies) {
        const response = await api.call(route.method, route.path, { token, rawBody: body, headers: { "content-type": "application/json", "if-match": '"1"' } });
        await expectRefused(`${route.method} ${route.template} ${body.slice(0, 40)}`, response, reserved);
      }
      for (const body of formBodies) {
        const response = await api.call(route.method, route.path, { token, rawBody: body, headers: { "content-type": "application/x-www-form-urlencoded", "if-match": '"1"' } });
        await expectRefused(`${route.method} ${route.template} form ${body}`, response, reserved);
      }
    }
    expect(failures).toEqual([]);
  });

  it("leaves the process clean: no new keys on Object.prototype, and sign-in and the lists work", async () => {
    expect(({} as Record<string, unknown>).eq).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect({ object: snapshot(Object.prototype), objectFunction: snapshot(Object), array: snapshot(Array.prototype), functionPrototype: snapshot(Function.prototype) }).toEqual(clean);
    // Sign-in through the issuer's code flow, for a user who has no cached token.
    const fresh = await seedUser(admin, "sales", "Fresh");
    const freshToken = await api.tokenFor(fresh);
    for (const path of ["/v1/views", "/v1/jobs", "/v1/call-lists", "/v1/contacts"]) {
      expect((await api.call("GET", path, { token: freshToken })).status, path).toBe(200);
    }
  });

  it("refuses reserved names where they are values that become keys: custom field keys and form field names", async () => {
    for (const key of ["constructor", "prototype"]) {
      const response = await api.call("POST", "/v1/custom-fields", { token, body: { entityType: "contact", key, label: "X", type: "text" } });
      expect(response.status, key).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ field: "key" }] });
    }
    const form = await api.call("POST", "/v1/forms", { token, body: { name: "F", fields: { email: "email" }, ownerId: admin.userId, honeypotField: "constructor" } });
    expect(form.status).toBe(400);
    expect(await form.json()).toMatchObject({ errors: [{ field: "honeypotField" }] });
  });
});
