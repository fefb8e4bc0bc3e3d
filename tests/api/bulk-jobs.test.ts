import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Bulk, BulkJobs } from "../../packages/core/src/bulk";
import { Contacts } from "../../packages/core/src/contacts";
import { Jobs } from "../../packages/core/src/jobs";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

/** Bulk actions over more than 100 records, or over a filter: background jobs with a snapshot. */
let api: TestApi;
let admin: User;
let sales: User;
let otherSales: User;
/** Jobs the API queued: the tests run them chunk by chunk (and crash them) themselves. */
const queued: string[] = [];

beforeAll(async () => {
  api = await createTestApi();
  Jobs.configureJobRunner({ enqueue: async (jobId) => void queued.push(jobId) });
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Bulk seller");
  otherSales = await seedUser(admin, "sales", "Other bulk seller");
});

afterEach(() => {
  Bulk.setBeforeRecordsHook(undefined);
  BulkJobs.setBulkChunkSize(undefined);
});

type Json = Record<string, any>;
const send = async (user: User, method: string, path: string, body?: unknown) => api.call(method, path, { token: await api.tokenFor(user), ...(body !== undefined ? { body } : {}) });
async function json(response: Response, status: number): Promise<Json> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as Json;
}
const runJob = (jobId: string) => withActor({ type: "system", reason: "test runner" }, () => Jobs.runToCompletion(jobId));
const processNext = (jobId: string) => withActor({ type: "system", reason: "test runner" }, () => Jobs.processNext(jobId));

/** Contacts created by `user` (10 at a time), with `extra` fields; IDs in creation order. */
async function seedContacts(user: User, count: number, label: string, extra: Json = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, (_, offset) =>
      asUser(user, () => Contacts.create({ firstName: `${label}${start + offset}`, lastName: "Bulk", ...extra })),
    );
    ids.push(...(await Promise.all(batch)).map((contact) => contact.contactId));
  }
  return ids;
}

async function activitiesOf(contactIds: string[], kind: string): Promise<Map<string, number>> {
  const wanted = new Set(contactIds);
  const counts = new Map<string, number>();
  for (const item of await api.table.items()) {
    if (item.__edb_e__ === "activity" && item.kind === kind && wanted.has(String(item.contactId))) counts.set(String(item.contactId), (counts.get(String(item.contactId)) ?? 0) + 1);
  }
  return counts;
}

const tagsOf = async (contactIds: string[]) => {
  const items = await api.table.items();
  return new Map(items.filter((item) => item.__edb_e__ === "contact" && contactIds.includes(String(item.contactId))).map((item) => [String(item.contactId), (item.tags as string[] | undefined) ?? []]));
};

