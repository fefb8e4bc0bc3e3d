import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let admin: User;
let sales: User;
let manager: User;

beforeAll(async () => {
  api = await createTestApi();
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "callboard-files-"))));
  admin = await seedAdmin();
  sales = await seedUser(admin, "sales", "Sam Sales");
  manager = await seedUser(admin, "manager", "Mia Manager");
  // The custom fields the full contact fills in (values are checked against definitions).
  const adminToken = await api.tokenFor(admin);
  for (const definition of [
    { key: "industry", label: "Industry", type: "text" },
    { key: "employees", label: "Employees", type: "number" },
    { key: "newsletter", label: "Newsletter", type: "boolean" },
    { key: "regions", label: "Regions", type: "multi-select", options: ["Moscow", "Kazan", "Omsk"] },
  ]) {
    const response = await api.call("POST", "/v1/custom-fields", { token: adminToken, body: { entityType: "contact", ...definition } });
    expect(response.status).toBe(201);
  }
});

type Json = Record<string, any>;
const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return (await response.json()) as { status: number; detail?: string; errors?: { field: string; message: string }[] };
};

/** The same full contact is created by several tests here: the duplicate check is not what they test. */
async function create(body: Json, user: User = sales): Promise<Json> {
  const response = await api.call("POST", "/v1/contacts?duplicates=allow", { token: await api.tokenFor(user), body });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return (await response.json()) as Json;
}

async function patch(contact: Json, body: Json, user: User = sales): Promise<Response> {
  return api.call("PATCH", `/v1/contacts/${contact.contactId}`, { token: await api.tokenFor(user), body, headers: { "if-match": `"${contact.version}"` } });
}

