import { beforeAll, describe, expect, it } from "vitest";
import { Contacts } from "../../packages/core/src/contacts";
import { readCard } from "../../packages/core/src/contacts/card-read";
import { CARD_TIMELINE_PAGE } from "../../packages/core/src/contacts/contacts";
import { Timeline } from "../../packages/core/src/timeline";
import { GoneError, VersionConflictError } from "../../packages/core/src/errors";
import type { User } from "../../packages/core/src/users";
import { asUser, contactInput, seedAdmin, seedUser } from "../fixtures/factories";
import { createTestTable, type TestTable } from "../fixtures/table";

let table: TestTable;
let admin: User;
let sales: User;

beforeAll(async () => {
  table = await createTestTable("storage");
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales");
});

const itemsOf = async (contactId: string) =>
  (await table.items()).filter((item) => JSON.stringify(item).includes(contactId));

describe("contact storage", () => {
  it("creates a contact with 3 phones and 2 emails in one TransactWriteItems (warm), with a lookup row each", async () => {
    // The first create of a process reads the custom field definitions (one Query); then they are cached.
    table.counter.reset();
    await asUser(sales, () => Contacts.create(contactInput({ phones: [], emails: ["warm@example.com"] })));
    expect(Object.fromEntries(table.counter.byCommand)).toEqual({ QueryCommand: 1, TransactWriteItemsCommand: 1 });
    table.counter.reset();
    const contact = await asUser(sales, () =>
      Contacts.create(contactInput({ phones: [{ number: "+79161234567" }, { number: "+79161234568" }, { number: "+79161234569" }], emails: ["a@example.com", "b@example.com"] })),
    );
    expect(table.counter.total).toBe(1);
    expect([...table.counter.byCommand.keys()]).toEqual(["TransactWriteItemsCommand"]);
    const rows = await itemsOf(contact.contactId);
    // Contact, 3 + 2 lookup rows, 2 name-token lookup rows (Anna, Petrova), the owner's audience
    // row and the `created` activity; index rows: lists `all` and `owner:<sales>` (facet `*`),
    // search 3 phones + 2 emails + 2 name words in each of the 2 audiences.
    expect(rows).toHaveLength(1 + 3 + 2 + 2 + 1 + 1 + 2 + (3 + 2 + 2 * 2));
  });

  it("reads a card with one Query; lists a page with two parallel Queries (own + shared) and one BatchGetItem", async () => {
    const contact = await asUser(sales, () => Contacts.create(contactInput()));
    table.counter.reset();
    await asUser(sales, () => Contacts.get(contact.contactId));
    expect(table.counter.total).toBe(1);
    table.counter.reset();
    const page = await asUser(sales, () => Contacts.list({ limit: 10 }));
    expect(Object.fromEntries(table.counter.byCommand)).toEqual({ QueryCommand: 2, BatchGetItemCommand: 1 });
    expect(page.items.map((item) => item.contactId)).toContain(contact.contactId);
    table.counter.reset();
    await asUser(admin, () => Contacts.list({ limit: 10 }));
    expect(Object.fromEntries(table.counter.byCommand)).toEqual({ QueryCommand: 1 });
  });

  it("reads the card's Query exactly as ElectroDB's card collection does: same contact, activities and cursor, which pages the timeline on", async () => {
    const contact = await asUser(sales, () =>
      Contacts.create(contactInput({ phones: [{ number: "+79035550777", type: "work" }], emails: ["card@example.com"], tags: ["vip"], messengers: { telegram: "@card_reader" } })),
    );
    for (let i = 0; i < 24; i++) await asUser(sales, () => Timeline.comment(contact.contactId, { text: `Note ${i}` }));
    const electro = await table.storage.service.collections.card({ contactId: contact.contactId }).go({ order: "desc", limit: CARD_TIMELINE_PAGE + 1 });
    table.counter.reset();
    const fast = await readCard(contact.contactId, CARD_TIMELINE_PAGE + 1);
    expect(table.counter.total).toBe(1);
    expect(fast.contact).toEqual(electro.data.contact[0]);
    expect(fast.contact?.phones?.[0]?.number).toBe("+79035550777");
    expect(fast.activities).toEqual(electro.data.activity);
    expect(fast.activities).toHaveLength(CARD_TIMELINE_PAGE);
    expect(fast.cursor).toBeTruthy();
    expect(fast.cursor).toBe(electro.cursor);
    // The card's cursor leads to the rest of the timeline: 25 activities (created + 24 notes), none twice.
    const card = await asUser(sales, () => Contacts.get(contact.contactId));
    const rest = await asUser(sales, () => Timeline.list(contact.contactId, { cursor: card.timeline.cursor!, limit: 50 }));
    const ids = [...card.timeline.items, ...rest.items].map((item) => item.activityId);
    expect(new Set(ids).size).toBe(25);
    expect(rest.cursor).toBeNull();
    // A contact that does not exist reads as nothing, in one request.
    expect(await readCard("01KAAAAAAAAAAAAAAAAAAAAAAA", CARD_TIMELINE_PAGE + 1)).toEqual({ contact: undefined, activities: [], cursor: null });
  });

  it("finds a contact by a phone typed in another format through its lookup row", async () => {
    const contact = await asUser(sales, () => Contacts.create(contactInput({ phones: [{ number: "8 (903) 555-01-02" }] })));
    expect(await Contacts.findByPhone("+79035550102")).toContain(contact.contactId);
  });

  it("keeps lookup rows in step when phones change, and writes nothing on a stale version", async () => {
    const contact = await asUser(sales, () => Contacts.create(contactInput({ phones: [{ number: "+79031000001" }] })));
    await asUser(sales, () => Contacts.update(contact.contactId, 1, { phones: [{ number: "+79031000002" }] }));
    expect(await Contacts.findByPhone("+79031000001")).not.toContain(contact.contactId);
    expect(await Contacts.findByPhone("+79031000002")).toContain(contact.contactId);
    const before = await itemsOf(contact.contactId);
    await expect(asUser(sales, () => Contacts.update(contact.contactId, 1, { phones: [{ number: "+79031000003" }] }))).rejects.toBeInstanceOf(VersionConflictError);
    expect(await itemsOf(contact.contactId)).toEqual(before);
  });

  it("on delete drops the list keys (sparse indexes) and lookup rows; restore brings both back", async () => {
    const contact = await asUser(sales, () => Contacts.create(contactInput({ phones: [{ number: "+79032000001" }] })));
    await asUser(admin, () => Contacts.remove(contact.contactId));
    const [trashed] = (await table.items()).filter((item) => item.contactId === contact.contactId && item.__edb_e__ === "contact");
    expect(trashed).toBeDefined();
    expect(trashed!.gsi1pk).toBeUndefined();
    expect(trashed!.gsi2pk).toBeUndefined();
    expect(trashed!.gsi3pk).toBeDefined();
    expect(Number(trashed!.expiresAt) * 1000 - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect(await Contacts.findByPhone("+79032000001")).toEqual([]);
    await asUser(admin, () => Contacts.restore(contact.contactId));
    expect(await Contacts.findByPhone("+79032000001")).toEqual([contact.contactId]);
    const [restored] = (await table.items()).filter((item) => item.contactId === contact.contactId && item.__edb_e__ === "contact");
    expect(restored!.gsi3pk).toBeUndefined();
    expect(restored!.gsi1pk).toBeDefined();
    const page = await asUser(sales, () => Contacts.list({ limit: 50 }));
    expect(page.items.map((item) => item.contactId)).toContain(contact.contactId);
  });

  it("refuses to restore a contact whose trash time ran out (410), even though TTL has not removed it yet", async () => {
    const contact = await asUser(sales, () => Contacts.create(contactInput({ phones: [] , emails: ["old@example.com"] })));
    await asUser(admin, () => Contacts.remove(contact.contactId));
    await table.storage.service.entities.contact.patch({ contactId: contact.contactId }).set({ expiresAt: Math.floor(Date.now() / 1000) - 1 }).go();
    await expect(asUser(admin, () => Contacts.restore(contact.contactId))).rejects.toBeInstanceOf(GoneError);
    const trash = await asUser(admin, () => Contacts.listTrash({ limit: 50 }));
    expect(trash.items.map((item) => item.contactId)).not.toContain(contact.contactId);
  });
});
