/**
 * The import's batch create path (contacts/batch-create.ts): an imported contact is the same as
 * one created by the single-contact path, is found everywhere a contact is found, and a chunk
 * crashed or replayed leaves no twins, no missing derived rows and exact tag counts.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Contacts } from "../../packages/core/src/contacts";
import * as BatchCreate from "../../packages/core/src/contacts/batch-create";
import { claimKeysOf, readClaims } from "../../packages/core/src/contacts/claims";
import { lookupRows, audiences, type Contact } from "../../packages/core/src/contacts/contacts";
import { listRows, searchRows } from "../../packages/core/src/contacts/index-rows";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { Imports } from "../../packages/core/src/imports";
import { importJobHandler } from "../../packages/core/src/imports/imports";
import { Jobs } from "../../packages/core/src/jobs";
import { runMigrations } from "../../packages/core/src/storage/migrations";
import { applyTagDeltasOnce, TAG_DELTAS_PER_TRANSACTION } from "../../packages/core/src/tags/tags";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";
import { amoHeaders, amoRow, csvText, encode } from "../fixtures/imports";

let api: TestApi;
let admin: User;
let sales: User;
const queued: string[] = [];

beforeAll(async () => {
  api = await createTestApi();
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "import-batch-"))));
  Jobs.configureJobRunner({ enqueue: async (jobId) => void queued.push(jobId) });
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Batch Sales");
  // Migrated, as `npm start` leaves a table: the duplicate check reads the claims (import-duplicate-check covers the unmigrated path).
  await runMigrations();
});

afterEach(() => {
  Imports.setBeforeRowHook(undefined);
  Imports.setChunkRows(undefined);
});

const asSystem = <T>(callback: () => Promise<T>) => withActor({ type: "system", reason: "test runner" }, callback);
const asSales = <T>(callback: () => Promise<T>) => withActor({ type: "user", userId: sales.userId, role: "sales" }, callback);

async function startFile(user: User, rows: string[][], duplicates = "skip"): Promise<string> {
  const token = await api.tokenFor(user);
  const created = await api.call("POST", "/v1/imports", { token, body: { fileName: "batch.csv" } });
  expect(created.status).toBe(201);
  const { importId, upload } = (await created.json()) as { importId: string; upload: { url: string } };
  const bytes = encode(csvText(rows));
  const put = await api.app.request(new URL(upload.url).pathname, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: bytes as Uint8Array<ArrayBuffer> });
  expect(put.status).toBe(200);
  const started = await api.call("POST", `/v1/imports/${importId}/start`, { token, body: { duplicates } });
  expect(started.status).toBe(202);
  return importId;
}

/** Tag counts are shown to admins only (they count records others may not see). */
async function tagCounts(user: User): Promise<Map<string, number>> {
  const response = await api.call("GET", "/v1/tags?entity=contact", { token: await api.tokenFor(user) });
  expect(response.status).toBe(200);
  return new Map(((await response.json()) as { items: { tag: string; count: number }[] }).items.map((item) => [item.tag, item.count]));
}

const contactRows = async (predicate: (item: Record<string, unknown>) => boolean) =>
  (await api.table.items()).filter((item) => item.__edb_e__ === "contact" && predicate(item)) as unknown as Contact[];

/** Every derived row a stored contact must have, by entity and key, and which of them are in the table. */
async function derivedRows(contacts: Contact[]) {
  const items = await api.table.items();
  const ids = new Set(contacts.map((contact) => contact.contactId));
  const present = new Set(items.filter((item) => ids.has(String(item.contactId))).map((item) => `${item.__edb_e__}|${item.pk}|${item.sk}`));
  const expected: string[] = [];
  const { entities } = api.table.storage.service;
  const key = (entity: string, params: unknown) => {
    const { Item } = params as { Item: Record<string, unknown> };
    return `${entity}|${Item.pk}|${Item.sk}`;
  };
  for (const contact of contacts) {
    expected.push(...lookupRows(contact).map((row) => key("contactLookup", entities.contactLookup.put(row).params())));
    expected.push(...audiences(contact).map((row) => key("contactAudience", entities.contactAudience.put(row).params())));
    expected.push(...listRows(contact).map((row) => key("contactIndex", entities.contactIndex.put(row).params())));
    expected.push(...searchRows(contact).map((row) => key("contactSearch", entities.contactSearch.put(row).params())));
  }
  const created = items.filter((item) => item.__edb_e__ === "activity" && item.kind === "created" && ids.has(String(item.contactId)));
  return { expected, missing: expected.filter((row) => !present.has(row)), created, all: items.filter((item) => ids.has(String(item.contactId))) };
}

