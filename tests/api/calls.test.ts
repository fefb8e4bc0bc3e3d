import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Calls, type CallRecord } from "../../packages/core/src/calls";
import { Companies } from "../../packages/core/src/companies";
import { Contacts } from "../../packages/core/src/contacts";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

/**
 * GET /v1/calls and GET /v1/calls/{callId} (issue 18): the log by contact, company, operator and
 * list, within a date range, paged by cursor; who sees which call; bad input named by field.
 */
let api: TestApi;
let admin: User;
let manager: User;
let operator: User;
let colleague: User;
let outsider: User;
let sales: User;
const token = {} as Record<"admin" | "manager" | "operator" | "colleague" | "outsider" | "sales", string>;
let shared: string;
let hidden: string;
let companyId: string;
const LIST = "01JABCDEFGHJKMNPQRSTVWXYZ0";

const begin = (record: Omit<CallRecord, "source" | "direction" | "number"> & Partial<CallRecord>) =>
  withActor({ type: "system", reason: "test" }, () => Calls.begin({ source: "list", direction: "outbound", number: "+79160000001", ...record }));
async function get(who: keyof typeof token, path: string) {
  const response = await api.call("GET", path, { token: token[who] });
  return { status: response.status, body: (await response.json()) as { items?: CallRecord[]; cursor?: string; errors?: { field: string }[] } & Partial<CallRecord> };
}
const ids = (items: CallRecord[] | undefined) => (items ?? []).map((item) => item.callId);

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager", "Manager north", "north");
  operator = await seedUser(admin, "operator", "Operator north", "north");
  colleague = await seedUser(admin, "operator", "Colleague north", "north");
  outsider = await seedUser(admin, "operator", "Operator south", "south");
  sales = await seedUser(admin, "sales", "Sales north", "north");
  for (const [name, user] of Object.entries({ admin, manager, operator, colleague, outsider, sales })) token[name as keyof typeof token] = await api.tokenFor(user);
  // Shared with everyone (read); the other one private to the admin: nobody else may see it.
  shared = (await asUser(admin, () => Contacts.create({ firstName: "Shared", lastName: "Caller", phones: [{ number: "+79161110001" }], sharing: "read" }))).contactId;
  hidden = (await asUser(admin, () => Contacts.create({ firstName: "Hidden", lastName: "Caller", phones: [{ number: "+79161110002" }] }))).contactId;
  companyId = (await asUser(manager, () => Companies.create({ name: "Calls Ltd" }))).companyId;

  // Five calls of the operator with the shared contact on five days, one with the hidden contact,
  // one of a team colleague, one of another team, one to the manager's company.
  for (let day = 1; day <= 5; day++) {
    await begin({ callId: `op-${day}`, contactId: shared, operatorId: operator.userId, listId: LIST, entryId: shared, attempt: day, placedAt: `2026-05-0${day}T10:00:00Z` });
  }
  await begin({ callId: "op-hidden", contactId: hidden, operatorId: operator.userId, listId: LIST, placedAt: "2026-05-03T11:00:00Z" });
  await begin({ callId: "colleague-1", contactId: shared, operatorId: colleague.userId, listId: LIST, placedAt: "2026-05-03T12:00:00Z" });
  await begin({ callId: "south-1", contactId: shared, operatorId: outsider.userId, placedAt: "2026-05-03T13:00:00Z", source: "manual" });
  await begin({ callId: "company-1", companyId, operatorId: manager.userId, placedAt: "2026-05-04T09:00:00Z", source: "manual" });
  await withActor({ type: "system", reason: "test" }, () => Calls.update("op-5", { talkSeconds: 42, ringSeconds: 3, outcome: "answered", disposition: "interested" }));
}, 60_000);

