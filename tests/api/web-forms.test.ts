import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setClock } from "../../packages/core/src/runtime/clock";
import { Contacts } from "../../packages/core/src/contacts";
import { configureFormLimits } from "../../packages/core/src/intake/submissions";
import { signIntake } from "../../packages/core/src/intake/signature";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

const SITE = "https://shop.example.com";
const SECRET = "form-secret-0123456789abcdef";

let api: TestApi;
let admin: User;
let sales: User;
let adminToken: string;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  adminToken = await api.tokenFor(admin);
});
beforeEach(() => configureFormLimits({ perAddressPerMinute: 1000, perFormPerMinute: 1000 }));
afterEach(() => setClock(undefined));
afterAll(() => configureFormLimits(undefined));

// ---- factories ----

const formInput = (overrides: Record<string, unknown> = {}) => ({
  name: "Spring lead form",
  fields: { first_name: "firstName", surname: "lastName", tel: "phone", mail: "email", message: "comment" },
  allowedOrigins: [SITE],
  ownerId: sales.userId,
  tags: ["web", "spring"],
  redirectUrl: `${SITE}/thanks`,
  ...overrides,
});

async function createForm(overrides: Record<string, unknown> = {}) {
  const response = await api.call("POST", "/v1/forms", { token: adminToken, body: formInput(overrides) });
  expect(response.status).toBe(201);
  return (await response.json()) as { formId: string; honeypotField: string; hasSecret: boolean };
}

function submitJson(formId: string, body: unknown, headers: Record<string, string> = {}) {
  return api.call("POST", `/v1/forms/${formId}/submissions`, { rawBody: JSON.stringify(body), headers: { "content-type": "application/json", origin: SITE, ...headers } });
}

function submitForm(formId: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  return api.call("POST", `/v1/forms/${formId}/submissions`, {
    rawBody: new URLSearchParams(body).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: SITE, accept: "text/html", ...headers },
  });
}

/** Everything but the rate-limit counters (every request counts, refused ones too). */
async function domainItems() {
  return (await api.table.items()).filter((item) => item.__edb_e__ !== "rateLimit");
}
const contactsWith = async (predicate: (item: Record<string, unknown>) => boolean) =>
  (await api.table.items()).filter((item) => item.__edb_e__ === "contact" && predicate(item));
const formEntries = async (contactId: string) =>
  (await api.table.items()).filter((item) => item.__edb_e__ === "activity" && item.contactId === contactId && item.kind === "form");

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { title: string; detail?: string; errors?: { field: string; message: string }[] };
}

// ---- admin CRUD ----

