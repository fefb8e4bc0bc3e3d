import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Contacts } from "../../packages/core/src/contacts";
import { Timeline } from "../../packages/core/src/timeline";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let admin: User;
let sales: User;
let otherSales: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  otherSales = await seedUser(admin, "sales", "Olga Sales");
});

type Json = Record<string, any>;
const system = <T>(callback: () => T) => withActor({ type: "system", reason: "call-list engine" }, callback);

async function create(body: Json, user: User = sales): Promise<Json> {
  const response = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(user), body });
  expect(response.status).toBe(201);
  return (await response.json()) as Json;
}
const get = async (path: string, user: User = sales) => api.call("GET", path, { token: await api.tokenFor(user) });

describe("the card", () => {
  it("returns the contact and the first timeline page, newest first, from ONE DynamoDB Query", async () => {
    const created = await create({ firstName: "Card", lastName: "Reader", phones: [{ number: "+79161112233" }], emails: ["card@example.com"], source: { kind: "manual", label: "Referral" } });
    const token = await api.tokenFor(sales);
    const changed = await api.call("PATCH", `/v1/contacts/${created.contactId}`, { token, body: { position: "CEO" }, headers: { "if-match": '"1"' } });
    expect(changed.status).toBe(200);
    api.table.counter.reset();
    const response = await get(`/v1/contacts/${created.contactId}`);
    expect(api.table.counter.total).toBe(1);
    expect([...api.table.counter.byCommand.keys()]).toEqual(["QueryCommand"]);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('"2"');
    const card = (await response.json()) as Json;
    expect(card).toMatchObject({ contactId: created.contactId, position: "CEO", phones: [{ number: "+79161112233", primary: true }], emails: [{ address: "card@example.com", primary: true }] });
    expect(card.timeline.items.map((item: Json) => item.kind)).toEqual(["updated", "created"]);
    expect(card.timeline.items[0].changes).toEqual([{ field: "position", after: "CEO" }]);
    expect(card.timeline.items[1]).toMatchObject({ actorId: sales.userId, source: { kind: "manual", label: "Referral" } });
    expect(card.timeline.cursor).toBeNull();
  });

  it("writes one activity per update listing every changed field with before and after", async () => {
    const created = await create({ firstName: "Diff", tags: ["a"], phones: [{ number: "+79161112244" }] });
    const response = await api.call("PATCH", `/v1/contacts/${created.contactId}`, {
      token: await api.tokenFor(sales),
      body: { lastName: "Checker", tags: ["a", "b"], doNotCall: true },
      headers: { "if-match": '"1"' },
    });
    expect(response.status).toBe(200);
    const card = (await (await get(`/v1/contacts/${created.contactId}`)).json()) as Json;
    const [updated] = card.timeline.items;
    expect(updated.kind).toBe("updated");
    expect(Object.fromEntries(updated.changes.map((change: Json) => [change.field, [change.before, change.after]]))).toEqual({
      displayName: ["Diff +79161112244", "Diff Checker"],
      lastName: [undefined, "Checker"],
      tags: [["a"], ["a", "b"]],
      doNotCall: [false, true],
    });
  });

  it("pages an older timeline with signed cursors, without gaps or duplicates", async () => {
    const created = await create({ firstName: "Busy" });
    for (let i = 0; i < 24; i++) {
      const response = await api.call("POST", `/v1/contacts/${created.contactId}/comments`, { token: await api.tokenFor(sales), body: { text: `Comment ${i}` } });
      expect(response.status).toBe(201);
    }
    const card = (await (await get(`/v1/contacts/${created.contactId}`)).json()) as Json;
    expect(card.timeline.items).toHaveLength(20);
    expect(card.timeline.items[0].text).toBe("Comment 23");
    const seen = card.timeline.items.map((item: Json) => item.activityId);
    let cursor: string | null = card.timeline.cursor;
    while (cursor) {
      const response = await get(`/v1/contacts/${created.contactId}/timeline?limit=10&cursor=${encodeURIComponent(cursor)}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as Json;
      seen.push(...page.items.map((item: Json) => item.activityId));
      cursor = page.cursor;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect([...seen]).toEqual([...seen].sort().reverse());
    // A cursor of another contact's timeline, a forged one, a bad page size: 400 naming the field.
    const other = await create({ firstName: "Other" });
    for (const [query, field] of [[`cursor=${encodeURIComponent(card.timeline.cursor)}`, "cursor"], ["cursor=abc.def", "cursor"], ["limit=7", "limit"], ["sort=asc", "sort"]]) {
      const response = await get(`/v1/contacts/${other.contactId}/timeline?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as Json).errors.map((error: Json) => error.field)).toContain(field);
    }
  });

  it("filters the timeline by kind (the card's Calls filter): ?kind=call pages only the calls, with their own cursors", async () => {
    const created = await create({ firstName: "Caller", phones: [{ number: "+79161113344" }] });
    const token = await api.tokenFor(sales);
    for (let i = 0; i < 12; i++) {
      if (i % 4 === 1) {
        await system(() =>
          Timeline.record(created.contactId, { kind: "call", text: `Call ${i}`, call: { outcome: "answered", direction: "outbound", callId: `call-${i}`, talkSeconds: 30 + i, ringSeconds: 2, operatorId: sales.userId } }),
        );
      }
      expect((await api.call("POST", `/v1/contacts/${created.contactId}/comments`, { token, body: { text: `Comment ${i}` } })).status).toBe(201);
    }
    const calls: Json[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(`/v1/contacts/${created.contactId}/timeline?kind=call&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as Json;
      calls.push(...page.items);
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(calls.map((item) => item.kind)).toEqual(["call", "call", "call"]);
    expect(calls.map((item) => item.call.callId)).toEqual(["call-9", "call-5", "call-1"]);
    expect(calls[0]!.call).toMatchObject({ talkSeconds: 39, ringSeconds: 2, operatorId: sales.userId, direction: "outbound" });
    // The unfiltered timeline's cursor does not continue the filtered one; an unknown kind is named.
    const unfiltered = (await (await get(`/v1/contacts/${created.contactId}/timeline?limit=10`)).json()) as Json;
    for (const [query, field] of [[`kind=call&cursor=${encodeURIComponent(unfiltered.cursor)}`, "cursor"], ["kind=phone", "kind"]]) {
      const response = await get(`/v1/contacts/${created.contactId}/timeline?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as Json).errors.map((error: Json) => error.field)).toContain(field);
    }
  });

  it("hides the card and timeline of another user's contact exactly like a missing one", async () => {
    const theirs = await create({ firstName: "Theirs" }, otherSales);
    for (const path of [`/v1/contacts/${theirs.contactId}`, `/v1/contacts/${theirs.contactId}/timeline`]) {
      const hidden = await get(path);
      const missing = await get(path.replace(theirs.contactId, "01ARZ3NDEKTSV4RRFFQ69G5FAV"));
      expect(hidden.status).toBe(404);
      expect(await hidden.json()).toEqual(await missing.json());
    }
    const comment = await api.call("POST", `/v1/contacts/${theirs.contactId}/comments`, { token: await api.tokenFor(sales), body: { text: "Sneaky" } });
    expect(comment.status).toBe(404);
  });
});

