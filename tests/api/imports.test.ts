import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { Exports, Imports } from "../../packages/core/src/imports";
import { Jobs, type Job } from "../../packages/core/src/jobs";
import { runMigrations } from "../../packages/core/src/storage/migrations";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { contactInput, seedAdmin, seedUser } from "../fixtures/factories";
import { amoHeaders, amoRow, csvText, encode, type FileEncoding } from "../fixtures/imports";

let api: TestApi;
let admin: User;
let sales: User;
let otherSales: User;
/** Jobs the API queued: the tests run them step by step (and crash them) themselves. */
const queued: string[] = [];

beforeAll(async () => {
  api = await createTestApi();
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "imports-"))));
  Jobs.configureJobRunner({ enqueue: async (jobId) => void queued.push(jobId) });
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  otherSales = await seedUser(admin, "sales", "Olga Sales");
  // Migrated, as `npm start` leaves a table: the duplicate check reads the claims (import-duplicate-check covers the unmigrated path).
  await runMigrations();
});

afterEach(() => {
  Imports.setBeforeRowHook(undefined);
  Imports.setChunkRows(undefined);
  Exports.setSyncExportRows(undefined);
  Exports.setExportChunkPages(undefined);
});

const runJob = (jobId: string) => withActor({ type: "system", reason: "test runner" }, () => Jobs.runToCompletion(jobId));

async function uploadFile(user: User, bytes: Uint8Array, fileName = "contacts.csv"): Promise<string> {
  const token = await api.tokenFor(user);
  const created = await api.call("POST", "/v1/imports", { token, body: { fileName, size: bytes.byteLength } });
  expect(created.status).toBe(201);
  const { importId, upload } = (await created.json()) as { importId: string; upload: { method: string; url: string } };
  expect(upload.method).toBe("PUT");
  const put = await api.app.request(new URL(upload.url).pathname, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: bytes as Uint8Array<ArrayBuffer> });
  expect(put.status).toBe(200);
  return importId;
}

type PreviewBody = Awaited<ReturnType<typeof Imports.preview>>;
async function preview(user: User, importId: string, body: Record<string, unknown> = {}): Promise<PreviewBody> {
  const response = await api.call("POST", `/v1/imports/${importId}/preview`, { token: await api.tokenFor(user), body });
  expect(response.status).toBe(200);
  return (await response.json()) as PreviewBody;
}

async function startImport(user: User, importId: string, body: Record<string, unknown>): Promise<Job> {
  const response = await api.call("POST", `/v1/imports/${importId}/start`, { token: await api.tokenFor(user), body });
  expect(response.status).toBe(202);
  return (await response.json()) as Job;
}

async function importAll(user: User, bytes: Uint8Array, duplicates: "skip" | "update" | "create"): Promise<{ importId: string; job: Job }> {
  const importId = await uploadFile(user, bytes);
  await startImport(user, importId, { duplicates });
  const job = await runJob(importId);
  return { importId, job: job! };
}

async function contactsWith(predicate: (item: Record<string, unknown>) => boolean) {
  return (await api.table.items()).filter((item) => item.__edb_e__ === "contact" && predicate(item));
}
const hasPhone = (number: string) => (item: Record<string, unknown>) => (item.phones as { number: string }[]).some((phone) => phone.number === number);

async function reportRows(user: User, importId: string): Promise<string[][]> {
  const response = await api.call("GET", `/v1/imports/${importId}/report`, { token: await api.tokenFor(user) });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/csv");
  return parseCsv(await response.text(), { bom: true }) as string[][];
}

