import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { Companies } from "../../packages/core/src/companies";
import { rekeyCompanyRows } from "../../packages/core/src/companies/rekey";
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