describe("comments", () => {
  it("stores mentions of real users and refuses unknown ones, writing nothing", async () => {
    const created = await create({ firstName: "Talk" });
    const token = await api.tokenFor(sales);
    const response = await api.call("POST", `/v1/contacts/${created.contactId}/comments`, { token, body: { text: `Please call back, @${otherSales.userId} and @${admin.userId}` } });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ kind: "comment", mentions: [otherSales.userId, admin.userId], actorId: sales.userId });
    const note = await api.call("POST", `/v1/contacts/${created.contactId}/comments`, { token, body: { text: "Internal note", kind: "note" } });
    expect(((await note.json()) as Json).kind).toBe("note");

    const bad: [Json, string][] = [
      [{ text: "Hi @01ARZ3NDEKTSV4RRFFQ69G5FAV" }, "text"],
      [{ text: "-" }, "text"],
      [{ text: "" }, "text"],
      [{ text: "x".repeat(5001) }, "text"],
      [{ text: "ok", kind: "call" }, "kind"],
      [{ text: "ok", mentions: [admin.userId] }, "mentions"],
      [{}, "text"],
    ];
    for (const [body, field] of bad) {
      const before = await api.table.items();
      const reply = await api.call("POST", `/v1/contacts/${created.contactId}/comments`, { token, body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(((await reply.json()) as Json).errors.map((error: Json) => error.field)).toContain(field);
      expect(await api.table.items()).toEqual(before);
    }
  });

  it("notifies mentioned users who may read the contact, not the author nor those who may not see it", async () => {
    // Prepare: a shared contact (everyone reads it) and a private one.
    const shared = await create({ firstName: "Shared", lastName: "Talk", sharing: "read" });
    const secret = await create({ firstName: "Secret", lastName: "Lead" });
    const token = await api.tokenFor(sales);
    const inbox = async (user: User) => (await (await get("/v1/notifications", user)).json()) as Json;
    const before = (await inbox(otherSales)).items.length;

    // Act: mention a colleague (and oneself) on the shared contact.
    const response = await api.call("POST", `/v1/contacts/${shared.contactId}/comments`, { token, body: { text: `@${otherSales.userId} please call, cc @${sales.userId}` } });
    expect(response.status).toBe(201);
    const activity = (await response.json()) as Json;

    // Assess: the colleague has one unread `mentioned` notification pointing at the comment; the author none.
    const theirs = await inbox(otherSales);
    expect(theirs.items.length).toBe(before + 1);
    expect(theirs.items[0]).toMatchObject({
      kind: "mentioned",
      read: false,
      text: "Sam Sales mentioned you on Shared Talk.",
      // Every value of the English text is in data, for the reader's language (docs/timeline-notes.md).
      data: { contactId: shared.contactId, contactName: "Shared Talk", activityId: activity.activityId, authorId: sales.userId, authorName: "Sam Sales" },
    });
    expect((await inbox(sales)).items.filter((item: Json) => item.kind === "mentioned")).toEqual([]);

    // The answer names nobody as unnotified: everyone mentioned (but the author) was told.
    expect(activity.unnotified).toBeUndefined();

    // Act: mention the colleague on a contact they may not see: the comment is stored, nothing
    // tells them, and the author learns they were not notified and why.
    const hidden = await api.call("POST", `/v1/contacts/${secret.contactId}/comments`, { token, body: { text: `Not yours, @${otherSales.userId}` } });
    expect(hidden.status).toBe(201);
    expect(((await hidden.json()) as Json).unnotified).toEqual([{ userId: otherSales.userId, name: "Olga Sales", reason: "cannot-see-contact" }]);
    expect((await inbox(otherSales)).items.length).toBe(before + 1);
    const stored = (await (await get(`/v1/contacts/${secret.contactId}/timeline`, sales)).json()) as Json;
    expect(stored.items[0]).toMatchObject({ text: `Not yours, @${otherSales.userId}`, mentions: [otherSales.userId] });
    expect(stored.items[0].unnotified).toBeUndefined();

    // A note records mentions without notifying anyone.
    await api.call("POST", `/v1/contacts/${shared.contactId}/comments`, { token, body: { text: `For the record, @${otherSales.userId}`, kind: "note" } });
    expect((await inbox(otherSales)).items.length).toBe(before + 1);
  });

  it("does not notify a deactivated user, and tells the author so", async () => {
    // Prepare: a colleague who could read the shared contact, then left.
    const leaver = await seedUser(admin, "sales", "Lena Left");
    const shared = await create({ firstName: "Shared", lastName: "Leaver", sharing: "read" });
    const adminToken = await api.tokenFor(admin);
    expect((await api.call("PATCH", `/v1/users/${leaver.userId}`, { token: adminToken, body: { active: false } })).status).toBe(200);

    const response = await api.call("POST", `/v1/contacts/${shared.contactId}/comments`, {
      token: await api.tokenFor(sales),
      body: { text: `@${leaver.userId} and @${otherSales.userId}, see this` },
    });

    expect(response.status).toBe(201);
    expect(((await response.json()) as Json).unnotified).toEqual([{ userId: leaver.userId, name: "Lena Left", reason: "deactivated" }]);
    const leaverRows = (await api.table.items()).filter((item) => item.__edb_e__ === "notification" && item.userId === leaver.userId);
    expect(leaverRows).toEqual([]);
  });
});

