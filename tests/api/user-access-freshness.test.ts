import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Contacts } from "../../packages/core/src/contacts";
import { advanceClock, setClock } from "../../packages/core/src/runtime/clock";
import { Users, type User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, contactInput, seedAdmin, seedUser } from "../fixtures/factories";

/**
 * The API authorizes with the user row as it is now (role, team, active), not with what the
 * access token said at sign-in. A change made in this process applies at once; one made by
 * another process (here: a direct write to the row, which this process is not told about)
 * within Users.USER_CACHE_MS. Sign-ins are few: the issuer allows 10 a minute per address.
 */
let api: TestApi;
let admin: User;
let sam: User;
let northContactId: string;
let southContactId: string;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sam = await seedUser(admin, "sales", "Sam Sales");
  const northOwner = await seedUser(admin, "sales", "North owner", "north");
  const southOwner = await seedUser(admin, "sales", "South owner", "south");
  northContactId = (await asUser(northOwner, () => Contacts.create(contactInput({ firstName: "Nina", phones: [{ number: "+79160000101" }], emails: [] })))).contactId;
  southContactId = (await asUser(southOwner, () => Contacts.create(contactInput({ firstName: "Sergey", phones: [{ number: "+79160000102" }], emails: [] })))).contactId;
});

// A frozen clock: the cache bound is crossed by moving it, never by sleeping. Each test starts
// as a fresh process would, with nothing cached.
beforeEach(() => {
  setClock(new Date(), "frozen");
  Users.forgetAllUsers();
});
afterEach(() => setClock(undefined));

