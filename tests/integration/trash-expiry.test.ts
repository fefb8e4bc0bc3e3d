import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { ContactDuplicates, ContactPhotos, Contacts, type Contact } from "../../packages/core/src/contacts";
import * as ContactMerges from "../../packages/core/src/contacts/merge";
import { restoreJob, setBeforeTrashBatchHook, setTrashJobSizes, sweepExpiredTrash, TRASH_EXPIRY_JOB, TRASH_RESTORE_JOB, writeJob } from "../../packages/core/src/contacts/trash";
import { audiences, lookupRows } from "../../packages/core/src/contacts/contacts";
import { rowChangeCount, rowChanges } from "../../packages/core/src/contacts/index-rows";
import { addContactKeysToPairsAndRequests } from "../../packages/core/src/contacts/trash-keys";
import { configureFiles, LocalFileStore, useFiles } from "../../packages/core/src/files";
import { Jobs } from "../../packages/core/src/jobs";
import { nowMs, setClock } from "../../packages/core/src/runtime/clock";
import { Timeline } from "../../packages/core/src/timeline";
import { newActivity } from "../../packages/core/src/timeline/activity";
import type { User } from "../../packages/core/src/users";
import { createLocalJobRunner } from "../../packages/functions/src/jobs/local-runner";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import { createTestTable, type TestTable } from "../fixtures/table";

let table: TestTable;
let filesDir: string;
let admin: User;
let sales: User;
type Item = Record<string, unknown>;

/** The smallest PNG: a real image for the photo port. */
const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));

beforeAll(async () => {
  table = await createTestTable("trash");
  filesDir = mkdtempSync(join(tmpdir(), "trash-"));
  configureFiles(new LocalFileStore(filesDir));
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Requesting Seller");
});

afterEach(() => {
  setClock(undefined);
  setTrashJobSizes(undefined);
  setBeforeTrashBatchHook(undefined);
  Jobs.configureJobRunner(undefined);
});

let sequence = 0;
const freshPhone = () => `+7915${String(3_000_000 + ++sequence * 7919).padStart(7, "0")}`;

/** Every row of the table whose keys or attributes name the contact (keys are lower-cased). */
async function rowsMentioning(contactId: string): Promise<Item[]> {
  const needle = contactId.toLowerCase();
  return (await table.items()).filter((item) => JSON.stringify(item).toLowerCase().includes(needle));
}

/** DynamoDB TTL, which DynamoDB Local never runs: delete every row whose expiresAt has passed (runtime clock). */
async function simulateTtl(): Promise<number> {
  const nowSeconds = nowMs() / 1000;
  const expired = (await table.items()).filter((item) => typeof item.expiresAt === "number" && item.expiresAt <= nowSeconds);
  for (const item of expired) await table.storage.clients.doc.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: item.pk, sk: item.sk } }));
  return expired.length;
}

async function jobsFor(contactId: string, kind: string): Promise<Item[]> {
  return (await table.items()).filter((item) => item.__edb_e__ === "job" && item.kind === kind && (item.params as { contactId?: string }).contactId === contactId);
}

const activityExpiries = async (contactId: string) =>
  (await table.items()).filter((item) => item.__edb_e__ === "activity" && item.contactId === contactId).map((item) => item.expiresAt);

const filesRowOf = async (contactId: string) => (await table.items()).find((item) => item.__edb_e__ === "trashedFiles" && item.contactId === contactId);

/** The daily sweep, every page. */
async function sweepAll() {
  let cursor: string | null = null;
  do cursor = (await sweepExpiredTrash({ cursor })).cursor;
  while (cursor);
}

/** Runs a job to its end, chunk by chunk, as the runners do. */
const runJob = (jobId: string) => withActor({ type: "system", reason: "test" }, () => Jobs.runToCompletion(jobId));

/**
 * A contact with everything a contact can own outside its row: a long timeline (more than one
 * transaction), a chat message and its handle row, a photo, a duplicate pair, an access request
 * and the notification it sent.
 */
async function richContact(activities: number, name: string): Promise<{ contact: Contact; phone: string; email: string; twin: Contact }> {
  const phone = freshPhone();
  const email = `${name.toLowerCase()}-${sequence}@example.com`;
  const contact = await asUser(admin, () =>
    Contacts.create({ firstName: name, lastName: "Trashova", phones: [{ number: phone, type: "mobile" }], emails: [email], tags: ["trash-test"], messengers: { telegram: `${name}_tg${sequence}` } }),
  );
  const handle = `${name}_chat${sequence}`;
  await table.storage.service.entities.chatHandle.put({ source: "telegram", handle: handle.toLowerCase(), contactId: contact.contactId, updatedAt: new Date().toISOString() }).go();
  await withActor({ type: "system", reason: "chat:telegram" }, () => Timeline.record(contact.contactId, { kind: "message", text: "Hello", message: { source: "telegram", handle, messageId: `m-${sequence}` } }));
  // A few through the comment path; the bulk of a long timeline written directly (setup only).
  const commented = Math.min(20, activities);
  await Promise.all(Array.from({ length: commented }, (_, index) => asUser(admin, () => Timeline.comment(contact.contactId, { text: `Comment ${index}` }))));
  const notes = Array.from({ length: activities - commented }, (_, index) => newActivity(contact.contactId, { type: "system", reason: "call-list engine" }, "note", { text: `Note ${index}` }));
  if (notes.length > 0) await table.storage.service.entities.activity.put(notes as never).go();
  await asUser(admin, () => ContactPhotos.setPhoto(contact.contactId, PNG));
  // Someone created a twin anyway: the pair is queued.
  const twin = await asUser(admin, () => ContactDuplicates.createChecked({ firstName: "Twin", phones: [{ number: phone, type: "work" }] }, { duplicates: "allow" }));
  // A seller who may not see it asks for access: a request row and a notification to the owner.
  await asUser(sales, () => ContactDuplicates.requestAccess(contact.contactId, { matched: phone, message: "Mine?" }));
  return { contact: await asUser(admin, () => Contacts.get(contact.contactId)), phone, email, twin };
}

