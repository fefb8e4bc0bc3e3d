import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { ContactMatching } from "../../packages/core/src/contacts";
import { advanceClock, setClock } from "../../packages/core/src/runtime/clock";
import { Timeline } from "../../packages/core/src/timeline";
import { newActivity } from "../../packages/core/src/timeline/activity";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let admin: User;
let sales: User;
let olga: User;
let manager: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  olga = await seedUser(admin, "sales", "Olga Owner");
  manager = await seedUser(admin, "manager", "Mia Manager", "north");
  // Tokens first: signing in writes issuer rows, which the table comparisons below must not see.
  await Promise.all([admin, sales, olga, manager].map((user) => api.tokenFor(user)));
});

afterEach(() => setClock(undefined));

type Json = Record<string, any>;
let sequence = 0;
/** A phone no other test in this file uses. */
const freshPhone = () => `+7916${String(5000000 + ++sequence * 7919).padStart(7, "0")}`;
const system = <T>(callback: () => T) => withActor({ type: "system", reason: "call-list engine" }, callback);

async function call(user: User, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return api.call(method, path, { token: await api.tokenFor(user), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
}
async function create(user: User, body: Json, allow = false): Promise<Json> {
  const response = await call(user, "POST", `/v1/contacts${allow ? "?duplicates=allow" : ""}`, body);
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return (await response.json()) as Json;
}
/**
 * The table without issuer rows and without rows whose entity is in `ignore`. A value claim's
 * `version` counts every change of its holders (an undo is a change too), so claims are compared
 * by their holders.
 */
async function tableItems(ignore: string[] = []) {
  const items = await api.table.items();
  return items
    .filter((item) => typeof item.__edb_e__ === "string" && !ignore.includes(item.__edb_e__ as string))
    .map((item) => (item.__edb_e__ === "valueClaim" ? { ...item, version: "any" } : item))
    .sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

describe("the duplicate check on create", () => {
  it("answers 409 listing a visible candidate with what matched, and writes nothing", async () => {
    const phone = freshPhone();
    const existing = await create(sales, { firstName: "Vera", lastName: "Visible", phones: [{ number: phone }], emails: ["vera@example.com"] });
    const before = await tableItems();
    const response = await call(sales, "POST", "/v1/contacts", { firstName: "V.", phones: [{ number: `8 ${phone.slice(2)}` }] });
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as Json;
    expect(problem.type).toBe("https://callboard.dev/problems/duplicate-contact");
    expect(problem.candidates).toEqual([
      { contactId: existing.contactId, displayName: "Vera Visible", primaryPhone: phone, primaryEmail: "vera@example.com", ownerId: sales.userId, ownerName: "Sam Sales", strength: "strong", on: [{ signal: "phone", value: phone }] },
    ]);
    expect(problem.hidden).toEqual([]);
    expect(await tableItems()).toEqual(before);
  });

  it("matches similar names as a weak signal: case, accents, ё/е and one typo do not count", async () => {
    const existing = await create(sales, { firstName: "Пётр", lastName: "Ёлкин", phones: [{ number: freshPhone() }] });
    const response = await call(sales, "POST", "/v1/contacts", { firstName: "петр", lastName: "Елкинн" });
    expect(response.status).toBe(409);
    const problem = (await response.json()) as Json;
    expect(problem.candidates).toEqual([expect.objectContaining({ contactId: existing.contactId, strength: "weak", on: [{ signal: "name", value: "петр елкин" }] })]);
    // A different surname is not a match; a single given name is never matched.
    expect((await call(sales, "POST", "/v1/contacts", { firstName: "Пётр", lastName: "Иванов" })).status).toBe(201);
    expect((await call(sales, "POST", "/v1/contacts", { firstName: "Пётр" })).status).toBe(201);
    expect(ContactMatching.nameSimilarity(ContactMatching.nameTokens("Иван Петров"), ContactMatching.nameTokens("ПЕТРОВ иван"))).toBe(1);
  });

  it("matches messenger handles as a strong signal (@Handle, t.me/handle)", async () => {
    const existing = await create(sales, { firstName: "Tg", lastName: "User", messengers: { telegram: "@Tele_Handle" } });
    const matches = await ContactMatching.findMatches({ messengers: { telegram: "https://t.me/tele_handle" } });
    expect(matches).toEqual([{ contactId: existing.contactId, on: [{ signal: "telegram", value: "tele_handle" }], strength: "strong" }]);
  });

  it("a hidden match names who to ask and nothing of the contact; the access request notifies the owner, who grants it", async () => {
    const hidden = await create(olga, { firstName: "Secret", lastName: "Client", phones: [{ number: freshPhone() }], emails: ["secret.client@example.com"], position: "CFO" });
    const before = await tableItems();
    const response = await call(sales, "POST", "/v1/contacts", { firstName: "Someone", emails: ["SECRET.client@example.com"] });
    expect(response.status).toBe(409);
    const text = await response.text();
    expect(text).not.toContain("Secret");
    expect(text).not.toContain("CFO");
    expect(text).not.toContain(hidden.phones[0].number);
    const problem = JSON.parse(text) as Json;
    expect(problem.candidates).toEqual([]);
    expect(problem.hidden).toEqual([{ contactId: hidden.contactId, ownerName: "Olga Owner", on: [{ signal: "email", value: "secret.client@example.com" }], requestAccess: `/v1/contacts/${hidden.contactId}/access-requests` }]);
    expect(problem.detail).toContain("Olga Owner");
    expect(await tableItems()).toEqual(before);

    // Without a value the 409 named, an access request tells nothing: the same 404 as a missing contact.
    const guessed = await call(sales, "POST", `/v1/contacts/${hidden.contactId}/access-requests`, { matched: "someone.else@example.com" });
    expect(guessed.status).toBe(404);
    expect((await call(sales, "POST", "/v1/contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/access-requests", { matched: "someone.else@example.com" })).status).toBe(404);
    const noProof = await call(sales, "POST", `/v1/contacts/${hidden.contactId}/access-requests`, {});
    expect(noProof.status).toBe(400);
    expect(((await noProof.json()) as Json).errors[0].field).toBe("matched");
    expect(await tableItems()).toEqual(before);

    const asked = await call(sales, "POST", `/v1/contacts/${hidden.contactId}/access-requests`, { matched: problem.hidden[0].on[0].value, message: "Same person as my lead" });
    expect(asked.status).toBe(202);
    expect(await asked.json()).toMatchObject({ status: "pending", ownerName: "Olga Owner" });
    // Nothing is revealed before the grant; asking again notifies nobody again.
    expect((await call(sales, "GET", `/v1/contacts/${hidden.contactId}`)).status).toBe(404);
    expect((await call(sales, "POST", `/v1/contacts/${hidden.contactId}/access-requests`, { matched: "secret.client@example.com" })).status).toBe(202);

    const inbox = (await (await call(olga, "GET", "/v1/notifications")).json()) as Json;
    expect(inbox.unread).toBe(1);
    expect(inbox.items).toEqual([expect.objectContaining({ kind: "access-requested", read: false, data: expect.objectContaining({ contactId: hidden.contactId, requesterId: sales.userId, requesterName: "Sam Sales", message: "Same person as my lead" }) })]);
    // The requester cannot answer their own request (they may not see the contact: 404).
    expect((await call(sales, "POST", `/v1/contacts/${hidden.contactId}/access-requests/${sales.userId}/grant`)).status).toBe(404);

    expect((await call(olga, "POST", `/v1/contacts/${hidden.contactId}/access-requests/${sales.userId}/grant`)).status).toBe(200);
    expect((await call(olga, "POST", `/v1/notifications/${inbox.items[0].notificationId}/read`)).status).toBe(200);
    expect(((await (await call(olga, "GET", "/v1/notifications")).json()) as Json).unread).toBe(0);
    const card = await call(sales, "GET", `/v1/contacts/${hidden.contactId}`);
    expect(card.status).toBe(200);
    expect(((await card.json()) as Json).ownerIds).toEqual([olga.userId, sales.userId]);
    const mine = (await (await call(sales, "GET", "/v1/notifications")).json()) as Json;
    // Every value of the English text is in data, for the reader's language (docs/timeline-notes.md).
    expect(mine.items[0]).toMatchObject({ kind: "access-granted", data: { contactId: hidden.contactId, contactName: "Secret Client", deciderId: olga.userId, deciderName: "Olga Owner" } });
    // Answered already: a second answer is a 409.
    expect((await call(olga, "POST", `/v1/contacts/${hidden.contactId}/access-requests/${sales.userId}/decline`)).status).toBe(409);
  });

  it("a declined request tells the requester nothing about the contact", async () => {
    const hidden = await create(olga, { firstName: "Declined", lastName: "Person", emails: ["declined@example.com"] });
    expect((await call(manager, "POST", `/v1/contacts/${hidden.contactId}/access-requests`, { matched: "declined@example.com" })).status).toBe(202);
    expect((await call(olga, "POST", `/v1/contacts/${hidden.contactId}/access-requests/${manager.userId}/decline`)).status).toBe(200);
    const inbox = (await (await call(manager, "GET", "/v1/notifications")).json()) as Json;
    expect(inbox.items[0]).toMatchObject({ kind: "access-declined", data: { deciderId: olga.userId, deciderName: "Olga Owner" } });
    expect(JSON.stringify(inbox)).not.toContain("Declined Person");
    expect((await call(manager, "GET", `/v1/contacts/${hidden.contactId}`)).status).toBe(404);
  });

  it("create anyway (?duplicates=allow) creates and queues the pair for admins, who may dismiss it", async () => {
    const phone = freshPhone();
    const first = await create(sales, { firstName: "Queue", lastName: "One", phones: [{ number: phone }] });
    const second = await create(sales, { firstName: "Queue", lastName: "Two", phones: [{ number: phone }] }, true);
    const page = (await (await call(admin, "GET", "/v1/duplicates")).json()) as Json;
    const pair = page.items.find((item: Json) => item.contacts.some((contact: Json) => contact.contactId === second.contactId));
    expect(pair).toMatchObject({ strength: "strong", on: [{ signal: "phone", value: phone }] });
    expect(pair.contacts.map((contact: Json) => contact.contactId).sort()).toEqual([first.contactId, second.contactId].sort());
    expect((await call(sales, "GET", "/v1/duplicates")).status).toBe(403);
    expect((await call(sales, "POST", `/v1/duplicates/${pair.pairId}/dismiss`)).status).toBe(403);
    expect((await call(admin, "POST", `/v1/duplicates/${pair.pairId}/dismiss`)).status).toBe(204);
    const after = (await (await call(admin, "GET", "/v1/duplicates")).json()) as Json;
    expect(after.items.some((item: Json) => item.pairId === pair.pairId)).toBe(false);
  });

  it("a lookup row that outlived its contact (a failed import's leftover) never reaches the queue", async () => {
    // Prepare: the lookup wave of a batch create was written, its contact never was.
    const phone = freshPhone();
    const ghostId = "01J0GHST000000000000000001";
    await api.table.storage.service.entities.contactLookup.create({ kind: "phone", value: phone, contactId: ghostId, ownerId: sales.userId }).go();
    const live = await create(sales, { firstName: "Ghost", lastName: "Neighbour", phones: [{ number: phone }] }, true);

    const created = await create(sales, { firstName: "Ghost", lastName: "Later", phones: [{ number: phone }] }, true);

    const page = (await (await call(admin, "GET", "/v1/duplicates?limit=50")).json()) as Json;
    const pairsOfCreated = page.items.filter((item: Json) => item.pairId.includes(created.contactId)).map((item: Json) => item.pairId);
    expect(pairsOfCreated).toEqual([[live.contactId, created.contactId].sort().join(":")]);
    const ghostPairs = (await tableItems()).filter((item) => item.__edb_e__ === "duplicatePair" && String(item.pairId).includes(ghostId));
    expect(ghostPairs).toEqual([]);
  });

  it("a later update that makes a match queues the pair", async () => {
    const phone = freshPhone();
    const first = await create(sales, { firstName: "Later", lastName: "Alpha", phones: [{ number: phone }] });
    const second = await create(sales, { firstName: "Later", lastName: "Beta", phones: [{ number: freshPhone() }] });
    const changed = await call(sales, "PATCH", `/v1/contacts/${second.contactId}`, { phones: [{ number: phone }] }, { "if-match": '"1"' });
    expect(changed.status).toBe(200);
    const page = (await (await call(admin, "GET", "/v1/duplicates?limit=50")).json()) as Json;
    expect(page.items.some((item: Json) => item.pairId === [first.contactId, second.contactId].sort().join(":"))).toBe(true);
  });

  it("bad options are a 400 naming the field", async () => {
    const before = await tableItems();
    const response = await call(sales, "POST", "/v1/contacts?duplicates=maybe", { firstName: "Bad", lastName: "Option" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).errors[0].field).toBe("duplicates");
    expect(await tableItems()).toEqual(before);
  });
});

/** Two contacts with everything a merge unites, plus a call on the other's timeline. */
async function mergeablePair(owner: User = sales) {
  const [p1, p2, shared] = [freshPhone(), freshPhone(), freshPhone()];
  const n = ++sequence;
  const survivor = await create(owner, { firstName: "Anna", lastName: "Survivor", phones: [{ number: p1 }, { number: shared, type: "work" }], emails: [`anna.s${n}@example.com`], tags: ["vip", "merge-shared"], doNotEmail: true, position: "CEO" }, true);
  const other = await create(owner, { firstName: "Ann", lastName: "Other", phones: [{ number: p2 }, { number: shared, type: "work" }], emails: [`ann.o${n}@example.com`], tags: ["merge-shared", "lead"], doNotCall: true, messengers: { telegram: `@ann_other${n}` }, comment: "Met at the fair" }, true);
  await system(() => Timeline.record(other.contactId, { kind: "call", text: "Answered call", call: { outcome: "answered", direction: "outbound", phone: p2 } }));
  return { survivor, other, phones: { p1, p2, shared }, n };
}
const tagCount = (items: Record<string, unknown>[], key: string) => items.find((item) => item.__edb_e__ === "tagCount" && item.key === key && item.entityType === "contact")?.count;

describe("merge", () => {
  it("unites phones, emails, tags, messengers and timelines, keeps picked fields, and the most restrictive DNC wins", async () => {
    const { survivor, other, phones, n } = await mergeablePair();
    const itemsBefore = await tableItems();
    const response = await call(sales, "POST", `/v1/contacts/${survivor.contactId}/merge`, { otherId: other.contactId, pick: { firstName: "other", comment: "other" } });
    expect(response.status, await response.clone().text()).toBe(200);
    const { merge, contact } = (await response.json()) as Json;
    expect(merge).toMatchObject({ survivorId: survivor.contactId, otherId: other.contactId, status: "done", mergedBy: sales.userId, copiedActivities: 2 });
    expect(contact).toMatchObject({
      firstName: "Ann",
      lastName: "Survivor",
      displayName: "Ann Survivor",
      position: "CEO",
      comment: "Met at the fair",
      doNotCall: true,
      doNotEmail: true,
      tags: ["vip", "merge-shared", "lead"],
      messengers: { telegram: `ann_other${n}` },
    });
    expect(contact.phones.map((phone: Json) => phone.number)).toEqual([phones.p1, phones.shared, phones.p2]);
    expect(contact.phones.filter((phone: Json) => phone.primary)).toHaveLength(1);
    expect(contact.emails.map((email: Json) => email.address)).toEqual([`anna.s${n}@example.com`, `ann.o${n}@example.com`]);

    const card = (await (await call(sales, "GET", `/v1/contacts/${survivor.contactId}`)).json()) as Json;
    const kinds = card.timeline.items.map((item: Json) => item.kind);
    expect(kinds[0]).toBe("merged");
    expect(card.timeline.items[0]).toMatchObject({ relatedContactId: other.contactId, mergeId: merge.mergeId });
    expect(card.timeline.items[0].note).toEqual({ kind: "contact-merged", values: { otherContactId: other.contactId, otherName: card.timeline.items[0].text } });
    expect(kinds.filter((kind: string) => kind === "created")).toHaveLength(2);
    expect(card.timeline.items.find((item: Json) => item.kind === "call")).toMatchObject({ contactId: survivor.contactId, call: { outcome: "answered", phone: phones.p2 } });

    // The other contact: in the trash, marked, its phones now lead to the survivor.
    expect((await call(sales, "GET", `/v1/contacts/${other.contactId}`)).status).toBe(404);
    const items = await tableItems();
    const otherRow = items.find((item) => item.__edb_e__ === "contact" && item.contactId === other.contactId)!;
    expect(otherRow).toMatchObject({ mergedInto: survivor.contactId, mergeId: merge.mergeId, deletedAt: expect.any(String) });
    expect(await ContactMatching.findMatches({ phones: [phones.p2], messengers: { telegram: `ann_other${n}` } })).toEqual([
      { contactId: survivor.contactId, on: [{ signal: "phone", value: phones.p2 }, { signal: "telegram", value: `ann_other${n}` }], strength: "strong" },
    ]);
    const trash = (await (await call(admin, "GET", "/v1/trash")).json()) as Json;
    expect(trash.items.some((item: Json) => item.contactId === other.contactId)).toBe(true);
    // A shared tag counted twice now counts once; the others are unchanged.
    expect(tagCount(items, "merge-shared")).toBe((tagCount(itemsBefore, "merge-shared") as number) - 1);
    expect(tagCount(items, "lead")).toBe(tagCount(itemsBefore, "lead"));
    // Merging them again is a 409 naming the merge; restoring the merged-away contact is refused: undo is the way back.
    expect((await call(sales, "POST", `/v1/contacts/${survivor.contactId}/merge`, { otherId: other.contactId })).status).toBe(409);
    expect((await call(admin, "POST", `/v1/contacts/${other.contactId}/restore`)).status).toBe(409);
  });

  it("undo restores both contacts exactly: rows, lookup and audience rows, tag counts, timelines", async () => {
    const { survivor, other } = await mergeablePair();
    const before = await tableItems(["mergeRecord", "job"]);
    const merged = await call(sales, "POST", `/v1/contacts/${survivor.contactId}/merge`, { otherId: other.contactId });
    const { merge } = (await merged.json()) as Json;
    expect((await tableItems(["mergeRecord", "job"]))).not.toEqual(before);
    const undone = await call(sales, "POST", `/v1/merges/${merge.mergeId}/undo`);
    expect(undone.status, await undone.clone().text()).toBe(200);
    expect(await undone.json()).toMatchObject({ status: "undone", undoneAt: expect.any(String) });
    expect(await tableItems(["mergeRecord", "job"])).toEqual(before);
    expect((await call(sales, "GET", `/v1/contacts/${other.contactId}`)).status).toBe(200);
    // Undone once: a second undo is a 409.
    expect((await call(sales, "POST", `/v1/merges/${merge.mergeId}/undo`)).status).toBe(409);
  });

  it("undo refuses (409) when the survivor changed since, and after 30 days answers 410", async () => {
    const { survivor, other } = await mergeablePair();
    const { merge, contact } = (await (await call(sales, "POST", `/v1/contacts/${survivor.contactId}/merge`, { otherId: other.contactId })).json()) as Json;
    const edited = await call(sales, "PATCH", `/v1/contacts/${survivor.contactId}`, { position: "CTO" }, { "if-match": `"${contact.version}"` });
    expect(edited.status).toBe(200);
    const refused = await call(sales, "POST", `/v1/merges/${merge.mergeId}/undo`);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Json).detail).toContain("changed after the merge");

    const second = await mergeablePair();
    const late = (await (await call(sales, "POST", `/v1/contacts/${second.survivor.contactId}/merge`, { otherId: second.other.contactId })).json()) as Json;
    advanceClock(31 * 24 * 3600 * 1000);
    const gone = await call(sales, "POST", `/v1/merges/${late.merge.mergeId}/undo`);
    expect(gone.status).toBe(410);
  });

  it("needs write access to both contacts; undo is for whoever merged or an admin", async () => {
    const mine = await create(sales, { firstName: "Mine", lastName: "Only", phones: [{ number: freshPhone() }] });
    const theirs = await create(olga, { firstName: "Theirs", lastName: "Only", phones: [{ number: freshPhone() }] });
    const readOnly = await create(olga, { firstName: "Shared", lastName: "ReadOnly", phones: [{ number: freshPhone() }], sharing: "read" });
    const before = await tableItems();
    expect((await call(sales, "POST", `/v1/contacts/${mine.contactId}/merge`, { otherId: theirs.contactId })).status).toBe(404);
    expect((await call(sales, "POST", `/v1/contacts/${theirs.contactId}/merge`, { otherId: mine.contactId })).status).toBe(404);
    expect((await call(sales, "POST", `/v1/contacts/${mine.contactId}/merge`, { otherId: readOnly.contactId })).status).toBe(403);
    expect(await tableItems()).toEqual(before);

    // Admins may merge anything; the owner of the survivor may not undo an admin's merge.
    const merged = await call(admin, "POST", `/v1/contacts/${mine.contactId}/merge`, { otherId: theirs.contactId });
    expect(merged.status).toBe(200);
    const { merge } = (await merged.json()) as Json;
    expect((await call(sales, "POST", `/v1/merges/${merge.mergeId}/undo`)).status).toBe(403);
    expect((await call(manager, "POST", `/v1/merges/${merge.mergeId}/undo`)).status).toBe(404);
    expect((await call(admin, "GET", `/v1/merges/${merge.mergeId}`)).status).toBe(200);
    expect((await call(admin, "POST", `/v1/merges/${merge.mergeId}/undo`)).status).toBe(200);
  });

  it("bad input is a 400 naming the field and writes nothing", async () => {
    const { survivor, other } = await mergeablePair();
    const before = await tableItems();
    const cases: [unknown, string][] = [
      [{}, "otherId"],
      [{ otherId: "nope" }, "otherId"],
      [{ otherId: survivor.contactId }, "otherId"],
      [{ otherId: other.contactId, pick: { doNotCall: "other" } }, "pick.doNotCall"],
      [{ otherId: other.contactId, pick: { firstName: "both" } }, "pick.firstName"],
      [{ otherId: other.contactId, extra: 1 }, "extra"],
    ];
    for (const [body, field] of cases) {
      const response = await call(sales, "POST", `/v1/contacts/${survivor.contactId}/merge`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as Json).errors.map((error: Json) => error.field)).toContain(field);
    }
    expect((await call(sales, "POST", "/v1/merges/not-an-id/undo")).status).toBe(400);
    expect((await call(sales, "POST", "/v1/merges/01ARZ3NDEKTSV4RRFFQ69G5FAV/undo")).status).toBe(404);
    expect(await tableItems()).toEqual(before);
  });
});

