/**
 * "Nobody lost in a migration" (issue 15): messy exports of several CRMs, made by
 * tests/fixtures/messy-exports.ts with the outcome computed row by row, go through the real
 * import path (API upload, preview, start, the job's chunks) on DynamoDB Local. Every person
 * with a name or a valid phone or email is imported, exactly with their valid values; each
 * dropped value is in the report with its column; companies link (existing one), stay
 * unlinked (ambiguous, reported) or are created once.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { nameSortKey } from "../../packages/core/src/contacts/index-rows";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { linkCompany } from "../../packages/core/src/imports/companies";
import { Jobs, type Job } from "../../packages/core/src/jobs";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";
import { messyExport, type MessyExport, type MessyOptions } from "../fixtures/messy-exports";

let api: TestApi;
let admin: User;

beforeAll(async () => {
  api = await createTestApi();
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "import-messy-"))));
  Jobs.configureJobRunner({ enqueue: async () => undefined });
  admin = await seedAdmin();
});

const runJob = (jobId: string) => withActor({ type: "system", reason: "test runner" }, () => Jobs.runToCompletion(jobId));
const sorted = (items: string[]) => [...items].sort();

/** The importer's own companies: two «Альфа» (a name that cannot be linked) and one «Бета Групп». */
async function seedCompanies(user: User): Promise<{ beta: string }> {
  const token = await api.tokenFor(user);
  const ids: string[] = [];
  for (const name of ["Альфа", "АЛЬФА", "Бета Групп"]) {
    const response = await api.call("POST", "/v1/companies", { token, body: { name } });
    expect(response.status).toBe(201);
    ids.push(((await response.json()) as { companyId: string }).companyId);
  }
  return { beta: ids[2]! };
}

async function importFile(user: User, file: MessyExport): Promise<{ importId: string; job: Job; report: string[][]; preview: { flavour: string; rows: { row: number; dropped: { column: string; value: string }[]; errors: unknown[] }[] } }> {
  const token = await api.tokenFor(user);
  const created = await api.call("POST", "/v1/imports", { token, body: { fileName: file.fileName, size: file.bytes.byteLength } });
  const { importId, upload } = (await created.json()) as { importId: string; upload: { url: string } };
  const put = await api.app.request(new URL(upload.url).pathname, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: file.bytes as Uint8Array<ArrayBuffer> });
  expect(put.status).toBe(200);
  const preview = await api.call("POST", `/v1/imports/${importId}/preview`, { token, body: {} });
  expect(preview.status).toBe(200);
  expect((await api.call("POST", `/v1/imports/${importId}/start`, { token, body: { duplicates: "skip" } })).status).toBe(202);
  const job = (await runJob(importId))!;
  const report = await api.call("GET", `/v1/imports/${importId}/report`, { token });
  return { importId, job, report: parseCsv(await report.text(), { bom: true, relax_column_count: true }) as string[][], preview: (await preview.json()) as never };
}