type Json = Record<string, any>;
async function send(user: User, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return api.call(method, path, { token: await api.tokenFor(user), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
}
const changeUser = (userId: string, body: Json) => send(admin, "PATCH", `/v1/users/${userId}`, body);
/** As another Lambda instance would: the row changes, this process's cache is not told. */
const changeRowElsewhere = (userId: string, set: { role?: User["role"]; teamId?: string; active?: boolean }) =>
  api.table.storage.service.entities.user.patch({ userId }).set(set).go();

async function ownContact(user: User, firstName: string): Promise<{ contactId: string; version: number }> {
  const created = await asUser(user, () => Contacts.create(contactInput({ firstName, phones: [], emails: [] })));
  return { contactId: created.contactId, version: created.version };
}
const editPosition = (user: User, contact: { contactId: string }, version: number, position: string) =>
  send(user, "PATCH", `/v1/contacts/${contact.contactId}`, { position }, { "if-match": `"${version}"` });

describe("role changes", () => {
  it("sales → marketeer made by an admin through the API applies to the user's next request, with the same token", async () => {
    // Prepare: a salesperson edits their own contact.
    const contact = await ownContact(sam, "Role");
    expect((await editPosition(sam, contact, contact.version, "Buyer")).status).toBe(200);

    // Act: demoted in this process.
    const demoted = await changeUser(sam.userId, { role: "marketeer" });

    // Assess: marketeers only read; no clock move needed. Promoted back, editing works again.
    expect(demoted.status).toBe(200);
    expect(await demoted.json()).toMatchObject({ userId: sam.userId, role: "marketeer", active: true });
    const refused = await editPosition(sam, contact, contact.version + 1, "CEO");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(((await refused.json()) as Json).detail).toContain("marketeer");
    expect((await send(sam, "GET", `/v1/contacts/${contact.contactId}`)).status).toBe(200);
    expect((await changeUser(sam.userId, { role: "sales" })).status).toBe(200);
    expect((await editPosition(sam, contact, contact.version + 1, "CEO")).status).toBe(200);
  });

  it("made by another process applies here once the cache bound has passed, and not before", async () => {
    const contact = await ownContact(sam, "Elsewhere");
    expect((await editPosition(sam, contact, contact.version, "Buyer")).status).toBe(200);

    await changeRowElsewhere(sam.userId, { role: "marketeer" });

    // Within the bound this process still trusts its copy of the row…
    advanceClock(Users.USER_CACHE_MS - 1_000);
    expect((await editPosition(sam, contact, contact.version + 1, "Lead")).status).toBe(200);
    // …and at the bound it reads the row again.
    advanceClock(1_000);
    expect((await editPosition(sam, contact, contact.version + 2, "CEO")).status).toBe(403);

    await changeRowElsewhere(sam.userId, { role: "sales" });
    advanceClock(Users.USER_CACHE_MS);
    expect((await editPosition(sam, contact, contact.version + 2, "CEO")).status).toBe(200);
  });
});

describe("team changes", () => {
  it("a manager moved to another team loses the old team's contacts (404) and gains the new team's, at once", async () => {
    const mia = await seedUser(admin, "manager", "Mia Manager", "north");
    expect((await send(mia, "GET", `/v1/contacts/${northContactId}`)).status).toBe(200);
    expect((await send(mia, "GET", `/v1/contacts/${southContactId}`)).status).toBe(404);

    expect((await changeUser(mia.userId, { teamId: "south" })).status).toBe(200);

    const gone = await send(mia, "GET", `/v1/contacts/${northContactId}`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toBe("application/problem+json");
    expect((await send(mia, "GET", `/v1/contacts/${southContactId}`)).status).toBe(200);

    // The same move made by another process: here after the bound.
    await changeRowElsewhere(mia.userId, { teamId: "north" });
    expect((await send(mia, "GET", `/v1/contacts/${southContactId}`)).status).toBe(200);
    advanceClock(Users.USER_CACHE_MS);
    expect((await send(mia, "GET", `/v1/contacts/${southContactId}`)).status).toBe(404);
    expect((await send(mia, "GET", `/v1/contacts/${northContactId}`)).status).toBe(200);
  });
});

describe("users who are gone", () => {
  it("deactivated by another process: 401 problem+json once the bound has passed", async () => {
    const ed = await seedUser(admin, "sales", "Ed Elsewhere");
    expect((await send(ed, "GET", "/v1/me")).status).toBe(200);

    await changeRowElsewhere(ed.userId, { active: false });
    advanceClock(Users.USER_CACHE_MS);

    const refused = await send(ed, "GET", "/v1/contacts");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(((await refused.json()) as Json).detail).toMatch(/deactivated/);
  });

  it("whose row was deleted (no API deletes users; an operator might): 401 once the bound has passed", async () => {
    const del = await seedUser(admin, "sales", "Deleted Dora");
    expect((await send(del, "GET", "/v1/me")).status).toBe(200);

    await api.table.storage.service.entities.user.delete({ userId: del.userId }).go();
    advanceClock(Users.USER_CACHE_MS);

    const refused = await send(del, "GET", "/v1/me");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("the hot path", () => {
  it("a warm card read is exactly 1 DynamoDB request; a cold one adds 1 GetItem of the user row", async () => {
    // Prepare: Sam's token verified and user row cached by a first read.
    const contact = await ownContact(sam, "Card");
    expect((await send(sam, "GET", `/v1/contacts/${contact.contactId}`)).status).toBe(200);

    // Act
    api.table.counter.reset();
    const warm = await send(sam, "GET", `/v1/contacts/${contact.contactId}`);
    const warmRequests = Object.fromEntries(api.table.counter.byCommand);
    advanceClock(Users.USER_CACHE_MS);
    api.table.counter.reset();
    const cold = await send(sam, "GET", `/v1/contacts/${contact.contactId}`);
    const coldRequests = Object.fromEntries(api.table.counter.byCommand);

    // Assess
    expect(warm.status).toBe(200);
    expect(warmRequests).toEqual({ QueryCommand: 1 });
    expect(cold.status).toBe(200);
    expect(coldRequests).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
  });

  it("concurrent requests of a user with a cold cache share one read of the row", async () => {
    const token = await api.tokenFor(sam);
    advanceClock(Users.USER_CACHE_MS);
    api.table.counter.reset();

    const responses = await Promise.all(Array.from({ length: 5 }, () => api.call("GET", "/v1/contacts?limit=10", { token })));

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    // The list itself only Queries: the one GetItem is the user row.
    expect(api.table.counter.byCommand.get("GetItemCommand")).toBe(1);
  });
});