async function wholeTimeline(contactId: string) {
  const items: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: unknown[]; cursor: string | null } = await asUser(admin, () => Timeline.list(contactId, { limit: 50, ...(cursor ? { cursor } : {}) }));
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/** What a user sees of the contact: card fields, the whole timeline, search by phone, email and name, the list. */
async function visibleState(contactId: string, phone: string, email: string) {
  const card = await asUser(admin, () => Contacts.get(contactId));
  const { version: _version, updatedAt: _updatedAt, timeline: _timeline, ...fields } = card;
  const found = async (q: string) => (await asUser(admin, () => Contacts.findContacts({ q }))).items.map((item) => item.contactId).filter((id) => id === contactId);
  const listed = (await asUser(admin, () => Contacts.findContacts({ tag: "trash-test", limit: 50 }))).items.find((item) => item.contactId === contactId);
  const { version: _v, updatedAt: _u, ...listColumns } = listed ?? ({} as Record<string, unknown>);
  return {
    fields,
    timeline: await wholeTimeline(contactId),
    byPhone: await found(phone),
    byEmail: await found(email),
    byName: await found(String(card.lastName)),
    byPhoneLookup: (await Contacts.findByPhone(phone)).filter((id) => id === contactId),
    listColumns,
  };
}

describe("trashing a contact: every row it owns gets the contact's expiry", () => {
  it("stamps a 250-activity timeline and the rows in other partitions; 30 days on, nothing of it remains", { timeout: 120_000 }, async () => {
    // Prepare
    const runner = createLocalJobRunner({ retryDelayMs: 10 });
    Jobs.configureJobRunner(runner);
    const { contact, twin } = await richContact(250, "Stamped");
    const rowsBefore = await rowsMentioning(contact.contactId);
    expect(rowsBefore.filter((item) => item.__edb_e__ === "activity").length).toBeGreaterThan(250);

    // Act: to the trash; the real local runner takes the expiry job.
    table.counter.reset();
    const started = performance.now();
    await asUser(admin, () => Contacts.remove(contact.contactId));
    const jobId = String((await jobsFor(contact.contactId, TRASH_EXPIRY_JOB))[0]!.jobId);
    await runner.settled(jobId);
    const elapsed = performance.now() - started;
    const transactions = table.counter.byCommand.get("TransactWriteItemsCommand") ?? 0;
    console.info(`trash + expiry job of ${rowsBefore.length} rows: ${Math.round(elapsed)} ms, ${table.counter.total} requests, ${transactions} TransactWriteItems`);
    // Batched: the trash transaction, 3 of ≤ 99 activities, and one each for handles, pairs, requests, files.
    expect(transactions).toBeLessThanOrEqual(8);
    const job = { jobId };

    // Assess: the job is done, and every row naming the contact expires with it.
    const trashed = (await table.storage.service.entities.contact.get({ contactId: contact.contactId }).go()).data!;
    const expiresAt = trashed.expiresAt!;
    expect(expiresAt * 1000 - nowMs()).toBeGreaterThan(29.9 * 24 * 3600 * 1000);
    expect(await asUser(admin, () => Jobs.get(String(job!.jobId)))).toMatchObject({ status: "done", kind: TRASH_EXPIRY_JOB });
    const rows = await rowsMentioning(contact.contactId);
    const kinds = new Set(rows.map((item) => item.__edb_e__));
    for (const kind of ["contact", "activity", "chatHandle", "duplicatePair", "accessRequest", "notification", "job", "trashedFiles"]) expect(kinds, kind).toContain(kind);
    // Lookup, audience, list and search rows left in the trash transaction itself.
    for (const kind of ["contactLookup", "contactAudience", "contactIndex", "contactSearch"]) expect(kinds, kind).not.toContain(kind);
    const withoutExpiry = rows.filter((item) => item.expiresAt !== expiresAt);
    // The one exception: the files row, which must outlive TTL so the sweep deletes the photo.
    expect(withoutExpiry.map((item) => item.__edb_e__)).toEqual(["trashedFiles"]);
    expect(await useFiles().get(`contacts/${contact.contactId}/photo`)).toBeDefined();
    // The twin is untouched.
    expect((await rowsMentioning(twin.contactId)).filter((item) => item.__edb_e__ !== "duplicatePair" && item.expiresAt !== undefined)).toEqual([]);

    // Act: 30 days and a second later; DynamoDB's TTL deletes what expired; the daily sweep runs.
    setClock(new Date(expiresAt * 1000 + 1000));
    expect(await simulateTtl()).toBeGreaterThan(250);
    const leftBeforeSweep = await rowsMentioning(contact.contactId);
    const sweep = await sweepExpiredTrash();

    // Assess: only the files row had survived TTL; the sweep deleted the photo and the row.
    expect(leftBeforeSweep.map((item) => item.__edb_e__)).toEqual(["trashedFiles"]);
    expect(sweep).toMatchObject({ purged: 1, stale: 0 });
    expect(await rowsMentioning(contact.contactId)).toEqual([]);
    expect(await useFiles().get(`contacts/${contact.contactId}/photo`)).toBeUndefined();
    await expect(asUser(admin, () => Contacts.restore(contact.contactId))).rejects.toMatchObject({ name: "NotFoundError" });
    // The twin lives on, its pair with the purged contact gone.
    expect((await asUser(admin, () => Contacts.get(twin.contactId))).contactId).toBe(twin.contactId);
  });

  it("finds the handle row of a contact a chat created through its source, and leaves a handle that moved on alone", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const handle = `Src_${++sequence}`;
    const contact = await withActor({ type: "system", reason: "chat:telegram" }, () => Contacts.createFromSource({ source: { kind: "telegram", handle }, ownerIds: [admin.userId] }));
    const other = await asUser(admin, () => Contacts.create({ firstName: "Moved", phones: [{ number: freshPhone(), type: "mobile" }] }));
    const { service } = table.storage;
    await service.entities.chatHandle.put({ source: "telegram", handle: handle.toLowerCase(), contactId: contact.contactId, updatedAt: new Date().toISOString() }).go();
    // A second handle the contact once had now belongs to someone else.
    await withActor({ type: "system", reason: "chat:telegram" }, () => Timeline.record(contact.contactId, { kind: "message", text: "hi", message: { source: "telegram", handle: "moved_on", messageId: `mm-${sequence}` } }));
    await service.entities.chatHandle.put({ source: "telegram", handle: "moved_on", contactId: other.contactId, updatedAt: new Date().toISOString() }).go();

    await asUser(admin, () => Contacts.remove(contact.contactId));
    await runJob(String((await jobsFor(contact.contactId, TRASH_EXPIRY_JOB))[0]!.jobId));

    const handles = (await table.items()).filter((item) => item.__edb_e__ === "chatHandle");
    const expiresAt = (await service.entities.contact.get({ contactId: contact.contactId }).go()).data!.expiresAt;
    expect(handles.find((item) => item.handle === handle.toLowerCase())!.expiresAt).toBe(expiresAt);
    expect(handles.find((item) => item.handle === "moved_on")!.expiresAt).toBeUndefined();
  });

  it("a duplicate pair expires with the first of its two contacts to expire, and is whole again when both are back", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const phone = freshPhone();
    const first = await asUser(admin, () => Contacts.create({ firstName: "PairOne", phones: [{ number: phone, type: "mobile" }] }));
    const second = await asUser(admin, () => ContactDuplicates.createChecked({ firstName: "PairTwo", phones: [{ number: phone, type: "work" }] }, { duplicates: "allow" }));
    const pair = async () => (await table.items()).find((item) => item.__edb_e__ === "duplicatePair" && (item.contactIds as string[]).includes(first.contactId))!;
    const expiryOf = async (contactId: string) => (await table.storage.service.entities.contact.get({ contactId }).go()).data!.expiresAt;
    const trash = async (contactId: string) => {
      await asUser(admin, () => Contacts.remove(contactId));
      for (const job of await jobsFor(contactId, TRASH_EXPIRY_JOB)) await runJob(String(job.jobId));
    };
    const restore = async (contactId: string) => {
      await asUser(admin, () => Contacts.restore(contactId));
      for (const job of await jobsFor(contactId, TRASH_RESTORE_JOB)) await runJob(String(job.jobId));
    };
    expect((await pair()).expiresAt).toBeUndefined();

    await trash(second.contactId);
    setClock(new Date(nowMs() + 24 * 3600 * 1000));
    await trash(first.contactId);
    const [firstExpiry, secondExpiry] = [await expiryOf(first.contactId), await expiryOf(second.contactId)];
    expect(firstExpiry!).toBeGreaterThan(secondExpiry!);
    expect((await pair()).expiresAt).toBe(secondExpiry);

    await restore(second.contactId);
    expect((await pair()).expiresAt).toBe(firstExpiry);
    await restore(first.contactId);
    expect((await pair()).expiresAt).toBeUndefined();
  });

  it("bulk delete (removeMany) writes one expiry job per contact", async () => {
    const runner = createLocalJobRunner({ retryDelayMs: 10 });
    Jobs.configureJobRunner(runner);
    const contacts = await Promise.all([1, 2, 3].map((n) => asUser(admin, () => Contacts.create({ firstName: `Bulk${n}`, phones: [{ number: freshPhone(), type: "mobile" }] }))));
    for (const { contactId } of contacts) await asUser(admin, () => Timeline.comment(contactId, { text: "before" }));

    const { results } = await asUser(admin, () => Contacts.removeMany({ contactIds: contacts.map((contact) => contact.contactId) }));

    expect(results.map((result) => result.status)).toEqual(["deleted", "deleted", "deleted"]);
    for (const { contactId } of contacts) {
      const jobs = await jobsFor(contactId, TRASH_EXPIRY_JOB);
      expect(jobs).toHaveLength(1);
      await runner.settled(String(jobs[0]!.jobId));
      const rows = await rowsMentioning(contactId);
      const expiresAt = rows.find((item) => item.__edb_e__ === "contact")!.expiresAt;
      expect(rows.filter((item) => item.__edb_e__ === "activity").map((item) => item.expiresAt)).toEqual([expiresAt, expiresAt, expiresAt]);
    }
  });
});

