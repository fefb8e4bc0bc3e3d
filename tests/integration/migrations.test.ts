import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { Companies } from "../../packages/core/src/companies";
import { rekeyCompanyRows } from "../../packages/core/src/companies/rekey";
import { Contacts } from "../../packages/core/src/contacts";
import { alphabetSortKey, nameSortKey } from "../../packages/core/src/listing";
import { LATEST_MIGRATION, runMigrations } from "../../packages/core/src/storage/migrations";
import type { User } from "../../packages/core/src/users";
import { asUser, seedAdmin } from "../fixtures/factories";
import { createTestTable, type TestTable } from "../fixtures/table";

let table: TestTable;
let admin: User;

beforeAll(async () => {
  table = await createTestTable("rekey");
  admin = await seedAdmin();
});

/** Puts a company row back under the sort key it had before the company card collection. */
async function asWrittenBeforeTheCollection(companyId: string) {
  const { doc } = table.storage.clients;
  const key = { pk: `$crm#companyid_${companyId.toLowerCase()}`, sk: "$companycard#company_1" };
  const row = await doc.send(new GetCommand({ TableName: table.tableName, Key: key }));
  expect(row.Item).toBeDefined();
  await doc.send(new PutCommand({ TableName: table.tableName, Item: { ...row.Item, sk: "$company_1" } }));
  await doc.send(new DeleteCommand({ TableName: table.tableName, Key: key }));
}

describe("rekeyCompanyRows (one-off move to the company card collection)", () => {
  it("moves live and trashed company rows written under the old sort key, once", async () => {
    // Prepare: a live and a trashed company, as rows written before the change.
    const live = await asUser(admin, () => Companies.create({ name: "Old Live Ltd" }));
    const trashed = await asUser(admin, () => Companies.create({ name: "Old Trashed Ltd" }));
    await asUser(admin, () => Companies.remove(trashed.companyId));
    await asWrittenBeforeTheCollection(live.companyId);
    await asWrittenBeforeTheCollection(trashed.companyId);
    await expect(asUser(admin, () => Companies.get(live.companyId))).rejects.toMatchObject({ name: "NotFoundError" });

    // Act
    const first = await rekeyCompanyRows();
    const second = await rekeyCompanyRows();

    // Assess
    expect(first).toEqual({ moved: 2 });
    expect(second).toEqual({ moved: 0 });
    expect((await asUser(admin, () => Companies.get(live.companyId))).name).toBe("Old Live Ltd");
    expect((await asUser(admin, () => Companies.restore(trashed.companyId))).name).toBe("Old Trashed Ltd");
    const rows = (await table.items()).filter((item) => item.__edb_e__ === "company");
    expect(rows.map((item) => item.sk)).toEqual(rows.map(() => "$companycard#company_1"));
  });
});

describe("runMigrations (npm start, npm run migrate)", () => {
  it("gives contacts written before the index rows existed their lookup and index rows, then remembers it ran", async () => {
    // Prepare: a contact whose derived rows (name/messenger lookups, list and search rows) were never written.
    const contact = await asUser(admin, () =>
      Contacts.create({ firstName: "Старая", lastName: "Запись", phones: [{ number: "+79161112233", type: "mobile" }], messengers: { telegram: "old_record" }, tags: ["legacy"] }),
    );
    const derived = (item: Record<string, unknown>) =>
      item.contactId === contact.contactId && ["contactIndex", "contactSearch"].includes(String(item.__edb_e__)) || (item.__edb_e__ === "contactLookup" && item.contactId === contact.contactId && !["phone", "email"].includes(String(item.kind)));
    const before = (await table.items()).filter(derived);
    expect(before.length).toBeGreaterThan(0);
    const { doc } = table.storage.clients;
    for (const item of before) await doc.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: item.pk, sk: item.sk } }));
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: "$crm#schema", sk: "$migrations", version: 1 } }));
    expect((await asUser(admin, () => Contacts.findContacts({ q: "стар" }))).items).toEqual([]);

    // Act
    const first = await runMigrations();
    const second = await runMigrations();

    // Assess: the same rows as the write path made, found again by name; the second run does nothing.
    expect(first).toEqual({
      version: LATEST_MIGRATION,
      ran: [expect.stringContaining("contacts"), expect.stringContaining("companies"), expect.stringContaining("duplicate pairs"), expect.stringContaining("value claims"), expect.stringContaining("sort keys")],
    });
    expect(second).toEqual({ version: LATEST_MIGRATION, ran: [] });
    const strip = (item: Record<string, unknown>) => JSON.stringify(item);
    expect((await table.items()).filter(derived).map(strip).sort()).toEqual(before.map(strip).sort());
    expect((await asUser(admin, () => Contacts.findContacts({ q: "стар" }))).items.map((item) => item.contactId)).toEqual([contact.contactId]);
  });
});

describe("migration 6 (name sort keys follow the alphabet)", () => {
  it("rewrites the list rows' name keys written by the accent-stripping key", async () => {
    // Prepare: a contact and a company whose list rows carry the old key (ё→е, ș→s).
    const contact = await asUser(admin, () => Contacts.create({ firstName: "Ёлкин" }));
    const company = await asUser(admin, () => Companies.create({ name: "Știrbu SRL" }));
    const { doc } = table.storage.clients;
    const listRows = async () => (await table.items()).filter((item) => (item.__edb_e__ === "contactIndex" && item.contactId === contact.contactId) || (item.__edb_e__ === "companyIndex" && item.companyId === company.companyId));
    const rows = await listRows();
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const id = String(row.contactId ?? row.companyId);
      const old = nameSortKey(String(row.contactId ? "Ёлкин" : "Știrbu SRL"));
      await doc.send(new PutCommand({ TableName: table.tableName, Item: { ...row, nameKey: old, gsi4sk: `${old}#${id}` } }));
    }
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: "$crm#schema", sk: "$migrations", version: 5 } }));

    // Act
    const result = await runMigrations();

    // Assess
    expect(result.ran).toEqual([expect.stringContaining("sort keys")]);
    for (const row of await listRows()) {
      const key = alphabetSortKey(row.contactId ? "Ёлкин" : "Știrbu SRL");
      expect(row.gsi4sk).toBe(`${key}#${String(row.contactId ?? row.companyId)}`);
      expect(row.nameKey).not.toBe(nameSortKey(row.contactId ? "Ёлкин" : "Știrbu SRL"));
    }
  });
});
