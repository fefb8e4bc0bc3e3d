import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { Imports } from "../../packages/core/src/imports";
import { Jobs } from "../../packages/core/src/jobs";
import type { User } from "../../packages/core/src/users";
import { compose } from "../../packages/core/src/compose";
import { startLocalHost, type LocalHost } from "../../packages/functions/src/local/host";
import { createSqsJobRunner } from "../../packages/functions/src/jobs/sqs-runner";
import { createWorker, TRASH_SWEEP_TASK } from "../../packages/functions/src/jobs/worker";
import { asUser, seedAdmin } from "../fixtures/factories";
import { amoHeaders, amoRow, csvText, encode } from "../fixtures/imports";
import { createTestTable, type TestTable } from "../fixtures/table";

let table: TestTable;
let admin: User;
let host: LocalHost | undefined;

beforeAll(async () => {
  compose();
  table = await createTestTable("jobs");
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "jobs-"))));
  admin = await seedAdmin();
});
afterAll(() => host?.stop());

/** An import started while no runner works: its job stays queued, as after a crash. */
async function queuedImport(rows: number, first: number): Promise<string> {
  const enqueued: string[] = [];
  Jobs.configureJobRunner({ enqueue: async (jobId) => void enqueued.push(jobId) });
  return asUser(admin, async () => {
    const { importId } = await Imports.create({ fileName: "resume.csv" });
    await Imports.upload(importId, encode(csvText([amoHeaders, ...Array.from({ length: rows }, (_, i) => amoRow(first + i))])));
    await Imports.start(importId, { duplicates: "skip" });
    expect(enqueued).toEqual([importId]);
    return importId;
  });
}

describe("local runner (npm start)", () => {
  it("resumes queued and interrupted (running) jobs at start-up and runs them to the end", async () => {
    const queued = await queuedImport(3, 70_000);
    const interrupted = await queuedImport(4, 71_000);
    // The second one had started a chunk when the process died.
    Imports.setChunkRows(2);
    await withActor({ type: "system", reason: "test" }, () => Jobs.processNext(interrupted));
    expect(await asUser(admin, () => Jobs.get(interrupted))).toMatchObject({ status: "running", done: 2 });

    host = await startLocalHost({ dynamoEndpoint: table.endpoint, tableName: table.tableName, port: 0, simulator: false });
    await Promise.all([host.jobs.settled(queued), host.jobs.settled(interrupted)]);
    Imports.setChunkRows(undefined);
    expect(await asUser(admin, () => Jobs.get(queued))).toMatchObject({ status: "done", done: 3, stats: { created: 3 } });
    expect(await asUser(admin, () => Jobs.get(interrupted))).toMatchObject({ status: "done", done: 4, stats: { created: 4 } });
    const contacts = (await table.items()).filter((item) => item.__edb_e__ === "contact");
    expect(contacts).toHaveLength(7);
  });
});

describe("trash sweep schedule (npm start)", () => {
  it("the local host starts the sweep as a job on its schedule and runs it", async () => {
    const local = await startLocalHost({ dynamoEndpoint: table.endpoint, tableName: table.tableName, port: 0, simulator: false, trashSweep: { firstAfterMs: 0, everyMs: 3_600_000 } });
    try {
      await expect.poll(async () => (await table.items()).filter((item) => item.__edb_e__ === "job" && item.kind === "contactTrashSweep" && item.status === "done").length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    } finally {
      await local.stop();
    }
  });
});

describe("SQS runner and worker (AWS)", () => {
  it("enqueues a SigV4-signed SendMessage to the queue's region", async () => {
    const sent: { url: string; headers: Record<string, string>; body: string }[] = [];
    const runner = createSqsJobRunner("https://sqs.eu-central-1.amazonaws.com/123456789012/jobs", {
      region: "eu-central-1",
      credentials: async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }),
      fetch: (async (url: URL, init: RequestInit) => {
        sent.push({ url: String(url), headers: init.headers as Record<string, string>, body: String(init.body) });
        return new Response("{}", { status: 200 });
      }) as typeof fetch,
    });
    await runner.enqueueAfter("01JOBJOBJOBJOBJOBJOBJOBJOB", 30);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe("https://sqs.eu-central-1.amazonaws.com/");
    expect(sent[0]!.headers["x-amz-target"]).toBe("AmazonSQS.SendMessage");
    expect(sent[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/sqs\/aws4_request/);
    expect(JSON.parse(sent[0]!.body)).toEqual({ QueueUrl: "https://sqs.eu-central-1.amazonaws.com/123456789012/jobs", MessageBody: JSON.stringify({ jobId: "01JOBJOBJOBJOBJOBJOBJOBJOB" }), DelaySeconds: 30 });
  });

  it("the worker runs one chunk per message and re-enqueues until the job is done", async () => {
    await host?.stop();
    host = undefined;
    const jobId = await queuedImport(3, 72_000);
    Imports.setChunkRows(2);
    const enqueued: string[] = [];
    const worker = createWorker({ enqueue: async (id) => void enqueued.push(id), enqueueAfter: async (id) => void enqueued.push(`later:${id}`) });
    const message = (id: string) => ({ Records: [{ body: JSON.stringify({ jobId: id }) }] }) as unknown as SQSEvent;
    await worker(message(jobId));
    expect(enqueued).toEqual([jobId]);
    expect(await asUser(admin, () => Jobs.get(jobId))).toMatchObject({ status: "running", done: 2 });
    await worker(message(jobId));
    expect(enqueued).toEqual([jobId]);
    // A duplicate delivery after the end does nothing.
    await worker(message(jobId));
    Imports.setChunkRows(undefined);
    expect(await asUser(admin, () => Jobs.get(jobId))).toMatchObject({ status: "done", done: 3, stats: { created: 3 } });
    expect(enqueued).toEqual([jobId]);
  });

  it("the daily schedule's sweep task starts the trash sweep and the recordings sweep jobs, which the next messages run to the end", async () => {
    const enqueued: string[] = [];
    Jobs.configureJobRunner({ enqueue: async (id) => void enqueued.push(id) });
    const worker = createWorker({ enqueue: async (id) => void enqueued.push(id), enqueueAfter: async (id) => void enqueued.push(`later:${id}`) });
    await worker(TRASH_SWEEP_TASK);
    expect(enqueued).toHaveLength(2);
    const [sweepId, recordingsSweepId] = enqueued;
    expect(await table.items()).toContainEqual(expect.objectContaining({ __edb_e__: "job", jobId: sweepId, kind: "contactTrashSweep", status: "queued" }));
    expect(await table.items()).toContainEqual(expect.objectContaining({ __edb_e__: "job", jobId: recordingsSweepId, kind: "recordingsSweep", status: "queued" }));
    for (const jobId of [sweepId, recordingsSweepId]) {
      await worker({ Records: [{ body: JSON.stringify({ jobId }) }] } as unknown as SQSEvent);
      expect(await table.items()).toContainEqual(expect.objectContaining({ __edb_e__: "job", jobId, status: "done" }));
    }
  });
});