describe("restore", () => {
  it("before the end of the trash period takes every expiry off again: card, timeline, search and lists as before", { timeout: 120_000 }, async () => {
    // Prepare: a contact with 120 activities, trashed and stamped.
    const runner = createLocalJobRunner({ retryDelayMs: 10 });
    Jobs.configureJobRunner(runner);
    const { contact, phone, email } = await richContact(120, "Restored");
    const before = await visibleState(contact.contactId, phone, email);
    const rowsBefore = await rowsMentioning(contact.contactId);
    await asUser(admin, () => Contacts.remove(contact.contactId));
    await runner.settled(String((await jobsFor(contact.contactId, TRASH_EXPIRY_JOB))[0]!.jobId));
    expect((await rowsMentioning(contact.contactId)).filter((item) => item.__edb_e__ === "activity" && item.expiresAt === undefined)).toEqual([]);
    await expect(asUser(admin, () => Contacts.get(contact.contactId))).rejects.toMatchObject({ name: "NotFoundError" });
    expect(await Contacts.findByPhone(phone)).not.toContain(contact.contactId);

    // Act: 29 days later, restore; the restore job runs.
    setClock(new Date(nowMs() + 29 * 24 * 3600 * 1000));
    await asUser(admin, () => Contacts.restore(contact.contactId));
    const [restoreJob] = await jobsFor(contact.contactId, TRASH_RESTORE_JOB);
    await runner.settled(String(restoreJob!.jobId));

    // Assess: nothing of the contact expires (notifications keep their own 90 days).
    const rows = await rowsMentioning(contact.contactId);
    const ownExpiry = new Map(rowsBefore.filter((item) => item.expiresAt !== undefined).map((item) => [`${item.pk}|${item.sk}`, item.expiresAt]));
    expect([...ownExpiry.keys()].length).toBeGreaterThan(0);
    const unexpected = rows.filter((item) => item.__edb_e__ !== "job" && item.expiresAt !== ownExpiry.get(`${item.pk}|${item.sk}`));
    expect(unexpected).toEqual([]);
    // The same rows as before, plus the two timeline entries and the bookkeeping jobs.
    const keysOf = (items: Item[]) => items.filter((item) => item.__edb_e__ !== "job").map((item) => `${item.__edb_e__}|${item.pk}|${item.sk}`).sort();
    const added = rows.filter((item) => !rowsBefore.some((old) => old.pk === item.pk && old.sk === item.sk));
    expect(added.filter((item) => item.__edb_e__ !== "job").map((item) => `${item.__edb_e__}:${item.kind}`).sort()).toEqual(["activity:deleted", "activity:restored"]);
    expect(keysOf(rows).filter((key) => !keysOf(added).includes(key))).toEqual(keysOf(rowsBefore));
    expect(await useFiles().get(`contacts/${contact.contactId}/photo`)).toBeDefined();
    const after = await visibleState(contact.contactId, phone, email);
    expect(after.fields).toEqual(before.fields);
    expect(after.listColumns).toEqual(before.listColumns);
    expect([after.byPhone, after.byEmail, after.byName, after.byPhoneLookup]).toEqual([[contact.contactId], [contact.contactId], [contact.contactId], [contact.contactId]]);
    expect([before.byPhone, before.byEmail, before.byName, before.byPhoneLookup]).toEqual([[contact.contactId], [contact.contactId], [contact.contactId], [contact.contactId]]);
    expect(after.timeline.slice(2)).toEqual(before.timeline);
    expect((after.timeline.slice(0, 2) as { kind: string }[]).map((item) => item.kind)).toEqual(["restored", "deleted"]);

    // And the sweep leaves its photo alone, even past the old due time.
    setClock(new Date(nowMs() + 5 * 24 * 3600 * 1000));
    await sweepAll();
    expect(await useFiles().get(`contacts/${contact.contactId}/photo`)).toBeDefined();
  });

  it("after the trash period is a 410, and a sweep run before the restore job keeps the restored contact's photo", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const contact = await asUser(admin, () => Contacts.create({ firstName: "Late", phones: [{ number: freshPhone(), type: "mobile" }] }));
    await asUser(admin, () => ContactPhotos.setPhoto(contact.contactId, PNG));
    await asUser(admin, () => Contacts.remove(contact.contactId));
    await runJob(String((await jobsFor(contact.contactId, TRASH_EXPIRY_JOB))[0]!.jobId));

    // Restored on the last day; the sweep runs before the restore job had its turn.
    setClock(new Date(nowMs() + 29.9 * 24 * 3600 * 1000));
    await asUser(admin, () => Contacts.restore(contact.contactId));
    setClock(new Date(nowMs() + 1 * 24 * 3600 * 1000));
    expect(await filesRowOf(contact.contactId)).toBeDefined();
    await sweepAll();
    // The row named a deletion that ended in a restore: dropped, the photo kept.
    expect(await filesRowOf(contact.contactId)).toBeUndefined();
    expect(await useFiles().get(`contacts/${contact.contactId}/photo`)).toBeDefined();
    await runJob(String((await jobsFor(contact.contactId, TRASH_RESTORE_JOB))[0]!.jobId));
    expect((await rowsMentioning(contact.contactId)).filter((item) => item.__edb_e__ !== "job" && item.expiresAt !== undefined)).toEqual([]);

    // Trashed again and left there: after 30 days a restore is 410.
    await asUser(admin, () => Contacts.remove(contact.contactId));
    setClock(new Date(nowMs() + 30 * 24 * 3600 * 1000 + 1000));
    await expect(asUser(admin, () => Contacts.restore(contact.contactId))).rejects.toMatchObject({ name: "GoneError" });
  });
});

