import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { contactInput, seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let admin: User;
let sales: User;
let otherSales: User;
let marketeer: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  otherSales = await seedUser(admin, "sales", "Olga Sales");
  marketeer = await seedUser(admin, "marketeer");
});

const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };
};

async function createContact(user: User, body: Record<string, unknown> = contactInput()) {
  const response = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(user), body });
  expect(response.status).toBe(201);
  return (await response.json()) as { contactId: string; version: number; ownerId: string; phones: { number: string; primary: boolean }[]; emails: { address: string; primary: boolean }[]; displayName: string };
}

describe("authentication", () => {
  it("refuses a request without a token with 401 problem+json", async () => {
    const response = await api.call("GET", "/v1/contacts");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect((await problemOf(response)).title).toBe("Unauthorized");
  });

  it("refuses a forged, tampered or garbage token with 401", async () => {
    const token = await api.tokenFor(sales);
    const [header, payload, signature] = token.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), properties: { userId: sales.userId, role: "admin" } })).toString("base64url");
    for (const bad of [`${header}.${forgedPayload}.${signature}`, "not-a-jwt", `${token}x`]) {
      const response = await api.call("GET", "/v1/contacts", { token: bad });
      expect(response.status).toBe(401);
    }
  });

  it("refuses a wrong password at the issuer: no token is issued", async () => {
    await expect(api.tokenFor(sales, "wrong password!!")).rejects.toThrow(/Sign-in failed with status 401/);
  });

  it("gives codes only to known clients, exact redirect URIs and the code flow", async () => {
    const authorize = (query: string) => api.issuer.request(`http://localhost/authorize?provider=password&${query}`);
    const good = await authorize(`client_id=tests&response_type=code&redirect_uri=${encodeURIComponent("http://localhost/callback")}`);
    expect(good.status).toBe(302);
    for (const bad of [
      `client_id=tests&response_type=code&redirect_uri=${encodeURIComponent("https://evil.lambda-url.eu-central-1.on.aws/")}`,
      `client_id=stranger&response_type=code&redirect_uri=${encodeURIComponent("http://localhost/callback")}`,
      `client_id=tests&response_type=token&redirect_uri=${encodeURIComponent("http://localhost/callback")}`,
    ]) {
      const response = await authorize(bad);
      const location = response.headers.get("location") ?? "";
      // Refused before the sign-in form: at most an error comes back, never a code or token.
      expect(location.startsWith("http://localhost/password")).toBe(false);
      expect(location).not.toMatch(/[?&#](code|access_token)=/);
      if (response.status === 302) expect(location).toMatch(/error=/);
    }
  });

  it("answers /v1/me with the signed-in user", async () => {
    const response = await api.call("GET", "/v1/me", { token: await api.tokenFor(sales) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId: sales.userId, role: "sales", email: sales.email });
  });
});

