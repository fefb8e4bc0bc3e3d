import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Companies } from "../../packages/core/src/companies";
import { Contacts } from "../../packages/core/src/contacts";
import { noted, Timeline, type SystemNote } from "../../packages/core/src/timeline";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin } from "../fixtures/factories";

// Issue 19: system notes are data (docs/timeline-notes.md); the API answers them on contact and
// company timelines, checked against the SystemNote schema by the contract check on every answer.
let api: TestApi;
let admin: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
});

const system = <T>(callback: () => Promise<T>) => withActor({ type: "system", reason: "call list" }, callback);
const get = async (path: string) => {
  const response = await api.call("GET", path, { token: await api.tokenFor(admin) });
  expect(response.status, path).toBe(200);
  return (await response.json()) as { items?: { note?: SystemNote; text?: string }[]; timeline?: { items: { note?: SystemNote; text?: string }[] } };
};

describe("system notes in the API", () => {
  it("answers a note with its English text on the contact's and the company's timelines", async () => {
    const contact = await asUser(admin, () => Contacts.create({ firstName: "Нота", lastName: "Бене" }));
    const company = await asUser(admin, () => Companies.create({ name: "Notes Ltd" }));
    const callBack: SystemNote = { kind: "list-call-disposition", values: { callListId: "01JLIST", callListName: "Весна", disposition: "call-back", afterTimeout: false, callbackAt: "2026-12-05T14:30:00.000Z", note: "Позвать Ольгу" } };
    const skipped: SystemNote = { kind: "list-call-skipped", values: { callListId: "01JLIST", callListName: "Весна", reason: "invalid-number", subject: "company" } };
    await system(() => Timeline.record(contact.contactId, { kind: "note", ...noted(callBack) }));
    await system(() => Timeline.recordForCompany(company.companyId, { kind: "note", ...noted(skipped) }));

    const card = await get(`/v1/contacts/${contact.contactId}`);
    const contactTimeline = await get(`/v1/contacts/${contact.contactId}/timeline`);
    const companyCard = await get(`/v1/companies/${company.companyId}`);
    const companyTimeline = await get(`/v1/companies/${company.companyId}/timeline`);

    expect(card.timeline!.items[0]).toMatchObject({ note: callBack, text: "Call back (call list «Весна»): call back at 2026-12-05 14:30 UTC. Позвать Ольгу" });
    expect(contactTimeline.items![0]!.note).toEqual(callBack);
    expect(companyCard.timeline!.items[0]).toMatchObject({ note: skipped, text: "Not called (call list «Весна»): the number is no longer on the company." });
    expect(companyTimeline.items![0]!.note).toEqual(skipped);
  });

  it("refuses a note whose values do not fit its kind, writing nothing", async () => {
    const contact = await asUser(admin, () => Contacts.create({ firstName: "Плохая", lastName: "Нота" }));
    const wrong = { kind: "list-call", values: { callListName: "X", outcome: "busy" } } as unknown as SystemNote;
    await expect(system(() => Timeline.record(contact.contactId, { kind: "note", text: "x", note: wrong }))).rejects.toMatchObject({ name: "ValidationError" });
    const timeline = await get(`/v1/contacts/${contact.contactId}/timeline`);
    expect(timeline.items!.filter((item) => item.note)).toEqual([]);
  });
});