describe("GET /v1/calls by each key", () => {
  it("by contact, newest first; by operator; by list; by company; none: your own", async () => {
    expect(ids((await get("admin", `/v1/calls?contactId=${shared}`)).body.items)).toEqual(["op-5", "op-4", "south-1", "colleague-1", "op-3", "op-2", "op-1"]);
    expect(ids((await get("admin", `/v1/calls?operatorId=${operator.userId}`)).body.items)).toEqual(["op-5", "op-4", "op-hidden", "op-3", "op-2", "op-1"]);
    expect(ids((await get("admin", `/v1/calls?listId=${LIST}`)).body.items)).toEqual(["op-5", "op-4", "colleague-1", "op-hidden", "op-3", "op-2", "op-1"]);
    expect(ids((await get("admin", `/v1/calls?companyId=${companyId}`)).body.items)).toEqual(["company-1"]);
    // No key: the operator their own calls; managers and admins the log by date.
    expect(ids((await get("operator", "/v1/calls?from=2026-05-03&to=2026-05-03")).body.items)).toEqual(["op-3"]);
    const one = await get("admin", "/v1/calls/op-5");
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ callId: "op-5", contactId: shared, operatorId: operator.userId, talkSeconds: 42, ringSeconds: 3, outcome: "answered", disposition: "interested", placedAt: "2026-05-05T10:00:00.000Z" });
    // The index keys and the expiry stay inside.
    expect(Object.keys(one.body)).not.toEqual(expect.arrayContaining(["subjectKey"]));
    expect(one.body).not.toHaveProperty("expiresAt");
  });

  it("within a date range (whole days or ISO times), paged by cursor without gaps or repeats", async () => {
    expect(ids((await get("admin", `/v1/calls?operatorId=${operator.userId}&from=2026-05-02&to=2026-05-03`)).body.items)).toEqual(["op-hidden", "op-3", "op-2"]);
    expect(ids((await get("admin", `/v1/calls?operatorId=${operator.userId}&from=2026-05-03T10:30:00Z`)).body.items)).toEqual(["op-5", "op-4", "op-hidden"]);
    expect(ids((await get("admin", `/v1/calls?operatorId=${operator.userId}&to=2026-05-01`)).body.items)).toEqual(["op-1"]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await get("admin", `/v1/calls?listId=${LIST}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...ids(page.body.items));
      cursor = page.body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(["op-5", "op-4", "colleague-1", "op-hidden", "op-3", "op-2", "op-1"]);
    expect(pages).toBeGreaterThanOrEqual(4);
  });

  it("bad range, cursor, key or limit: 400 naming the field", async () => {
    const field = async (path: string) => {
      const answer = await get("admin", path);
      expect(answer.status, path).toBe(400);
      return answer.body.errors?.map((error) => error.field);
    };
    expect(await field(`/v1/calls?operatorId=${operator.userId}&from=2026-05-04&to=2026-05-02`)).toEqual(["to"]);
    expect(await field(`/v1/calls?operatorId=${operator.userId}&from=yesterday`)).toEqual(["from"]);
    expect(await field(`/v1/calls?operatorId=${operator.userId}&to=2026-13-45`)).toEqual(["to"]);
    expect(await field(`/v1/calls?operatorId=${operator.userId}&cursor=forged.cursor`)).toEqual(["cursor"]);
    // A cursor of another query does not continue this one.
    const other = await get("admin", `/v1/calls?listId=${LIST}&limit=2`);
    expect(await field(`/v1/calls?operatorId=${operator.userId}&limit=2&cursor=${encodeURIComponent(other.body.cursor!)}`)).toEqual(["cursor"]);
    expect(await field(`/v1/calls?contactId=not-an-id`)).toEqual(["contactId"]);
    expect(await field(`/v1/calls?operatorId=${operator.userId}&limit=500`)).toEqual(["limit"]);
    expect(await field(`/v1/calls?operatorId=${operator.userId}&listId=${LIST}`)).toEqual(["listId"]);
  });
});

describe("who sees which call", () => {
  it("an operator their own calls, never one of a contact they may not see (404 like a missing call)", async () => {
    expect(ids((await get("operator", `/v1/calls?contactId=${shared}`)).body.items)).toEqual(["op-5", "op-4", "op-3", "op-2", "op-1"]);
    expect(ids((await get("operator", "/v1/calls")).body.items)).toEqual(["op-5", "op-4", "op-3", "op-2", "op-1"]);
    const invisible = await get("operator", "/v1/calls/op-hidden");
    const missing = await get("operator", "/v1/calls/never-was");
    expect(invisible.status).toBe(404);
    expect(JSON.stringify(invisible.body).replace("op-hidden", "<id>")).toBe(JSON.stringify(missing.body).replace("never-was", "<id>"));
    expect((await get("operator", "/v1/calls/colleague-1")).status).toBe(404);
    expect((await get("colleague", "/v1/calls/colleague-1")).status).toBe(200);
    expect(ids((await get("outsider", `/v1/calls?listId=${LIST}`)).body.items)).toEqual([]);
    expect(ids((await get("sales", `/v1/calls?contactId=${shared}`)).body.items)).toEqual([]);
  });

  it("the whole log by date for managers (their team) and admins (all), paged across days; at most 92 days", async () => {
    const period = "from=2026-05-01&to=2026-05-05";
    expect(ids((await get("manager", `/v1/calls?${period}`)).body.items)).toEqual(["op-5", "op-4", "company-1", "colleague-1", "op-3", "op-2", "op-1"]);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await get("admin", `/v1/calls?${period}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      pages.push(ids(page.body.items));
      cursor = page.body.cursor;
    } while (cursor && pages.length < 10);
    expect(pages.flat()).toEqual(["op-5", "op-4", "company-1", "south-1", "colleague-1", "op-hidden", "op-3", "op-2", "op-1"]);
    expect(pages[0]).toHaveLength(3);
    // Within the first day only, and a cursor of another period is refused.
    expect(ids((await get("admin", "/v1/calls?from=2026-05-04T09:30:00Z&to=2026-05-04")).body.items)).toEqual(["op-4"]);
    const first = await get("admin", `/v1/calls?${period}&limit=3`);
    const elsewhere = await get("admin", `/v1/calls?from=2026-05-02&to=2026-05-05&cursor=${encodeURIComponent(first.body.cursor!)}`);
    expect(elsewhere.status).toBe(400);
    const tooLong = await get("admin", "/v1/calls?from=2026-01-01&to=2026-05-05");
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors?.[0]?.field ?? JSON.stringify(tooLong.body)).toContain("from");
  });

  it("a manager their team's calls (and their own), not another team's; an admin all", async () => {
    expect(ids((await get("manager", `/v1/calls?contactId=${shared}`)).body.items)).toEqual(["op-5", "op-4", "colleague-1", "op-3", "op-2", "op-1"]);
    expect((await get("manager", "/v1/calls/south-1")).status).toBe(404);
    expect((await get("manager", "/v1/calls/op-hidden")).status).toBe(404);
    expect((await get("manager", "/v1/calls/company-1")).status).toBe(200);
    expect((await get("admin", "/v1/calls/south-1")).status).toBe(200);
    expect((await get("admin", "/v1/calls/op-hidden")).status).toBe(200);
    // The company is the manager's: the operator took no call there, and may not see it anyway.
    expect((await get("operator", "/v1/calls/company-1")).status).toBe(404);
  });
});