describe("trash with the timeline", () => {
  it("deletes and restores the contact, lookups and timeline together, with activities for both", async () => {
    const created = await create({ firstName: "Bin", phones: [{ number: "+79165550001" }], emails: ["bin@example.com"] });
    await api.call("POST", `/v1/contacts/${created.contactId}/comments`, { token: await api.tokenFor(sales), body: { text: "Before the bin" } });
    const adminToken = await api.tokenFor(admin);
    expect((await api.call("DELETE", `/v1/contacts/${created.contactId}`, { token: adminToken })).status).toBe(204);
    expect((await get(`/v1/contacts/${created.contactId}`, admin)).status).toBe(404);
    expect((await get(`/v1/contacts/${created.contactId}/timeline`, admin)).status).toBe(404);
    expect((await api.call("POST", `/v1/contacts/${created.contactId}/comments`, { token: adminToken, body: { text: "In the bin" } })).status).toBe(404);
    await expect(system(() => Timeline.record(created.contactId, { kind: "note", text: "Engine note" }))).rejects.toThrow(/not found/);
    expect(await Contacts.findByPhone("+79165550001")).toEqual([]);
    expect(await Contacts.findByEmail("BIN@example.com")).toEqual([]);

    expect((await api.call("POST", `/v1/contacts/${created.contactId}/restore`, { token: adminToken })).status).toBe(200);
    expect(await Contacts.findByPhone("+79165550001")).toEqual([created.contactId]);
    expect(await Contacts.findByEmail("bin@example.com")).toEqual([created.contactId]);
    const card = (await (await get(`/v1/contacts/${created.contactId}`)).json()) as Json;
    expect(card.timeline.items.map((item: Json) => item.kind)).toEqual(["restored", "deleted", "comment", "created"]);
    expect(card.timeline.items[0].actorId).toBe(admin.userId);
  });

  it("answers 410 after 30 days, though TTL has not removed the rows yet", async () => {
    const created = await create({ firstName: "Old", emails: ["old-bin@example.com"] });
    const adminToken = await api.tokenFor(admin);
    await api.call("DELETE", `/v1/contacts/${created.contactId}`, { token: adminToken });
    await api.table.storage.service.entities.contact.patch({ contactId: created.contactId }).set({ expiresAt: Math.floor(Date.now() / 1000) - 1 }).go();
    const response = await api.call("POST", `/v1/contacts/${created.contactId}/restore`, { token: adminToken });
    expect(response.status).toBe(410);
    expect((await get(`/v1/contacts/${created.contactId}/timeline`, admin)).status).toBe(404);
  });
});