describe("crash and races", () => {
  /** Fault injection: the Nth TransactWriteItems fails like a Lambda dying mid-way (the database is real). */
  function failTransaction(nth: number) {
    let seen = 0;
    const raw = table.storage.clients.raw;
    raw.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "TransactWriteItemsCommand" && ++seen === nth) throw new Error("injected crash");
        return next(args);
      },
      { step: "initialize", name: "injectedTrashCrash" },
    );
    return () => raw.middlewareStack.remove("injectedTrashCrash");
  }

  async function trashedWithTimeline(activities: number, name: string) {
    const contact = await asUser(admin, () => Contacts.create({ firstName: name, phones: [{ number: freshPhone(), type: "mobile" }] }));
    const { service } = table.storage;
    const notes = Array.from({ length: activities }, (_, index) => ({ contactId: contact.contactId, activityId: `01J${String(index).padStart(23, "0")}`, kind: "note" as const, at: new Date().toISOString(), actorId: admin.userId, text: `n${index}` }));
    await service.entities.activity.put(notes as never).go();
    await asUser(admin, () => Contacts.remove(contact.contactId));
    const [job] = await jobsFor(contact.contactId, TRASH_EXPIRY_JOB);
    return { contact, jobId: String(job!.jobId) };
  }

  it("a crash in the middle of the expiry job: running it again completes it", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    setTrashJobSizes({ activitiesPerPage: 40, pagesPerChunk: 3 });
    const { contact, jobId } = await trashedWithTimeline(300, "Crashy");
    const expiresAt = (await table.storage.service.entities.contact.get({ contactId: contact.contactId }).go()).data!.expiresAt;

    // Act: the 2nd transaction of the first chunk dies; one batch had committed.
    const heal = failTransaction(2);
    await expect(withActor({ type: "system", reason: "test" }, () => Jobs.processNext(jobId))).rejects.toThrow("injected crash");
    heal();
    const midway = await activityExpiries(contact.contactId);
    expect(midway.filter((value) => value === expiresAt)).toHaveLength(40);
    expect(await asUser(admin, () => Jobs.get(jobId))).toMatchObject({ status: "running", done: 0 });
    const finished = await runJob(jobId);

    // Assess
    expect(finished).toMatchObject({ status: "done" });
    expect(finished!.error).toBeUndefined();
    const after = await activityExpiries(contact.contactId);
    expect(after).toHaveLength(302);
    expect(after.every((value) => value === expiresAt)).toBe(true);
    // Replaying a finished job's work rewrites nothing.
    expect(await runJob(jobId)).toMatchObject({ status: "done" });
  });

  it("a restore between two batches of the expiry job wins: the job stops, the restore job clears what it stamped", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    setTrashJobSizes({ activitiesPerPage: 30, pagesPerChunk: 10 });
    const { contact, jobId } = await trashedWithTimeline(200, "Racer");
    let pages = 0;
    setBeforeTrashBatchHook(async (kind) => {
      if (kind === "expiry" && ++pages === 3) await asUser(admin, () => Contacts.restore(contact.contactId));
    });

    const expiry = await runJob(jobId);
    const stampedBeforeRestore = (await activityExpiries(contact.contactId)).filter((value) => value !== undefined).length;
    // Restored, its restore job not yet run: the whole timeline is already there, no expiry showing.
    const timeline = await wholeTimeline(contact.contactId);
    expect(timeline).toHaveLength(203);
    expect(timeline.filter((item) => "expiresAt" in (item as object))).toEqual([]);
    const [restoreJob] = await jobsFor(contact.contactId, TRASH_RESTORE_JOB);
    const restored = await runJob(String(restoreJob!.jobId));

    expect(expiry).toMatchObject({ status: "done", stats: { superseded: 1 } });
    expect(stampedBeforeRestore).toBe(60);
    expect(restored).toMatchObject({ status: "done" });
    expect((await rowsMentioning(contact.contactId)).filter((item) => item.__edb_e__ !== "job" && item.expiresAt !== undefined)).toEqual([]);
    expect((await asUser(admin, () => Contacts.get(contact.contactId))).deletedAt).toBeUndefined();
  });

  it("an expiry job that runs after the restore (or alongside it) writes nothing that stays", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    setTrashJobSizes({ activitiesPerPage: 25, pagesPerChunk: 2 });
    // Late: the restore happened before the expiry job ever ran.
    const late = await trashedWithTimeline(120, "Late");
    await asUser(admin, () => Contacts.restore(late.contact.contactId));
    const [lateRestore] = await jobsFor(late.contact.contactId, TRASH_RESTORE_JOB);
    await runJob(String(lateRestore!.jobId));
    expect(await runJob(late.jobId)).toMatchObject({ status: "done", done: 0, stats: { superseded: 1 } });
    expect((await activityExpiries(late.contact.contactId)).filter((value) => value !== undefined)).toEqual([]);

    // Alongside: both jobs and the restore at once, on the real local runner, several times.
    for (let round = 0; round < 3; round++) {
      const runner = createLocalJobRunner({ retryDelayMs: 5 });
      Jobs.configureJobRunner(runner);
      const { contact, jobId } = await trashedWithTimeline(150, `Both${round}`);
      await new Promise((resolve) => setTimeout(resolve, round * 15));
      await asUser(admin, () => Contacts.restore(contact.contactId));
      const [restoreJob] = await jobsFor(contact.contactId, TRASH_RESTORE_JOB);
      await Promise.all([runner.settled(jobId), runner.settled(String(restoreJob!.jobId))]);
      expect(await asUser(admin, () => Jobs.get(String(restoreJob!.jobId)))).toMatchObject({ status: "done" });
      expect(await asUser(admin, () => Jobs.get(jobId))).toMatchObject({ status: "done" });
      expect((await rowsMentioning(contact.contactId)).filter((item) => item.__edb_e__ !== "job" && item.expiresAt !== undefined)).toEqual([]);
    }
  });

  it("trash, restore, trash again: the first deletion's job cannot stamp the second's rows with its expiry", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const { contact, jobId: first } = await trashedWithTimeline(60, "Twice");
    await asUser(admin, () => Contacts.restore(contact.contactId));
    setClock(new Date(nowMs() + 3600 * 1000));
    await asUser(admin, () => Contacts.remove(contact.contactId));
    const second = (await jobsFor(contact.contactId, TRASH_EXPIRY_JOB)).find((job) => job.jobId !== first)!;
    const secondExpiry = (second.params as { expiresAt: number }).expiresAt;

    await runJob(String(second.jobId));
    expect(await runJob(first)).toMatchObject({ stats: { superseded: 1 } });
    const [restoreJob] = await jobsFor(contact.contactId, TRASH_RESTORE_JOB);
    expect(await runJob(String(restoreJob!.jobId))).toMatchObject({ stats: { superseded: 1 } });

    expect((await activityExpiries(contact.contactId)).every((value) => value === secondExpiry)).toBe(true);
  });
});

