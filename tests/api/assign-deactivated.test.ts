import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * A deactivated user gets no new work: naming them as a responsible manager, company manager,
 * call-list operator, intake route or form owner is a 400 naming the field, and nothing is
 * written. What they already have stays theirs (deactivating rewrites no records).
 */
let api: TestApi;
let admin: User;
let sam: User;
let dora: User;
let doraContact: string;
let doraCompany: string;
let doraForm: string;

type Json = Record<string, any>;
async function send(user: User, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return api.call(method, path, { token: await api.tokenFor(user), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
}
async function json(response: Response, status: number): Promise<Json> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as Json;
}
/** 400 problem+json whose only issue names `field` and says Dora is deactivated. */
async function expectDeactivated(response: Response, field: string): Promise<void> {
  expect(response.status, await response.clone().text()).toBe(400);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const problem = (await response.json()) as Json;
  expect(problem.errors).toEqual([{ field, message: "User Dora Departed is deactivated; choose an active user.", code: "inactive-user" }]);
}
/** Everything but rate-limit counters (public endpoints count every request, refused ones too). */
const domainItems = async () => (await api.table.items()).filter((item) => item.__edb_e__ !== "rateLimit");
/** Runs `act` and checks that the table is exactly as before it. */
async function writesNothing(act: () => Promise<void>): Promise<void> {
  const before = await domainItems();
  await act();
  expect(await domainItems()).toEqual(before);
}

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  sam = await seedUser(admin, "sales", "Sam Sales");
  dora = await seedUser(admin, "sales", "Dora Departed");
  // Signing in writes the issuer's own rows: do it now, so "unchanged" means our rows.
  for (const user of [admin, sam, dora]) await api.tokenFor(user);
  // Prepare: Dora holds work from before she left: a contact, a company, a web form.
  doraContact = (await json(await send(sam, "POST", "/v1/contacts", { firstName: "Kept" }), 201)).contactId;
  await json(await send(sam, "PATCH", `/v1/contacts/${doraContact}`, { ownerIds: [sam.userId, dora.userId] }, { "if-match": '"1"' }), 200);
  doraCompany = (await json(await send(admin, "POST", "/v1/companies", { name: "Kept Ltd", managerIds: [admin.userId, dora.userId] }), 201)).companyId;
  doraForm = (await json(await send(admin, "POST", "/v1/forms", { name: "Dora's form", fields: { name: "firstName", tel: "phone" }, ownerId: dora.userId }), 201)).formId;
  expect((await json(await send(admin, "PATCH", `/v1/users/${dora.userId}`, { active: false }), 200)).active).toBe(false);
});

describe("responsible managers of contacts", () => {
  it("refuses a deactivated user as a new responsible manager, naming the index, and writes nothing", async () => {
    const contactId = (await json(await send(sam, "POST", "/v1/contacts", { firstName: "Fresh" }), 201)).contactId;
    await writesNothing(async () => {
      await expectDeactivated(await send(sam, "PATCH", `/v1/contacts/${contactId}`, { ownerIds: [sam.userId, dora.userId] }, { "if-match": '"1"' }), "ownerIds[1]");
    });
    expect((await json(await send(sam, "GET", `/v1/contacts/${contactId}`), 200)).ownerIds).toEqual([sam.userId]);
  });

  it("keeps a deactivated user who already is responsible: other changes, reordering and removing them work", async () => {
    const card = await json(await send(admin, "GET", `/v1/contacts/${doraContact}`), 200);
    expect(card.ownerIds).toEqual([sam.userId, dora.userId]);
    const renamed = await json(await send(sam, "PATCH", `/v1/contacts/${doraContact}`, { lastName: "Still" }, { "if-match": `"${card.version}"` }), 200);
    expect(renamed.ownerIds).toEqual([sam.userId, dora.userId]);
    const reordered = await json(await send(sam, "PATCH", `/v1/contacts/${doraContact}`, { ownerIds: [dora.userId, sam.userId] }, { "if-match": `"${renamed.version}"` }), 200);
    expect(reordered.ownerIds).toEqual([dora.userId, sam.userId]);
    const without = await json(await send(sam, "PATCH", `/v1/contacts/${doraContact}`, { ownerIds: [sam.userId] }, { "if-match": `"${reordered.version}"` }), 200);
    expect(without.ownerIds).toEqual([sam.userId]);
    // Once removed, she cannot be put back while deactivated.
    await expectDeactivated(await send(sam, "PATCH", `/v1/contacts/${doraContact}`, { ownerIds: [sam.userId, dora.userId] }, { "if-match": `"${without.version}"` }), "ownerIds[1]");
  });

  it("bulk setOwners naming a deactivated user is one 400 for the request, by IDs and by filter, and writes nothing", async () => {
    const contactId = (await json(await send(sam, "POST", "/v1/contacts", { firstName: "Bulk" }), 201)).contactId;
    await writesNothing(async () => {
      await expectDeactivated(await send(sam, "POST", "/v1/bulk-actions", { action: { type: "setOwners", ownerIds: [sam.userId, dora.userId] }, contactIds: [contactId] }), "action.ownerIds[1]");
      // A filter would start a job: refused before any job or snapshot row is written.
      await expectDeactivated(await send(sam, "POST", "/v1/bulk-actions", { action: { type: "setOwners", ownerIds: [dora.userId] }, filter: { owner: sam.userId } }), "action.ownerIds[0]");
    });
    // An unknown user is refused the same way.
    const unknown = await json(await send(sam, "POST", "/v1/bulk-actions", { action: { type: "setOwners", ownerIds: ["01ARZ3NDEKTSV4RRFFQ69G5FAV"] }, contactIds: [contactId] }), 400);
    expect(unknown.errors).toEqual([{ field: "action.ownerIds[0]", message: "No such user.", code: "unknown-user" }]);
    // Active users are applied as before.
    const applied = await json(await send(sam, "POST", "/v1/bulk-actions", { action: { type: "setOwners", ownerIds: [sam.userId, admin.userId] }, contactIds: [contactId] }), 200);
    expect(applied.counts.applied).toBe(1);
  });
});

