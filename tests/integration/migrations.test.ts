import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { Companies } from "../../packages/core/src/companies";
import { rekeyCompanyRows } from "../../packages/core/src/companies/rekey";
import { Contacts } from "../../packages/core/src/contacts";
import { alphabetSortKey, nameSortKey } from "../../packages/core/src/listing";
import { LATEST_MIGRATION, runMigrations } from "../../packages/core/src/storage/migrations";
import { parseLegacyNote, structureLegacyNotes } from "../../packages/core/src/timeline/legacy-notes";
import { noted } from "../../packages/core/src/timeline/notes";
import type { SystemNote } from "../../packages/core/src/timeline/note-schema";
import { Timeline } from "../../packages/core/src/timeline";
import { surnameSortKey } from "../../packages/core/src/contacts/index-rows";
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
      ran: [
        expect.stringContaining("contacts"),
        expect.stringContaining("companies"),
        expect.stringContaining("duplicate pairs"),
        expect.stringContaining("value claims"),
        expect.stringContaining("sort keys"),
        expect.stringContaining("system notes"),
        expect.stringContaining("surname"),
      ],
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
    expect(result.ran[0]).toEqual(expect.stringContaining("sort keys"));
    for (const row of await listRows()) {
      const key = alphabetSortKey(row.contactId ? "Ёлкин" : "Știrbu SRL");
      expect(row.gsi4sk).toBe(`${key}#${String(row.contactId ?? row.companyId)}`);
      expect(row.nameKey).not.toBe(nameSortKey(row.contactId ? "Ёлкин" : "Știrbu SRL"));
    }
  });
});

