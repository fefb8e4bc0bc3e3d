import { beforeAll, describe, expect, it } from "vitest";
import { compose } from "../../packages/core/src/compose";
import { Contacts } from "../../packages/core/src/contacts";
import { UnprocessableError } from "../../packages/core/src/errors";
import { Users, type User } from "../../packages/core/src/users";
import { withActor } from "../../packages/core/src/actor";
import { createTestTable, type TestTable } from "../fixtures/table";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

/** The contact's index rows in the table, as (bucket) and (search partition|term) keys. */
let table: TestTable;
let admin: User;
let sales: User;
let other: User;

beforeAll(async () => {
  compose();
  table = await createTestTable("index");
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam", "north");
  other = await seedUser(admin, "sales", "Olga", "south");
});

async function rowsOf(contactId: string) {
  const items = await table.items();
  const list = items.filter((item) => String(item.pk).startsWith("cix#") && item.contactId === contactId);
  const search = items.filter((item) => String(item.pk).startsWith("csx#") && item.contactId === contactId);
  return {
    buckets: list.map((item) => String(item.bucket)).sort(),
    search: search.map((item) => `${String(item.partition)}|${String(item.term)}`).sort(),
    list,
  };
}

describe("contact index rows", () => {
  it("are written with the contact and follow update, owner/team/sharing changes, trash and restore", async () => {
    const created = await asUser(sales, () => Contacts.create({ firstName: "Анна", lastName: "Петрова", phones: [{ number: "+79161234567", type: "mobile" }], emails: ["A@X.io"], tags: ["VIP"] }));
    const id = created.contactId;
    let rows = await rowsOf(id);
    const ownSales = `owner:${sales.userId}`;
    expect(rows.buckets).toEqual(
      ["all|active|*", "all|active|tag:vip", `${ownSales}|active|*`, `${ownSales}|active|tag:vip`, "team:north|active|*", "team:north|active|tag:vip", `team:north|active|owner:${sales.userId}`].sort(),
    );
    expect(rows.search).toEqual(
      ["phone:765|76543216197", "email:a|a@x.io", ...["all", ownSales, "team:north"].flatMap((audience) => [`name:${audience}:а|анна`, `name:${audience}:п|петрова`])].sort(),
    );
    // Fully projected: the list columns are on every row.
    expect(rows.list[0]).toMatchObject({ displayName: "Анна Петрова", phone: "+79161234567", email: "A@x.io", tags: ["VIP"], ownerIds: [sales.userId], sharing: "private", active: true, version: 1 });

    // Update: tag swapped, inactive, shared; a new co-owner from another team.
    const updated = await asUser(sales, () => Contacts.update(id, 1, { tags: ["hot"], active: false, sharing: "read", ownerIds: [sales.userId, other.userId] }));
    rows = await rowsOf(id);
    const ownOther = `owner:${other.userId}`;
    const expected = ["all", ownSales, ownOther, "team:north", "team:south", "shared"].flatMap((audience) => {
      const facets = ["*", "tag:hot", ...(audience === "all" ? [] : [sales.userId, other.userId].filter((u) => audience !== `owner:${u}`).map((u) => `owner:${u}`))];
      return facets.map((facet) => `${audience}|inactive|${facet}`);
    });
    expect(rows.buckets).toEqual(expected.sort());
    expect(rows.list.every((row) => row.version === updated.version && row.updatedAt === updated.updatedAt && row.active === false)).toBe(true);
    expect(rows.search.filter((key) => key.startsWith("name:")).length).toBe(6 * 2);

    // Trash: no index rows at all. Restore: all back.
    await asUser(admin, () => Contacts.remove(id));
    rows = await rowsOf(id);
    expect(rows.buckets).toEqual([]);
    expect(rows.search).toEqual([]);
    await asUser(admin, () => Contacts.restore(id));
    rows = await rowsOf(id);
    expect(rows.buckets).toEqual(expected.sort());
    expect(rows.search.length).toBe(2 + 6 * 2);
  });

  it("follow a responsible manager's team change", async () => {
    const mover = await seedUser(admin, "sales", "Mover", "east");
    const created = await asUser(mover, () => Contacts.create({ firstName: "Team", lastName: "Mover" }));
    expect((await rowsOf(created.contactId)).buckets).toContain("team:east|active|*");
    await withActor({ type: "user", userId: admin.userId, role: "admin" }, () => Users.setTeam(mover.userId, { teamId: "west" }));
    const rows = await rowsOf(created.contactId);
    expect(rows.buckets).toContain("team:west|active|*");
    expect(rows.buckets.some((bucket) => bucket.startsWith("team:east"))).toBe(false);
  });

  it("refuses with 422 naming the field a write that would exceed 100 items in one transaction, writing nothing", async () => {
    const tags = Array.from({ length: 20 }, (_, index) => `tag${index}`);
    const before = (await table.items()).length;
    const error = await asUser(sales, () => Contacts.create({ firstName: "Too", lastName: "Many", tags, sharing: "read" })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).issues[0]!.field).toBe("tags");
    expect((await table.items()).length).toBe(before);

    const small = await asUser(sales, () => Contacts.create({ firstName: "Few", lastName: "Tags", sharing: "read" }));
    const afterCreate = await table.items();
    const refused = await asUser(sales, () => Contacts.update(small.contactId, small.version, { tags })).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(UnprocessableError);
    expect((refused as UnprocessableError).issues[0]!.field).toBe("tags");
    expect(await table.items()).toEqual(afterCreate);
  });
});