describe("company managers", () => {
  it("refuses a deactivated manager on create and as a new manager on update; keeps an existing one", async () => {
    await writesNothing(async () => {
      await expectDeactivated(await send(admin, "POST", "/v1/companies", { name: "New Ltd", managerIds: [dora.userId] }), "managerIds[0]");
    });
    const created = await json(await send(admin, "POST", "/v1/companies", { name: "Other Ltd", managerIds: [admin.userId] }), 201);
    await writesNothing(async () => {
      await expectDeactivated(await send(admin, "PATCH", `/v1/companies/${created.companyId}`, { managerIds: [admin.userId, dora.userId] }, { "if-match": '"1"' }), "managerIds[1]");
    });
    // Kept Ltd already has Dora: she stays through a change of its managers.
    const kept = await json(await send(admin, "PATCH", `/v1/companies/${doraCompany}`, { managerIds: [admin.userId, dora.userId, sam.userId] }, { "if-match": '"1"' }), 200);
    expect(kept.managerIds).toEqual([admin.userId, dora.userId, sam.userId]);
  });
});

describe("call-list operators", () => {
  it("refuses a deactivated operator, naming the index, and writes no list", async () => {
    await writesNothing(async () => {
      await expectDeactivated(await send(admin, "POST", "/v1/call-lists", { name: "Spring calls", operatorIds: [sam.userId, dora.userId] }), "operatorIds[1]");
    });
    expect((await send(admin, "POST", "/v1/call-lists", { name: "Spring calls", operatorIds: [sam.userId] })).status).toBe(201);
  });
});

describe("intake: routes, chat sources, web forms", () => {
  it("refuses a deactivated user for a call route or a chat source and writes nothing", async () => {
    await writesNothing(async () => {
      await expectDeactivated(await send(admin, "PUT", "/v1/intake/routes/*", { userId: dora.userId }), "userId");
      await expectDeactivated(await send(admin, "PUT", "/v1/intake/chat-sources/telegram", { userId: dora.userId, secret: "telegram-secret-0123456789" }), "userId");
    });
    expect((await send(admin, "PUT", "/v1/intake/routes/*", { userId: sam.userId })).status).toBe(200);
  });

  it("refuses a deactivated form owner on create and as a new owner; a form she owns keeps her and still takes leads", async () => {
    await writesNothing(async () => {
      await expectDeactivated(await send(admin, "POST", "/v1/forms", { name: "New form", fields: { name: "firstName" }, ownerId: dora.userId }), "ownerId");
    });
    const samsForm = await json(await send(admin, "POST", "/v1/forms", { name: "Sam's form", fields: { name: "firstName" }, ownerId: sam.userId }), 201);
    await writesNothing(async () => {
      await expectDeactivated(await send(admin, "PATCH", `/v1/forms/${samsForm.formId}`, { ownerId: dora.userId }), "ownerId");
    });
    // Her own form: other changes keep her as owner.
    const renamed = await json(await send(admin, "PATCH", `/v1/forms/${doraForm}`, { name: "Dora's old form", ownerId: dora.userId }), 200);
    expect(renamed).toMatchObject({ name: "Dora's old form", ownerId: dora.userId });
    // A lead through it is not lost: the new contact is hers (admins see it).
    const submitted = await api.call("POST", `/v1/forms/${doraForm}/submissions`, { rawBody: JSON.stringify({ name: "Lena", tel: "+79161112233" }), headers: { "content-type": "application/json" } });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const lead = (await api.table.items()).find((item) => item.__edb_e__ === "contact" && item.firstName === "Lena");
    expect(lead).toMatchObject({ ownerIds: [dora.userId] });
  });
});

describe("reactivated", () => {
  it("can be assigned again", async () => {
    await json(await send(admin, "PATCH", `/v1/users/${dora.userId}`, { active: true }), 200);
    const contactId = (await json(await send(sam, "POST", "/v1/contacts", { firstName: "Welcome back" }), 201)).contactId;
    const changed = await json(await send(sam, "PATCH", `/v1/contacts/${contactId}`, { ownerIds: [sam.userId, dora.userId] }, { "if-match": '"1"' }), 200);
    expect(changed.ownerIds).toEqual([sam.userId, dora.userId]);
    await json(await send(admin, "PATCH", `/v1/users/${dora.userId}`, { active: false }), 200);
  });
});