describe("migration 7 (system notes become data)", () => {
  it("parses the English notes of contact and company timelines into kind + values; leaves people's words and unknown sentences; a re-run changes nothing", async () => {
    // Prepare: a contact's and a company's timelines written the old way (text only, no note).
    const contact = await asUser(admin, () => Contacts.create({ firstName: "Нина", lastName: "Старая" }));
    const other = await asUser(admin, () => Contacts.create({ firstName: "Other" }));
    const company = await asUser(admin, () => Companies.create({ name: "Old Notes LLC" }));
    const { service } = table.storage;
    const { doc } = table.storage.clients;
    let sequence = 0;
    const activityId = () => `01JOLDNOTE${String(++sequence).padStart(16, "0")}`;
    const system = "system:call list";
    const old = (row: Record<string, unknown>) => ({ activityId: activityId(), at: "2026-03-01T10:00:00.000Z", actorId: system, ...row });
    const contactRows = [
      old({ kind: "call", text: "Unanswered call (call list «Spring promo», attempt 2 of 3)", call: { outcome: "no-answer", callListId: "L1", callListName: "Spring promo", attempt: 2, maxAttempts: 3 } }),
      old({ kind: "call", text: "Line busy (call list «Spring promo», attempt 3 of 3): not reached, no attempts left", call: { outcome: "busy", callListId: "L1" } }),
      old({ kind: "call", text: "Call answered (call list «Spring promo», attempt 1 of 1)", call: { outcome: "answered", callListId: "L1" } }),
      old({ kind: "note", text: "Not called (call list «Spring promo»): the contact asked not to be called." }),
      old({ kind: "note", text: "Call abandoned: no operator was connected (call list «Spring promo»); it will be called again." }),
      old({ kind: "note", text: "Call back (call list «Spring promo»): call back at 2026-12-05T14:30:00.000Z. Ask for Olga" }),
      old({ kind: "note", text: "No disposition (wrap-up timed out) (call list «Spring promo») (after the wrap-up timed out)" }),
      old({ kind: "note", text: "Added to the call list «Bulk list».", actorId: admin.userId }),
      old({ kind: "note", text: "Call recording deleted: older than the organization's retention (call of 2026-01-02, deleted 2026-04-03)." }),
      old({ kind: "call", actorId: "system:click-to-call", text: "Outgoing call to +79161112233, 2:05 · placed outside the call window (override)", call: { outcome: "answered", talkSeconds: 125 } }),
      old({ kind: "call", actorId: "system:click-to-call", text: "Outgoing call to +79161112233: not answered", call: { outcome: "no-answer", talkSeconds: 0 } }),
      old({ kind: "call", actorId: "system:intake", text: "Inbound call from +79161112233 answered (42 s)", call: { outcome: "answered", direction: "inbound" } }),
      old({ kind: "call", actorId: "system:intake", text: "Missed inbound call from +79161112233", call: { outcome: "missed", direction: "inbound" } }),
      old({ kind: "form", actorId: "system:intake", text: "Web form «Landing page» submitted", submission: { formId: "F1", formName: "Landing page", fields: { name: "Nina" } } }),
      old({ kind: "message", actorId: "system:intake", text: "Hello, how much?", message: { source: "telegram", handle: "nina_old", messageId: "m1" } }),
      old({ kind: "merged", actorId: admin.userId, text: "Other", relatedContactId: other.contactId, mergeId: "M1" }),
      old({ kind: "updated", actorId: "system:dialer", text: "Asked not to be called (call list «Spring promo»)", changes: [{ field: "doNotCall", before: false, after: true }] }),
      // Not ours to parse: a sentence no writer produces, a person's own note, a comment.
      old({ kind: "note", text: "Something the engine said once" }),
      old({ kind: "note", actorId: admin.userId, text: "Not called (call list «Mine»): my own words." }),
      old({ kind: "comment", actorId: admin.userId, text: "Call her back" }),
    ];
    for (const row of contactRows) await doc.send(new PutCommand({ TableName: table.tableName, Item: service.entities.activity.put({ contactId: contact.contactId, ...row } as never).params().Item }));
    const companyRow = old({ kind: "note", text: "Not called (call list «Partners»): the number is no longer on the company." });
    await doc.send(new PutCommand({ TableName: table.tableName, Item: service.entities.companyActivity.put({ companyId: company.companyId, ...companyRow } as never).params().Item }));
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: "$crm#schema", sk: "$migrations", version: 6 } }));
    const notesOf = async () =>
      Object.fromEntries(
        (await table.items())
          .filter((item) => (item.__edb_e__ === "activity" && item.contactId === contact.contactId) || (item.__edb_e__ === "activityOfCompany" && item.companyId === company.companyId))
          .filter((item) => String(item.activityId).startsWith("01JOLDNOTE"))
          .map((item) => [String(item.text), item.note]),
      );

    // Act
    const first = await runMigrations();
    const afterFirst = await table.items();
    const second = await runMigrations();
    const again = await structureLegacyNotes();

    // Assess
    expect(first.ran).toEqual([expect.stringContaining("system notes"), ...first.ran.slice(1)]);
    expect(second.ran).toEqual([]);
    expect(again).toEqual({ structured: 0, unparsed: 1 });
    expect(await table.items()).toEqual(afterFirst);
    const spring = { callListId: "L1", callListName: "Spring promo" };
    expect(await notesOf()).toEqual({
      "Unanswered call (call list «Spring promo», attempt 2 of 3)": { kind: "list-call", values: { ...spring, outcome: "no-answer", attempt: 2, maxAttempts: 3, final: false } },
      "Line busy (call list «Spring promo», attempt 3 of 3): not reached, no attempts left": { kind: "list-call", values: { ...spring, outcome: "busy", attempt: 3, maxAttempts: 3, final: true } },
      "Call answered (call list «Spring promo», attempt 1 of 1)": { kind: "list-call", values: { ...spring, outcome: "answered", attempt: 1, maxAttempts: 1, final: false } },
      "Not called (call list «Spring promo»): the contact asked not to be called.": { kind: "list-call-skipped", values: { callListName: "Spring promo", reason: "do-not-call", subject: "contact" } },
      "Call abandoned: no operator was connected (call list «Spring promo»); it will be called again.": { kind: "list-call-abandoned", values: { callListName: "Spring promo", willRetry: true } },
      "Call back (call list «Spring promo»): call back at 2026-12-05T14:30:00.000Z. Ask for Olga": {
        kind: "list-call-disposition",
        values: { callListName: "Spring promo", disposition: "call-back", afterTimeout: false, callbackAt: "2026-12-05T14:30:00.000Z", note: "Ask for Olga" },
      },
      "No disposition (wrap-up timed out) (call list «Spring promo») (after the wrap-up timed out)": { kind: "list-call-disposition", values: { callListName: "Spring promo", disposition: "no-disposition", afterTimeout: true } },
      "Added to the call list «Bulk list».": { kind: "added-to-call-list", values: { callListName: "Bulk list" } },
      "Call recording deleted: older than the organization's retention (call of 2026-01-02, deleted 2026-04-03).": { kind: "recording-deleted", values: { reason: "retention", callAt: "2026-01-02", deletedAt: "2026-04-03" } },
      "Outgoing call to +79161112233, 2:05 · placed outside the call window (override)": { kind: "outgoing-call", values: { phone: "+79161112233", outcome: "answered", talkSeconds: 125, outsideCallWindow: true } },
      "Outgoing call to +79161112233: not answered": { kind: "outgoing-call", values: { phone: "+79161112233", outcome: "no-answer", talkSeconds: 0, outsideCallWindow: false } },
      "Inbound call from +79161112233 answered (42 s)": { kind: "inbound-call", values: { phone: "+79161112233", answered: true, durationSeconds: 42 } },
      "Missed inbound call from +79161112233": { kind: "inbound-call", values: { phone: "+79161112233", answered: false } },
      "Web form «Landing page» submitted": { kind: "web-form-submitted", values: { formId: "F1", formName: "Landing page" } },
      "Hello, how much?": { kind: "chat-message", values: { source: "telegram", handle: "nina_old" } },
      Other: { kind: "contact-merged", values: { otherContactId: other.contactId, otherName: "Other" } },
      "Asked not to be called (call list «Spring promo»)": { kind: "do-not-call-requested", values: { callListName: "Spring promo" } },
      "Something the engine said once": undefined,
      "Not called (call list «Mine»): my own words.": undefined,
      "Call her back": undefined,
      "Not called (call list «Partners»): the number is no longer on the company.": { kind: "list-call-skipped", values: { callListName: "Partners", reason: "invalid-number", subject: "company" } },
    });
    // What the API shows: the card's activities carry the notes (and the contract check passes on them elsewhere).
    const timeline = await asUser(admin, () => Timeline.list(contact.contactId, { limit: 50 }));
    expect(timeline.items.filter((item) => item.note).length).toBe(17);
  });

  it("writes exactly the English the notes were parsed from (the text and the note agree)", () => {
    const examples: SystemNote[] = [
      { kind: "list-call", values: { callListName: "Spring promo", outcome: "machine", attempt: 1, maxAttempts: 2, final: false } },
      { kind: "list-call-skipped", values: { callListName: "P", reason: "no-phone", subject: "company" } },
      { kind: "list-call-abandoned", values: { callListName: "P", willRetry: false } },
      { kind: "list-call-disposition", values: { callListName: "P", disposition: "interested", afterTimeout: false, note: "Budget. Next quarter" } },
      { kind: "outgoing-call", values: { phone: "+37369123456", outcome: "busy", talkSeconds: 0, outsideCallWindow: false } },
      { kind: "inbound-call", values: { phone: "+37369123456", answered: true } },
    ];
    for (const note of examples) {
      const { text } = noted(note);
      expect(parseLegacyNote({ kind: note.kind.includes("call") && !note.kind.startsWith("list-call-") ? "call" : "note", actorId: "system:x", text })).toEqual(note);
    }
    // A call-back's English text names the time in UTC, and parses back to the same instant.
    const callBack: SystemNote = { kind: "list-call-disposition", values: { callListName: "P", disposition: "call-back", afterTimeout: false, callbackAt: "2026-12-05T14:30:00.000Z" } };
    expect(noted(callBack).text).toBe("Call back (call list «P»): call back at 2026-12-05 14:30 UTC");
    expect(parseLegacyNote({ kind: "note", text: noted(callBack).text })).toEqual(callBack);
  });
});

