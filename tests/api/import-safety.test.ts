/**
 * Issue 15 on the import/export path: CSV formula injection (export guards formula cells,
 * leaves numbers and phones alone, import takes the guard off so a round trip is exact),
 * prototype pollution through CSV headers and mappings, the shared placeholder list, the
 * header dictionary of real CRM exports, and a person known only by a Telegram handle.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { PLACEHOLDERS } from "../../packages/core/src/contacts/fields";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { detectMapping, Imports } from "../../packages/core/src/imports";
import { neutralizeCell, unguardCell } from "../../packages/core/src/imports/formula-guard";
import { Jobs, type Job } from "../../packages/core/src/jobs";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { contactInput, seedAdmin, seedUser } from "../fixtures/factories";
import { csvText, encode } from "../fixtures/imports";

let api: TestApi;
let admin: User;

beforeAll(async () => {
  api = await createTestApi();
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "import-safety-"))));
  Jobs.configureJobRunner({ enqueue: async () => undefined });
  admin = await seedAdmin();
});

const runJob = (jobId: string) => withActor({ type: "system", reason: "test runner" }, () => Jobs.runToCompletion(jobId));

async function upload(token: string, bytes: Uint8Array, fileName = "file.csv"): Promise<string> {
  const created = await api.call("POST", "/v1/imports", { token, body: { fileName } });
  const { importId, upload } = (await created.json()) as { importId: string; upload: { url: string } };
  const put = await api.app.request(new URL(upload.url).pathname, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: bytes as Uint8Array<ArrayBuffer> });
  expect(put.status).toBe(200);
  return importId;
}

async function importBytes(token: string, bytes: Uint8Array, duplicates = "skip", fileName = "file.csv"): Promise<{ importId: string; job: Job }> {
  const importId = await upload(token, bytes, fileName);
  expect((await api.call("POST", `/v1/imports/${importId}/start`, { token, body: { duplicates } })).status).toBe(202);
  return { importId, job: (await runJob(importId))! };
}

const contactsFrom = async (fileName: string) => (await api.table.items()).filter((item) => item.__edb_e__ === "contact" && (item.source as { label?: string }).label === fileName);

describe("CSV formula injection", () => {
  it("the guard: formula cells get a quote, numbers and phones do not, and the import takes exactly that quote off", () => {
    const cases: [string, string][] = [
      ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
      ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
      ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
      ["-2+3", "'-2+3"],
      ["\t=1+1", "'\t=1+1"],
      ["\r=1+1", "'\r=1+1"],
      ["'=already quoted", "''=already quoted"],
      ["+7 916 123-45-67", "+7 916 123-45-67"],
      ["+79161234567, +74951234567", "+79161234567, +74951234567"],
      ["-12.5", "-12.5"],
      ["+1 (212) 555-0101", "+1 (212) 555-0101"],
      ["'quoted text", "'quoted text"],
      ["plain", "plain"],
    ];
    for (const [value, written] of cases) {
      expect(neutralizeCell(value), value).toBe(written);
      expect(unguardCell(written), value).toBe(value);
    }
  });

  it("export writes formula cells guarded and phones as they are; re-importing the export gives the same values", async () => {
    const user = await seedUser(admin, "sales", "Formula exporter");
    const token = await api.tokenFor(user);
    const values = { firstName: "=cmd|' /C calc'!A0", lastName: "@Evil", position: "+SUM(1;2)", address: "-12.5", comment: '=HYPERLINK("http://x","y")' };
    const created = await api.call("POST", "/v1/contacts?duplicates=allow", { token, body: contactInput({ ...values, phones: [{ number: "+7 916 555-00-01", type: "mobile" }], emails: ["formula@example.ru"], tags: ["формулы"] }) });
    expect(created.status).toBe(201);

    const exported = await api.call("POST", "/v1/exports", { token, body: { filter: { tag: "формулы" } } });
    expect(exported.status).toBe(200);
    const csv = Buffer.from(await exported.arrayBuffer());
    const [headers, row] = parseCsv(csv, { bom: true }) as string[][];
    const cell = (header: string) => row![headers!.indexOf(header)];
    expect(cell("Имя")).toBe("'=cmd|' /C calc'!A0");
    expect(cell("Фамилия")).toBe("'@Evil");
    expect(cell("Должность")).toBe("'+SUM(1;2)");
    expect(cell("Примечание")).toBe(`'=HYPERLINK("http://x","y")`);
    expect(cell("Адрес")).toBe("-12.5");
    expect(cell("Мобильный телефон")).toBe("+79165550001");

    // Round trip: the export imported as another file (create: a second contact) has the original values.
    const { job } = await importBytes(token, new Uint8Array(csv), "create", "roundtrip.csv");
    expect(job.stats).toMatchObject({ created: 1, rejected: 0, droppedValues: 0 });
    const [copy] = await contactsFrom("roundtrip.csv");
    expect(copy).toMatchObject({ ...values, phones: [expect.objectContaining({ number: "+79165550001" })], emails: [expect.objectContaining({ address: "formula@example.ru" })] });
  });

  it("the import report echoes the file's cells guarded", async () => {
    const token = await api.tokenFor(admin);
    const { importId } = await importBytes(token, encode(csvText([["Рабочий email", "Примечание", "@header"], ["nope", '=HYPERLINK("http://x","y")', "-"]])));
    const report = await (await api.call("GET", `/v1/imports/${importId}/report`, { token })).text();
    const [header, line] = parseCsv(report, { bom: true }) as string[][];
    expect(header).toEqual(["row", "outcome", "reason", "Рабочий email", "Примечание", "'@header"]);
    expect(line!.slice(0, 2)).toEqual(["2", "rejected"]);
    expect(line!.slice(3)).toEqual(["nope", `'=HYPERLINK("http://x","y")`, "'-"]);
  });
});

describe("prototype pollution through headers and mappings", () => {
  it("a __proto__ / constructor / prototype header is never imported, a mapping naming one is a 400, and Object.prototype stays clean", async () => {
    const token = await api.tokenFor(admin);
    const file = encode(csvText([["__proto__", "constructor", "prototype", "Имя", "Мобильный телефон"], ['{"eq":1}', "x", "y", "Прото", "+7 916 777-00-01"]]));
    const importId = await upload(token, file, "proto.csv");
    const preview = await api.call("POST", `/v1/imports/${importId}/preview`, { token, body: {} });
    expect(preview.status).toBe(200);
    const body = (await preview.json()) as Awaited<ReturnType<typeof Imports.preview>>;
    expect(body.columns.slice(0, 3).map((column) => [column.field, column.note])).toEqual(Array(3).fill([null, "Not imported: __proto__, constructor and prototype are reserved names."]));
    // JSON text, so that "__proto__" is an own key as a client sends it (an object literal would set the prototype).
    for (const rawBody of ['{"mapping":{"__proto__":"firstName"}}', '{"mapping":{"constructor":"lastName","__proto__":{"eq":"x"}}}', '{"mapping":{"prototype":null}}']) {
      for (const route of ["preview", "start"]) {
        const response = await api.call("POST", `/v1/imports/${importId}/${route}`, { token, rawBody: route === "start" ? rawBody.replace(/}$/, ',"duplicates":"skip"}') : rawBody, headers: { "content-type": "application/json" } });
        expect(response.status, `${route} ${rawBody}`).toBe(400);
        const fields = ((await response.json()) as { errors: { field: string }[] }).errors.map((error) => error.field);
        expect(fields.some((field) => /(__proto__|constructor|prototype)$/.test(field)), `${route} ${rawBody}: ${fields}`).toBe(true);
      }
    }
    expect((await api.call("POST", `/v1/imports/${importId}/start`, { token, body: { duplicates: "skip" } })).status).toBe(202);
    const job = await runJob(importId);
    expect(job!.stats).toMatchObject({ created: 1, rejected: 0 });
    const [contact] = await contactsFrom("proto.csv");
    expect(contact).toMatchObject({ firstName: "Прото" });
    expect(({} as Record<string, unknown>).eq).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    // Sign-in (token issue) still works after it.
    expect((await api.call("GET", "/v1/contacts?limit=10", { token: await api.tokenFor(admin) })).status).toBe(200);
  });
});

describe("placeholders: one list for every input path", () => {
  it("imports treat Russian, Romanian and English placeholders as empty (nothing dropped), and the API refuses them as values", async () => {
    const token = await api.tokenFor(admin);
    const placeholders = ["н/д", "нет данных", "Н/Д", "—", "–", "-", "n/a", "N/A", "none", "nu", "lipsă", "lipsa", "nu există", "?", "нет", "не указано"];
    for (const word of ["н/д", "нет данных", "nu", "lipsă", "n/a", "—"]) expect(PLACEHOLDERS.map((p) => p.toLowerCase())).toContain(word);
    const rows = [["Имя", "Мобильный телефон", "Рабочий телефон", "Личный email", "Должность"], ...placeholders.map((word, i) => [`Заглушка${i}`, `+7 916 888-00-${String(i).padStart(2, "0")}`, word, word, word])];
    const importId = await upload(token, encode(csvText(rows, ";"), "utf-8-bom"), "placeholders.csv");
    const preview = (await (await api.call("POST", `/v1/imports/${importId}/preview`, { token, body: {} })).json()) as Awaited<ReturnType<typeof Imports.preview>>;
    for (const row of preview.rows) {
      expect(row.dropped, `row ${row.row}`).toEqual([]);
      expect(row.fields!.emails, `row ${row.row}`).toBeUndefined();
      expect(row.fields!.position, `row ${row.row}`).toBeUndefined();
      expect(row.fields!.phones, `row ${row.row}`).toHaveLength(1);
    }
    // The same list refuses them through the API (web forms and chats take the same fields).
    for (const word of ["н/д", "нет данных", "lipsă", "nu există"]) {
      const response = await api.call("POST", "/v1/contacts", { token, body: { firstName: "Api", position: word } });
      expect(response.status, word).toBe(400);
      expect(((await response.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain("position");
    }
  });
});

describe("header dictionary", () => {
  const cases: [string, (string | null)[], string[]][] = [
    [
      "amoCRM (leads export, contact columns)",
      ["firstName", "lastName", "fullName", "company", "position", "workPhone", "mobilePhone", "otherEmail", "workEmail", "otherPhone", null, "tags", "comment"],
      ["Имя", "Фамилия", "Полное имя контакта", "Компания контакта", "Должность (контакт)", "Рабочий телефон (контакт)", "Мобильный телефон (контакт)", "Личный email (контакт)", "Рабочий email", "Другой телефон", "Ответственный", "Теги", "Примечание"],
    ],
    ["amoCRM contacts", ["fullName", "company", "position", "workPhone", "mobilePhone", "otherEmail"], ["Полное имя", "Компания", "Должность", "Рабочий телефон", "Мобильный телефон", "Личный email"]],
    ["Kommo (English)", ["fullName", "company", "position", "workPhone", "mobilePhone", "workEmail", "otherEmail"], ["Full name", "Company (contact)", "Position (contact)", "Work phone", "Mobile phone", "Work email", "Personal email"]],
    ["Bitrix24", ["firstName", "lastName", "middleName", "workPhone", "mobilePhone", "workEmail", "otherEmail", "company", "position", null], ["Имя", "Фамилия", "Отчество", "Рабочий телефон", "Мобильный телефон", "Рабочий e-mail", "Частный e-mail", "Компания", "Должность", "Источник"]],
    ["HubSpot", ["firstName", "lastName", "email", "workPhone", "mobilePhone", "company", "position"], ["First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Company Name", "Job Title"]],
    ["Google (old)", ["firstName", "lastName", "middleName", "email", "workPhone", "company", "position"], ["Given Name", "Family Name", "Additional Name", "E-mail 1 - Value", "Phone 1 - Value", "Organization 1 - Name", "Organization 1 - Title"]],
    ["Google (new)", ["firstName", "middleName", "lastName", "company", "position", "email", "workPhone"], ["First Name", "Middle Name", "Last Name", "Organization Name", "Organization Title", "E-mail 1 - Value", "Phone 1 - Value"]],
    ["Outlook", ["firstName", "middleName", "lastName", "company", "position", "email", "otherEmail", "workPhone", "mobilePhone", "homePhone"], ["First Name", "Middle Name", "Last Name", "Company", "Job Title", "E-mail Address", "E-mail 2 Address", "Business Phone", "Mobile Phone", "Home Phone"]],
    ["spelling does not matter", ["workEmail", "firstName", "email"], ["  РАБОЧИЙ   E-MAIL ", "имя:", "e_mail 1 – value"]],
  ];
  for (const [name, fields, headers] of cases) {
    it(name, () => {
      expect(detectMapping(headers)).toEqual(fields);
    });
  }
});

describe("a person known only by a Telegram handle", () => {
  it("is imported, named by the handle", async () => {
    const token = await api.tokenFor(admin);
    const { job } = await importBytes(token, encode(csvText([["Telegram", "Личный email"], ["@only_handle_1", "н/д"]])), "skip", "handles.csv");
    expect(job.stats).toMatchObject({ created: 1, rejected: 0 });
    const [contact] = await contactsFrom("handles.csv");
    expect(contact).toMatchObject({ displayName: "@only_handle_1", messengers: { telegram: "only_handle_1" } });
  });
});
