import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Idempotency } from "../../packages/core/src/idempotency";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { Jobs } from "../../packages/core/src/jobs";
import type { User } from "../../packages/core/src/users";
import { keyScope, requestFingerprint } from "../../packages/functions/src/api/idempotency";
import { createTestApi, type TestApi } from "../fixtures/api";
import { startEngine, startTelephony, type Telephony } from "../fixtures/call-lists";
import { seedAdmin, seedUser } from "../fixtures/factories";

// Issue 15, item 13: a retried create made a second thing (or a 409 against its own contact).
let api: TestApi;
let telephony: Telephony;
let engine: { stop(): void };
let admin: User;
let sales: User;

beforeAll(async () => {
  api = await createTestApi();
  telephony = await startTelephony({ otherwise: "no-answer" });
  engine = startEngine({ dialTimeoutSeconds: 2 }).runner;
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "idempotency-"))));
  // Jobs are queued, not run: what counts here is how many are made.
  Jobs.configureJobRunner({ enqueue: async () => undefined });
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales");
});
afterAll(async () => {
  engine.stop();
  await telephony.stop();
});

const send = async (user: User, path: string, body: unknown, key?: string) =>
  api.call("POST", path, { token: await api.tokenFor(user), ...(body === undefined ? {} : { body }), headers: key ? { "idempotency-key": key } : {} });

/** How many items of an ElectroDB entity the table holds. */
const count = async (entity: string) => (await api.table.items()).filter((item) => item.__edb_e__ === entity).length;