describe("bulk jobs", () => {
  it("150 IDs run as a job: snapshot parts, real total, denied records reported with the reason", { timeout: 120_000 }, async () => {
    const mine = await seedContacts(sales, 147, "Mine");
    const readOnly = await seedContacts(otherSales, 1, "ReadOnly", { sharing: "read" });
    const hidden = await seedContacts(otherSales, 1, "Hidden");
    const selection = [...mine, ...readOnly, ...hidden, "not-an-id"];
    BulkJobs.setBulkChunkSize(40);

    const job = await json(await send(sales, "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["Autumn"] }, contactIds: selection }), 202);
    expect(job).toMatchObject({ kind: "bulk", status: "queued", total: 150, done: 0 });
    expect(queued).toContain(job.jobId);
    const parts = (await api.table.items()).filter((item) => item.__edb_e__ === "bulkSelectionPart" && item.jobId === job.jobId);
    expect(parts.flatMap((part) => part.contactIds as string[])).toEqual(selection);

    // Progress advances chunk by chunk, with the total known from the start.
    expect(await processNext(job.jobId)).toBe("more");
    const halfway = await json(await send(sales, "GET", `/v1/bulk-actions/${job.jobId}`), 200);
    expect(halfway.job).toMatchObject({ status: "running", total: 150, done: 40 });

    expect(await runJob(job.jobId)).toMatchObject({ status: "done", total: 150, done: 150, failed: 3, stats: { applied: 147, denied: 1, notFound: 2 } });
    const report = await json(await send(sales, "GET", `/v1/bulk-actions/${job.jobId}`), 200);
    expect(report).toMatchObject({ selection: "ids", action: { type: "addTags", tags: ["Autumn"] }, notAppliedTruncated: false });
    const byId = Object.fromEntries(report.notApplied.map((record: Json) => [record.contactId, record]));
    expect(Object.keys(byId).sort()).toEqual([readOnly[0]!, hidden[0]!, "not-an-id"].sort());
    expect(byId[readOnly[0]!]).toMatchObject({ status: "denied", reason: expect.stringMatching(/read-only/) });
    expect(byId[hidden[0]!]).toMatchObject({ status: "not-found" });
    expect(byId[hidden[0]!].reason).toBeUndefined();

    const tags = await tagsOf([...mine, ...readOnly, ...hidden]);
    expect(mine.every((contactId) => tags.get(contactId)!.includes("Autumn"))).toBe(true);
    expect(tags.get(readOnly[0]!)).toEqual([]);
    expect(tags.get(hidden[0]!)).toEqual([]);

    // Someone else's bulk job answers 404 like a missing one; a job of another kind too.
    expect((await send(otherSales, "GET", `/v1/bulk-actions/${job.jobId}`)).status).toBe(404);
    expect((await send(sales, "GET", "/v1/bulk-actions/01JAAAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    expect((await json(await send(admin, "GET", `/v1/bulk-actions/${job.jobId}`), 200)).job.jobId).toBe(job.jobId);
  });

  it("a filter is always a job: the snapshot pages the finder as the owner, sorted by creation", { timeout: 120_000 }, async () => {
    const tagged = await seedContacts(otherSales, 12, "Filtered", { tags: ["wave"], sharing: "write" });
    const untagged = await seedContacts(otherSales, 3, "Unfiltered", { sharing: "write" });
    const privateTagged = await seedContacts(otherSales, 2, "Private", { tags: ["wave"] });
    // As `sales` (who sees only the shared ones), everything tagged "wave" owned by otherSales.
    const job = await json(await send(sales, "POST", "/v1/bulk-actions", { action: { type: "setSharing", sharing: "read" }, filter: { tag: "wave", owner: otherSales.userId, sort: "name" } }), 202);
    expect(job).toMatchObject({ kind: "bulk", total: 0 });
    // Selecting first, then applying: sales may not change sharing on others' contacts.
    expect(await runJob(job.jobId)).toMatchObject({ status: "done", total: 12, done: 12, failed: 12, stats: { selected: 12, denied: 12 } });
    const report = await json(await send(sales, "GET", `/v1/bulk-actions/${job.jobId}`), 200);
    expect(report.selection).toBe("filter");
    expect(report.notApplied.map((record: Json) => record.contactId).sort()).toEqual([...tagged].sort());
    expect(report.notApplied.every((record: Json) => record.status === "denied" && record.reason)).toBe(true);

    // The owner can: 14 tagged (their private ones too), none of the untagged.
    const own = await json(await send(otherSales, "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["surfed"] }, filter: { tag: ["wave"] } }), 202);
    expect(await runJob(own.jobId)).toMatchObject({ status: "done", total: 14, done: 14, failed: 0, stats: { selected: 14, applied: 14 } });
    const tags = await tagsOf([...tagged, ...untagged, ...privateTagged]);
    expect([...tagged, ...privateTagged].every((contactId) => tags.get(contactId)!.includes("surfed"))).toBe(true);
    expect(untagged.every((contactId) => !tags.get(contactId)!.includes("surfed"))).toBe(true);

    // Nothing matches: the job finishes with a total of zero.
    const none = await json(await send(otherSales, "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["x"] }, filter: { tag: "no-such-tag" } }), 202);
    expect(await runJob(none.jobId)).toMatchObject({ status: "done", total: 0, done: 0 });
  });

  it("a crash mid-chunk resumes from the checkpoint without applying anything twice", { timeout: 120_000 }, async () => {
    const ids = await seedContacts(sales, 120, "Crash");
    BulkJobs.setBulkChunkSize(50);
    const job = await json(await send(sales, "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["resumed"] }, contactIds: ids }), 202);
    // The worker dies in the second chunk after 20 of its records were applied.
    let chunks = 0;
    let crashed = false;
    Bulk.setBeforeRecordsHook((handled) => {
      if (handled === 0) chunks++;
      if (chunks === 2 && handled === 20 && !crashed) {
        crashed = true;
        throw new Error("simulated crash");
      }
    });
    expect(await processNext(job.jobId)).toBe("more");
    await expect(processNext(job.jobId)).rejects.toThrow("simulated crash");
    const stopped = await json(await send(sales, "GET", `/v1/bulk-actions/${job.jobId}`), 200);
    expect(stopped.job).toMatchObject({ status: "running", done: 50, total: 120, error: "simulated crash" });
    const before = await tagsOf(ids);
    expect(ids.filter((contactId) => before.get(contactId)!.includes("resumed"))).toHaveLength(70);

    const finished = await runJob(job.jobId);
    // The 20 applied by the crashed attempt come back `unchanged`: nothing is written twice.
    expect(finished).toMatchObject({ status: "done", total: 120, done: 120, failed: 0, stats: { applied: 100, unchanged: 20 } });
    expect(finished!.error).toBeUndefined();
    const updated = await activitiesOf(ids, "updated");
    expect(ids.map((contactId) => updated.get(contactId) ?? 0)).toEqual(ids.map(() => 1));
    const after = await tagsOf(ids);
    expect(ids.every((contactId) => after.get(contactId)!.filter((tag) => tag === "resumed").length === 1)).toBe(true);
  });

  it("a resumed delete reports the contacts it already trashed as unchanged", { timeout: 120_000 }, async () => {
    const ids = await seedContacts(sales, 105, "Trash");
    BulkJobs.setBulkChunkSize(50);
    const job = await json(await send(admin, "POST", "/v1/bulk-actions", { action: { type: "delete" }, contactIds: ids }), 202);
    let calls = 0;
    Bulk.setBeforeRecordsHook((handled) => {
      calls++;
      if (calls === 3 && handled === 20) throw new Error("simulated crash");
    });
    await expect(processNext(job.jobId)).rejects.toThrow("simulated crash");
    Bulk.setBeforeRecordsHook(undefined);
    expect(await runJob(job.jobId)).toMatchObject({ status: "done", total: 105, done: 105, failed: 0, stats: { applied: 85, unchanged: 20 } });
    expect([...(await activitiesOf(ids, "deleted")).values()]).toEqual(ids.map(() => 1));
  });
});

describe("bad requests and rights", () => {
  it("refuses bad input naming the field, checks delete rights at creation, and writes nothing", async () => {
    const ids = await seedContacts(sales, 2, "Bad");
    const many = Array.from({ length: 150 }, (_, index) => ids[index % 2]!);
    const before = await api.table.items();
    const queuedBefore = queued.length;
    const cases: [Json, string][] = [
      [{ action: { type: "addTags", tags: ["x"] }, filter: { tag: ["a", "b", "c", "d", "e", "f"] } }, "filter.tag"],
      [{ action: { type: "addTags", tags: ["x"] }, filter: { colour: "red" } }, "filter.colour"],
      [{ action: { type: "addTags", tags: ["x"] }, filter: { owner: "nope" } }, "filter.owner"],
      [{ action: { type: "addTags", tags: ["x"] }, filter: { cursor: "abc" } }, "filter.cursor"],
      [{ action: { type: "addTags", tags: ["x"] }, filter: { custom: { shoe_size: { eq: "42" } } } }, "filter.cf.shoe_size"],
      [{ action: { type: "addTags", tags: ["x"] }, filter: { createdFrom: "2026-02-01", createdTo: "2026-01-01" } }, "filter.createdTo"],
      [{ action: { type: "addTags", tags: ["x"] }, filter: { q: "12" } }, "filter.q"],
      [{ action: { type: "addTags", tags: ["x"] }, filter: {}, contactIds: ids }, "filter"],
      [{ action: { type: "addTags", tags: ["x"] } }, "contactIds"],
      [{ action: { type: "addTags", tags: [] }, contactIds: many }, "action.tags"],
      [{ action: { type: "addTags", tags: ["x"] }, contactIds: Array.from({ length: 10_001 }, () => ids[0]) }, "contactIds"],
      [{ action: { type: "paint" }, filter: {} }, "action.type"],
      [{ action: { type: "addTags", tags: ["x"] }, contactIds: [...many, "x".repeat(65)] }, "contactIds[150]"],
    ];
    for (const [body, field] of cases) {
      const response = await send(sales, "POST", "/v1/bulk-actions", body);
      expect(response.headers.get("content-type"), JSON.stringify(body).slice(0, 200)).toContain("application/problem+json");
      const problem = await json(response, 400);
      expect(problem.errors.map((error: Json) => error.field), JSON.stringify(body).slice(0, 200)).toContain(field);
    }
    // Delete is for admins: refused when the job would be created, by IDs or by filter.
    expect((await send(sales, "POST", "/v1/bulk-actions", { action: { type: "delete" }, contactIds: many })).status).toBe(403);
    expect((await send(sales, "POST", "/v1/bulk-actions", { action: { type: "delete" }, filter: {} })).status).toBe(403);
    expect((await send(sales, "GET", "/v1/bulk-actions/not-a-job")).status).toBe(400);
    expect(await api.table.items()).toEqual(before);
    expect(queued.length).toBe(queuedBefore);
  });
});

describe("export by filter", () => {
  it("exports what the contacts filter matches (tag and owner), with every phone and email", async () => {
    const exporter = await seedUser(admin, "sales", "Filter exporter");
    const wanted = await seedContacts(exporter, 3, "Экспорт", { tags: ["export-me"], phones: [{ number: "+79035550101", type: "work" }, { number: "+79035550102", type: "mobile" }], emails: ["a@example.ru", "b@example.ru"] });
    await seedContacts(exporter, 2, "NoTag", { tags: ["other"] });
    await seedContacts(otherSales, 2, "OtherOwner", { tags: ["export-me"] });
    const response = await send(admin, "POST", "/v1/exports", { filter: { tag: "Export-Me", owner: exporter.userId } });
    expect(response.status).toBe(200);
    const rows = parseCsv(Buffer.from(await response.arrayBuffer()), { bom: true }) as string[][];
    const header = rows[0]!;
    expect(rows).toHaveLength(1 + wanted.length);
    const column = (name: string) => header.indexOf(name);
    expect(rows.slice(1).map((row) => row[column("Имя")]).sort()).toEqual(["Экспорт0", "Экспорт1", "Экспорт2"]);
    for (const row of rows.slice(1)) {
      expect(row[column("Рабочий телефон")]).toBe("+79035550101");
      expect(row[column("Мобильный телефон")]).toBe("+79035550102");
      expect(row.join("|")).toContain("a@example.ru, b@example.ru");
    }
    // A bad filter names its field.
    const bad = await json(await send(admin, "POST", "/v1/exports", { filter: { owner: "nope" } }), 400);
    expect(bad.errors.map((error: Json) => error.field)).toContain("filter.owner");
  });
});

describe("API reference", () => {
  it("documents the bulk job routes", async () => {
    const document = (await (await api.call("GET", "/v1/openapi.json")).json()) as Json;
    expect(document.paths["/v1/bulk-actions"].post.responses["202"]).toBeDefined();
    expect(document.paths["/v1/bulk-actions/{jobId}"].get).toBeDefined();
  });
});


