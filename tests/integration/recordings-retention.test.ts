import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Calls } from "../../packages/core/src/calls";
import { Contacts } from "../../packages/core/src/contacts";
import { sweepExpiredTrash, TRASH_EXPIRY_JOB } from "../../packages/core/src/contacts/trash";
import { configureFiles, LocalFileStore, useFiles } from "../../packages/core/src/files";
import { Jobs } from "../../packages/core/src/jobs";
import { Recordings, startRecordingsSweep } from "../../packages/core/src/recordings";
import { nowMs, setClock } from "../../packages/core/src/runtime/clock";
import { configureProviderRecordings, simulatorRecordings } from "../../packages/core/src/telephony";
import { Timeline } from "../../packages/core/src/timeline";
import type { User } from "../../packages/core/src/users";
import { asUser, seedAdmin } from "../fixtures/factories";
import { fakeRecordingsHttp } from "../fixtures/recordings";
import { createTestTable, type TestTable } from "../fixtures/table";

/**
 * Recordings do not outlive their welcome (issue 18): the daily sweep deletes those older than
 * the organization's `recordingRetentionDays` (logged on the card, the call record marked
 * `deleted`), and the trash sweep deletes those of a contact whose trash period ended.
 */

let table: TestTable;
let admin: User;
const http = fakeRecordingsHttp();
let sequence = 0;
const DAY_MS = 24 * 3600 * 1000;
const system = <T>(callback: () => Promise<T>) => withActor({ type: "system", reason: "test" }, callback);

beforeAll(async () => {
  table = await createTestTable("recordings");
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "recordings-retention-"))));
  configureProviderRecordings("simulator", simulatorRecordings({ url: "http://simulator.test", secret: "s", fetch: http.fetch }));
  admin = await seedAdmin();
});
afterEach(() => {
  setClock(undefined);
  Jobs.configureJobRunner(undefined);
});
afterAll(() => configureProviderRecordings("simulator", undefined));

async function contactWithRecording(name: string): Promise<{ contactId: string; callId: string; fileKey: string }> {
  const contact = await asUser(admin, () => Contacts.create({ firstName: name, phones: [{ number: `+7916555${String(++sequence).padStart(4, "0")}`, type: "mobile" }] }));
  const callId = `retention-call-${sequence}`;
  await system(async () => {
    await Calls.begin({ callId, source: "list", direction: "outbound", number: "+79165550000", contactId: contact.contactId, placedAt: new Date(nowMs()).toISOString() });
    await Recordings.receive({ provider: "simulator", callId, providerRecordingId: `SIMREret${sequence}`, status: "completed", durationSeconds: 3 });
  });
  const row = await Recordings.stored(callId);
  expect(row?.status).toBe("stored");
  expect(await useFiles().get(row!.fileKey)).toBeDefined();
  return { contactId: contact.contactId, callId, fileKey: row!.fileKey };
}

const runJob = (jobId: string) => system(() => Jobs.runToCompletion(jobId));

describe("the recordings sweep", () => {
  it("deletes recordings older than the retention (file, row), marks the call record and logs it on the card; newer ones stay", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const old = await contactWithRecording("Old");
    setClock(new Date(nowMs() + 200 * DAY_MS));
    const recent = await contactWithRecording("Recent");
    // 366 days after the first recording, 166 after the second: only the first is past 365 days.
    setClock(new Date(nowMs() + 166 * DAY_MS + 60_000));
    await runJob(await system(() => startRecordingsSweep()));

    expect(await Recordings.stored(old.callId)).toBeUndefined();
    expect(await useFiles().get(old.fileKey)).toBeUndefined();
    const call = await system(() => Calls.load(old.callId));
    expect(call?.recording).toMatchObject({ status: "deleted", deletedReason: "retention" });
    const timeline = await asUser(admin, () => Timeline.list(old.contactId, { limit: 10 }));
    expect(timeline.items.map((item) => item.text)).toContainEqual(expect.stringMatching(/^Call recording deleted: older than the organization's retention/));
    expect(timeline.items.map((item) => item.note)).toContainEqual({ kind: "recording-deleted", values: { reason: "retention", callAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), deletedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) } });

    expect(await Recordings.stored(recent.callId)).toMatchObject({ status: "stored" });
    expect(await useFiles().get(recent.fileKey)).toBeDefined();
    expect((await system(() => Calls.load(recent.callId)))?.recording?.status).toBe("stored");
  });

  it("a contact whose trash period ends loses its recordings with its photo (the trash sweep)", async () => {
    Jobs.configureJobRunner({ enqueue: async () => {} });
    const trashed = await contactWithRecording("Trashed");
    await asUser(admin, () => Contacts.remove(trashed.contactId));
    const expiry = (await table.items()).find((item) => item.__edb_e__ === "job" && item.kind === TRASH_EXPIRY_JOB && (item.params as { contactId?: string }).contactId === trashed.contactId);
    await runJob(String(expiry!.jobId));
    // Still in the trash: nothing is deleted yet.
    await sweepExpiredTrash();
    expect(await Recordings.stored(trashed.callId)).toBeDefined();

    setClock(new Date(nowMs() + 30 * DAY_MS + 60_000));
    let cursor: string | null = null;
    do cursor = (await sweepExpiredTrash({ cursor })).cursor;
    while (cursor);
    expect(await Recordings.stored(trashed.callId)).toBeUndefined();
    expect(await useFiles().get(trashed.fileKey)).toBeUndefined();
    expect((await system(() => Calls.load(trashed.callId)))?.recording).toMatchObject({ status: "deleted", deletedReason: "trash" });
  });
});
