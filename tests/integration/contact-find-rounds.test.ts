/**
 * Rows read per page (listing/query.ts `perSourceLimit`). A name search whose first Query finds
 * a few rows the FilterExpression drops (inactive contacts) still fills its page in one Query:
 * one filtered source reads half a page more, instead of a second round trip for the last
 * rows. A sales user's list (own bucket + shared, merged) reads n+1 rows of each: the least
 * advanced partition alone fills the page, so one round of two Queries, never more rows.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { compose } from "../../packages/core/src/compose";
import { Contacts } from "../../packages/core/src/contacts";
import type { User } from "../../packages/core/src/users";
import { createTestTable } from "../fixtures/table";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

let admin: User;

beforeAll(async () => {
  compose();
  await createTestTable("rounds");
  admin = await seedAdmin();
});

describe("a filtered name search", () => {
  it("fills a page of 20 in one Query when the first rows include inactive contacts", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 26; n++) {
      const created = await asUser(admin, () => Contacts.create({ firstName: "Zorana", lastName: `Q${String.fromCharCode(97 + n)}`, emails: [`zorana${n}@example.com`] }));
      ids.push(created.contactId);
    }
    // The first two in the search order (term, then contact ID) become inactive.
    for (const id of ids.slice(0, 2)) await asUser(admin, () => Contacts.update(id, 1, { active: false }));

    const page = await asUser(admin, () => Contacts.findContacts({ q: "zorana", limit: 20 }));
    expect(page.items).toHaveLength(20);
    expect(page.items.map((item) => item.contactId)).toEqual(ids.slice(2, 22));
    expect(page.meta).toMatchObject({ searchedBy: "name", requests: 1, bounded: false });
    expect(page.meta.itemsRead).toBeLessThanOrEqual(60);
    expect(page.cursor).not.toBeNull();
    const next = await asUser(admin, () => Contacts.findContacts({ q: "zorana", limit: 20, cursor: page.cursor! }));
    expect(next.items.map((item) => item.contactId)).toEqual(ids.slice(22));
  });
});

describe("a sales user's list (own and shared contacts merged)", () => {
  it("reads n+1 rows of each partition: one round of two Queries", async () => {
    const sales = await seedUser(admin, "sales", "Rounds Sales");
    const colleague = await seedUser(admin, "sales", "Rounds Colleague");
    // Interleaved in creation order: the newest 20 come from both partitions.
    const visible: string[] = [];
    for (let n = 0; n < 25; n++) {
      const own = await asUser(sales, () => Contacts.create({ firstName: "Roundsown", lastName: `R${n}`, emails: [`rounds-own${n}@example.com`] }));
      const shared = await asUser(colleague, () => Contacts.create({ firstName: "Roundsshared", lastName: `R${n}`, emails: [`rounds-shared${n}@example.com`], sharing: "read" }));
      visible.push(own.contactId, shared.contactId);
    }
    const newestFirst = [...visible].reverse();

    const page = await asUser(sales, () => Contacts.findContacts({ limit: 20 }));
    expect(page.items.map((item) => item.contactId)).toEqual(newestFirst.slice(0, 20));
    expect(page.meta).toMatchObject({ requests: 2, bounded: false });
    // 21 of each partition (the old ⌊3n/2⌋ = 30 of each read all 25 + 25).
    expect(page.meta.itemsRead).toBeLessThanOrEqual(2 * 21);

    const seen = page.items.map((item) => item.contactId);
    let cursor = page.cursor;
    while (cursor) {
      const next = await asUser(sales, () => Contacts.findContacts({ limit: 20, cursor: cursor! }));
      expect(next.meta.requests).toBeLessThanOrEqual(2);
      seen.push(...next.items.map((item) => item.contactId));
      cursor = next.cursor;
    }
    expect(seen).toEqual(newestFirst);
  });
});