async function card(contactId: string, user: User = sales): Promise<Json> {
  const response = await api.call("GET", `/v1/contacts/${contactId}`, { token: await api.tokenFor(user) });
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

const fullContact = () => ({
  firstName: "Anna",
  lastName: "Petrova",
  middleName: "Sergeevna",
  birthday: "1990-04-12",
  position: "Head of purchasing",
  phones: [{ number: "8 (916) 123-45-67", type: "mobile" }, { number: "+7 495 123-45-67", type: "work" }],
  emails: ["Anna@Example.COM", { address: "anna.p@work.example.org" }],
  messengers: { telegram: "@anna_petrova", whatsapp: "89161234567", viber: "+7 916 765-43-21" },
  address: "Moscow, Tverskaya 1, office 5",
  website: "example.com/anna",
  socialLinks: ["https://vk.com/anna"],
  comment: "Prefers calls after lunch.",
  tags: ["VIP", " vip ", "Spring  promo"],
  contactType: "client",
  currency: "rub",
  custom: { industry: "retail", employees: 120, newsletter: true, regions: ["Moscow", "Kazan"] },
  doNotEmail: true,
  preferredContactMethod: "telegram",
  timeZone: "Europe/Moscow",
  source: { kind: "manual", label: "Trade show 2026" },
});

describe("contact fields", () => {
  it("stores every field normalized and reads it back on the card", async () => {
    const created = await create(fullContact());
    const read = await card(created.contactId);
    expect(read).toMatchObject({
      displayName: "Anna Petrova",
      nameSource: "rules",
      middleName: "Sergeevna",
      birthday: "1990-04-12",
      position: "Head of purchasing",
      phones: [
        { number: "+79161234567", type: "mobile", primary: true },
        { number: "+74951234567", type: "work", primary: false },
      ],
      emails: [
        { address: "Anna@example.com", primary: true },
        { address: "anna.p@work.example.org", primary: false },
      ],
      messengers: { telegram: "anna_petrova", whatsapp: "+79161234567", viber: "+79167654321" },
      address: "Moscow, Tverskaya 1, office 5",
      website: "https://example.com/anna",
      socialLinks: ["https://vk.com/anna"],
      tags: ["VIP", "Spring promo"],
      contactType: "client",
      currency: "RUB",
      custom: { industry: "retail", employees: 120, newsletter: true, regions: ["Moscow", "Kazan"] },
      doNotCall: false,
      doNotEmail: true,
      preferredContactMethod: "telegram",
      active: true,
      timeZone: "Europe/Moscow",
      ownerIds: [sales.userId],
      ownerId: sales.userId,
      source: { kind: "manual", label: "Trade show 2026" },
    });
    expect(read.createdAt).toEqual(read.updatedAt);
  });

  it("changes and clears fields with PATCH; null resets flags to their defaults", async () => {
    const created = await create(fullContact());
    const response = await patch(created, { middleName: null, tags: ["Lead"], active: false, doNotEmail: null, custom: { employees: 150, newsletter: null }, ownerIds: [sales.userId, manager.userId] });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as Json;
    expect(updated).not.toHaveProperty("middleName");
    expect(updated).toMatchObject({ tags: ["Lead"], active: false, doNotEmail: false, custom: { industry: "retail", employees: 150, regions: ["Moscow", "Kazan"] }, ownerIds: [sales.userId, manager.userId], ownerId: sales.userId });
    expect(updated.custom).not.toHaveProperty("newsletter");
    // A second responsible manager may now open the card.
    expect((await card(created.contactId, manager)).contactId).toBe(created.contactId);
  });

  const bad: { name: string; body: Json; field: string; message?: RegExp }[] = [
    { name: "middle name placeholder", body: { middleName: "n/a" }, field: "middleName" },
    { name: "email typed into the middle name", body: { middleName: "anna@example.com" }, field: "middleName", message: /email field/ },
    { name: "phone typed into the position", body: { position: "+7 916 123-45-67" }, field: "position", message: /phone field/ },
    { name: "birthday in the future", body: { birthday: "2999-01-01" }, field: "birthday", message: /future/ },
    { name: "birthday not a date", body: { birthday: "12.04.1990" }, field: "birthday" },
    { name: "birthday not a real day", body: { birthday: "1990-02-30" }, field: "birthday" },
    { name: "third phone invalid", body: { phones: [{ number: "+79161234567" }, { number: "+79161234568" }, { number: "12" }] }, field: "phones[2].number" },
    { name: "email in the second phone", body: { phones: [{ number: "+79161234567" }, { number: "anna@example.com" }] }, field: "phones[1].number", message: /email field/ },
    { name: "two primary phones", body: { phones: [{ number: "+79161234567", primary: true }, { number: "+79161234568", primary: true }] }, field: "phones", message: /one phone/ },
    { name: "phone in an email object", body: { emails: [{ address: "+7 916 123-45-67" }] }, field: "emails[0]" },
    { name: "two primary emails", body: { emails: [{ address: "a@example.com", primary: true }, { address: "b@example.com", primary: true }] }, field: "emails", message: /one email/ },
    { name: "telegram handle too short", body: { messengers: { telegram: "@ab" } }, field: "messengers.telegram" },
    { name: "email as telegram", body: { messengers: { telegram: "anna@example.com" } }, field: "messengers.telegram", message: /email field/ },
    { name: "whatsapp not a phone", body: { messengers: { whatsapp: "anna" } }, field: "messengers.whatsapp" },
    { name: "email as viber", body: { messengers: { viber: "anna@example.com" } }, field: "messengers.viber", message: /email field/ },
    { name: "unknown messenger", body: { messengers: { icq: "12345" } }, field: "messengers.icq" },
    { name: "address placeholder", body: { address: "—" }, field: "address" },
    { name: "website not http", body: { website: "ftp://example.com" }, field: "website" },
    { name: "website an email", body: { website: "anna@example.com" }, field: "website", message: /email field/ },
    { name: "social link a bare word", body: { socialLinks: ["anna"] }, field: "socialLinks[0]" },
    { name: "comment placeholder", body: { comment: "..." }, field: "comment" },
    { name: "tag placeholder", body: { tags: ["ok", "-"] }, field: "tags[1]" },
    { name: "tag too long", body: { tags: ["x".repeat(51)] }, field: "tags[0]" },
    { name: "too many tags", body: { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, field: "tags" },
    { name: "unknown contact type", body: { contactType: "friend" }, field: "contactType" },
    { name: "currency not ISO 4217", body: { currency: "RUR" }, field: "currency" },
    { name: "custom key with spaces", body: { custom: { "my field": "x" } }, field: "custom.my field" },
    { name: "custom object value", body: { custom: { deep: { a: 1 } } }, field: "custom.deep" },
    { name: "custom placeholder", body: { custom: { note: "n/a" } }, field: "custom.note" },
    { name: "too many custom fields", body: { custom: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, i])) }, field: "custom" },
    { name: "doNotCall not a boolean", body: { doNotCall: "yes" }, field: "doNotCall" },
    { name: "unknown preferred method", body: { preferredContactMethod: "pigeon" }, field: "preferredContactMethod" },
    { name: "active not a boolean", body: { active: 1 }, field: "active" },
    { name: "time zone not IANA", body: { timeZone: "Moscow" }, field: "timeZone" },
    { name: "companyId not an ID", body: { companyId: "acme" }, field: "companyId" },
    { name: "source kind unknown", body: { source: { kind: "fax" } }, field: "source.kind" },
    { name: "display name placeholder", body: { displayName: "-" }, field: "displayName" },
  ];

  it.each(bad)("create refuses $name naming $field and writes nothing", async ({ body, field, message }) => {
    const before = await api.table.items();
    const response = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(sales), body: { firstName: "Anna", ...body } });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    const issue = problem.errors?.find((error) => error.field === field);
    expect(issue, JSON.stringify(problem.errors)).toBeDefined();
    if (message) expect(issue!.message).toMatch(message);
    expect(await api.table.items()).toEqual(before);
  });

  it("update refuses the same bad forms, plus unknown or malformed responsible managers, and writes nothing", async () => {
    const created = await create({ firstName: "Keep", phones: [{ number: "+79161110000" }] });
    const cases = [...bad.filter((item) => item.field !== "source.kind"), { name: "unknown manager", body: { ownerIds: ["01ARZ3NDEKTSV4RRFFQ69G5FAV"] }, field: "ownerIds[0]" }, { name: "no managers", body: { ownerIds: [] }, field: "ownerIds" }, { name: "source is server-owned after create", body: { source: { kind: "call" } }, field: "source" }];
    for (const { name, body, field } of cases) {
      const before = await api.table.items();
      const response = await patch(created, body);
      expect(response.status, name).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.field), name).toContain(field);
      expect(await api.table.items(), name).toEqual(before);
    }
  });

  it("refuses linking a company that does not exist, writing nothing", async () => {
    const before = await api.table.items();
    const response = await api.call("POST", "/v1/contacts", { token: await api.tokenFor(sales), body: { firstName: "Anna", companyId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" } });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]).toMatchObject({ field: "companyId" });
    expect(await api.table.items()).toEqual(before);
  });
});

describe("primary phone and email", () => {
  it("makes the first added primary, lets the primary change, and promotes the next when the primary is removed", async () => {
    const created = await create({ firstName: "Prim", phones: [{ number: "+79160000001" }, { number: "+79160000002" }, { number: "+79160000003" }], emails: ["a@example.com", "b@example.com"] });
    expect(created.phones.map((phone: Json) => phone.primary)).toEqual([true, false, false]);

    let response = await patch(created, { phones: [{ number: "+79160000001" }, { number: "+79160000002", primary: true }, { number: "+79160000003" }], emails: ["a@example.com", { address: "b@example.com", primary: true }] });
    expect(response.status).toBe(200);
    let contact = (await response.json()) as Json;
    expect(contact.phones.find((phone: Json) => phone.primary).number).toBe("+79160000002");
    expect(contact.emails.find((email: Json) => email.primary).address).toBe("b@example.com");

    // Adding a phone without marks keeps the chosen primary.
    response = await patch(contact, { phones: [...contact.phones.map(({ number, type }: Json) => ({ number, type })), { number: "+79160000004" }] });
    contact = (await response.json()) as Json;
    expect(contact.phones.find((phone: Json) => phone.primary).number).toBe("+79160000002");

    // Removing the primary promotes the one after it.
    response = await patch(contact, { phones: contact.phones.filter((phone: Json) => !phone.primary).map(({ number, type }: Json) => ({ number, type })), emails: ["a@example.com"] });
    contact = (await response.json()) as Json;
    expect(contact.phones.filter((phone: Json) => phone.primary).map((phone: Json) => phone.number)).toEqual(["+79160000003"]);
    expect(contact.emails).toEqual([{ address: "a@example.com", primary: true }]);
  });
});

describe("naming rules", () => {
  it("derives the display name: first + last, first + phone, first + email, and keeps a typed name", async () => {
    expect((await create({ firstName: "Oleg", phones: [{ number: "+79031234567" }] })).displayName).toBe("Oleg +79031234567");
    expect((await create({ firstName: "Oleg", emails: ["oleg@example.com"] })).displayName).toBe("Oleg oleg@example.com");
    const typed = await create({ firstName: "Oleg", lastName: "Ivanov", displayName: "Oleg from Acme" });
    expect(typed).toMatchObject({ displayName: "Oleg from Acme", nameSource: "manual" });
    const back = (await (await patch(typed, { displayName: null })).json()) as Json;
    expect(back).toMatchObject({ displayName: "Oleg Ivanov", nameSource: "rules" });
  });
});

describe("photo", () => {
  const png = () => {
    const bytes = new Uint8Array(64);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return bytes;
  };
  const put = async (contactId: string, body: Uint8Array, user: User = sales) =>
    api.app.request(`/v1/contacts/${contactId}/photo`, { method: "PUT", headers: { authorization: `Bearer ${await api.tokenFor(user)}`, "content-type": "application/octet-stream" }, body: body as unknown as BodyInit });

  it("uploads a PNG, serves it back with its type, and deletes it", async () => {
    const created = await create({ firstName: "Photo" });
    const response = await put(created.contactId, png());
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).photo).toMatchObject({ contentType: "image/png", size: 64 });
    const token = await api.tokenFor(sales);
    const read = await api.call("GET", `/v1/contacts/${created.contactId}/photo`, { token });
    expect(read.status).toBe(200);
    expect(read.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(png());
    // Another user's contact: 404, as if missing.
    expect((await api.call("GET", `/v1/contacts/${created.contactId}/photo`, { token: await api.tokenFor(manager) })).status).toBe(404);
    expect((await api.call("DELETE", `/v1/contacts/${created.contactId}/photo`, { token })).status).toBe(204);
    expect((await api.call("GET", `/v1/contacts/${created.contactId}/photo`, { token })).status).toBe(404);
    expect((await card(created.contactId)).photo).toBeUndefined();
  });

  it("accepts JPEG, GIF and WebP by their bytes", async () => {
    const created = await create({ firstName: "Formats" });
    const jpeg = new Uint8Array(32).fill(1);
    jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
    const gif = new Uint8Array(32).fill(1);
    gif.set([...Buffer.from("GIF89a")]);
    const webp = new Uint8Array(32).fill(1);
    webp.set([...Buffer.from("RIFF")]);
    webp.set([...Buffer.from("WEBP")], 8);
    for (const [bytes, type] of [[jpeg, "image/jpeg"], [gif, "image/gif"], [webp, "image/webp"]] as const) {
      const response = await put(created.contactId, bytes);
      expect(response.status).toBe(200);
      expect(((await response.json()) as Json).photo.contentType).toBe(type);
    }
  });

  it("refuses what is not an image, an empty body and more than 1 MB, writing nothing", async () => {
    const created = await create({ firstName: "NoPhoto" });
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(png());
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const [body, status] of [[svg, 400], [new Uint8Array(0), 400], [new TextEncoder().encode("%PDF-1.7 not an image at all"), 400], [big, 413]] as const) {
      const before = await api.table.items();
      const response = await put(created.contactId, body);
      expect(response.status).toBe(status);
      expect((await problemOf(response)).errors?.[0]?.field).toBe("body");
      expect(await api.table.items()).toEqual(before);
    }
    expect((await api.call("GET", `/v1/contacts/${created.contactId}/photo`, { token: await api.tokenFor(sales) })).status).toBe(404);
  });

  it("accepts exactly 1 MB", async () => {
    const created = await create({ firstName: "Big" });
    const bytes = new Uint8Array(1024 * 1024);
    bytes.set(png());
    expect((await put(created.contactId, bytes)).status).toBe(200);
  });
});
