import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { useStorage } from "../../packages/core/src/storage";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * GET /v1/reports/calls on a known call log: two days, operators in two teams, a call nobody
 * took and one past its retention. Rows per operator and day, the team scope, CSV, 403 and 400.
 */
let api: TestApi;
let admin: User;
let manager: User;
let olga: User;
let boris: User;
let sven: User;
let sales: User;
let operator: User;
const tokens = new Map<string, string>();
const token = async (user: User) => {
  if (!tokens.has(user.userId)) tokens.set(user.userId, await api.tokenFor(user));
  return tokens.get(user.userId)!;
};
const getAs = async (user: User, path: string) => api.call("GET", path, { token: await token(user) });
type Problem = { errors?: { field: string; message: string }[] };

type Call = { operatorId?: string; placedAt: string; outcome: "answered" | "no-answer"; talkSeconds?: number; disposition?: string; abandoned?: boolean; expiresAt?: number; source?: "list" | "manual" | "inbound" };

async function logCall(call: Call) {
  await useStorage()
    .service.entities.call.create({
      callId: ulid(),
      source: call.source ?? "list",
      direction: call.source === "inbound" ? "inbound" : "outbound",
      number: "+79165550000",
      day: call.placedAt.slice(0, 10),
      ...(call.source === undefined || call.source === "list" ? { listId: "01J0000000000000000000LIST" } : {}),
      ...call,
    })
    .go();
}

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager", "Mira Manager", "north");
  olga = await seedUser(admin, "operator", "Olga North", "north");
  // A name a spreadsheet would run as a formula: the CSV must quote it.
  boris = await seedUser(admin, "operator", "=HYPERLINK(\"http://evil\")", "north");
  sven = await seedUser(admin, "operator", "Sven South", "south");
  sales = await seedUser(admin, "sales", "Sam Sales", "north");
  operator = olga;
  const calls: Call[] = [
    // 2026-05-04
    { operatorId: olga.userId, placedAt: "2026-05-04T09:00:00.000Z", outcome: "answered", talkSeconds: 60, disposition: "interested" },
    { operatorId: olga.userId, placedAt: "2026-05-04T09:05:00.000Z", outcome: "no-answer" },
    { operatorId: olga.userId, placedAt: "2026-05-04T10:00:00.000Z", outcome: "answered", talkSeconds: 30, disposition: "not-interested", source: "manual" },
    { operatorId: boris.userId, placedAt: "2026-05-04T11:00:00.000Z", outcome: "answered", talkSeconds: 90, disposition: "interested" },
    { operatorId: sven.userId, placedAt: "2026-05-04T12:00:00.000Z", outcome: "answered", talkSeconds: 45, disposition: "call-back" },
    // An inbound call nobody took.
    { placedAt: "2026-05-04T13:00:00.000Z", outcome: "no-answer", source: "inbound" },
    // 2026-05-05
    { operatorId: olga.userId, placedAt: "2026-05-05T08:00:00.000Z", outcome: "answered", talkSeconds: 120, disposition: "do-not-call" },
    { operatorId: boris.userId, placedAt: "2026-05-05T08:30:00.000Z", outcome: "answered", abandoned: true, disposition: "no-disposition" },
    { operatorId: sven.userId, placedAt: "2026-05-05T09:00:00.000Z", outcome: "no-answer" },
    // Past the call log's retention: never counted (DynamoDB Local does not expire it).
    { operatorId: olga.userId, placedAt: "2026-05-05T10:00:00.000Z", outcome: "answered", talkSeconds: 999, expiresAt: 1 },
    // Outside the period.
    { operatorId: olga.userId, placedAt: "2026-05-07T10:00:00.000Z", outcome: "answered", talkSeconds: 5 },
  ];
  for (const call of calls) await logCall(call);
});

const PERIOD = "from=2026-05-04&to=2026-05-05";