describe("concurrency", () => {
  it("lets exactly one of 50 concurrent PATCHes with the same version win; the rest get 412 and no field is lost", async () => {
    const created = await create({ firstName: "Race", position: "Buyer", tags: ["keep"], phones: [{ number: "+79165550099" }] });
    const token = await api.tokenFor(sales);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.call("PATCH", `/v1/contacts/${created.contactId}`, { token, body: { lastName: `Writer${i}`, comment: `From writer ${i}` }, headers: { "if-match": '"1"' } }),
      ),
    );
    const statuses = results.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(49);
    const winner = (await results[statuses.indexOf(200)]!.json()) as Json;
    const card = (await (await get(`/v1/contacts/${created.contactId}`)).json()) as Json;
    const index = winner.lastName.replace("Writer", "");
    expect(card).toMatchObject({ version: 2, lastName: `Writer${index}`, comment: `From writer ${index}`, position: "Buyer", tags: ["keep"], phones: [{ number: "+79165550099", primary: true }] });
    expect(card.timeline.items.filter((item: Json) => item.kind === "updated")).toHaveLength(1);
    expect(await Contacts.findByPhone("+79165550099")).toEqual([created.contactId]);
  });
});

describe("engine and intake interfaces", () => {
  it("creates contacts from a call, a chat and a web form with source names, renamed once a name is known", async () => {
    const fromCall = await system(() => Contacts.createFromSource({ source: { kind: "call", phone: "8 916 123-45-67" }, ownerIds: [sales.userId] }));
    expect(fromCall).toMatchObject({ displayName: "Новый контакт по звонку с +79161234567", nameSource: "source", phones: [{ number: "+79161234567", primary: true }], source: { kind: "call", ref: "+79161234567" } });
    const fromChat = await system(() => Contacts.createFromSource({ source: { kind: "chat", name: "Anna" }, ownerIds: [sales.userId] }));
    expect(fromChat.displayName).toBe("Запрос от «Anna»");
    const fromForm = await system(() => Contacts.createFromSource({ source: { kind: "form", email: "anna@example.com" }, ownerIds: [sales.userId] }));
    expect(fromForm).toMatchObject({ displayName: "Новый контакт «anna@example.com» с веб-формы", emails: [{ address: "anna@example.com", primary: true }] });

    const card = (await (await get(`/v1/contacts/${fromCall.contactId}`)).json()) as Json;
    expect(card.timeline.items[0]).toMatchObject({ kind: "created", actorId: "system:call-list engine", source: { kind: "call", phone: "+79161234567" } });
    // A phone change keeps the source name; a first name switches to the rules.
    let response = await api.call("PATCH", `/v1/contacts/${fromCall.contactId}`, { token: await api.tokenFor(sales), body: { position: "Buyer" }, headers: { "if-match": '"1"' } });
    expect(((await response.json()) as Json).displayName).toBe("Новый контакт по звонку с +79161234567");
    response = await api.call("PATCH", `/v1/contacts/${fromCall.contactId}`, { token: await api.tokenFor(sales), body: { firstName: "Boris" }, headers: { "if-match": '"2"' } });
    expect(await response.json()).toMatchObject({ displayName: "Boris +79161234567", nameSource: "rules" });

    await expect(system(() => Contacts.createFromSource({ source: { kind: "call", phone: "anna@example.com" }, ownerIds: [sales.userId] }))).rejects.toMatchObject({ issues: [{ field: "source.phone" }] });
    await expect(system(() => Contacts.createFromSource({ source: { kind: "call", phone: "+79161234567" }, ownerIds: ["01ARZ3NDEKTSV4RRFFQ69G5FAV"] }))).rejects.toMatchObject({ issues: [{ field: "ownerIds[0]" }] });
  });

  it("records call outcomes on the card, reads the contact for the call-list engine and marks do-not-call", async () => {
    const created = await create({ firstName: "Dial", phones: [{ number: "+79165550123" }], timeZone: "Asia/Yekaterinburg" });
    const outcome = await system(() =>
      Timeline.record(created.contactId, { kind: "call", text: "Unanswered call (call list «Spring promo», attempt 2 of 3)", call: { outcome: "no-answer", callListName: "Spring promo", attempt: 2, maxAttempts: 3 } }),
    );
    expect(outcome).toMatchObject({ kind: "call", actorId: "system:call-list engine", call: { attempt: 2 } });
    await expect(system(() => Timeline.record(created.contactId, { kind: "call", text: "x", call: { outcome: "no-answer", attempt: 0 } }))).rejects.toMatchObject({ issues: [{ field: "call.attempt" }] });

    const forEngine = await system(() => Contacts.getForEngine(created.contactId));
    expect(forEngine).toMatchObject({ doNotCall: false, timeZone: "Asia/Yekaterinburg", phones: [{ number: "+79165550123", primary: true }] });
    const marked = await Contacts.setDoNotCall(created.contactId, "Asked not to be called again");
    expect(marked).toMatchObject({ doNotCall: true, version: 2 });
    const card = (await (await get(`/v1/contacts/${created.contactId}`)).json()) as Json;
    expect(card.timeline.items.slice(0, 2)).toMatchObject([
      { kind: "updated", actorId: "system:call-list engine", text: "Asked not to be called again", changes: [{ field: "doNotCall", before: false, after: true }] },
      { kind: "call", text: "Unanswered call (call list «Spring promo», attempt 2 of 3)" },
    ]);
    expect(await Contacts.getForEngine("01ARZ3NDEKTSV4RRFFQ69G5FAV")).toBeUndefined();
  });
});