async function contact(user: User, firstName = "Retry", phone?: string): Promise<string> {
  const response = await send(user, "/v1/contacts", { firstName, lastName: `Retry-${randomUUID().slice(0, 6)}`, ...(phone ? { phones: [{ number: phone, type: "mobile" }] } : {}) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { contactId: string }).contactId;
}

/** Sends the same request twice under one key: one thing made, the first answer replayed. */
async function retried(user: User, path: string, body: unknown, entity: string | undefined, made = 1) {
  const key = randomUUID();
  const before = entity ? await count(entity) : 0;
  const first = await send(user, path, body, key);
  const firstBody = await first.text();
  expect(first.status, `${path}: ${firstBody}`).toBeLessThan(300);
  expect(first.headers.get("idempotent-replayed")).toBeNull();
  const afterFirst = entity ? await count(entity) : 0;
  if (entity) expect(afterFirst - before, `${path} makes ${entity}`).toBe(made);
  const second = await send(user, path, body, key);
  expect(second.status, path).toBe(first.status);
  expect(await second.text(), path).toBe(firstBody);
  expect(second.headers.get("idempotent-replayed"), path).toBe("true");
  expect(second.headers.get("content-type"), path).toBe(first.headers.get("content-type"));
  expect(second.headers.get("location"), path).toBe(first.headers.get("location"));
  if (entity) expect(await count(entity), `${path}: the retry makes no second ${entity}`).toBe(afterFirst);
  // An export of a few contacts answers its CSV at once.
  return (first.headers.get("content-type") ?? "").includes("json") ? (JSON.parse(firstBody) as Record<string, any>) : {};
}

describe("Idempotency-Key on creating and starting POSTs", () => {
  it("every such route, retried with the same key, makes one thing and replays the first answer", async () => {
    await retried(sales, "/v1/contacts", { firstName: "Ida", phones: [{ number: "+79160000001", type: "mobile" }] }, "contact");
    const company = await retried(sales, "/v1/companies", { name: `Retry Ltd ${randomUUID().slice(0, 4)}` }, "company");
    expect(company.companyId).toBeTruthy();
    const first = await contact(sales, "Anna", "+79160000002");
    const second = await contact(sales, "Boris", "+79160000003");
    const list = await retried(sales, "/v1/call-lists", { name: "Retry list", operatorIds: [sales.userId], entries: [{ contactId: first }] }, "callList");
    const listId = list.list.listId as string;
    await retried(sales, `/v1/call-lists/${listId}/entries`, { entries: [{ contactId: second }] }, "callEntry");
    await retried(sales, `/v1/call-lists/${listId}/start`, undefined, undefined);
    await retried(sales, `/v1/contacts/${first}/comments`, { text: "Called back" }, "activity");
    await retried(sales, "/v1/views", { name: "Mine", filters: { type: "lead" }, sort: "name", order: "asc", columns: ["name"], pageSize: 20 }, "savedView");
    await retried(sales, "/v1/bulk-actions", { action: { type: "addTags", tags: ["retried"] }, filter: { owner: sales.userId } }, "job");
    await retried(sales, "/v1/exports", { filter: { owner: sales.userId } }, undefined);
    const upload = await retried(sales, "/v1/imports", { fileName: "retry.csv", size: 40 }, "import");
    const put = await api.app.request(new URL(upload.upload.url).pathname, {
      method: "PUT",
      headers: { authorization: `Bearer ${await api.tokenFor(sales)}`, "content-type": "text/csv" },
      body: "Имя,Мобильный телефон\nVera,+79160000004\n",
    });
    expect(put.status).toBe(200);
    await retried(sales, `/v1/imports/${upload.importId}/start`, { duplicates: "skip" }, "job");
    const survivor = await contact(sales, "Merge", "+79160000005");
    const other = await contact(sales, "Merge", "+79160000006");
    await retried(sales, `/v1/contacts/${survivor}/merge`, { otherId: other, pick: { firstName: "survivor" } }, "mergeRecord");
    await retried(admin, "/v1/custom-fields", { entityType: "contact", key: `retry_${randomUUID().slice(0, 4)}`, label: "Retry", type: "text" }, "customField");
    await retried(admin, "/v1/forms", { name: "Retry form", fields: { name: "firstName" }, ownerId: sales.userId }, "webForm");
    await retried(admin, "/v1/users", { email: `retry-${randomUUID().slice(0, 6)}@example.com`, name: "Retry User", role: "sales", password: "correct horse battery" }, "user");
  }, 120_000);

  it("answers 422 to the same key with another body, and makes nothing", async () => {
    const key = randomUUID();
    expect((await send(sales, "/v1/contacts", { firstName: "Key", lastName: "One" }, key)).status).toBe(201);
    const before = await count("contact");
    const reused = await send(sales, "/v1/contacts", { firstName: "Key", lastName: "Two" }, key);
    expect(reused.status).toBe(422);
    expect(reused.headers.get("content-type")).toMatch(/problem\+json/);
    expect(((await reused.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("Idempotency-Key");
    // …also on another route's key of the same name? No: keys are per route, so that one is new.
    expect((await send(sales, "/v1/companies", { name: `Key Co ${randomUUID().slice(0, 4)}` }, key)).status).toBe(201);
    expect(await count("contact")).toBe(before);
  });

  it("answers 409 while the first request under the key is still running", async () => {
    const key = randomUUID();
    const body = { firstName: "In", lastName: "Flight" };
    // The first request has claimed the key and not finished (as a concurrent one would be).
    await Idempotency.begin(keyScope(sales.userId, "POST", "/v1/contacts"), key, requestFingerprint("POST", "/v1/contacts", new TextEncoder().encode(JSON.stringify(body))));
    const before = await count("contact");
    const meanwhile = await send(sales, "/v1/contacts", body, key);
    expect(meanwhile.status).toBe(409);
    expect(await count("contact")).toBe(before);
  });

  it("makes one contact of ten parallel retries, and keys are per user", async () => {
    const key = randomUUID();
    // Duplicates allowed, so only the key can keep the retries from making ten.
    const body = { firstName: "Parallel", phones: [{ number: "+79160000009", type: "mobile" }] };
    const before = await count("contact");
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(sales, "/v1/contacts?duplicates=allow", body, key)));
    expect(await count("contact")).toBe(before + 1);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 201 || status === 409), statuses.join()).toBe(true);
    const created = await Promise.all(answers.filter((answer) => answer.status === 201).map((answer) => answer.json() as Promise<{ contactId: string }>));
    expect(new Set(created.map((answer) => answer.contactId)).size).toBe(1);
    // Another user's identical key is theirs alone: it creates their own contact.
    const manager = await seedUser(admin, "manager");
    const theirs = await send(manager, "/v1/contacts", { firstName: "Parallel", lastName: "Other" }, key);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
  });

  it("refuses a malformed key, naming the header", async () => {
    const response = await send(sales, "/v1/contacts", { firstName: "Bad" }, "x".repeat(300));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("Idempotency-Key");
  });
});