describe("forms CRUD (/v1/forms)", () => {
  it("an admin creates, reads, lists, edits and deletes a form; the secret is never sent back", async () => {
    const created = await createForm({ secret: SECRET });
    expect(created).toMatchObject({ name: "Spring lead form", hasSecret: true, honeypotField: "website", tags: ["web", "spring"] });
    expect(created).not.toHaveProperty("secret");

    const read = await api.call("GET", `/v1/forms/${created.formId}`, { token: adminToken });
    expect(await read.json()).toMatchObject({ formId: created.formId, allowedOrigins: [SITE] });

    const edited = await api.call("PATCH", `/v1/forms/${created.formId}`, { token: adminToken, body: { name: "Renamed", secret: null, redirectUrl: null } });
    expect(edited.status).toBe(200);
    const body = (await edited.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ name: "Renamed", hasSecret: false, version: 2 });
    expect(body).not.toHaveProperty("redirectUrl");

    const listed = (await (await api.call("GET", "/v1/forms", { token: adminToken })).json()) as { items: { formId: string }[] };
    expect(listed.items.map((item) => item.formId)).toContain(created.formId);

    expect((await api.call("DELETE", `/v1/forms/${created.formId}`, { token: adminToken })).status).toBe(204);
    await expectProblem(await api.call("GET", `/v1/forms/${created.formId}`, { token: adminToken }), 404);
  });

  it("non-admins get 403 on every form route; no token gets 401", async () => {
    const form = await createForm();
    const token = await api.tokenFor(sales);
    await expectProblem(await api.call("GET", "/v1/forms", { token }), 403);
    await expectProblem(await api.call("POST", "/v1/forms", { token, body: formInput() }), 403);
    await expectProblem(await api.call("PATCH", `/v1/forms/${form.formId}`, { token, body: { name: "x" } }), 403);
    await expectProblem(await api.call("DELETE", `/v1/forms/${form.formId}`, { token }), 403);
    await expectProblem(await api.call("GET", "/v1/forms"), 401);
  });

  it("bad settings answer 400 naming the field, and nothing is written", async () => {
    const before = await domainItems();
    const cases: [Record<string, unknown>, string][] = [
      [{ fields: { tel: "fax" } }, "fields.tel"],
      [{ fields: { message: "comment" } }, "fields"],
      [{ allowedOrigins: ["https://shop.example.com/page"] }, "allowedOrigins[0]"],
      [{ ownerId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" }, "ownerId"],
      [{ secret: "short" }, "secret"],
      [{ honeypotField: "tel" }, "honeypotField"],
      [{ colour: "red" }, "colour"],
    ];
    for (const [overrides, field] of cases) {
      const problem = await expectProblem(await api.call("POST", "/v1/forms", { token: adminToken, body: formInput(overrides) }), 400);
      expect(problem.errors?.map((issue) => issue.field), JSON.stringify(overrides)).toContain(field);
    }
    expect(await domainItems()).toEqual(before);
  });
});

// ---- the public endpoint ----

describe("POST /v1/forms/{formId}/submissions", () => {
  it("a JSON post creates a contact named by the rules, owned and tagged as the form says, with the submission on its timeline", async () => {
    const form = await createForm();
    const response = await submitJson(form.formId, { first_name: "", mail: "lead.json@example.com", message: "Call me after 6" });
    expect(response.status).toBe(201);
    expect(response.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(await response.json()).toMatchObject({ accepted: true });

    const [contact] = await contactsWith((item) => JSON.stringify(item.emails ?? []).includes("lead.json@example.com"));
    expect(contact).toMatchObject({ displayName: "Новый контакт «lead.json@example.com» с веб-формы «Spring lead form»", ownerIds: [sales.userId], comment: "Call me after 6" });
    expect(contact!.tags).toEqual(expect.arrayContaining(["web", "spring"]));
    const entries = await formEntries(contact!.contactId as string);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ submission: { formId: form.formId, formName: "Spring lead form", fields: { mail: "lead.json@example.com", message: "Call me after 6" } } });
  });

  it("a plain urlencoded HTML form post is redirected (303) to the thank-you page", async () => {
    const form = await createForm();
    const response = await submitForm(form.formId, { first_name: "Olga", surname: "Smirnova", tel: "+7 916 000-11-22" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${SITE}/thanks`);
    const contacts = await contactsWith((item) => item.firstName === "Olga" && item.lastName === "Smirnova");
    expect(contacts).toHaveLength(1);
    expect(JSON.stringify(contacts[0]!.phones)).toContain("+79160001122");
  });

  it("matches an existing contact by a phone typed in another format and writes on its timeline instead of creating one", async () => {
    const existing = await asUser(admin, () => Contacts.create({ firstName: "Ivan", lastName: "Known", phones: [{ number: "+7 (916) 555-44-33", type: "mobile" }] }));
    const form = await createForm();
    const contactsBefore = (await contactsWith(() => true)).length;
    const response = await submitJson(form.formId, { tel: "8 916 555 44 33", message: "Second request" });
    expect(response.status).toBe(201);
    expect((await contactsWith(() => true)).length).toBe(contactsBefore);
    const entries = await formEntries(existing.contactId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "form", submission: { fields: { tel: "8 916 555 44 33", message: "Second request" } } });
    expect(entries[0]!.note).toEqual({ kind: "web-form-submitted", values: { formId: form.formId, formName: "Spring lead form" } });
    // The card shows it to a person who may see the contact.
    const card = await asUser(admin, () => Contacts.get(existing.contactId));
    expect(card.timeline.items.some((item) => item.kind === "form")).toBe(true);
  });

  it("CORS: the preflight and the answer carry headers for an allowed origin; another origin is refused with 403 and nothing stored", async () => {
    const form = await createForm();
    const preflight = await api.call("OPTIONS", `/v1/forms/${form.formId}/submissions`, { headers: { origin: SITE, "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("idempotency-key");

    const badPreflight = await api.call("OPTIONS", `/v1/forms/${form.formId}/submissions`, { headers: { origin: "https://evil.example.net" } });
    expect(badPreflight.status).toBe(403);
    expect(badPreflight.headers.get("access-control-allow-origin")).toBeNull();

    const before = await domainItems();
    const refused = await submitJson(form.formId, { mail: "evil@example.net" }, { origin: "https://evil.example.net" });
    await expectProblem(refused, 403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(await domainItems()).toEqual(before);
  });

  it("a bot filling the honeypot gets the normal answer and nothing is stored", async () => {
    const form = await createForm();
    const before = await domainItems();
    const response = await submitForm(form.formId, { first_name: "Bot", mail: "bot@example.com", website: "http://spam.example" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${SITE}/thanks`);
    const json = await submitJson(form.formId, { mail: "bot2@example.com", website: "spam" });
    expect(json.status).toBe(201);
    expect(await domainItems()).toEqual(before);
  });

  it("a flood from one address gets 429 with Retry-After", async () => {
    configureFormLimits({ perAddressPerMinute: 3, perFormPerMinute: 1000 });
    // One fixed rate window for the whole flood, so a minute boundary cannot split it.
    setClock(new Date(), "frozen");
    const form = await createForm();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await submitJson(form.formId, { mail: `flood${i}@example.com` });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await contactsWith((item) => JSON.stringify(item.emails ?? []).includes("flood"))).toHaveLength(3);
  });

  it("the whole form's limit holds too", async () => {
    configureFormLimits({ perAddressPerMinute: 1000, perFormPerMinute: 2 });
    setClock(new Date(), "frozen");
    const form = await createForm();
    expect((await submitJson(form.formId, { mail: "f1@example.com" })).status).toBe(201);
    expect((await submitJson(form.formId, { mail: "f2@example.com" })).status).toBe(201);
    await expectProblem(await submitJson(form.formId, { mail: "f3@example.com" }), 429);
  });

  it("a body over 64 KB is refused with 413 and nothing stored", async () => {
    const form = await createForm();
    const before = await domainItems();
    const response = await submitJson(form.formId, { mail: "big@example.com", message: "x".repeat(70 * 1024) });
    await expectProblem(response, 413);
    expect(await domainItems()).toEqual(before);
  });

  it("the same Idempotency-Key gives the same answer and one contact", async () => {
    const form = await createForm();
    const body = { first_name: "Repeat", mail: "repeat@example.com" };
    const first = await submitJson(form.formId, body, { "idempotency-key": "key-123" });
    const second = await submitJson(form.formId, body, { "idempotency-key": "key-123" });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const firstBody = (await first.json()) as { submissionId: string };
    expect(await second.json()).toEqual(firstBody);
    const contacts = await contactsWith((item) => JSON.stringify(item.emails ?? []).includes("repeat@example.com"));
    expect(contacts).toHaveLength(1);
    expect(await formEntries(contacts[0]!.contactId as string)).toHaveLength(1);
    const third = await submitJson(form.formId, body, { "idempotency-key": "key-456" });
    expect(((await third.json()) as { submissionId: string }).submissionId).not.toBe(firstBody.submissionId);
    expect(await formEntries(contacts[0]!.contactId as string)).toHaveLength(2);
  });

  it("HMAC: a form with a secret takes signed server-to-server posts and refuses unsigned or wrongly signed ones", async () => {
    const form = await createForm({ secret: SECRET });
    const raw = JSON.stringify({ mail: "server@example.com" });
    const post = (headers: Record<string, string>) =>
      api.call("POST", `/v1/forms/${form.formId}/submissions`, { rawBody: raw, headers: { "content-type": "application/json", ...headers } });
    const before = await domainItems();
    await expectProblem(await post({}), 401);
    const t = Math.floor(Date.now() / 1000);
    await expectProblem(await post({ "x-callboard-timestamp": String(t), "x-callboard-signature": signIntake("another-secret-0123456789", t, raw) }), 403);
    await expectProblem(await post({ "x-callboard-timestamp": String(t - 3600), "x-callboard-signature": signIntake(SECRET, t - 3600, raw) }), 403);
    expect(await domainItems()).toEqual(before);
    const ok = await post({ "x-callboard-timestamp": String(t), "x-callboard-signature": signIntake(SECRET, t, raw) });
    expect(ok.status).toBe(201);
    expect(await contactsWith((item) => JSON.stringify(item.emails ?? []).includes("server@example.com"))).toHaveLength(1);
  });

  it("bad input answers 400 problem+json naming the form's field, and writes nothing", async () => {
    const form = await createForm();
    const before = await domainItems();
    const cases: [string, string, string][] = [
      ["application/json", JSON.stringify({ tel: "not a phone", mail: "ok@example.com" }), "tel"],
      ["application/json", JSON.stringify({ mail: "not-an-email" }), "mail"],
      ["application/json", JSON.stringify({ mail: "a@example.com", unknown_field: "x" }), "unknown_field"],
      ["application/json", JSON.stringify({ message: "no way to reach me" }), "first_name"],
      ["application/json", JSON.stringify({ mail: { nested: true } }), "mail"],
      ["application/json", "{not json", "body"],
      ["application/json", "[1,2]", "body"],
      ["text/plain", "mail=a@example.com", "content-type"],
      ["application/x-www-form-urlencoded", "mail=a@example.com&mail=b@example.com", "mail"],
    ];
    for (const [type, raw, field] of cases) {
      const response = await api.call("POST", `/v1/forms/${form.formId}/submissions`, { rawBody: raw, headers: { "content-type": type, origin: SITE } });
      const problem = await expectProblem(response, 400);
      expect(problem.errors?.map((issue) => issue.field), raw).toContain(field);
    }
    await expectProblem(await submitJson("01ARZ3NDEKTSV4RRFFQ69G5FAV", { mail: "a@example.com" }), 404);
    // A malformed form ID is refused by the router's path check (issue 15 item 4).
    await expectProblem(await submitJson("nonsense", { mail: "a@example.com" }), 400);
    expect(await domainItems()).toEqual(before);
  });

  it("runs as the system: no bearer token needed, and the created contact is visible to its owner", async () => {
    const form = await createForm();
    await submitJson(form.formId, { first_name: "Visible", mail: "visible@example.com" });
    const [contact] = await contactsWith((item) => item.firstName === "Visible");
    const card = await asUser(sales, () => Contacts.get(contact!.contactId as string));
    expect(card.displayName).toBe("Visible visible@example.com");
    expect(card.timeline.items.map((item) => item.kind)).toEqual(expect.arrayContaining(["created", "form"]));
  });
});
