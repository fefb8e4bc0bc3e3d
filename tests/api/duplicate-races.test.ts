import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { configureFormLimits } from "../../packages/core/src/intake/submissions";
import { Jobs } from "../../packages/core/src/jobs";
import { runMigrations } from "../../packages/core/src/storage/migrations";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";
import { csvText, encode } from "../fixtures/imports";

/**
 * Issue 15, item 2: the duplicate check was a read before the write, so 20 parallel creates with
 * one phone made 19 contacts. Value claims (core/contacts/claims.ts) serialize every write that
 * gives a contact a phone, email or messenger handle.
 */

const SITE = "https://races.example.com";
type Json = Record<string, any>;

let api: TestApi;
let admin: User;
let sales: User;
let formId: string;

beforeAll(async () => {
  api = await createTestApi();
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "duplicate-races-"))));
  // The tests run import jobs themselves, at the moment of the race.
  Jobs.configureJobRunner({ enqueue: async () => undefined });
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  const form = await api.call("POST", "/v1/forms", {
    token: await api.tokenFor(admin),
    body: { name: "Race form", fields: { first_name: "firstName", tel: "phone", mail: "email" }, allowedOrigins: [SITE], ownerId: sales.userId },
  });
  expect(form.status).toBe(201);
  formId = ((await form.json()) as { formId: string }).formId;
});
beforeEach(() => configureFormLimits({ perAddressPerMinute: 1000, perFormPerMinute: 1000 }));
afterAll(() => configureFormLimits(undefined));

async function call(user: User, method: string, path: string, body?: unknown) {
  return api.call(method, path, { token: await api.tokenFor(user), ...(body !== undefined ? { body } : {}) });
}

/** An import of `rows` (with a header row), uploaded and started, not yet run. */
async function startedImport(user: User, rows: string[][]): Promise<string> {
  const token = await api.tokenFor(user);
  const bytes = encode(csvText(rows));
  const created = await api.call("POST", "/v1/imports", { token, body: { fileName: "race.csv", size: bytes.byteLength } });
  expect(created.status).toBe(201);
  const { importId, upload } = (await created.json()) as { importId: string; upload: { url: string } };
  const put = await api.app.request(new URL(upload.url).pathname, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: bytes as Uint8Array<ArrayBuffer> });
  expect(put.status).toBe(200);
  expect((await call(user, "POST", `/v1/imports/${importId}/start`, { duplicates: "skip" })).status).toBe(202);
  return importId;
}

const runImport = (importId: string) => withActor({ type: "system", reason: "test runner" }, () => Jobs.runToCompletion(importId));

async function liveContacts(predicate: (item: Record<string, any>) => boolean) {
  return (await api.table.items()).filter((item) => item.__edb_e__ === "contact" && !item.deletedAt && predicate(item));
}
async function claimOf(kind: string, value: string): Promise<{ version: number; holders: string[] } | undefined> {
  const item = (await api.table.items()).find((row) => row.__edb_e__ === "valueClaim" && row.pk === `claim#${kind}#${value}`);
  return item ? { version: item.version as number, holders: [...((item.holders as Set<string> | undefined) ?? [])].sort() } : undefined;
}
/** Open pairs of the admins' queue (read from the table: the queue pages 50 at a time). */
async function openPairs(): Promise<string[]> {
  return (await api.table.items()).filter((item) => item.__edb_e__ === "duplicatePair" && item.status === "open").map((item) => item.pairId as string);
}
const pairOf = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

let sequence = 0;
const freshPhone = () => `+7916${String(3000000 + ++sequence * 7919).padStart(7, "0")}`;

interface RaceCase {
  kind: "phone" | "email" | "telegram";
  value: string;
  /** The contact body of API create number n. */
  api: (n: number) => Json;
  /** The web form's body (undefined: forms take no such value). */
  form?: (n: number) => Json;
  /** The import file: header row and the one row carrying the value. */
  file: string[][];
  holds: (item: Record<string, any>) => boolean;
}

const cases: RaceCase[] = (() => {
  const phone = freshPhone();
  const email = "race.winner@example.com";
  const handle = "race_winner";
  return [
    {
      kind: "phone",
      value: phone,
      api: (n) => ({ firstName: `Api${n}`, lastName: "Phone", phones: [{ number: phone }] }),
      form: (n) => ({ first_name: `Form${n}`, tel: phone }),
      file: [["Имя", "Мобильный телефон"], ["Импорт", phone]],
      holds: (item) => (item.phones as { number: string }[]).some((one) => one.number === phone),
    },
    {
      kind: "email",
      value: email,
      api: (n) => ({ firstName: `Api${n}`, lastName: "Email", emails: [n % 2 ? email : email.toUpperCase()] }),
      form: (n) => ({ first_name: `Form${n}`, mail: email }),
      file: [["Имя", "Рабочий email"], ["Импорт", email]],
      holds: (item) => (item.emails as { address: string }[]).some((one) => one.address.toLowerCase() === email),
    },
    {
      kind: "telegram",
      value: handle,
      api: (n) => ({ firstName: `Api${n}`, lastName: "Handle", messengers: { telegram: n % 2 ? `@${handle}` : `https://t.me/${handle}` } }),
      file: [["Имя", "Telegram"], ["Импорт", handle]],
      holds: (item) => item.messengers?.telegram === handle,
    },
  ];
})();