async function checkImport(options: Omit<MessyOptions, "ambiguousCompanies">) {
  const user = await seedUser(admin, "sales", `Migrating ${options.flavour}`);
  const { beta } = await seedCompanies(user);
  const file = messyExport({ ...options, ambiguousCompanies: ["Альфа"] });
  const started = Date.now();
  const { job, report, preview } = await importFile(user, file);
  const seconds = (Date.now() - started) / 1000;

  const expectedCreated = file.expected.filter((row) => row.outcome === "created");
  const expectedDropped = expectedCreated.flatMap((row) => row.dropped);
  const count = (outcome: string) => file.expected.filter((row) => row.outcome === outcome).length;
  console.log(
    `${file.fileName}: ${file.rows} rows, ${file.people} distinct people (${file.encoding}, ${JSON.stringify(file.delimiter)}) → ` +
      `${job.stats?.created} imported, ${job.stats?.skipped} repeats skipped, ${job.stats?.rejected} rejected (nothing usable), ${job.stats?.droppedValues} values dropped, ${job.stats?.companiesCreated} companies created; ${seconds.toFixed(1)} s`,
  );
  expect(preview.flavour).toBe(options.flavour);
  // The preview already tells, per row, which values will be left out.
  for (const row of preview.rows) {
    const expected = file.expected.find((candidate) => candidate.row === row.row)!;
    // (A repeated row loses the same values as its first; it is skipped, so only first rows are compared.)
    if (expected.outcome === "created") expect(row.dropped.map(({ column, value }) => ({ column, value })), `preview row ${row.row}`).toEqual(expected.dropped);
  }
  expect(job).toMatchObject({ status: "done", total: file.rows, done: file.rows, failed: count("rejected") });
  expect(job.stats).toMatchObject({ created: count("created"), skipped: count("skipped"), rejected: count("rejected"), updated: 0, droppedValues: expectedDropped.length });

  // Who is in the table, with exactly which values: every created row's person, nobody else.
  const items = await api.table.items();
  const contacts = items.filter((item) => item.__edb_e__ === "contact" && (item.source as { label?: string }).label === file.fileName);
  const signature = (person: { firstName?: unknown; lastName?: unknown; phones: string[]; emails: string[]; company?: string }) =>
    [person.firstName ?? "", person.lastName ?? "", sorted(person.phones).join(" "), sorted(person.emails.map((email) => email.toLowerCase())).join(" "), person.company ? nameSortKey(person.company) : ""].join("|");
  const actual = contacts.map((item) =>
    signature({
      firstName: item.firstName,
      lastName: item.lastName,
      phones: (item.phones as { number: string }[]).map((phone) => phone.number),
      emails: (item.emails as { address: string }[]).map((email) => email.address),
      company: (item.company as { name?: string } | undefined)?.name,
    }),
  );
  expect(sorted(actual)).toEqual(sorted(expectedCreated.map((row) => signature(row.person!))));
  // «Бета Групп» is linked to the importer's company; «Альфа» (two of them) to none.
  for (const item of contacts) {
    const name = (item.company as { name?: string } | undefined)?.name;
    if (name && nameSortKey(name) === nameSortKey("Бета Групп")) expect(item.companyId).toBe(beta);
  }
  // New companies: one per normalized name, whatever the spelling in the file.
  const newNames = new Set(expectedCreated.flatMap((row) => (row.person?.company && !["альфа", "бета групп"].includes(nameSortKey(row.person.company)) ? [nameSortKey(row.person.company)] : [])));
  const companies = items.filter((item) => item.__edb_e__ === "company" && (item.managerIds as string[]).includes(user.userId));
  const byName = new Map<string, number>();
  for (const company of companies) byName.set(nameSortKey(String(company.name)), (byName.get(nameSortKey(String(company.name))) ?? 0) + 1);
  expect(job.stats?.companiesCreated).toBe(newNames.size);
  for (const name of newNames) expect(byName.get(name), name).toBe(1);
  expect(byName.get("альфа")).toBe(2);

  // The report: every rejected and skipped row, and each dropped value (and unlinked company) with its column.
  const reported = new Map(report.slice(1).map((row) => [Number(row[0]), { outcome: row[1]!, reason: row[2]! }]));
  for (const row of file.expected) {
    const line = reported.get(row.row);
    const notes = row.dropped.length + (row.ambiguousCompany ? 1 : 0);
    if (row.outcome === "skipped") expect(line, `row ${row.row}`).toEqual({ outcome: "skipped", reason: `Duplicate of row ${row.duplicateOf} in this file.` });
    else if (row.outcome === "rejected") expect(line?.outcome, `row ${row.row}`).toBe("rejected");
    else if (notes === 0) expect(line, `row ${row.row}`).toBeUndefined();
    else {
      expect(line?.outcome, `row ${row.row}`).toBe("created");
      for (const drop of row.dropped) expect(line!.reason, `row ${row.row}`).toContain(`${drop.column} "${drop.value}": `);
      if (row.ambiguousCompany) expect(line!.reason).toContain(`"${row.ambiguousCompany}": 2 companies have this name; linked to none.`);
      expect(line!.reason.split('": ').length - 1, `row ${row.row}: ${line!.reason}`).toBe(notes);
    }
  }
  expect(({} as Record<string, unknown>).eq).toBeUndefined();
  return { file, job };
}

describe("messy exports: everyone reachable is imported", () => {
  it("an amoCRM-shaped Windows-1251 export, 300 rows with 273 distinct people (the issue's migration)", async () => {
    const { file, job } = await checkImport({ flavour: "amocrm", encoding: "windows-1251", delimiter: ";", rows: 300, people: 273, seed: 15, base: 1_000 });
    // The generator's file is as messy as the real one was.
    const created = file.expected.filter((row) => row.outcome === "created");
    expect(created.filter((row) => row.dropped.length > 0).length).toBeGreaterThan(30);
    expect(job.stats!.created).toBeGreaterThan(240);
  }, 180_000);

  const others: Omit<MessyOptions, "ambiguousCompanies">[] = [
    { flavour: "bitrix24", encoding: "utf-8-bom", delimiter: ";", rows: 30, people: 27, seed: 24, base: 5_000 },
    { flavour: "hubspot", encoding: "utf-8", delimiter: ",", rows: 30, people: 27, seed: 3, base: 6_000 },
    { flavour: "google", encoding: "utf-8", delimiter: ",", rows: 30, people: 27, seed: 7, base: 7_000 },
    { flavour: "outlook", encoding: "utf-8-bom", delimiter: "\t", rows: 30, people: 27, seed: 11, base: 8_000 },
  ];
  for (const options of others) {
    it(`a ${options.flavour} export (${options.encoding}, ${JSON.stringify(options.delimiter)})`, async () => {
      await checkImport(options);
    }, 120_000);
  }
});

describe("companies created by an import", () => {
  it("chunks running at once create one company per name: they converge on the ID derived from the import and the name", async () => {
    const user = await seedUser(admin, "sales", "Parallel chunks");
    const actor = { type: "user" as const, userId: user.userId, role: "sales" as const };
    const importId = "01JIMPORTPARALLEL000000000";
    const createdAt = Date.now();
    const links = await Promise.all(Array.from({ length: 8 }, (_, i) => withActor(actor, () => linkCompany(i % 2 ? "ООО «Параллель»" : "ооо параллель", importId, createdAt))));
    const ids = new Set(links.map((link) => ("companyId" in link ? link.companyId : "none")));
    expect(ids.size).toBe(1);
    expect(links.filter((link) => link.kind === "created")).toHaveLength(1);
    const companies = (await api.table.items()).filter((item) => item.__edb_e__ === "company" && nameSortKey(String(item.name)) === "ооо параллель");
    expect(companies).toHaveLength(1);
  });
});
