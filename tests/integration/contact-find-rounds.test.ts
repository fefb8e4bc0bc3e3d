/**
 * A name search whose first Query finds a few rows the FilterExpression drops (inactive
 * contacts) still fills its page in one Query: one filtered source reads half a page more
 * (listing/query.ts `perSourceLimit`), instead of a second round trip for the last rows.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { compose } from "../../packages/core/src/compose";
import { Contacts } from "../../packages/core/src/contacts";
import type { User } from "../../packages/core/src/users";
import { createTestTable } from "../fixtures/table";
import { asUser, seedAdmin } from "../fixtures/factories";

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