describe("migration 8 (surname sort keys on contact list rows)", () => {
  it("gives list rows written before sort=surname their surname key, so the contact is listed in that order", async () => {
    // Prepare: a contact whose list rows carry no surname key (as written before it existed).
    const contact = await asUser(admin, () => Contacts.create({ firstName: "Фёдор", lastName: "Ёжиков", tags: ["migration-8"] }));
    const { doc } = table.storage.clients;
    const listRows = async () => (await table.items()).filter((item) => item.__edb_e__ === "contactIndex" && item.contactId === contact.contactId);
    const rows = await listRows();
    expect(rows.length).toBeGreaterThan(1);
    for (const { surnameKey: _key, gsi6pk: _pk, gsi6sk: _sk, ...old } of rows) await doc.send(new PutCommand({ TableName: table.tableName, Item: old }));
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: "$crm#schema", sk: "$migrations", version: 7 } }));
    const bySurname = () => asUser(admin, () => Contacts.findContacts({ sort: "surname", tag: "migration-8" }));
    expect((await bySurname()).items).toEqual([]);

    // Act
    const result = await runMigrations();

    // Assess
    expect(result.ran).toEqual([expect.stringContaining("surname")]);
    for (const row of await listRows()) expect(row.gsi6sk).toBe(`${surnameSortKey({ lastName: "Ёжиков", firstName: "Фёдор", displayName: "" })}#${contact.contactId}`);
    expect((await bySurname()).items.map((item) => item.contactId)).toEqual([contact.contactId]);
  });
});