describe("column detection", () => {
  const flavours: { flavour: string; headers: string[]; row: string[]; expected: Record<string, string> }[] = [
    {
      flavour: "amocrm",
      headers: amoHeaders,
      row: amoRow(1),
      expected: { "Имя": "firstName", "Фамилия": "lastName", "Рабочий телефон": "workPhone", "Мобильный телефон": "mobilePhone", "Рабочий email": "workEmail", "Компания": "company", "Должность": "position", "Теги": "tags" },
    },
    {
      flavour: "hubspot",
      headers: ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Job Title", "Associated Company", "Contact owner", "Lifecycle Stage"],
      row: ["101", "Jane", "Doe", "jane@hub.example", "+1 212 555 0101", "+1 646 555 0101", "CTO", "Acme", "Bob", "lead"],
      expected: { "First Name": "firstName", "Last Name": "lastName", Email: "email", "Phone Number": "workPhone", "Mobile Phone Number": "mobilePhone", "Job Title": "position", "Associated Company": "company", "Record ID": "" },
    },
    {
      flavour: "google",
      headers: ["Name", "Given Name", "Additional Name", "Family Name", "Birthday", "Notes", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name", "Organization 1 - Title"],
      row: ["Jan Kowalski", "Jan", "", "Kowalski", "1985-04-12", "met at fair", "* myContacts", "* Home", "jan@g.example", "Mobile", "+48 601 234 567", "Firma", "Boss"],
      expected: { "Given Name": "firstName", "Family Name": "lastName", Birthday: "birthday", Notes: "comment", "E-mail 1 - Value": "email", "Phone 1 - Value": "workPhone", "Organization 1 - Name": "company", "Organization 1 - Title": "position", "E-mail 1 - Type": "" },
    },
    {
      flavour: "outlook",
      headers: ["First Name", "Middle Name", "Last Name", "Company", "Job Title", "Business Street", "Business Phone", "Home Phone", "Mobile Phone", "E-mail Address", "E-mail 2 Address", "Categories"],
      row: ["John", "Q", "Public", "Contoso", "Buyer", "1 Main St", "+44 20 7946 0018", "", "+44 7911 123456", "john@outlook.example", "jq@home.example", "Customers"],
      expected: { "First Name": "firstName", "Middle Name": "middleName", "Last Name": "lastName", Company: "company", "Job Title": "position", "Business Phone": "workPhone", "Mobile Phone": "mobilePhone", "E-mail Address": "email", "E-mail 2 Address": "otherEmail", Categories: "tags" },
    },
  ];
  for (const { flavour, headers, row, expected } of flavours) {
    it(`detects a ${flavour} export's columns and maps its rows`, async () => {
      const importId = await uploadFile(sales, encode(csvText([headers, row])));
      const result = await preview(sales, importId);
      expect(result.flavour).toBe(flavour);
      for (const [header, field] of Object.entries(expected)) expect(result.columns.find((column) => column.header === header)?.field ?? "").toBe(field);
      expect(result.rows[0]!.errors).toEqual([]);
      expect(result.rows[0]!.fields!.phones!.length).toBeGreaterThan(0);
    });
  }

  it("lets a manual mapping override the detection, column by column", async () => {
    const importId = await uploadFile(sales, encode(csvText([["Имя", "Заметка", "Рабочий телефон"], ["Пётр", "VIP", "+7 495 123-45-67"]])));
    const detected = await preview(sales, importId);
    expect(detected.columns.map((column) => column.field)).toEqual(["firstName", null, "workPhone"]);
    const overridden = await preview(sales, importId, { mapping: { "Имя": "lastName", "Заметка": "comment" } });
    expect(overridden.columns.map((column) => column.field)).toEqual(["lastName", "comment", "workPhone"]);
    expect(overridden.rows[0]!.fields).toMatchObject({ lastName: "Пётр", comment: "VIP", phones: [{ number: "+74951234567", type: "work" }] });
  });
});

describe("encodings and separators", () => {
  const cases: [FileEncoding, string][] = [["utf-8", ","], ["utf-8-bom", ";"], ["windows-1251", ";"], ["windows-1251", "\t"], ["utf-8", "\t"], ["utf-8-bom", ","]];
  for (const [encoding, delimiter] of cases) {
    it(`reads ${encoding} separated by ${JSON.stringify(delimiter)}`, async () => {
      const text = csvText([amoHeaders, amoRow(11, { "Имя": "Ёлка Семёновна", "Компания": "ООО «Ромашка», филиал" })], delimiter);
      const importId = await uploadFile(sales, encode(text, encoding));
      const result = await preview(sales, importId);
      expect(result.encoding).toBe(encoding);
      expect(result.delimiter).toBe(delimiter);
      expect(result.rows[0]!.fields).toMatchObject({ firstName: "Ёлка Семёновна", position: "Менеджер", tags: ["импорт", "клиенты"] });
      // The company column links a company (created at import: none has this name yet), not the comment.
      expect(result.rows[0]!.fields!.comment).toBeUndefined();
      expect(result.rows[0]!.company).toMatchObject({ name: "ООО «Ромашка», филиал", column: "Компания", match: "new" });
    });
  }
});

describe("preview", () => {
  it("shows the first 20 rows with mapped fields, dropped values and errors naming the column, and duplicates; writes no contact", async () => {
    const rows = [amoHeaders, ...Array.from({ length: 25 }, (_, i) => amoRow(100 + i))];
    rows[2] = amoRow(101, { "Рабочий телефон": "12", "Рабочий email": "not-an-email" });
    rows[3] = amoRow(102, { "Имя": "", "Фамилия": "", "Рабочий телефон": "", "Мобильный телефон": "", "Рабочий email": "" });
    rows[4] = amoRow(100); // repeats row 2 of the file
    const before = (await contactsWith(() => true)).length;
    const importId = await uploadFile(sales, encode(csvText(rows)));
    const result = await preview(sales, importId);
    expect(result.totalRows).toBe(25);
    expect(result.rows).toHaveLength(20);
    expect(result.rows[0]).toMatchObject({ row: 2, errors: [], fields: { firstName: "Иван100", lastName: "Петров100", position: "Менеджер" } });
    // A bad work phone and email beside a valid mobile: the person is imported without them.
    expect(result.rows[1]!.errors).toEqual([]);
    expect(result.rows[1]!.fields!.phones).toEqual([{ number: "+79160000101", type: "mobile" }]);
    expect(result.rows[1]!.fields!.emails).toBeUndefined();
    expect(result.rows[1]!.dropped).toEqual([
      { column: "Рабочий телефон", value: "12", reason: expect.any(String), code: "invalid-phone", values: { country: "RU" } },
      { column: "Рабочий email", value: "not-an-email", reason: "Not a valid email address.", code: "invalid-email" },
    ]);
    expect(result.rows[2]!.fields).toBeUndefined();
    expect(result.rows[2]!.errors).toEqual([{ field: "row", message: Imports.NOTHING_USABLE }]);
    expect(result.rows[3]!.duplicateOf).toEqual({ row: 2, existing: false });
    expect((await contactsWith(() => true)).length).toBe(before);
  });
});

describe("duplicate policies", () => {
  async function seedExisting(user: User, n: number) {
    // Seeds are alike by name («Existing PersonN»): created anyway, as the import will match them by phone.
    const response = await api.call("POST", "/v1/contacts?duplicates=allow", {
      token: await api.tokenFor(user),
      body: contactInput({ firstName: "Existing", lastName: `Person${n}`, phones: [{ number: `8 916 ${String(n).padStart(7, "0")}`, type: "mobile" }], emails: [`existing${n}@example.ru`], tags: ["старый"] }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { contactId: string; version: number };
  }

  it("skip: a row matching an existing contact or an earlier row is skipped and reported; the rest are created with source import", async () => {
    const existing = await seedExisting(sales, 200);
    const file = csvText([amoHeaders, amoRow(200), amoRow(201), amoRow(202), amoRow(201, { "Имя": "Дубль" })]);
    const { importId, job } = await importAll(sales, encode(file), "skip");
    expect(job).toMatchObject({ status: "done", total: 4, done: 4, failed: 0, stats: { created: 2, skipped: 2, updated: 0, rejected: 0 } });
    expect(await contactsWith(hasPhone("+79160000200"))).toHaveLength(1);
    expect(await contactsWith(hasPhone("+79160000201"))).toHaveLength(1);
    const created = (await contactsWith(hasPhone("+79160000202")))[0]!;
    expect(created).toMatchObject({ source: { kind: "import", label: "contacts.csv" }, ownerId: sales.userId, firstName: "Иван202" });
    const card = await api.call("GET", `/v1/contacts/${created.contactId}`, { token: await api.tokenFor(sales) });
    expect(((await card.json()) as { timeline: { items: { kind: string }[] } }).timeline.items.map((item) => item.kind)).toContain("created");
    const report = await reportRows(sales, importId);
    expect(report.slice(1).map((row) => row.slice(0, 3))).toEqual([
      ["2", "skipped", "A contact with this phone or email already exists."],
      ["5", "skipped", "Duplicate of row 3 in this file."],
    ]);
    expect(existing.contactId).toBe((await contactsWith(hasPhone("+79160000200")))[0]!.contactId);
  });

  it("update: the existing contact gets the row's new phones, emails and tags; nothing is created for it", async () => {
    const existing = await seedExisting(sales, 300);
    const { job } = await importAll(sales, encode(csvText([amoHeaders, amoRow(300, { "Должность": "Директор" })])), "update");
    expect(job).toMatchObject({ status: "done", done: 1, stats: { updated: 1, created: 0 } });
    const [contact, ...others] = await contactsWith(hasPhone("+79160000300"));
    expect(others).toHaveLength(0);
    expect(contact).toMatchObject({ contactId: existing.contactId, position: "Директор", version: 2 });
    expect((contact!.phones as { number: string }[]).map((phone) => phone.number).sort()).toEqual(["+74950000300", "+79160000300"]);
    expect((contact!.emails as { address: string }[]).map((email) => email.address).sort()).toEqual(["existing300@example.ru", "ivan300@example.ru"]);
    expect(contact!.tags).toEqual(["старый", "импорт", "клиенты"]);
  });

  it("update: a match the importer may not change is rejected with the reason, not overwritten or duplicated", async () => {
    const theirs = await seedExisting(otherSales, 350);
    const { importId, job } = await importAll(sales, encode(csvText([amoHeaders, amoRow(350)])), "update");
    expect(job).toMatchObject({ status: "done", done: 1, failed: 1 });
    const matches = await contactsWith(hasPhone("+79160000350"));
    expect(matches.map((item) => item.contactId)).toEqual([theirs.contactId]);
    expect(matches[0]!.version).toBe(1);
    expect((await reportRows(sales, importId))[1]!.slice(0, 3)).toEqual(["2", "rejected", "Matches a contact you may not change (ask its responsible manager)."]);
  });

  it("create: a matching row becomes a new contact anyway", async () => {
    await seedExisting(sales, 400);
    const { job } = await importAll(sales, encode(csvText([amoHeaders, amoRow(400)])), "create");
    expect(job).toMatchObject({ status: "done", stats: { created: 1 } });
    expect(await contactsWith(hasPhone("+79160000400"))).toHaveLength(2);
  });
});

describe("crash safety", () => {
  it("an import killed mid-chunk resumes from its checkpoint without creating anything twice", async () => {
    Imports.setChunkRows(100);
    const rows = [amoHeaders, ...Array.from({ length: 250 }, (_, i) => amoRow(10_000 + i))];
    rows[170] = amoRow(10_100); // an in-file duplicate (of file row 102) in the second chunk
    rows[50] = amoRow(1, { "Имя": "", "Фамилия": "", "Рабочий email": "broken@", "Мобильный телефон": "", "Рабочий телефон": "" });
    const importId = await uploadFile(sales, encode(csvText(rows)));
    await startImport(sales, importId, { duplicates: "skip" });
    // The worker dies in the second chunk, after some of its rows were written.
    let crashes = 0;
    Imports.setBeforeRowHook((index) => {
      if (index === 150 && crashes === 0) {
        crashes++;
        throw new Error("simulated crash");
      }
    });
    const run = () => withActor({ type: "system", reason: "test runner" }, () => Jobs.processNext(importId));
    expect(await run()).toBe("more");
    await expect(run()).rejects.toThrow("simulated crash");
    const crashed = await withActor({ type: "user", userId: sales.userId, role: "sales" }, () => Jobs.get(importId));
    expect(crashed).toMatchObject({ status: "running", done: 100, error: "simulated crash" });
    const halfway = await contactsWith((item) => (item.source as { kind: string }).kind === "import" && String(item.firstName).startsWith("Иван1"));
    expect(halfway.length).toBeGreaterThan(100);

    const started = Date.now();
    const job = await runJob(importId);
    console.log(`resumed import: ${Date.now() - started} ms for 150 rows`);
    expect(job).toMatchObject({ status: "done", total: 250, done: 250, failed: 1, stats: { created: 248, skipped: 1, rejected: 1 } });
    expect(job!.error).toBeUndefined();
    const imported = await contactsWith((item) => (item.source as { label?: string }).label === "contacts.csv" && /^Иван1\d{4}$/.test(String(item.firstName)));
    expect(imported).toHaveLength(248);
    expect(new Set(imported.map((item) => (item.phones as { number: string }[])[0]!.number)).size).toBe(248);
    const activities = (await api.table.items()).filter((item) => item.__edb_e__ === "activity" && item.kind === "created" && imported.some((contact) => contact.contactId === item.contactId));
    expect(activities).toHaveLength(248);
    expect((await reportRows(sales, importId)).slice(1).map((row) => row.slice(0, 2))).toEqual([["51", "rejected"], ["171", "skipped"]]);
    // 250 rows imported twice over (crash, then resume): on a loaded 2-core machine this takes longer than the default 30 s.
  }, 120_000);

  it("a chunk that keeps failing fails the job after its attempts, with the error", async () => {
    const importId = await uploadFile(sales, encode(csvText([amoHeaders, amoRow(500)])));
    await startImport(sales, importId, { duplicates: "skip" });
    Imports.setBeforeRowHook(() => {
      throw new Error("disk on fire");
    });
    const run = () => withActor({ type: "system", reason: "test runner" }, () => Jobs.processNext(importId));
    for (let attempt = 1; attempt < Jobs.MAX_ATTEMPTS; attempt++) await expect(run()).rejects.toThrow("disk on fire");
    expect(await run()).toBe("finished");
    const job = await withActor({ type: "user", userId: sales.userId, role: "sales" }, () => Jobs.get(importId));
    expect(job).toMatchObject({ status: "failed", error: "disk on fire", done: 0 });
    expect(await contactsWith(hasPhone("+79160000500"))).toHaveLength(0);
  });
});

describe("jobs API", () => {
  it("lists a user's own jobs, admins see all, others get 404; cancel stops a queued job", async () => {
    const importId = await uploadFile(sales, encode(csvText([amoHeaders, amoRow(600)])));
    await startImport(sales, importId, { duplicates: "skip" });
    const mine = await api.call("GET", "/v1/jobs", { token: await api.tokenFor(sales) });
    expect(((await mine.json()) as { items: Job[] }).items.map((job) => job.jobId)).toContain(importId);
    const theirs = await api.call("GET", "/v1/jobs", { token: await api.tokenFor(otherSales) });
    expect(((await theirs.json()) as { items: Job[] }).items.map((job) => job.jobId)).not.toContain(importId);
    const all = await api.call("GET", "/v1/jobs?limit=50", { token: await api.tokenFor(admin) });
    expect(((await all.json()) as { items: Job[] }).items.map((job) => job.jobId)).toContain(importId);
    expect((await api.call("GET", `/v1/jobs/${importId}`, { token: await api.tokenFor(otherSales) })).status).toBe(404);
    expect((await api.call("POST", `/v1/jobs/${importId}/cancel`, { token: await api.tokenFor(otherSales) })).status).toBe(404);
    expect((await api.call("GET", `/v1/imports/${importId}/report`, { token: await api.tokenFor(otherSales) })).status).toBe(404);

    const cancelled = await api.call("POST", `/v1/jobs/${importId}/cancel`, { token: await api.tokenFor(sales) });
    expect(((await cancelled.json()) as Job).status).toBe("cancelled");
    await runJob(importId);
    expect(await contactsWith(hasPhone("+79160000600"))).toHaveLength(0);
    const progress = await api.call("GET", `/v1/jobs/${importId}`, { token: await api.tokenFor(sales) });
    expect(await progress.json()).toMatchObject({ status: "cancelled", total: 1, done: 0 });
  });

  it("admins list the housekeeping jobs (a trashed contact's expiry) with scope=system; nobody else does", async () => {
    const systemJobs = async () => {
      const response = await api.call("GET", "/v1/jobs?scope=system&limit=50", { token: await api.tokenFor(admin) });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: Job[] }).items;
    };
    const before = new Set((await systemJobs()).map((job) => job.jobId));
    // Act: trashing a contact queues its expiry job in the same transaction.
    const created = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(admin), body: { firstName: "Soon", lastName: "Expired" } });
    const { contactId } = (await created.json()) as { contactId: string };
    expect((await api.call("DELETE", `/v1/contacts/${contactId}`, { token: await api.tokenFor(admin) })).status).toBe(204);

    const added = (await systemJobs()).filter((job) => !before.has(job.jobId));
    expect(added).toMatchObject([{ kind: "contactTrashExpiry", ownerId: "system" }]);
    const users = ((await (await api.call("GET", "/v1/jobs?limit=50", { token: await api.tokenFor(admin) })).json()) as { items: Job[] }).items;
    expect(users.map((job) => job.jobId)).not.toContain(added[0]!.jobId);
    expect((await api.call("GET", `/v1/jobs/${added[0]!.jobId}`, { token: await api.tokenFor(admin) })).status).toBe(200);
    const refused = await api.call("GET", "/v1/jobs?scope=system", { token: await api.tokenFor(sales) });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("export", () => {
  it("exports the visible list with the import's columns; re-importing it with skip creates nothing", async () => {
    const user = await seedUser(admin, "sales", "Exporter");
    const token = await api.tokenFor(user);
    for (let n = 0; n < 3; n++) {
      const response = await api.call("POST", "/v1/contacts?duplicates=allow", { token, body: contactInput({ firstName: `Экспорт${n}`, phones: [{ number: `8 903 ${String(n).padStart(7, "0")}`, type: "work" }], emails: [`export${n}@example.ru`], tags: ["экспорт"] }) });
      expect(response.status).toBe(201);
    }
    const exported = await api.call("POST", "/v1/exports", { token, body: { filter: { tag: "экспорт" } } });
    expect(exported.status).toBe(200);
    const csv = new Uint8Array(await exported.arrayBuffer());
    const rows = parseCsv(Buffer.from(csv), { bom: true }) as string[][];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain("Рабочий телефон");

    const before = (await contactsWith(() => true)).length;
    const { job } = await importAll(user, csv, "skip");
    expect(job).toMatchObject({ status: "done", done: 3, stats: { created: 0, skipped: 3 } });
    expect((await contactsWith(() => true)).length).toBe(before);
  });

  it("a list over the synchronous limit exports as a job, in parts, whose file is downloadable", async () => {
    Exports.setSyncExportRows(50);
    Exports.setExportChunkPages(1);
    const user = await seedUser(admin, "sales", "Big exporter");
    const file = csvText([amoHeaders, ...Array.from({ length: 130 }, (_, i) => amoRow(30_000 + i))]);
    const { job: imported } = await importAll(user, encode(file), "create");
    expect(imported.stats).toMatchObject({ created: 130 });
    const response = await api.call("POST", "/v1/exports", { token: await api.tokenFor(user), body: {} });
    expect(response.status).toBe(202);
    const job = (await response.json()) as Job;
    expect((await api.call("GET", `/v1/exports/${job.jobId}/file`, { token: await api.tokenFor(user) })).status).toBe(409);
    expect(await runJob(job.jobId)).toMatchObject({ status: "done", done: 130, total: 130 });
    const download = await api.call("GET", `/v1/exports/${job.jobId}/file`, { token: await api.tokenFor(user) });
    expect(download.status).toBe(200);
    const rows = parseCsv(Buffer.from(await download.arrayBuffer()), { bom: true }) as string[][];
    expect(rows).toHaveLength(131);
    expect(new Set(rows.slice(1).map((row) => row[7])).size).toBe(130);
    expect((await api.call("GET", `/v1/exports/${job.jobId}/file`, { token: await api.tokenFor(otherSales) })).status).toBe(404);
  });
});

describe("bad input", () => {
  const problemOf = async (response: Response) => {
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    return (await response.json()) as { errors?: { field: string; message: string }[] };
  };

  it("answers 4xx naming the field and writes nothing", async () => {
    const token = await api.tokenFor(sales);
    const importId = await uploadFile(sales, encode(csvText([amoHeaders, amoRow(700)])));
    const before = await api.table.items();
    const cases: [string, string, unknown, number, string][] = [
      ["POST", "/v1/imports", {}, 400, "fileName"],
      ["POST", "/v1/imports", { fileName: "a.csv", size: 30 * 1024 * 1024 }, 400, "size"],
      ["POST", "/v1/imports", { fileName: "a.csv", extra: 1 }, 400, "extra"],
      ["POST", `/v1/imports/${importId}/preview`, { mapping: { "Нет такой": "firstName" } }, 400, "mapping.Нет такой"],
      ["POST", `/v1/imports/${importId}/preview`, { mapping: { "Имя": "shoeSize" } }, 400, "mapping.Имя"],
      ["POST", `/v1/imports/${importId}/start`, { duplicates: "merge" }, 400, "duplicates"],
      ["POST", `/v1/imports/${importId}/start`, {}, 400, "duplicates"],
      ["POST", "/v1/imports/not-an-id/start", { duplicates: "skip" }, 400, "importId"],
      ["GET", "/v1/jobs/nope", undefined, 400, "jobId"],
      ["GET", "/v1/jobs?limit=500", undefined, 400, "limit"],
      ["GET", "/v1/jobs?scope=everything", undefined, 400, "scope"],
      ["POST", "/v1/exports", { filter: { colour: "red" } }, 400, "filter.colour"],
    ];
    for (const [method, path, body, status, field] of cases) {
      const response = await api.call(method, path, { token, ...(body !== undefined ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(status);
      expect((await problemOf(response)).errors?.map((error) => error.field), `${method} ${path}`).toContain(field);
    }
    // Files that are not CSV contacts: empty, or over the row limit, through the upload.
    for (const bytes of [new Uint8Array(), encode("\r\n\r\n")]) {
      const response = await api.app.request(`/v1/imports/${importId}/file`, { method: "PUT", headers: { authorization: `Bearer ${token}` }, body: bytes as Uint8Array<ArrayBuffer> });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.[0]?.field).toBe("file");
    }
    const missing = await api.call("POST", "/v1/imports/01JAAAAAAAAAAAAAAAAAAAAAAA/preview", { token, body: {} });
    expect(missing.status).toBe(404);
    expect(await api.table.items()).toEqual(before);
    expect(queued).not.toContain(importId);
  });

  it("refuses a file over 20 MB with 413 naming the file", async () => {
    const token = await api.tokenFor(sales);
    const created = await api.call("POST", "/v1/imports", { token, body: { fileName: "big.csv" } });
    const { importId } = (await created.json()) as { importId: string };
    const response = await api.app.request(`/v1/imports/${importId}/file`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-length": String(21 * 1024 * 1024) }, body: new Uint8Array(21 * 1024 * 1024) as Uint8Array<ArrayBuffer> });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).errors?.[0]?.field).toBe("file");
  });

  it("starting the same import twice is a 409", async () => {
    const importId = await uploadFile(sales, encode(csvText([amoHeaders, amoRow(800)])));
    await startImport(sales, importId, { duplicates: "skip" });
    const again = await api.call("POST", `/v1/imports/${importId}/start`, { token: await api.tokenFor(sales), body: { duplicates: "skip" } });
    expect(again.status).toBe(409);
  });
});

describe("API reference", () => {
  it("documents the jobs, import and export routes", async () => {
    const doc = (await (await api.call("GET", "/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [["/v1/jobs", "get"], ["/v1/jobs/{jobId}", "get"], ["/v1/jobs/{jobId}/cancel", "post"], ["/v1/imports", "post"], ["/v1/imports/{importId}/file", "put"], ["/v1/imports/{importId}/preview", "post"], ["/v1/imports/{importId}/start", "post"], ["/v1/imports/{importId}/report", "get"], ["/v1/exports", "post"], ["/v1/exports/{jobId}/file", "get"]] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
