import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/** Teams set by admins, contacts following their managers' teams, sharing changes and lists. */
let api: TestApi;
let admin: User;
// One cast for the file: the issuer allows 10 sign-ins a minute from one address.
let northManager: User;
let southManager: User;
let mover: User;
let southSales: User;
let northHelper: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  northManager = await seedUser(admin, "manager", "North manager", "north");
  southManager = await seedUser(admin, "manager", "South manager", "south");
  mover = await seedUser(admin, "sales", "Mover", "north");
  southSales = await seedUser(admin, "sales", "South sales", "south");
  northHelper = await seedUser(admin, "sales", "North helper", "north");
  for (const user of [admin, northManager, southManager, mover, southSales, northHelper]) await api.tokenFor(user);
});

type Json = Record<string, any>;
const token = (user: User) => api.tokenFor(user);
async function send(user: User, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return api.call(method, path, { token: await token(user), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
}
async function json(response: Response, status: number): Promise<Json> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as Json;
}
async function listAll(user: User): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await json(await send(user, "GET", `/v1/contacts?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`), 200);
    ids.push(...page.items.map((item: Json) => item.contactId));
    cursor = page.cursor;
  } while (cursor);
  return ids;
}

describe("teams", () => {
  it("lets only admins set a user's team, naming a malformed team ID", async () => {
    const user = await seedUser(admin, "sales");
    const manager = northManager;
    expect(await json(await send(admin, "PATCH", `/v1/users/${user.userId}`, { teamId: "north" }), 200)).toMatchObject({ userId: user.userId, teamId: "north" });
    expect((await send(manager, "PATCH", `/v1/users/${user.userId}`, { teamId: "south" })).status).toBe(403);
    const bad = await json(await send(admin, "PATCH", `/v1/users/${user.userId}`, { teamId: "North Team!" }), 400);
    expect(bad.errors[0].field).toBe("teamId");
    expect((await send(admin, "PATCH", "/v1/users/01ARZ3NDEKTSV4RRFFQ69G5FAV", { teamId: "north" })).status).toBe(404);
    const cleared = await json(await send(admin, "PATCH", `/v1/users/${user.userId}`, { teamId: null }), 200);
    expect(cleared).not.toHaveProperty("teamId");
  });

  it("a manager sees the contacts whose responsible managers are in the team, also secondary ones, and they follow a team change", async () => {
    const moversContact = (await json(await send(mover, "POST", "/v1/contacts", { firstName: "Mover's client" }), 201)).contactId;
    const southContact = await json(await send(southSales, "POST", "/v1/contacts", { firstName: "South client" }), 201);
    expect((await send(northManager, "GET", `/v1/contacts/${southContact.contactId}`)).status).toBe(404);
    // A north user becomes a secondary responsible manager: the north manager now sees it, in the card and the list.
    const shared = await json(await send(southSales, "PATCH", `/v1/contacts/${southContact.contactId}`, { ownerIds: [southSales.userId, northHelper.userId] }, { "if-match": '"1"' }), 200);
    expect(shared.teamIds).toEqual(["north", "south"]);
    expect((await send(northManager, "GET", `/v1/contacts/${southContact.contactId}`)).status).toBe(200);
    expect((await send(northHelper, "GET", `/v1/contacts/${southContact.contactId}`)).status).toBe(200);
    expect(await listAll(northManager)).toEqual(expect.arrayContaining([moversContact, southContact.contactId]));
    expect(await listAll(northHelper)).toContain(southContact.contactId);

    // The mover changes team: their contact leaves the north list and joins the south one.
    await json(await send(admin, "PATCH", `/v1/users/${mover.userId}`, { teamId: "south" }), 200);
    expect((await send(northManager, "GET", `/v1/contacts/${moversContact}`)).status).toBe(404);
    expect(await listAll(northManager)).not.toContain(moversContact);
    expect((await send(southManager, "GET", `/v1/contacts/${moversContact}`)).status).toBe(200);
    expect(await listAll(southManager)).toContain(moversContact);
    // The change is on the contact itself, recorded by the system.
    const card = await json(await send(admin, "GET", `/v1/contacts/${moversContact}`), 200);
    expect(card.teamIds).toEqual(["south"]);
  });
});

