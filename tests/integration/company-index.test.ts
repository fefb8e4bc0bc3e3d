import { beforeAll, describe, expect, it } from "vitest";
import { compose } from "../../packages/core/src/compose";
import { Companies } from "../../packages/core/src/companies";
import { UnprocessableError } from "../../packages/core/src/errors";
import type { User } from "../../packages/core/src/users";
import { createTestTable, type TestTable } from "../fixtures/table";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import { alphabetSortKey } from "../../packages/core/src/listing";

/** The company's index rows in the table, as bucket and search partition|term keys. */
let table: TestTable;
let admin: User;
let sales: User;
let manager: User;

beforeAll(async () => {
  compose();
  table = await createTestTable("company-index");
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam");
  manager = await seedUser(admin, "manager", "Mila");
});

async function rowsOf(companyId: string) {
  const items = await table.items();
  const list = items.filter((item) => String(item.pk).startsWith("cox#") && item.companyId === companyId);
  const search = items.filter((item) => String(item.pk).startsWith("cos#") && item.companyId === companyId);
  return {
    buckets: list.map((item) => String(item.bucket)).sort(),
    search: search.map((item) => `${String(item.partition)}|${String(item.term)}`).sort(),
    list,
    search_rows: search,
    legacyManagerRows: items.filter((item) => item.__edb_e__ === "companyManager" && item.companyId === companyId).length,
  };
}

describe("company index rows", () => {
  it("are written with the company and follow update, delete and restore", async () => {
    const created = await asUser(sales, () => Companies.create({ name: "Ромашка Trading", tags: ["VIP"] }));
    const id = created.companyId;
    const mine = `manager:${sales.userId}`;
    let rows = await rowsOf(id);
    expect(rows.buckets).toEqual(["all|*", "all|tag:vip", `${mine}|*`, `${mine}|tag:vip`].sort());
    expect(rows.search).toEqual(["all", mine].flatMap((audience) => [`name:${audience}:р|ромашка`, `name:${audience}:t|trading`]).sort());
    expect(rows.legacyManagerRows).toBe(0);
    // Sort keys: created on the table (the ULID), name on gsi4, updated on gsi5.
    const all = rows.list.find((item) => item.bucket === "all|*")!;
    expect(all).toMatchObject({ pk: "cox#all|*", sk: id, gsi4sk: `${alphabetSortKey("Ромашка Trading")}#${id}`, gsi5sk: `${created.updatedAt}#${id}`, name: "Ромашка Trading", version: 1 });

    // Update: new name, tags and a co-manager; stale rows go, every row carries the new columns.
    const updated = await asUser(admin, () => Companies.update(id, 1, { name: "Ромашка Group", shortName: "Ромаш", tags: ["Retail"], managerIds: [sales.userId, manager.userId] }));
    const theirs = `manager:${manager.userId}`;
    rows = await rowsOf(id);
    expect(rows.buckets).toEqual(
      ["all|*", "all|tag:retail", `${mine}|*`, `${mine}|tag:retail`, `${mine}|manager:${manager.userId}`, `${theirs}|*`, `${theirs}|tag:retail`, `${theirs}|manager:${sales.userId}`].sort(),
    );
    expect(rows.search).toEqual(["all", mine, theirs].flatMap((audience) => [`name:${audience}:р|ромашка`, `name:${audience}:g|group`, `name:${audience}:р|ромаш`]).sort());
    for (const row of [...rows.list, ...rows.search_rows]) {
      expect(row).toMatchObject({ version: 2, name: "Ромашка Group", shortName: "Ромаш", tags: ["Retail"], updatedAt: updated.updatedAt });
    }
    expect(rows.list.find((item) => item.bucket === "all|*")).toMatchObject({ gsi4sk: `${alphabetSortKey("Ромашка Group")}#${id}`, gsi5sk: `${updated.updatedAt}#${id}` });

    // Delete: no index row is left; the company card still reads from its own partition.
    await asUser(admin, () => Companies.remove(id));
    rows = await rowsOf(id);
    expect(rows.buckets).toEqual([]);
    expect(rows.search).toEqual([]);
    const page = await asUser(admin, () => Companies.list({ q: "ромашка" }));
    expect(page.items).toEqual([]);

    // Restore: the rows are back with the restored version.
    const restored = await asUser(admin, () => Companies.restore(id));
    rows = await rowsOf(id);
    expect(rows.buckets).toHaveLength(8);
    expect(rows.search).toHaveLength(9);
    for (const row of [...rows.list, ...rows.search_rows]) expect(row).toMatchObject({ version: restored.version, updatedAt: restored.updatedAt });
    const card = await asUser(manager, () => Companies.get(id));
    expect(card.name).toBe("Ромашка Group");
  });

  it("refuses (422, nothing written) a write whose rows exceed one transaction, naming the heavier field", async () => {
    const company = await asUser(admin, () => Companies.create({ name: "Big" }));
    const users = await Promise.all(Array.from({ length: 10 }, (_, index) => seedUser(admin, "sales", `Many ${index}`)));
    const before = await table.items();
    const attempt = asUser(admin, () => Companies.update(company.companyId, 1, { managerIds: users.map((user) => user.userId), tags: ["a", "b", "c"] }));
    await expect(attempt).rejects.toBeInstanceOf(UnprocessableError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ field: "managerIds" }] });
    expect(await table.items()).toEqual(before);
  });
});

describe("reindexCompanies (one-off for companies written before the index rows)", () => {
  it("writes the rows of live companies, drops their legacy manager rows, and is idempotent", async () => {
    // Prepare: a company as written before: no index rows, a companyManager row.
    const { reindexCompanies } = await import("../../packages/core/src/companies/reindex");
    const old = await asUser(sales, () => Companies.create({ name: "Legacy Works", tags: ["old"] }));
    const { service } = table.storage;
    for (const row of await table.items()) {
      if ((String(row.pk).startsWith("cox#") || String(row.pk).startsWith("cos#")) && row.companyId === old.companyId) {
        if (String(row.pk).startsWith("cox#")) await service.entities.companyIndex.delete({ bucket: String(row.bucket), companyId: old.companyId }).go();
        else await service.entities.companySearch.delete({ partition: String(row.partition), term: String(row.term), companyId: old.companyId }).go();
      }
    }
    await service.entities.companyManager.put({ managerId: sales.userId, companyId: old.companyId, name: old.name, tags: old.tags, managerIds: old.managerIds, version: 1, updatedAt: old.updatedAt }).go();
    expect((await asUser(sales, () => Companies.list({ q: "legacy" }))).items).toEqual([]);

    // Act
    const first = await reindexCompanies();
    const second = await reindexCompanies();

    // Assess
    expect(first.indexed).toBeGreaterThanOrEqual(1);
    expect(second.indexed).toBe(first.indexed);
    const rows = await rowsOf(old.companyId);
    expect(rows.buckets).toEqual(["all|*", "all|tag:old", `manager:${sales.userId}|*`, `manager:${sales.userId}|tag:old`].sort());
    expect(rows.legacyManagerRows).toBe(0);
    expect((await asUser(sales, () => Companies.list({ q: "legacy" }))).items.map((item) => item.companyId)).toEqual([old.companyId]);
  });
});
