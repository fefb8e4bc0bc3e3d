import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/** Bulk actions on a selection: applied record by record, with the acting user's rights. */
let api: TestApi;
let admin: User;
let sales: User;
let otherSales: User;
let operator: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Seller");
  otherSales = await seedUser(admin, "sales", "Other seller");
  operator = await seedUser(admin, "operator", "Operator");
  for (const user of [admin, sales, otherSales, operator]) await api.tokenFor(user);
});

type Json = Record<string, any>;
async function send(user: User, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return api.call(method, path, { token: await api.tokenFor(user), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
}
async function json(response: Response, status: number): Promise<Json> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as Json;
}
async function createContacts(user: User, count: number, extra: Json = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    ids.push((await json(await send(user, "POST", "/v1/contacts?duplicates=allow", { firstName: `Bulk ${index}`, lastName: user.name, ...extra }), 201)).contactId);
  }
  return ids;
}
const card = async (user: User, contactId: string) => json(await send(user, "GET", `/v1/contacts/${contactId}`), 200);
const statuses = (body: Json) => Object.fromEntries(body.results.map((result: Json) => [result.contactId, result.status]));

describe("bulk actions", () => {
  it("adds tags to a selection, writes each card's timeline once, and a repeat changes nothing", async () => {
    const ids = await createContacts(sales, 3, { tags: ["vip"] });
    const first = await json(await send(sales, "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["Hot", "vip"] }, contactIds: ids }), 200);
    expect(first.counts).toMatchObject({ applied: 3, unchanged: 0, denied: 0 });
    for (const contactId of ids) {
      const contact = await card(sales, contactId);
      expect(contact.tags).toEqual(["vip", "Hot"]);
      expect(contact.timeline.items.filter((activity: Json) => activity.kind === "updated")).toHaveLength(1);
    }
    // Applying it again (as a resumed job would) applies nothing twice.
    const again = await json(await send(sales, "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["hot"] }, contactIds: ids }), 200);
    expect(again.counts).toMatchObject({ applied: 0, unchanged: 3 });
    expect((await card(sales, ids[0]!)).timeline.items.filter((activity: Json) => activity.kind === "updated")).toHaveLength(1);
    // Tag counts are shown to admins only (they count records others may not see).
    const counts = await json(await send(admin, "GET", "/v1/tags?entity=contact"), 200);
    expect(counts.items.find((tag: Json) => tag.tag.toLowerCase() === "hot")?.count).toBeGreaterThanOrEqual(3);

    const removed = await json(await send(sales, "POST", "/v1/bulk-actions", { action: { type: "removeTags", tags: ["VIP"] }, contactIds: ids }), 200);
    expect(removed.counts.applied).toBe(3);
    expect((await card(sales, ids[1]!)).tags).toEqual(["Hot"]);
  });

  it("reports records the user may not see or change instead of skipping them silently", async () => {
    const mine = await createContacts(sales, 2);
    const hidden = await createContacts(otherSales, 1);
    const readOnly = await createContacts(otherSales, 1, { sharing: "read" });
    const body = await json(
      await send(sales, "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["batch"] }, contactIds: [...mine, ...hidden, ...readOnly, "not-an-id"] }),
      200,
    );
    expect(statuses(body)).toEqual({ [mine[0]!]: "applied", [mine[1]!]: "applied", [hidden[0]!]: "not-found", [readOnly[0]!]: "denied", "not-an-id": "not-found" });
    expect(body.results.find((result: Json) => result.contactId === readOnly[0])?.reason).toMatch(/read-only/);
    // Nothing happened to the records that were not applied.
    expect((await card(admin, hidden[0]!)).tags ?? []).toEqual([]);
    expect((await card(admin, readOnly[0]!)).tags ?? []).toEqual([]);
  });

  it("changes responsible managers and sharing, which only those who manage a contact may do", async () => {
    const ids = await createContacts(sales, 2);
    const moved = await json(await send(admin, "POST", "/v1/bulk-actions", { action: { type: "setOwners", ownerIds: [otherSales.userId] }, contactIds: ids }), 200);
    expect(moved.counts.applied).toBe(2);
    expect((await card(otherSales, ids[0]!)).ownerIds).toEqual([otherSales.userId]);
    expect((await send(sales, "GET", `/v1/contacts/${ids[0]}`)).status).toBe(404);

    const writable = await createContacts(otherSales, 1, { sharing: "write" });
    const denied = await json(await send(sales, "POST", "/v1/bulk-actions", { action: { type: "setSharing", sharing: "private" }, contactIds: writable }), 200);
    expect(denied.results[0]).toMatchObject({ status: "denied" });
    const shared = await json(await send(otherSales, "POST", "/v1/bulk-actions", { action: { type: "setSharing", sharing: "read" }, contactIds: ids }), 200);
    expect(shared.counts.applied).toBe(2);
    expect((await card(sales, ids[1]!)).sharing).toBe("read");
  });

  it("moves contacts to the trash for admins only", async () => {
    const ids = await createContacts(sales, 2);
    expect((await send(sales, "POST", "/v1/bulk-actions", { action: { type: "delete" }, contactIds: ids })).status).toBe(403);
    const deleted = await json(await send(admin, "POST", "/v1/bulk-actions", { action: { type: "delete" }, contactIds: ids }), 200);
    expect(deleted.counts.applied).toBe(2);
    expect((await send(sales, "GET", `/v1/contacts/${ids[0]}`)).status).toBe(404);
    const again = await json(await send(admin, "POST", "/v1/bulk-actions", { action: { type: "delete" }, contactIds: ids }), 200);
    expect(again.counts["not-found"]).toBe(2);
  });

  it("adds a selection to a call list once, noting it on each card", async () => {
    const ids = await createContacts(sales, 2, { phones: [{ number: "+79161234501", type: "mobile" }] });
    const [withPhone] = ids;
    const list = await json(await send(admin, "POST", "/v1/call-lists", { name: "Bulk list", operatorIds: [operator.userId] }), 201);
    const listId = list.list.listId;
    const added = await json(await send(admin, "POST", "/v1/bulk-actions", { action: { type: "addToCallList", listId }, contactIds: ids }), 200);
    expect(added.counts.applied).toBe(2);
    const again = await json(await send(admin, "POST", "/v1/bulk-actions", { action: { type: "addToCallList", listId }, contactIds: [withPhone] }), 200);
    expect(again.results[0]).toMatchObject({ status: "unchanged" });
    const entries = await json(await send(admin, "GET", `/v1/call-lists/${listId}/entries`), 200);
    expect(entries.items.map((entry: Json) => entry.entryId).sort()).toEqual([...ids].sort());
    const notes = (await card(admin, withPhone!)).timeline.items.filter((activity: Json) => activity.kind === "note");
    expect(notes.map((note: Json) => note.text)).toEqual(["Added to the call list «Bulk list»."]);
    expect(notes.map((note: Json) => note.note)).toEqual([{ kind: "added-to-call-list", values: { callListId: listId, callListName: "Bulk list" } }]);
  });

  it("refuses bad requests naming the field and writes nothing", async () => {
    const ids = await createContacts(sales, 1);
    const before = await api.table.items();
    const cases: [Json, string][] = [
      [{ action: { type: "paint" }, contactIds: ids }, "action.type"],
      [{ action: { type: "addTags", tags: [] }, contactIds: ids }, "action.tags"],
      [{ action: { type: "addTags", tags: ["x"] }, contactIds: [] }, "contactIds"],
      [{ action: { type: "addTags", tags: ["x"] }, contactIds: Array.from({ length: 10_001 }, () => ids[0]) }, "contactIds"],
      [{ action: { type: "setSharing", sharing: "public" }, contactIds: ids }, "action.sharing"],
      [{ action: { type: "addTags", tags: ["x"] }, contactIds: ids, extra: 1 }, "extra"],
    ];
    for (const [body, field] of cases) {
      const problem = await json(await send(sales, "POST", "/v1/bulk-actions", body), 400);
      expect(problem.errors.map((error: Json) => error.field), JSON.stringify(body)).toContain(field);
    }
    // An operator cannot see a seller's contact: reported as not found, nothing changes.
    const hidden = await json(await send(operator, "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["x"] }, contactIds: ids }), 200);
    expect(hidden.results).toEqual([{ contactId: ids[0], status: "not-found" }]);
    expect((await send(operator, "POST", "/v1/bulk-actions", { action: { type: "delete" }, contactIds: ids })).status).toBe(403);
    expect(await api.table.items()).toEqual(before);
  });
});