describe("a contact at DynamoDB's 100 items per transaction", () => {
  /** Items of its trash transaction without the job row (as `remove` counts them; one value claim per phone and handle). */
  const trashItems = (contact: Contact) =>
    2 + lookupRows(contact).length + contact.phones.length + (contact.messengers?.telegram ? 1 : 0) + audiences(contact).length + rowChangeCount(rowChanges(contact, undefined)) + (contact.tags?.length ?? 0);

  it("gets early jobs written just before its trash and restore transactions; they wait for them and then do their work", { timeout: 120_000 }, async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    // Prepare: phones and tags that make exactly 100 items (create allows that much).
    const probe = await asUser(admin, () => Contacts.create({ firstName: "Full", lastName: "House", phones: [{ number: freshPhone(), type: "mobile" }] }));
    const phones = Array.from({ length: 20 }, () => ({ number: freshPhone(), type: "work" as const, primary: false }));
    // A Telegram handle (a lookup row and a claim) makes up the parity phones and tags cannot.
    let shape: { phones: number; tags: number; telegram: boolean } | undefined;
    for (let tags = 0; tags <= 50 && !shape; tags++) {
      for (let count = 1; count <= 20 && !shape; count++) {
        for (const telegram of [false, true]) {
          const candidate = { ...probe, phones: phones.slice(0, count).map((phone, index) => ({ ...phone, primary: index === 0 })), tags: Array.from({ length: tags }, (_, n) => `full-${n}`), ...(telegram ? { messengers: { telegram: "full_house" } } : {}) };
          if (!shape && trashItems(candidate) === 100) shape = { phones: count, tags, telegram };
        }
      }
    }
    expect(shape).toBeDefined();
    const contact = await asUser(admin, () =>
      Contacts.create({
        firstName: "Full",
        lastName: "House",
        phones: phones.slice(0, shape!.phones).map(({ number, type }) => ({ number, type })),
        tags: Array.from({ length: shape!.tags }, (_, n) => `full-${n}`),
        ...(shape!.telegram ? { messengers: { telegram: "full_house" } } : {}),
      }),
    );
    expect(trashItems(contact)).toBe(100);
    await table.storage.service.entities.activity.put(Array.from({ length: 120 }, (_, index) => newActivity(contact.contactId, { type: "system", reason: "call-list engine" }, "note", { text: `f${index}` })) as never).go();

    // Act + Assess: trash; its job is early and stamps everything.
    await asUser(admin, () => Contacts.remove(contact.contactId));
    const [expiry] = await jobsFor(contact.contactId, TRASH_EXPIRY_JOB);
    expect(expiry!.params).toMatchObject({ early: true });
    expect(await runJob(String(expiry!.jobId))).toMatchObject({ status: "done" });
    const expiresAt = (await table.storage.service.entities.contact.get({ contactId: contact.contactId }).go()).data!.expiresAt;
    expect((await activityExpiries(contact.contactId)).every((value) => value === expiresAt)).toBe(true);

    // An early restore job that runs before its restore committed waits (the runner retries).
    const waiting = restoreJob(contact.contactId, { early: true });
    await writeJob(waiting);
    await expect(withActor({ type: "system", reason: "test" }, () => Jobs.processNext(waiting.jobId))).rejects.toThrow(/not committed yet/);
    await asUser(admin, () => Contacts.restore(contact.contactId));
    const restoreJobs = await jobsFor(contact.contactId, TRASH_RESTORE_JOB);
    expect(restoreJobs).toHaveLength(2);
    expect(restoreJobs.every((job) => (job.params as { early?: boolean }).early)).toBe(true);
    for (const job of restoreJobs) expect(await runJob(String(job.jobId))).toMatchObject({ status: "done" });
    expect((await rowsMentioning(contact.contactId)).filter((item) => item.__edb_e__ !== "job" && item.expiresAt !== undefined)).toEqual([]);
  });
});

