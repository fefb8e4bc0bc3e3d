/**
 * The import chunk's duplicate check (contacts/batch-matching.ts): on a migrated table (claims
 * complete) it reads the chunk's value claims 100 per BatchGetItem, with no Query per phone or
 * email, and decides as before: rows matching an existing contact or an earlier row are skipped
 * with the same reasons, a claim holder that is no live contact matches nothing. On a table
 * migration 5 has not seen, a value stored before the claims (a lookup row, no claim) is still
 * found by its Query.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { ulid } from "ulid";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { Imports } from "../../packages/core/src/imports";
import { Jobs } from "../../packages/core/src/jobs";
import { runMigrations } from "../../packages/core/src/storage/migrations";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { contactInput, seedAdmin } from "../fixtures/factories";
import { amoHeaders, amoRow, csvText, encode } from "../fixtures/imports";

let api: TestApi;
let admin: User;

beforeAll(() => {
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "import-duplicate-check-"))));
  Jobs.configureJobRunner({ enqueue: async () => undefined });
});
afterEach(() => Imports.setChunkRows(undefined));

const asSystem = <T>(callback: () => Promise<T>) => withActor({ type: "system", reason: "test runner" }, callback);

async function seedExisting(n: number): Promise<string> {
  const response = await api.call("POST", "/v1/contacts?duplicates=allow", {
    token: await api.tokenFor(admin),
    body: contactInput({ firstName: "Existing", lastName: `Person${n}`, phones: [{ number: `8 916 ${String(n).padStart(7, "0")}`, type: "mobile" }] }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { contactId: string }).contactId;
}

/** Uploads and starts the file; returns the import ID (the test runs the job). */
async function startImport(rows: string[][]): Promise<string> {
  const token = await api.tokenFor(admin);
  const created = await api.call("POST", "/v1/imports", { token, body: { fileName: "check.csv" } });
  const { importId, upload } = (await created.json()) as { importId: string; upload: { url: string } };
  const put = await api.app.request(new URL(upload.url).pathname, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: encode(csvText(rows)) as Uint8Array<ArrayBuffer> });
  expect(put.status).toBe(200);
  expect((await api.call("POST", `/v1/imports/${importId}/start`, { token, body: { duplicates: "skip" } })).status).toBe(202);
  return importId;
}

async function reportOf(importId: string): Promise<string[][]> {
  const response = await api.call("GET", `/v1/imports/${importId}/report`, { token: await api.tokenFor(admin) });
  return (parseCsv(await response.text(), { bom: true }) as string[][]).slice(1).map((row) => row.slice(0, 3));
}

// No company column: a company name is one Query per chunk, not part of the duplicate check.
const personRow = (n: number, overrides: Record<string, string> = {}) => amoRow(n, { "Компания": "", ...overrides });

describe("on a migrated table (claims complete)", () => {
  beforeAll(async () => {
    api = await createTestApi();
    admin = await seedAdmin();
    await runMigrations();
  });

  it("checks a chunk's phones and emails by their claims, without a Query per value, and skips the same rows for the same reasons", async () => {
    await seedExisting(0);
    await seedExisting(1);
    // A claim whose holder is no contact (an import that failed for good before its contact row).
    await api.table.storage.service.entities.valueClaim.put({ kind: "email", value: "ivan38@example.ru", version: 1, holders: [ulid()] }).go();
    const rows = Array.from({ length: 40 }, (_, n) => personRow(n));
    rows[12] = personRow(5, { "Имя": "Повтор" }); // repeats row 7 (file row 7) in the same chunk
    rows[30] = personRow(8, { "Имя": "Снова" }); // repeats file row 10 from the chunk before
    Imports.setChunkRows(20);
    const importId = await startImport([amoHeaders, ...rows]);
    api.table.counter.reset();
    const job = await asSystem(() => Jobs.runToCompletion(importId));
    expect(job).toMatchObject({ status: "done", stats: { created: 36, skipped: 4, rejected: 0 } });
    // Before: 3 Queries per checked row (2 phones, 1 email; 39 rows checked: 122 Queries). Now
    // the check is the claims' BatchGetItems; the Queries left are not per row (the job's and
    // caches' reads, the dead holder's row checked again alone): 4 to 22 in runs here.
    const queries = api.table.counter.byCommand.get("QueryCommand") ?? 0;
    expect(queries).toBeLessThan(39);
    expect(await reportOf(importId)).toEqual([
      ["2", "skipped", "A contact with this phone or email already exists."],
      ["3", "skipped", "A contact with this phone or email already exists."],
      ["14", "skipped", "Duplicate of row 7 in this file."],
      ["32", "skipped", "Duplicate of row 10 in this file."],
    ]);
    const items = await api.table.items();
    const withEmail = (address: string) => items.filter((item) => item.__edb_e__ === "contact" && (item.emails as { address: string }[]).some((email) => email.address === address));
    // The dead holder matched nothing: the row was imported.
    expect(withEmail("ivan38@example.ru")).toHaveLength(1);
    expect(withEmail("ivan8@example.ru")).toHaveLength(1);
  });
});

describe("on a table migration 5 has not seen", () => {
  beforeAll(async () => {
    api = await createTestApi();
    admin = await seedAdmin();
  });

  it("finds a value stored before the claims by its lookup row", async () => {
    await seedExisting(100);
    // Pre-claims data: the contact and its lookup rows, no claim.
    await api.table.storage.service.entities.valueClaim.delete({ kind: "phone", value: "+79160000100" }).go();
    const importId = await startImport([amoHeaders, personRow(100), personRow(101)]);
    const job = await asSystem(() => Jobs.runToCompletion(importId));
    expect(job).toMatchObject({ status: "done", stats: { created: 1, skipped: 1 } });
    expect(await reportOf(importId)).toEqual([["2", "skipped", "A contact with this phone or email already exists."]]);
  });
});