describe("batch create", () => {
  it("writes exactly the items the single-contact create writes", async () => {
    const fields = { firstName: "Сверка", lastName: "Пакетова", position: "Бухгалтер", comment: "Компания: ООО Сверка", phones: [{ number: "+74950009901", type: "work" as const }, { number: "+79160009901", type: "mobile" as const }], emails: ["sverka@example.ru"], tags: ["сверка", "VIP"] };
    const input = { ...fields, source: { kind: "import" as const, fileName: "same.csv" }, ownerIds: [sales.userId] };
    const [single, batchId] = [await asSales(() => Contacts.createFromSource(input)), "01KAAAAAAAAAAAAAAAAAAAAAAA"];
    const plans = await asSales(() => BatchCreate.planFromSource([{ input, contactId: batchId }]));
    expect("plan" in plans[0]!).toBe(true);
    await BatchCreate.writePlanned(plans.map((result) => (result as { plan: BatchCreate.PlannedContact }).plan));

    // The same rows, once IDs, times and the tag counts' order are set aside.
    const items = await api.table.items();
    const normalized = (contactId: string) => {
      const rows = items.filter((item) => item.contactId === contactId);
      const activityId = String(rows.find((item) => item.__edb_e__ === "activity")!.activityId);
      const ids = new RegExp(`${contactId}|${activityId}`, "gi");
      return rows
        .map((item) => JSON.stringify(item, (key, value) => (["createdAt", "updatedAt", "at"].includes(key) ? "·" : typeof value === "string" ? value.replace(ids, "·") : value)))
        .map((text) => text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "·"))
        .sort();
    };
    const [fromSingle, fromBatch] = [normalized(single.contactId), normalized(batchId)];
    expect(fromSingle.length).toBe(21);
    expect(fromBatch).toEqual(fromSingle);
    const activity = items.find((item) => item.__edb_e__ === "activity" && item.contactId === batchId)!;
    expect(activity.activityId).toBe(BatchCreate.createdActivityId(batchId));
  });

  it("conditions its claims on a snapshot the caller's check read, without reading them again; a value claimed since loses its row", async () => {
    const input = (n: number, phone: string) => ({ firstName: `Снимок${n}`, lastName: "Проверенный", phones: [{ number: phone, type: "mobile" as const }], source: { kind: "import" as const, fileName: "snapshot.csv" }, ownerIds: [sales.userId] });
    const planOf = async (n: number, phone: string, contactId: string) => ((await asSales(() => BatchCreate.planFromSource([{ input: input(n, phone), contactId }])))[0] as { plan: BatchCreate.PlannedContact }).plan;
    const calm = await planOf(1, "+79160009911", "01KBBBBBBBBBBBBBBBBBBBBBB1");
    api.table.counter.reset();
    const first = await asSales(async () => BatchCreate.writePlanned([calm], { duplicates: "check", claims: await readClaims(claimKeysOf(calm.contact)) }));
    expect(first.lost.size).toBe(0);
    expect(api.table.counter.byCommand.get("BatchGetItemCommand")).toBe(1); // the caller's read only

    const [kept, raced] = [await planOf(2, "+79160009912", "01KBBBBBBBBBBBBBBBBBBBBBB2"), await planOf(3, "+79160009913", "01KBBBBBBBBBBBBBBBBBBBBBB3")];
    const snapshot = await asSales(() => readClaims([...claimKeysOf(kept.contact), ...claimKeysOf(raced.contact)]));
    await asSales(() => Contacts.createFromSource(input(4, "+79160009913"))); // takes the value after the check read
    const second = await asSales(() => BatchCreate.writePlanned([kept, raced], { duplicates: "check", claims: snapshot }));
    expect([...second.lost]).toEqual([raced.contact.contactId]);
    expect((await contactRows((item) => String(item.firstName).startsWith("Снимок"))).map((item) => item.firstName).sort()).toEqual(["Снимок1", "Снимок2", "Снимок4"]);
  });

  it("plans a batch's rows reading their shared company once, not once per row", async () => {
    const created = await api.call("POST", "/v1/companies", { token: await api.tokenFor(admin), body: { name: "ООО Общая" } });
    expect(created.status).toBe(201);
    const { companyId } = (await created.json()) as { companyId: string };
    const rows = Array.from({ length: 6 }, (_, n) => ({ input: { firstName: `Сотрудник${n}`, lastName: "Общий", companyId, phones: [{ number: `+7916000993${n}`, type: "mobile" as const }], source: { kind: "import" as const, fileName: "company.csv" }, ownerIds: [admin.userId] }, contactId: `01KCCCCCCCCCCCCCCCCCCCCCC${n}` }));
    await withActor({ type: "user", userId: admin.userId, role: "admin" }, () => BatchCreate.planFromSource(rows.slice(0, 1))); // warms the settings and definitions caches
    api.table.counter.reset();
    const plans = await withActor({ type: "user", userId: admin.userId, role: "admin" }, () => BatchCreate.planFromSource(rows));
    expect(plans.every((result) => "plan" in result && result.plan.contact.companyId === companyId)).toBe(true);
    // The owners' teams (one read) and the company (one read), whatever the number of rows.
    expect(api.table.counter.total).toBeLessThanOrEqual(2);
  });

  it("an imported contact is found by phone, email and name, is in its owner's list, counts its tags and has a created activity", async () => {
    const token = await api.tokenFor(sales);
    const before = await tagCounts(admin);
    const importId = await startFile(sales, [
      amoHeaders,
      amoRow(7001, { "Имя": "Найдёна", "Фамилия": "Пакетная", "Теги": "находка, общий" }),
      amoRow(7002, { "Теги": "общий" }),
      amoRow(7003, { "Теги": "общий, находка" }),
    ]);
    const job = await asSystem(() => Jobs.runToCompletion(importId));
    expect(job).toMatchObject({ status: "done", stats: { created: 3, skipped: 0, rejected: 0 } });
    const [contact] = await contactRows((item) => item.firstName === "Найдёна");
    expect(contact).toBeDefined();

    const search = async (q: string) => {
      const response = await api.call("GET", `/v1/contacts?q=${encodeURIComponent(q)}`, { token });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: { contactId: string }[] }).items.map((item) => item.contactId);
    };
    expect(await search("+7 916 000-70-01")).toContain(contact!.contactId);
    expect(await search("ivan7001@example.ru")).toContain(contact!.contactId);
    expect(await search("Пакетная")).toContain(contact!.contactId);
    expect(await search("найдена")).toContain(contact!.contactId);

    const list = await api.call("GET", "/v1/contacts", { token });
    expect(((await list.json()) as { items: { contactId: string }[] }).items.map((item) => item.contactId)).toContain(contact!.contactId);
    const card = await api.call("GET", `/v1/contacts/${contact!.contactId}`, { token });
    expect(card.status).toBe(200);
    const timeline = ((await card.json()) as { timeline: { items: { kind: string; source?: { kind: string; fileName: string } }[] } }).timeline.items;
    expect(timeline.filter((item) => item.kind === "created")).toEqual([expect.objectContaining({ kind: "created", source: { kind: "import", fileName: "batch.csv" } })]);

    const after = await tagCounts(admin);
    expect((after.get("общий") ?? 0) - (before.get("общий") ?? 0)).toBe(3);
    expect((after.get("находка") ?? 0) - (before.get("находка") ?? 0)).toBe(2);
    // The duplicate check sees the imported contact: the same phone again is skipped.
    const again = await startFile(sales, [amoHeaders, amoRow(7002, { "Рабочий email": "", "Рабочий телефон": "" })]);
    expect(await asSystem(() => Jobs.runToCompletion(again))).toMatchObject({ status: "done", stats: { created: 0, skipped: 1 } });
  });
});