describe("calls report", () => {
  it("admins get every operator per day: calls, answered, talk seconds, abandoned, dispositions; calls nobody took apart", async () => {
    const response = await getAs(admin, `/v1/reports/calls?${PERIOD}`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as any;
    expect(report).toMatchObject({ from: "2026-05-04", to: "2026-05-05", complete: true });
    const rows = report.rows.map((row: any) => [row.day, row.operatorName, row.calls, row.answered, row.talkSeconds, row.abandoned, row.dispositions]);
    expect(rows).toEqual([
      ["2026-05-04", boris.name, 1, 1, 90, 0, { interested: 1 }],
      ["2026-05-04", "No operator", 1, 0, 0, 0, {}],
      ["2026-05-04", "Olga North", 3, 2, 90, 0, { interested: 1, "not-interested": 1 }],
      ["2026-05-04", "Sven South", 1, 1, 45, 0, { "call-back": 1 }],
      ["2026-05-05", boris.name, 1, 1, 0, 1, { "no-disposition": 1 }],
      ["2026-05-05", "Olga North", 1, 1, 120, 0, { "do-not-call": 1 }],
      ["2026-05-05", "Sven South", 1, 0, 0, 0, {}],
    ]);
    expect(report.rows.find((row: any) => row.operatorName === "No operator").operatorId).toBeNull();
    expect(report.byDay.map((day: any) => [day.day, day.calls, day.answered, day.talkSeconds])).toEqual([
      ["2026-05-04", 6, 4, 225],
      ["2026-05-05", 3, 2, 120],
    ]);
    expect(report.totals).toEqual({ calls: 9, answered: 6, talkSeconds: 345, abandoned: 1, dispositions: { interested: 2, "not-interested": 1, "call-back": 1, "do-not-call": 1, "no-disposition": 1 } });
    expect(report.byOperator.find((row: any) => row.operatorId === olga.userId)).toMatchObject({ calls: 4, answered: 3, talkSeconds: 210 });
  });

  it("managers see their team only (themselves included); another team's operator is 403", async () => {
    const report = (await (await getAs(manager, `/v1/reports/calls?${PERIOD}`)).json()) as any;
    expect(new Set(report.rows.map((row: any) => row.operatorId))).toEqual(new Set([olga.userId, boris.userId]));
    expect(report.totals).toMatchObject({ calls: 6, answered: 5, talkSeconds: 300 });
    expect((await getAs(manager, `/v1/reports/calls?${PERIOD}&operatorId=${sven.userId}`)).status).toBe(403);
    const one = (await (await getAs(manager, `/v1/reports/calls?${PERIOD}&operatorId=${olga.userId}`)).json()) as any;
    expect(one.operatorId).toBe(olga.userId);
    expect(one.rows.map((row: any) => [row.day, row.calls, row.talkSeconds])).toEqual([
      ["2026-05-04", 3, 90],
      ["2026-05-05", 1, 120],
    ]);
  });

  it("admins may pick any operator", async () => {
    const report = (await (await getAs(admin, `/v1/reports/calls?${PERIOD}&operatorId=${sven.userId}`)).json()) as any;
    expect(report.totals).toMatchObject({ calls: 2, answered: 1, talkSeconds: 45 });
  });

  it("downloads the rows as CSV with formula cells quoted", async () => {
    const response = await getAs(admin, `/v1/reports/calls?${PERIOD}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="calls-2026-05-04-to-2026-05-05.csv"');
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      "Day,Operator ID,Operator,Calls,Answered,Talk seconds,Abandoned,Disposition: interested,Disposition: call-back,Disposition: not-interested,Disposition: wrong-number,Disposition: do-not-call,Disposition: no-disposition",
    );
    expect(lines).toHaveLength(8);
    expect(lines).toContain(`2026-05-04,${olga.userId},Olga North,3,2,90,0,1,0,1,0,0,0`);
    expect(lines).toContain(`2026-05-04,${boris.userId},"'=HYPERLINK(""http://evil"")",1,1,90,0,1,0,0,0,0,0`);
  });

  it("refuses sales and operators (403) and anonymous callers (401)", async () => {
    expect((await getAs(sales, `/v1/reports/calls?${PERIOD}`)).status).toBe(403);
    expect((await getAs(operator, `/v1/reports/calls?${PERIOD}&format=csv`)).status).toBe(403);
    expect((await api.call("GET", `/v1/reports/calls?${PERIOD}`)).status).toBe(401);
  });

  it.each([
    ["a period ending before it starts", "from=2026-05-05&to=2026-05-04", "to"],
    ["a period over 92 days", "from=2026-01-01&to=2026-05-04", "to"],
    ["a from that is not a date", "from=yesterday&to=2026-05-04", "from"],
    ["a to that is no calendar date", "from=2026-05-01&to=2026-02-30", "to"],
    ["a bad operator ID", "from=2026-05-01&to=2026-05-04&operatorId=olga", "operatorId"],
    ["an unknown format", "from=2026-05-01&to=2026-05-04&format=xlsx", "format"],
    ["an unknown parameter", "from=2026-05-01&to=2026-05-04&team=north", "team"],
  ])("refuses %s with a 400 naming %s", async (_label, query, field) => {
    const response = await getAs(admin, `/v1/reports/calls?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as Problem).errors?.map((error) => error.field)).toEqual([field]);
  });
});