describe("users", () => {
  it("lets an admin create a user, who can then sign in", async () => {
    const response = await api.call("POST", "/v1/users", {
      token: await api.tokenFor(admin),
      body: { email: "Olivia.Operator@Example.com", name: "Olivia", role: "operator", password: "operator-password-1" },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as User;
    expect(created).toMatchObject({ email: "olivia.operator@example.com", role: "operator" });
    expect(created).not.toHaveProperty("passwordHash");
    const token = await api.tokenFor({ email: "olivia.operator@example.com" }, "operator-password-1");
    const me = await api.call("GET", "/v1/me", { token });
    expect(((await me.json()) as User).role).toBe("operator");
  });

  it("answers 403 when a role lacks the right to create users", async () => {
    const response = await api.call("POST", "/v1/users", {
      token: await api.tokenFor(sales),
      body: { email: "x@example.com", name: "X", role: "admin", password: "long enough password" },
    });
    expect(response.status).toBe(403);
    expect((await problemOf(response)).detail).toMatch(/admin/i);
  });

  it("answers 409 for an email already taken", async () => {
    const response = await api.call("POST", "/v1/users", {
      token: await api.tokenFor(admin),
      body: { email: sales.email, name: "Dup", role: "sales", password: "long enough password" },
    });
    expect(response.status).toBe(409);
  });
});

describe("contacts: create, get, list", () => {
  it("creates a contact with E.164 phones and the owner from the token, not the body", async () => {
    const created = await createContact(sales, contactInput({ phones: [{ number: "8 (916) 123-45-67" }, { number: "+7 916 765 4321", type: "work" }] }));
    expect(created.phones.map((phone) => phone.number)).toEqual(["+79161234567", "+79167654321"]);
    expect(created.emails).toEqual([{ address: "Anna.Petrova@example.com", primary: true }]);
    expect(created.ownerId).toBe(sales.userId);
    expect(created.displayName).toBe("Anna Petrova");
    const fetched = await api.call("GET", `/v1/contacts/${created.contactId}`, { token: await api.tokenFor(sales) });
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("etag")).toBe('"1"');
    expect(await fetched.json()).toMatchObject({ contactId: created.contactId, phones: created.phones });
  });

  it("refuses server-owned fields (owner, version, timestamps) in the body", async () => {
    for (const field of ["ownerId", "version", "createdAt", "contactId", "deletedAt"]) {
      const response = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(sales), body: { firstName: "Eve", [field]: "x" } });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.field)).toContain(field);
    }
  });

  it("pages through contacts with cursors in pages of 10, 20 or 50, without gaps or duplicates", async () => {
    const token = await api.tokenFor(otherSales);
    const made = new Set<string>();
    for (let i = 0; i < 23; i++) made.add((await createContact(otherSales, { firstName: `Page${i}` })).contactId);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=10&cursor=${encodeURIComponent(cursor)}` : "?limit=10";
      const response = await api.call("GET", `/v1/contacts${query}`, { token });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { contactId: string }[]; cursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(10);
      seen.push(...page.items.map((item) => item.contactId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(made);
    expect(pages).toBeGreaterThanOrEqual(3);
    // Newest first.
    expect([...seen]).toEqual([...seen].sort().reverse());
  });

  it("only lists and shows contacts the user may see; another's contact answers 404 like a missing one", async () => {
    const mine = await createContact(sales, { firstName: "Mine" });
    const theirs = await createContact(otherSales, { firstName: "Theirs" });
    const list = (await (await api.call("GET", "/v1/contacts?limit=50", { token: await api.tokenFor(sales) })).json()) as { items: { contactId: string; ownerIds: string[] }[] };
    expect(list.items.some((item) => item.contactId === mine.contactId)).toBe(true);
    expect(list.items.every((item) => item.ownerIds.includes(sales.userId))).toBe(true);
    const hidden = await api.call("GET", `/v1/contacts/${theirs.contactId}`, { token: await api.tokenFor(sales) });
    const missing = await api.call("GET", `/v1/contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV`, { token: await api.tokenFor(sales) });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    const [hiddenBody, missingBody] = [await hidden.json(), await missing.json()];
    expect(hiddenBody).toEqual(missingBody);
    const patch = await api.call("PATCH", `/v1/contacts/${theirs.contactId}`, { token: await api.tokenFor(sales), body: { firstName: "Mine now" }, headers: { "if-match": '"1"' } });
    expect(patch.status).toBe(404);
    const adminView = await api.call("GET", `/v1/contacts/${theirs.contactId}`, { token: await api.tokenFor(admin) });
    expect(adminView.status).toBe(200);
  });
});

describe("contacts: update with If-Match", () => {
  it("updates with the current version and answers 412 for a stale one", async () => {
    const created = await createContact(sales, { firstName: "Ivan", phones: [{ number: "+79031112233" }] });
    const token = await api.tokenFor(sales);
    const first = await api.call("PATCH", `/v1/contacts/${created.contactId}`, { token, body: { lastName: "Ivanov" }, headers: { "if-match": '"1"' } });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"2"');
    expect(await first.json()).toMatchObject({ displayName: "Ivan Ivanov", version: 2 });
    const stale = await api.call("PATCH", `/v1/contacts/${created.contactId}`, { token, body: { lastName: "Petrov" }, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(412);
    const now = (await (await api.call("GET", `/v1/contacts/${created.contactId}`, { token })).json()) as { lastName: string };
    expect(now.lastName).toBe("Ivanov");
  });

  it("answers 428 without If-Match and 400 for a malformed one", async () => {
    const created = await createContact(sales, { firstName: "NoMatch" });
    const token = await api.tokenFor(sales);
    const missing = await api.call("PATCH", `/v1/contacts/${created.contactId}`, { token, body: { lastName: "X" } });
    expect(missing.status).toBe(428);
    expect((await problemOf(missing)).errors?.[0]?.field).toBe("If-Match");
    const malformed = await api.call("PATCH", `/v1/contacts/${created.contactId}`, { token, body: { lastName: "X" }, headers: { "if-match": "yesterday" } });
    expect(malformed.status).toBe(400);
  });

  it("lets exactly one of many concurrent updates with the same version win", async () => {
    const created = await createContact(sales, { firstName: "Race" });
    const token = await api.tokenFor(sales);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.call("PATCH", `/v1/contacts/${created.contactId}`, { token, body: { lastName: `Writer${i}` }, headers: { "if-match": '"1"' } }),
      ),
    );
    const statuses = results.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(49);
  });
});

describe("contacts: delete and restore", () => {
  it("is admin-only (403 for its owner, 404 for a marketeer who may not see it), moves to the trash, and restores", async () => {
    const created = await createContact(sales, { firstName: "Trash", phones: [{ number: "+79995550011" }] });
    for (const [user, status] of [[sales, 403], [marketeer, 404]] as const) {
      const response = await api.call("DELETE", `/v1/contacts/${created.contactId}`, { token: await api.tokenFor(user) });
      expect(response.status).toBe(status);
    }
    const adminToken = await api.tokenFor(admin);
    expect((await api.call("DELETE", `/v1/contacts/${created.contactId}`, { token: adminToken })).status).toBe(204);
    expect((await api.call("GET", `/v1/contacts/${created.contactId}`, { token: await api.tokenFor(sales) })).status).toBe(404);
    const listed = (await (await api.call("GET", "/v1/contacts?limit=50", { token: await api.tokenFor(sales) })).json()) as { items: { contactId: string }[] };
    expect(listed.items.map((item) => item.contactId)).not.toContain(created.contactId);
    const trash = (await (await api.call("GET", "/v1/trash?limit=50", { token: adminToken })).json()) as { items: { contactId: string; deletedAt?: string }[] };
    expect(trash.items[0]).toMatchObject({ contactId: created.contactId, deletedAt: expect.any(String) });
    expect((await api.call("GET", "/v1/trash", { token: await api.tokenFor(sales) })).status).toBe(403);
    const restored = await api.call("POST", `/v1/contacts/${created.contactId}/restore`, { token: adminToken });
    expect(restored.status).toBe(200);
    expect((await api.call("GET", `/v1/contacts/${created.contactId}`, { token: await api.tokenFor(sales) })).status).toBe(200);
    const trashAfter = (await (await api.call("GET", "/v1/trash?limit=50", { token: adminToken })).json()) as { items: { contactId: string }[] };
    expect(trashAfter.items.map((item) => item.contactId)).not.toContain(created.contactId);
  });
});

describe("bad input gets a 4xx problem and writes nothing", () => {
  const cases: { name: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; status: number; field?: string }[] = [
    { name: "malformed JSON", rawBody: '{"firstName": "Anna",', headers: { "content-type": "application/json" }, status: 400, field: "body" },
    { name: "a JSON array instead of an object", rawBody: "[1,2]", headers: { "content-type": "application/json" }, status: 400, field: "body" },
    { name: "not JSON at all", rawBody: "firstName=Anna", headers: { "content-type": "text/plain" }, status: 415 },
    { name: "a number for a name", body: { firstName: 42 }, status: 400, field: "firstName" },
    { name: "an unknown field", body: { firstName: "Anna", nickname: "Annie" }, status: 400, field: "nickname" },
    { name: "an invalid phone", body: { firstName: "Anna", phones: [{ number: "+7 916 123" }] }, status: 400, field: "phones[0].number" },
    { name: "an email in a phone field", body: { firstName: "Anna", phones: [{ number: "anna@example.com" }] }, status: 400, field: "phones[0].number" },
    { name: "a phone in an email field", body: { firstName: "Anna", emails: ["ok@example.com", "+7 916 123-45-67"] }, status: 400, field: "emails[1]" },
    { name: "a bad phone type", body: { firstName: "Anna", phones: [{ number: "+79161234567", type: "pager" }] }, status: 400, field: "phones[0].type" },
    { name: "a placeholder name", body: { firstName: "-", phones: [{ number: "+79161234567" }] }, status: 400, field: "firstName" },
    { name: "nothing that identifies a person", body: {}, status: 400 },
    { name: "a body over 256 KB", body: { firstName: "A".repeat(300 * 1024) }, status: 413 },
  ];

  it.each(cases)("$name → $status", async ({ body, rawBody, headers, status, field }) => {
    const before = (await api.table.items()).length;
    const response = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(sales), body, rawBody, headers });
    expect(response.status).toBe(status);
    const problem = await problemOf(response);
    expect(problem.status).toBe(status);
    if (field) expect(problem.errors?.map((error) => error.field)).toContain(field);
    expect((await api.table.items()).length).toBe(before);
  });

  it("names the field for a bad page size, an unknown query parameter and a tampered cursor", async () => {
    const token = await api.tokenFor(sales);
    const cases: [string, string][] = [
      ["?limit=15", "limit"],
      ["?limit=abc", "limit"],
      ["?sort=size", "sort"],
      ["?colour=red", "colour"],
      ["?cursor=eyJwayI6IngifQ.AAAAAAAAAAAAAAAAAAAAAA", "cursor"],
      ["?cursor=garbage", "cursor"],
    ];
    for (const [query, field] of cases) {
      const response = await api.call("GET", `/v1/contacts${query}`, { token });
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.field)).toContain(field);
    }
  });

  it("refuses another user's cursor with 400 (a cursor continues only the query it came from)", async () => {
    for (let i = 0; i < 12; i++) await createContact(admin, { firstName: `Cursor${i}` });
    const adminPage = (await (await api.call("GET", "/v1/contacts?limit=10", { token: await api.tokenFor(admin) })).json()) as { cursor: string | null };
    expect(adminPage.cursor).toBeTruthy();
    const response = await api.call("GET", `/v1/contacts?limit=10&cursor=${encodeURIComponent(adminPage.cursor!)}`, { token: await api.tokenFor(sales) });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.field).toBe("cursor");
  });

  it("answers 400 naming contactId for a malformed ID, on every contact route", async () => {
    const token = await api.tokenFor(admin);
    for (const [method, path] of [["GET", "/v1/contacts/nope"], ["DELETE", "/v1/contacts/nope"], ["POST", "/v1/contacts/nope/restore"]] as const) {
      const response = await api.call(method, path, { token });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.[0]?.field).toBe("contactId");
    }
  });

  it("leaves the stored contact untouched after a rejected update", async () => {
    const created = await createContact(sales, { firstName: "Keep", phones: [{ number: "+79161230000" }] });
    const before = await api.table.items();
    const token = await api.tokenFor(sales);
    const response = await api.call("PATCH", `/v1/contacts/${created.contactId}`, { token, body: { firstName: "Changed", phones: [{ number: "bad" }] }, headers: { "if-match": '"1"' } });
    expect(response.status).toBe(400);
    expect(await api.table.items()).toEqual(before);
  });
});

describe("API description", () => {
  it("serves OpenAPI 3.1 built from the schemas, and a reference page", async () => {
    const response = await api.call("GET", "/v1/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe("3.1.0");
    const createSchema = doc.paths["/v1/contacts"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(Object.keys(createSchema?.properties ?? {})).toEqual(expect.arrayContaining(["firstName", "lastName", "phones", "emails"]));
    const page = await api.call("GET", "/docs");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/v1/contacts/{contactId}");
  });
});