describe("batch create crash safety", () => {
  it("an import crashed mid-batch resumes with no twins, every derived row written and exact tag counts", async () => {
    Imports.setChunkRows(40);
    const before = await tagCounts(admin);
    const rows = [amoHeaders, ...Array.from({ length: 100 }, (_, i) => amoRow(20_000 + i, { "Теги": `сбой, сбой${i % 3}` }))];
    const importId = await startFile(sales, rows);
    // The worker dies while writing the second chunk's contact rows: its lookups, index rows
    // and activities are all written, part of its contact rows too.
    let crashes = 0;
    Imports.setBeforeRowHook((index) => {
      if (index === 65 && crashes++ === 0) throw new Error("simulated crash");
    });
    const step = () => asSystem(() => Jobs.processNext(importId));
    expect(await step()).toBe("more");
    await expect(step()).rejects.toThrow("simulated crash");
    const halfway = await contactRows((item) => /^Иван20\d{3}$/.test(String(item.firstName)));
    expect(halfway.length).toBeGreaterThan(40);
    expect(halfway.length).toBeLessThan(80);
    // Tag counts of the crashed chunk are not added yet: only the first chunk's 40.
    expect(((await tagCounts(admin)).get("сбой") ?? 0) - (before.get("сбой") ?? 0)).toBe(40);

    // The second chunk runs to its end, then its checkpoint is lost: it runs a third time.
    const job = await asSystem(async () => (await Jobs.loadJob(importId))!);
    await asSystem(() => importJobHandler.runChunk(job));
    const finished = await asSystem(() => Jobs.runToCompletion(importId));
    expect(finished).toMatchObject({ status: "done", total: 100, done: 100, stats: { created: 100, skipped: 0, rejected: 0 } });

    const imported = await contactRows((item) => /^Иван20\d{3}$/.test(String(item.firstName)));
    expect(imported).toHaveLength(100);
    expect(new Set(imported.map((contact) => contact.phones[0]!.number)).size).toBe(100);
    const derived = await derivedRows(imported);
    expect(derived.missing).toEqual([]);
    expect(derived.created).toHaveLength(100);
    // Nothing but the contact rows, their derived rows and one activity each.
    expect(derived.all.length).toBe(imported.length + derived.expected.length + 100);
    const after = await tagCounts(admin);
    expect((after.get("сбой") ?? 0) - (before.get("сбой") ?? 0)).toBe(100);
    for (const k of [0, 1, 2]) expect((after.get(`сбой${k}`) ?? 0) - (before.get(`сбой${k}`) ?? 0)).toBe(Math.ceil((100 - k) / 3));
    // 100 rows written three times over (crash, lost checkpoint, resume), with their companies: slow on a loaded 2-core machine.
  }, 120_000);

  it("applies a batch's tag counts once per batch key, in parts over 99 tags, each part once", async () => {
    const deltas = Array.from({ length: TAG_DELTAS_PER_TRANSACTION + 21 }, (_, i) => ({ key: `once${String(i).padStart(3, "0")}`, label: `once${String(i).padStart(3, "0")}`, delta: 2 }));
    const before = await tagCounts(admin);
    expect(await applyTagDeltasOnce("contact", "test:once", [...deltas, { key: "once000", label: "once000", delta: 1 }])).toBe(2);
    expect(await applyTagDeltasOnce("contact", "test:once", [...deltas, { key: "once000", label: "once000", delta: 1 }])).toBe(0);
    const after = await tagCounts(admin);
    expect(after.get("once000")! - (before.get("once000") ?? 0)).toBe(3);
    for (const { key } of deltas.slice(1)) expect(after.get(key)! - (before.get(key) ?? 0)).toBe(2);
    // A different batch adds again.
    expect(await applyTagDeltasOnce("contact", "test:other", [{ key: "once000", label: "once000", delta: -1 }])).toBe(1);
    expect((await tagCounts(admin)).get("once000")! - (before.get("once000") ?? 0)).toBe(2);
  });
});
