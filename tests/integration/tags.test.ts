import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { Companies } from "../../packages/core/src/companies";
import { Tags } from "../../packages/core/src/tags";
import type { User } from "../../packages/core/src/users";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import { createTestTable, type TestTable } from "../fixtures/table";

let table: TestTable;
let admin: User;
let sales: User;

beforeAll(async () => {
  table = await createTestTable("tags");
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales");
});

// Counts are organization-wide, so only admins get them (issue 15 item 8); a sales user gets names only.
const counts = async () => Object.fromEntries((await asUser(admin, () => Tags.list({ entity: "company" }))).map((row) => [row.tag, row.count]));
const tagCountItems = async () => (await table.items()).filter((item) => item.__edb_e__ === "tagCount");

describe("tag normalization", () => {
  it("trims, collapses inner spaces and matches case-insensitively", () => {
    expect(Tags.normalizeTag("  VIP    client ")).toBe("VIP client");
    expect(Tags.tagKey(" vip  CLIENT")).toBe(Tags.tagKey("VIP client"));
    expect(Tags.tagKey("Ёлка")).toBe(Tags.tagKey("ёЛКА"));
    expect(v.parse(Tags.TagsField, ["VIP", " vip ", "Client", "client"])).toEqual(["VIP", "Client"]);
  });

  it.each<[unknown, string]>([
    ["-", "a placeholder"],
    ["n/a", "a placeholder"],
    ["   ", "only spaces"],
    ["x".repeat(51), "longer than 50"],
    [42, "not text"],
  ])("rejects %j (%s)", (tag) => {
    expect(v.safeParse(Tags.TagsField, [tag]).success).toBe(false);
  });

  it("allows at most 20 distinct tags on a record", () => {
    expect(v.safeParse(Tags.TagsField, Array.from({ length: 21 }, (_, i) => `t${i}`)).success).toBe(false);
    expect(v.safeParse(Tags.TagsField, [...Array.from({ length: 20 }, (_, i) => `t${i}`), "T0"]).success).toBe(true);
  });
});

describe("tag counts move with the record", () => {
  it("counts after create, update, delete and restore; drops zero counts; sorted by name", async () => {
    const a = await asUser(sales, () => Companies.create({ name: "Alpha", tags: ["Lead", "Moscow"] }));
    const b = await asUser(sales, () => Companies.create({ name: "Beta", tags: ["lead", "Partner"] }));
    expect(await counts()).toMatchObject({ Lead: 2, Moscow: 1, Partner: 1 });

    await asUser(sales, () => Companies.update(a.companyId, 1, { tags: ["LEAD", "Kazan"] }));
    let now = await counts();
    expect(now).toMatchObject({ Lead: 2, Kazan: 1, Partner: 1 });
    expect(now).not.toHaveProperty("Moscow");
    // Moscow's row stays at 0 (a concurrent increment could be racing a delete), the list hides it.
    expect((await tagCountItems()).find((item) => item.key === "moscow")?.count).toBe(0);

    await asUser(admin, () => Companies.remove(b.companyId));
    now = await counts();
    expect(now).toMatchObject({ Lead: 1, Kazan: 1 });
    expect(now).not.toHaveProperty("Partner");

    await asUser(admin, () => Companies.restore(b.companyId));
    expect(await counts()).toMatchObject({ Lead: 2, Kazan: 1, Partner: 1 });

    const listed = (await asUser(sales, () => Tags.list({ entity: "company" }))).map((row) => row.tag);
    expect(listed).toEqual([...listed].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
  });

  it("lists with exactly one Query, and keeps contact and company tags apart", async () => {
    table.counter.reset();
    await asUser(sales, () => Tags.list({ entity: "company" }));
    expect(table.counter.total).toBe(1);
    expect([...table.counter.byCommand.keys()]).toEqual(["QueryCommand"]);
    expect(await asUser(sales, () => Tags.list({ entity: "contact" }))).toEqual([]);
  });

  it("writes a company, its manager row and its tag counts in one TransactWriteItems", async () => {
    table.counter.reset();
    await asUser(sales, () => Companies.create({ name: "One write", tags: ["solo-a", "solo-b"] }));
    // One Query for the custom field definitions, then the transaction.
    expect(Object.fromEntries(table.counter.byCommand)).toEqual({ QueryCommand: 1, TransactWriteItemsCommand: 1 });
  });

  it("stays exact under concurrent writes to the same tag", async () => {
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) => asUser(sales, () => Companies.create({ name: `Rush ${i}`, tags: ["Rush", `only-${i}`] }))),
    );
    expect((await counts()).Rush).toBe(20);
    // Half drop the tag while the other half add a second shared one, all at the same time.
    await Promise.all(
      made.map((company, i) =>
        asUser(sales, () => Companies.update(company.companyId, 1, { tags: i % 2 === 0 ? [`only-${i}`] : ["rush", "Wave"] })),
      ),
    );
    const now = await counts();
    expect(now.Rush).toBe(10);
    expect(now.Wave).toBe(10);
    // Deleting them all at once brings both back to zero (and off the list).
    await Promise.all(made.map((company) => asUser(admin, () => Companies.remove(company.companyId))));
    const after = await counts();
    expect(after).not.toHaveProperty("Rush");
    expect(after).not.toHaveProperty("Wave");
  });

  it("rejects an unknown entity type naming the parameter", async () => {
    await expect(asUser(sales, () => Tags.list({ entity: "deal" as never }))).rejects.toMatchObject({ issues: [{ field: "entity" }] });
  });
});

describe("retrying transactions cancelled by contention", () => {
  // DynamoDB Local runs transactions one at a time, so it never cancels one with
  // TransactionConflict; real DynamoDB does. The retry rule is checked directly.
  it("retries TransactionConflict cancellations and never a failed condition", async () => {
    const { retryTransactionConflicts, TransactionConflictError } = await import("../../packages/core/src/storage/transaction");
    let calls = 0;
    const result = await retryTransactionConflicts(async () => {
      calls++;
      if (calls < 3) throw new TransactionConflictError([undefined, "TransactionConflict"]);
      return "done";
    });
    expect(result).toBe("done");
    expect(calls).toBe(3);

    calls = 0;
    await expect(
      retryTransactionConflicts(async () => {
        calls++;
        throw new TransactionConflictError(["ConditionalCheckFailed", "TransactionConflict"]);
      }),
    ).rejects.toBeInstanceOf(TransactionConflictError);
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      retryTransactionConflicts(async () => {
        calls++;
        throw new TransactionConflictError(["TransactionConflict"]);
      }, 4),
    ).rejects.toBeInstanceOf(TransactionConflictError);
    expect(calls).toBe(4);
  });
});