describe("company summary", () => {
  it("links contacts to a company, lists them by company, and refreshes the summary and derived names", async () => {
    const companies = new Map([["01HZZC0MPANY0000000000000A", { name: "Acme Trading LLC", shortName: "Acme" }]]);
    const companyId = "01HZZC0MPANY0000000000000A";
    Contacts.useCompanyResolver(async (id) => companies.get(id) && { companyId: id, ...companies.get(id)! });
    try {
      const first = await create({ firstName: "Vera", companyId });
      expect(first).toMatchObject({ displayName: "Vera (Acme)", company: { companyId, name: "Acme Trading LLC", shortName: "Acme" } });
      const second = await create({ firstName: "Gleb", lastName: "Orlov", companyId });
      const unlinked = await create({ firstName: "Nobody" });
      const missing = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(sales), body: { firstName: "X", companyId: "01HZZC0MPANY0000000000000B" } });
      expect(missing.status).toBe(400);

      const listed = await withActor({ type: "user", userId: sales.userId, role: "sales" }, () => Contacts.listByCompany(companyId, { limit: 10 }));
      expect(listed.items.map((item) => item.contactId).sort()).toEqual([first.contactId, second.contactId].sort());
      expect(listed.items.map((item) => item.contactId)).not.toContain(unlinked.contactId);

      expect(await Contacts.refreshCompanySummary(companyId, { name: "Acme Group", shortName: "AG" })).toEqual({ updated: 2 });
      const renamed = (await (await get(`/v1/contacts/${first.contactId}`)).json()) as Json;
      expect(renamed).toMatchObject({ displayName: "Vera (AG)", company: { name: "Acme Group", shortName: "AG" }, version: 2 });
      expect(renamed.timeline.items[0]).toMatchObject({ kind: "updated", actorId: "system:company" });

      expect(await Contacts.refreshCompanySummary(companyId, null)).toEqual({ updated: 2 });
      const unlinkedNow = (await (await get(`/v1/contacts/${second.contactId}`)).json()) as Json;
      expect(unlinkedNow.company).toBeUndefined();
      expect(unlinkedNow.companyId).toBeUndefined();
      const after = await withActor({ type: "system", reason: "test" }, () => Contacts.listByCompany(companyId, { limit: 10 }));
      expect(after.items).toEqual([]);
    } finally {
      Contacts.useCompanyResolver(undefined);
    }
  });
});

describe("API description", () => {
  it("documents the card, timeline, comment and photo routes", async () => {
    const doc = (await (await api.call("GET", "/v1/openapi.json")).json()) as Json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/contacts/{contactId}/timeline", "/v1/contacts/{contactId}/comments", "/v1/contacts/{contactId}/photo"]));
    expect(Object.keys(doc.paths["/v1/contacts/{contactId}/photo"])).toEqual(["put", "get", "delete"]);
    expect(Object.keys(doc.paths["/v1/contacts"].post.requestBody.content["application/json"].schema.properties)).toEqual(
      expect.arrayContaining(["middleName", "birthday", "messengers", "tags", "currency", "custom", "timeZone", "companyId", "doNotCall"]),
    );
    expect(JSON.stringify(doc.paths["/v1/contacts/{contactId}"].get.responses["200"])).toContain("timeline");
    const page = await api.call("GET", "/docs");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/v1/contacts/{contactId}/photo");
  });
});