describe("20 parallel creates sharing one value, through the API, a web form and an import at once", () => {
  it.each(cases)("$kind: exactly one contact holds it; the others get 409, are matched, or are reported as duplicates", async (race) => {
    const importId = await startedImport(sales, race.file);
    const formPosts = race.form ? 4 : 0;
    const apiPosts = 20 - formPosts - 1;
    const [apiAnswers, formAnswers, importJob] = await Promise.all([
      Promise.all(Array.from({ length: apiPosts }, async (_, n) => call(sales, "POST", "/v1/contacts", race.api(n)))),
      Promise.all(
        Array.from({ length: formPosts }, (_, n) =>
          api.call("POST", `/v1/forms/${formId}/submissions`, { rawBody: JSON.stringify(race.form!(n)), headers: { "content-type": "application/json", origin: SITE } }),
        ),
      ),
      runImport(importId),
    ]);

    const holders = await liveContacts(race.holds);
    expect(holders.map((item) => item.displayName)).toHaveLength(1);
    const [winner] = holders;
    const statuses = apiAnswers.map((response) => response.status).sort();
    const created = statuses.filter((status) => status === 201).length;
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    // The API's losers were told who has it.
    for (const response of apiAnswers.filter((answer) => answer.status === 409)) {
      const problem = (await response.json()) as Json;
      expect(problem.candidates.map((candidate: Json) => candidate.contactId)).toContain(winner!.contactId);
    }
    // Every form submission was accepted and landed on the one contact.
    expect(formAnswers.map((response) => response.status)).toEqual(formAnswers.map(() => 201));
    const timeline = (await api.table.items()).filter((item) => item.__edb_e__ === "activity" && item.contactId === winner!.contactId && item.kind === "form");
    expect(timeline).toHaveLength(formPosts);
    // The import row was created (it won) or reported as a duplicate.
    const stats = (importJob as unknown as { stats: { created: number; skipped: number } }).stats;
    expect(stats.created + stats.skipped).toBe(1);
    const winners = created + stats.created + ((winner!.source as { kind: string }).kind === "form" ? 1 : 0);
    expect(winners).toBe(1);
    expect(await claimOf(race.kind, race.value)).toMatchObject({ holders: [winner!.contactId] });
  });

  it("with ?duplicates=allow all 10 are created, one after another on the claim, and each is queued with those before it", async () => {
    const phone = freshPhone();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => call(sales, "POST", "/v1/contacts?duplicates=allow", { firstName: `Allowed${n}`, phones: [{ number: phone }] })));
    expect(answers.map((response) => response.status)).toEqual(answers.map(() => 201));
    const ids = (await Promise.all(answers.map(async (response) => ((await response.json()) as Json).contactId as string))).sort();
    expect((await claimOf("phone", phone))!.holders).toEqual(ids);
    // Each create saw every one before it (the claim's holders): the 10 form one connected queue.
    const pairs = await openPairs();
    for (const id of ids) expect(pairs.some((pair) => pair.includes(id))).toBe(true);
  });
});