describe("merge", () => {
  it("the merged-away contact's rows expire with it, the survivor's copies do not; undo clears them", { timeout: 120_000 }, async () => {
    const runner = createLocalJobRunner({ retryDelayMs: 10 });
    Jobs.configureJobRunner(runner);
    const { contact: other } = await richContact(110, "Merged");
    const survivor = await asUser(admin, () => Contacts.create({ firstName: "Survivor", phones: [{ number: freshPhone(), type: "mobile" }] }));
    const otherRowsBefore = (await rowsMentioning(other.contactId)).filter((item) => item.__edb_e__ !== "job");

    const { merge } = await asUser(admin, () => ContactMerges.merge(survivor.contactId, { otherId: other.contactId }));
    await runner.settled(String((await jobsFor(other.contactId, TRASH_EXPIRY_JOB))[0]!.jobId));

    const expiresAt = (await table.storage.service.entities.contact.get({ contactId: other.contactId }).go()).data!.expiresAt;
    const items = await table.items();
    const ownActivities = items.filter((item) => item.__edb_e__ === "activity" && item.contactId === other.contactId);
    const copies = items.filter((item) => item.__edb_e__ === "activity" && item.contactId === survivor.contactId);
    expect(ownActivities.length).toBeGreaterThan(110);
    expect(ownActivities.every((item) => item.expiresAt === expiresAt)).toBe(true);
    expect(copies.length).toBeGreaterThan(110);
    expect(copies.filter((item) => item.expiresAt !== undefined)).toEqual([]);
    // The record keeps who/what/when for its year; what undo needs leaves with the contact.
    const record = items.find((item) => item.__edb_e__ === "mergeRecord" && item.mergeId === merge.mergeId)!;
    expect(record.otherBefore).toBeUndefined();
    expect(items.find((item) => item.__edb_e__ === "mergeSnapshot" && item.mergeId === merge.mergeId)!.expiresAt).toBe(expiresAt);

    // Undo: the other is back, and nothing of it expires.
    await asUser(admin, () => ContactMerges.undo(merge.mergeId));
    await runner.settled(String((await jobsFor(other.contactId, TRASH_RESTORE_JOB))[0]!.jobId));
    const after = (await rowsMentioning(other.contactId)).filter((item) => item.__edb_e__ !== "job" && item.__edb_e__ !== "mergeRecord");
    const stable = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(stable) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, stable(v)])) : value;
    const comparable = (rows: Item[]) => rows.map((item) => JSON.stringify(stable(item))).sort();
    expect(comparable(after)).toEqual(comparable(otherRowsBefore));
  });

  it("a survivor trashed while its merge was still copying gets the late copies stamped too", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const other = await asUser(admin, () => Contacts.create({ firstName: "Copied", phones: [{ number: freshPhone(), type: "mobile" }] }));
    const notes = Array.from({ length: 130 }, (_, index) => ({ contactId: other.contactId, activityId: `01H${String(index).padStart(23, "0")}`, kind: "note" as const, at: new Date().toISOString(), actorId: admin.userId, text: `c${index}` }));
    await table.storage.service.entities.activity.put(notes as never).go();
    const survivor = await asUser(admin, () => Contacts.create({ firstName: "Dropped", phones: [{ number: freshPhone(), type: "mobile" }] }));
    // The copy step dies after its first BatchWriteItem (the merge stays `copying`).
    let seen = 0;
    const raw = table.storage.clients.raw;
    raw.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "BatchWriteItemCommand" && ++seen === 2) throw new Error("injected crash");
        return next(args);
      },
      { step: "initialize", name: "injectedCopyCrash" },
    );
    await expect(asUser(admin, () => ContactMerges.merge(survivor.contactId, { otherId: other.contactId }))).rejects.toThrow();
    raw.middlewareStack.remove("injectedCopyCrash");
    const mergeId = String((await table.items()).find((item) => item.__edb_e__ === "mergeRecord" && item.otherId === other.contactId)!.mergeId);

    // The survivor goes to the trash and its expiry job runs before the merge is finished.
    await asUser(admin, () => Contacts.remove(survivor.contactId));
    for (const job of await jobsFor(survivor.contactId, TRASH_EXPIRY_JOB)) await runJob(String(job.jobId));
    await asUser(admin, () => ContactMerges.resumeMerge(mergeId));
    const late = (await activityExpiries(survivor.contactId)).filter((value) => value === undefined);
    expect(late.length).toBeGreaterThan(0);
    for (const job of await jobsFor(survivor.contactId, TRASH_EXPIRY_JOB)) await runJob(String(job.jobId));

    const expiresAt = (await table.storage.service.entities.contact.get({ contactId: survivor.contactId }).go()).data!.expiresAt;
    expect(await jobsFor(survivor.contactId, TRASH_EXPIRY_JOB)).toHaveLength(2);
    const after = await activityExpiries(survivor.contactId);
    expect(after.length).toBeGreaterThan(130);
    expect(after.every((value) => value === expiresAt)).toBe(true);
  });

  it("left merged for 30 days: only the survivor's history and the merge record name the merged-away contact", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const { contact: other, twin } = await richContact(5, "Gone");
    const survivor = await asUser(admin, () => Contacts.create({ firstName: "Keeper", phones: [{ number: freshPhone(), type: "mobile" }] }));
    const { merge } = await asUser(admin, () => ContactMerges.merge(survivor.contactId, { otherId: other.contactId }));
    await runJob(String((await jobsFor(other.contactId, TRASH_EXPIRY_JOB))[0]!.jobId));

    setClock(new Date(nowMs() + 30 * 24 * 3600 * 1000 + 1000));
    await simulateTtl();
    await sweepExpiredTrash();

    const left = await rowsMentioning(other.contactId);
    // Documented exceptions: the merge record (IDs, who, when: the audit trail) and the survivor's own `merged` activity.
    expect(left.map((item) => `${item.__edb_e__}`).sort()).toEqual(["activity", "mergeRecord"]);
    expect(left.find((item) => item.__edb_e__ === "activity")).toMatchObject({ contactId: survivor.contactId, kind: "merged", relatedContactId: other.contactId });
    await expect(asUser(admin, () => ContactMerges.undo(merge.mergeId))).rejects.toMatchObject({ name: "GoneError" });
    expect(await useFiles().get(`contacts/${other.contactId}/photo`)).toBeUndefined();
    expect((await asUser(admin, () => Contacts.get(twin.contactId))).contactId).toBe(twin.contactId);
    // The survivor had no photo and took the other's: a copy of its own, still there after the other's files went.
    expect(await asUser(admin, () => ContactPhotos.getPhoto(survivor.contactId))).toEqual({ bytes: PNG, contentType: "image/png" });
  });

  it("a merge that picks the other's photo shows its bytes after the other's files are gone; undo brings the survivor's own back", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    // Prepare: both contacts have a photo, different images.
    const GIF = new Uint8Array([...Buffer.from("GIF89a"), 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const survivor = await asUser(admin, () => Contacts.create({ firstName: "Own", lastName: "Picture", phones: [{ number: freshPhone(), type: "mobile" }] }));
    const other = await asUser(admin, () => Contacts.create({ firstName: "Their", lastName: "Picture", phones: [{ number: freshPhone(), type: "mobile" }] }));
    await asUser(admin, () => ContactPhotos.setPhoto(survivor.contactId, PNG));
    await asUser(admin, () => ContactPhotos.setPhoto(other.contactId, GIF));

    // Act: merge, picking the other's photo; the other's trash period passes and its files are swept.
    const { merge, contact } = await asUser(admin, () => ContactMerges.merge(survivor.contactId, { otherId: other.contactId, pick: { photo: "other" } }));
    expect(contact.photo).toMatchObject({ contentType: "image/gif", mergeId: merge.mergeId });
    expect(await asUser(admin, () => ContactPhotos.getPhoto(survivor.contactId))).toEqual({ bytes: GIF, contentType: "image/gif" });
    await useFiles().delete(`contacts/${other.contactId}/photo`);

    // Assess: the survivor still shows the other's image (its own copy).
    expect(await asUser(admin, () => ContactPhotos.getPhoto(survivor.contactId))).toEqual({ bytes: GIF, contentType: "image/gif" });

    // Act: undo. Assess: the survivor's own image is back, and the copy is gone.
    await asUser(admin, () => ContactMerges.undo(merge.mergeId));
    expect(await asUser(admin, () => ContactPhotos.getPhoto(survivor.contactId))).toEqual({ bytes: PNG, contentType: "image/png" });
    expect(await useFiles().get(`contacts/${survivor.contactId}/photo-${merge.mergeId}`)).toBeUndefined();
  });

  it("a merge whose transaction fails leaves no photo copy behind", async () => {
    const survivor = await asUser(admin, () => Contacts.create({ firstName: "Refused", lastName: "Merge", phones: [{ number: freshPhone(), type: "mobile" }] }));
    const other = await asUser(admin, () => Contacts.create({ firstName: "Refused", lastName: "Donor", phones: [{ number: freshPhone(), type: "mobile" }] }));
    await asUser(admin, () => ContactPhotos.setPhoto(other.contactId, PNG));
    const raw = table.storage.clients.raw;
    raw.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "TransactWriteItemsCommand") throw new Error("injected failure");
        return next(args);
      },
      { step: "initialize", name: "injectedMergeFailure" },
    );
    try {
      await expect(asUser(admin, () => ContactMerges.merge(survivor.contactId, { otherId: other.contactId }))).rejects.toThrow("injected failure");
    } finally {
      raw.middlewareStack.remove("injectedMergeFailure");
    }
    // The survivor's folder holds no photo file at all (it never had one of its own).
    const folder = join(filesDir, "contacts", survivor.contactId);
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    expect((await asUser(admin, () => Contacts.get(survivor.contactId))).photo).toBeUndefined();
  });

  it("a survivor showing a merged photo takes both its files with it when its trash period ends", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const survivor = await asUser(admin, () => Contacts.create({ firstName: "Both", lastName: "Files", phones: [{ number: freshPhone(), type: "mobile" }] }));
    const other = await asUser(admin, () => Contacts.create({ firstName: "Gives", lastName: "Picture", phones: [{ number: freshPhone(), type: "mobile" }] }));
    await asUser(admin, () => ContactPhotos.setPhoto(survivor.contactId, PNG));
    await asUser(admin, () => ContactPhotos.setPhoto(other.contactId, PNG));
    const { merge } = await asUser(admin, () => ContactMerges.merge(survivor.contactId, { otherId: other.contactId, pick: { photo: "other" } }));
    // Its own upload (kept for the undo) and the merged copy it shows.
    expect(await useFiles().get(`contacts/${survivor.contactId}/photo`)).toBeDefined();
    expect(await useFiles().get(`contacts/${survivor.contactId}/photo-${merge.mergeId}`)).toBeDefined();

    await asUser(admin, () => Contacts.remove(survivor.contactId));
    for (const job of await jobsFor(survivor.contactId, TRASH_EXPIRY_JOB)) await runJob(String(job.jobId));
    setClock(new Date(nowMs() + 30 * 24 * 3600 * 1000 + 1000));
    await simulateTtl();
    await sweepAll();

    expect(await useFiles().get(`contacts/${survivor.contactId}/photo`)).toBeUndefined();
    expect(await useFiles().get(`contacts/${survivor.contactId}/photo-${merge.mergeId}`)).toBeUndefined();
  });
});