describe("sharing", () => {
  it("is set by responsible managers, their team's managers and admins; shared contacts appear in everyone's list and leave it when private again", async () => {
    const [owner, teamManager, stranger] = [northHelper, northManager, southSales];
    const contact = await json(await send(owner, "POST", "/v1/contacts", { firstName: "Shareable" }), 201);
    expect(contact.sharing).toBe("private");
    expect(await listAll(stranger)).not.toContain(contact.contactId);

    const opened = await json(await send(teamManager, "PATCH", `/v1/contacts/${contact.contactId}`, { sharing: "write" }, { "if-match": '"1"' }), 200);
    expect(opened.sharing).toBe("write");
    expect(await listAll(stranger)).toContain(contact.contactId);
    // A read-write share lets the stranger edit fields, not who is responsible or how it is shared.
    const edited = await json(await send(stranger, "PATCH", `/v1/contacts/${contact.contactId}`, { position: "Buyer" }, { "if-match": '"2"' }), 200);
    expect(edited.position).toBe("Buyer");
    const before = await api.table.items();
    for (const body of [{ sharing: "private" }, { ownerIds: [stranger.userId] }]) {
      expect((await send(stranger, "PATCH", `/v1/contacts/${contact.contactId}`, body, { "if-match": '"3"' })).status).toBe(403);
    }
    expect(await api.table.items()).toEqual(before);

    await json(await send(owner, "PATCH", `/v1/contacts/${contact.contactId}`, { sharing: "read" }, { "if-match": '"3"' }), 200);
    expect((await send(stranger, "PATCH", `/v1/contacts/${contact.contactId}`, { position: "CEO" }, { "if-match": '"4"' })).status).toBe(403);
    expect((await send(stranger, "GET", `/v1/contacts/${contact.contactId}`)).status).toBe(200);

    await json(await send(admin, "PATCH", `/v1/contacts/${contact.contactId}`, { sharing: "private" }, { "if-match": '"4"' }), 200);
    expect(await listAll(stranger)).not.toContain(contact.contactId);
    expect((await send(stranger, "GET", `/v1/contacts/${contact.contactId}`)).status).toBe(404);
    // A trashed shared contact leaves the shared list, and comes back with its restore.
    await json(await send(owner, "PATCH", `/v1/contacts/${contact.contactId}`, { sharing: "read" }, { "if-match": '"5"' }), 200);
    expect((await send(admin, "DELETE", `/v1/contacts/${contact.contactId}`)).status).toBe(204);
    expect(await listAll(stranger)).not.toContain(contact.contactId);
    expect((await send(admin, "POST", `/v1/contacts/${contact.contactId}/restore`)).status).toBe(200);
    expect(await listAll(stranger)).toContain(contact.contactId);
  });

  it("refuses an unknown sharing mode naming the field, writing nothing", async () => {
    const owner = southSales;
    const before = await api.table.items();
    const response = await send(owner, "POST", "/v1/contacts", { firstName: "X", sharing: "everyone" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).errors[0].field).toBe("sharing");
    expect(await api.table.items()).toEqual(before);
  });
});

describe("bulk delete", () => {
  it("is for admins only, up to 100 IDs, reporting each as deleted or not found", async () => {
    const sales = southSales;
    const made = await Promise.all([1, 2, 3].map(async (i) => (await json(await send(sales, "POST", "/v1/contacts", { firstName: `Bulk${i}` }), 201)).contactId as string));
    expect((await send(sales, "POST", "/v1/contacts/bulk-delete", { contactIds: made })).status).toBe(403);
    const tooMany = await json(await send(admin, "POST", "/v1/contacts/bulk-delete", { contactIds: Array.from({ length: 101 }, () => made[0]) }), 400);
    expect(tooMany.errors[0].field).toBe("contactIds");
    const outcome = await json(await send(admin, "POST", "/v1/contacts/bulk-delete", { contactIds: [made[0], "01ARZ3NDEKTSV4RRFFQ69G5FAV", made[1], "nonsense", made[0]] }), 200);
    expect(outcome.results).toEqual([
      { contactId: made[0], status: "deleted" },
      { contactId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", status: "not-found" },
      { contactId: made[1], status: "deleted" },
      { contactId: "nonsense", status: "not-found" },
      { contactId: made[0], status: "deleted" },
    ]);
    expect((await send(sales, "GET", `/v1/contacts/${made[0]}`)).status).toBe(404);
    expect((await send(sales, "GET", `/v1/contacts/${made[2]}`)).status).toBe(200);
    const trash = await json(await send(admin, "GET", "/v1/trash?limit=50"), 200);
    expect(trash.items.map((item: Json) => item.contactId)).toEqual(expect.arrayContaining([made[0], made[1]]));
  });
});