describe("a merge of more than 100 timeline items that crashes part-way", () => {
  /** Fault injection: the Nth BatchWriteItem fails like a Lambda dying mid-way (the database is real). */
  function failBatchWrite(nth: number) {
    let seen = 0;
    const raw = api.table.storage.clients.raw;
    raw.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "BatchWriteItemCommand" && ++seen === nth) throw new Error("injected crash");
        return next(args);
      },
      { step: "initialize", name: "injectedCrash" },
    );
    return () => raw.middlewareStack.remove("injectedCrash");
  }

  async function pairWithLongTimeline() {
    const { survivor, other } = await mergeablePair();
    const { service } = api.table.storage;
    const activities = Array.from({ length: 130 }, (_, index) => newActivity(other.contactId, { type: "system", reason: "call-list engine" }, "note", { text: `Note ${index}` }));
    await service.entities.activity.put(activities as never).go();
    return { survivor, other };
  }

  it("is finished by repeating the merge, then undone exactly", async () => {
    const { survivor, other } = await pairWithLongTimeline();
    const before = await tableItems(["mergeRecord", "job"]);
    const restore = failBatchWrite(3);
    const crashed = await call(sales, "POST", `/v1/contacts/${survivor.contactId}/merge`, { otherId: other.contactId });
    restore();
    expect(crashed.status).toBe(500);
    const record = (await tableItems()).find((item) => item.__edb_e__ === "mergeRecord" && item.otherId === other.contactId)!;
    expect(record.status).toBe("copying");
    const copiedSoFar = (await tableItems()).filter((item) => item.__edb_e__ === "activity" && item.contactId === survivor.contactId).length;
    expect(copiedSoFar).toBeGreaterThan(2);
    expect(copiedSoFar).toBeLessThan(130);

    const resumed = await call(sales, "POST", `/v1/contacts/${survivor.contactId}/merge`, { otherId: other.contactId });
    expect(resumed.status, await resumed.clone().text()).toBe(200);
    expect(((await resumed.json()) as Json).merge).toMatchObject({ status: "done", copiedActivities: 132 });
    const survivorActivities = (await tableItems()).filter((item) => item.__edb_e__ === "activity" && item.contactId === survivor.contactId);
    expect(survivorActivities).toHaveLength(1 + 132 + 1); // its `created`, the copies (130 notes, `created`, the call), `merged`

    const undone = await call(sales, "POST", `/v1/merges/${record.mergeId}/undo`);
    expect(undone.status).toBe(200);
    expect(await tableItems(["mergeRecord", "job"])).toEqual(before);
  });

  it("can be undone straight from the crashed state, and a crashed undo is finished by repeating it", async () => {
    const { survivor, other } = await pairWithLongTimeline();
    const before = await tableItems(["mergeRecord", "job"]);
    let restore = failBatchWrite(2);
    expect((await call(sales, "POST", `/v1/contacts/${survivor.contactId}/merge`, { otherId: other.contactId })).status).toBe(500);
    restore();
    const record = (await tableItems()).find((item) => item.__edb_e__ === "mergeRecord" && item.otherId === other.contactId)!;
    restore = failBatchWrite(2);
    expect((await call(sales, "POST", `/v1/merges/${record.mergeId}/undo`)).status).toBe(500);
    restore();
    expect((await tableItems()).find((item) => item.mergeId === record.mergeId && item.__edb_e__ === "mergeRecord")!.status).toBe("undoing");
    const finished = await call(sales, "POST", `/v1/merges/${record.mergeId}/undo`);
    expect(finished.status).toBe(200);
    expect(await tableItems(["mergeRecord", "job"])).toEqual(before);
  });
});