describe("migration 4", () => {
  it("gives duplicate pairs and access requests written without per-contact keys their keys, once", async () => {
    const [a, b] = [`01J${"A".repeat(23)}`, `01J${"B".repeat(23)}`];
    const pairId = `${a}:${b}`;
    const { doc } = table.storage.clients;
    // As written before the keys existed: the entity's own keys only.
    const pairItem = table.storage.service.entities.duplicatePair.put({ pairId, contactIds: [a, b], firstId: a, secondId: b, on: [], strength: "strong", status: "dismissed", createdAt: new Date().toISOString() } as never).params().Item as Item;
    const requestItem = table.storage.service.entities.accessRequest.put({ contactId: a, requesterId: sales.userId, ownerId: admin.userId, status: "pending", createdAt: new Date().toISOString() }).params().Item as Item;
    const strip = (item: Item) => Object.fromEntries(Object.entries(item).filter(([name]) => !/^gsi\d/.test(name) && name !== "firstId" && name !== "secondId"));
    await doc.send(new PutCommand({ TableName: table.tableName, Item: strip(pairItem) }));
    await doc.send(new PutCommand({ TableName: table.tableName, Item: strip(requestItem) }));
    expect((await table.storage.service.entities.duplicatePair.query.bySecond({ secondId: b }).go()).data).toEqual([]);

    expect(await addContactKeysToPairsAndRequests()).toBe(2);
    expect(await addContactKeysToPairsAndRequests()).toBe(0);

    expect((await table.storage.service.entities.duplicatePair.query.bySecond({ secondId: b }).go()).data.map((pair) => pair.pairId)).toEqual([pairId]);
    expect((await table.storage.service.entities.duplicatePair.query.byFirst({ firstId: a }).go()).data.map((pair) => pair.status)).toEqual(["dismissed"]);
    expect((await table.storage.service.entities.accessRequest.query.byContact({ contactId: a }).go()).data.map((request) => request.requesterId)).toEqual([sales.userId]);
  });
});