describe("the cost of the claims", () => {
  it("a create is 2 round trips: the check's Queries with the claims' BatchGetItem, then one TransactWriteItems", async () => {
    // Warm: the user's row and the custom-field definitions are cached per process.
    expect((await call(sales, "POST", "/v1/contacts", { firstName: "Warm", lastName: "Up", phones: [{ number: freshPhone() }] })).status).toBe(201);
    api.table.counter.reset();
    const response = await call(sales, "POST", "/v1/contacts", { firstName: "Counted", lastName: "Create", phones: [{ number: freshPhone() }, { number: freshPhone() }], emails: ["counted@example.com"] });
    expect(response.status).toBe(201);
    expect(Object.fromEntries(api.table.counter.byCommand)).toEqual({ QueryCommand: 5, BatchGetItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(api.table.counter.roundTrips()).toBe(2);
  });
});

describe("claims on the other writes", () => {
  it("an update adding a phone another contact holds queues the pair (and the claim lists both)", async () => {
    const phone = freshPhone();
    const holder = (await (await call(sales, "POST", "/v1/contacts", { firstName: "Holder", lastName: "One", phones: [{ number: phone }] })).json()) as Json;
    const other = (await (await call(sales, "POST", "/v1/contacts", { firstName: "Other", lastName: "Two", phones: [{ number: freshPhone() }] })).json()) as Json;
    const patched = await api.call("PATCH", `/v1/contacts/${other.contactId}`, {
      token: await api.tokenFor(sales),
      headers: { "if-match": `"${other.version}"` },
      body: { phones: [...other.phones.map((one: Json) => ({ number: one.number })), { number: phone }] },
    });
    expect(patched.status).toBe(200);
    expect((await claimOf("phone", phone))!.holders).toEqual([holder.contactId, other.contactId].sort());
    expect(await openPairs()).toContain(pairOf(holder.contactId, other.contactId));
    // Removing it again takes it off the claim.
    const after = (await patched.json()) as Json;
    const removed = await api.call("PATCH", `/v1/contacts/${other.contactId}`, {
      token: await api.tokenFor(sales),
      headers: { "if-match": `"${after.version}"` },
      body: { phones: after.phones.filter((one: Json) => one.number !== phone).map((one: Json) => ({ number: one.number })) },
    });
    expect(removed.status).toBe(200);
    expect((await claimOf("phone", phone))!.holders).toEqual([holder.contactId]);
  });

  it("trash frees the value, restore claims it back and queues whoever took it meanwhile; merge and undo move it", async () => {
    const phone = freshPhone();
    const first = (await (await call(admin, "POST", "/v1/contacts", { firstName: "Trashed", lastName: "First", phones: [{ number: phone }] })).json()) as Json;
    expect((await call(admin, "DELETE", `/v1/contacts/${first.contactId}`)).status).toBe(204);
    expect((await claimOf("phone", phone))!.holders).toEqual([]);
    // In the trash it is nobody's duplicate: a new contact may take the phone.
    const second = await call(admin, "POST", "/v1/contacts", { firstName: "Second", lastName: "Taker", phones: [{ number: phone }] });
    expect(second.status).toBe(201);
    const secondId = ((await second.json()) as Json).contactId as string;
    expect((await call(admin, "POST", `/v1/contacts/${first.contactId}/restore`)).status).toBe(200);
    expect((await claimOf("phone", phone))!.holders).toEqual([first.contactId, secondId].sort());
    expect(await openPairs()).toContain(pairOf(first.contactId, secondId));

    const merged = await call(admin, "POST", `/v1/contacts/${secondId}/merge`, { otherId: first.contactId });
    expect(merged.status).toBe(200);
    const { merge } = (await merged.json()) as Json;
    expect((await claimOf("phone", phone))!.holders).toEqual([secondId]);
    // A create now meets the survivor.
    const refused = await call(admin, "POST", "/v1/contacts", { firstName: "Third", phones: [{ number: phone }] });
    expect(refused.status).toBe(409);
    expect((await call(admin, "POST", `/v1/merges/${merge.mergeId}/undo`)).status).toBe(200);
    expect((await claimOf("phone", phone))!.holders).toEqual([first.contactId, secondId].sort());
  });

  it("a holder that is no live contact (an import that failed for good) blocks nobody: not a candidate, not an intake match", async () => {
    const phone = freshPhone();
    const ghost = "01HZZZZZZZZZZZZZZZZZZZZZZZ";
    await api.table.storage.clients.doc.send(
      new PutCommand({ TableName: api.table.tableName, Item: { pk: `claim#phone#${phone}`, sk: "claim", __edb_e__: "valueClaim", __edb_v__: "1", kind: "phone", value: phone, version: 3, holders: new Set([ghost]) } }),
    );
    const created = await call(sales, "POST", "/v1/contacts", { firstName: "Not", lastName: "Blocked", phones: [{ number: phone }] });
    expect(created.status).toBe(201);
    const contactId = ((await created.json()) as Json).contactId as string;
    expect(await claimOf("phone", phone)).toEqual({ version: 4, holders: [ghost, contactId].sort() });
    const lead = await api.call("POST", `/v1/forms/${formId}/submissions`, { rawBody: JSON.stringify({ first_name: "Lead", tel: phone }), headers: { "content-type": "application/json", origin: SITE } });
    expect(lead.status).toBe(201);
    expect((await liveContacts((item) => (item.phones as { number: string }[]).some((one) => one.number === phone))).map((item) => item.contactId)).toEqual([contactId]);
  });

  it("a value stored before claims existed is still found (lookup row), and migration 5 claims it", async () => {
    const phone = freshPhone();
    const old = (await (await call(sales, "POST", "/v1/contacts", { firstName: "Legacy", lastName: "Holder", phones: [{ number: phone }] })).json()) as Json;
    await api.table.storage.clients.doc.send(new DeleteCommand({ TableName: api.table.tableName, Key: { pk: `claim#phone#${phone}`, sk: "claim" } }));
    expect(await claimOf("phone", phone)).toBeUndefined();
    const refused = await call(sales, "POST", "/v1/contacts", { firstName: "New", lastName: "Comer", phones: [{ number: phone }] });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Json).candidates.map((one: Json) => one.contactId)).toEqual([old.contactId]);

    // A table that has seen migrations 1–4 only.
    await api.table.storage.clients.doc.send(new PutCommand({ TableName: api.table.tableName, Item: { pk: "$crm#schema", sk: "$migrations", version: 4 } }));
    // Migration 5 (and those after it, e.g. 6's alphabet sort keys) run from there.
    expect((await runMigrations()).ran[0]).toContain("value claims");
    expect((await claimOf("phone", phone))!.holders).toEqual([old.contactId]);
  });
});
