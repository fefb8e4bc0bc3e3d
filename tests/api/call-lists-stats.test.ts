import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { useStorage } from "../../packages/core/src/storage";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedContacts } from "../fixtures/call-lists";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * The list's statistics on a known scenario: 8 contacts, 9 attempts, 7 answered by a person (one
 * contact unreached after 2 no-answers). The list's counters are set as the engine leaves them and
 * the call log holds the 9 calls, so every rate has one right value.
 */
let api: TestApi;
let admin: User;
let manager: User;
let olga: User;
let boris: User;
let stranger: User;
let listId: string;
const tokens = new Map<string, string>();
const token = async (user: User) => {
  if (!tokens.has(user.userId)) tokens.set(user.userId, await api.tokenFor(user));
  return tokens.get(user.userId)!;
};
const getAs = async (user: User, path: string) => api.call("GET", path, { token: await token(user) });

type Call = { operatorId: string; placedAt: string; outcome: "answered" | "no-answer"; talkSeconds?: number; disposition?: string };
const calls: Call[] = [];

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager", "Mira Manager");
  olga = await seedUser(admin, "operator", "Olga Operator");
  boris = await seedUser(admin, "operator", "Boris Operator");
  stranger = await seedUser(admin, "operator", "Stan Stranger");
  const contacts = await seedContacts(manager, Array.from({ length: 8 }, (_, index) => `+7916555${String(7100 + index)}`));
  const created = await api.call("POST", "/v1/call-lists", {
    token: await token(manager),
    body: { name: "Stats", operatorIds: [olga.userId, boris.userId], entries: contacts.map((contact) => ({ contactId: contact.contactId })) },
  });
  expect(created.status).toBe(201);
  listId = ((await created.json()) as { list: { listId: string } }).list.listId;

  const { service } = useStorage();
  // As the engine leaves a finished run: 7 entries wrapped up, 1 unreached after 2 attempts.
  await service.entities.callList
    .patch({ listId })
    .set({ status: "done", pending: 0, wrappedUp: 7, unreached: 1, attempts: 9, outcomeAnswered: 7, outcomeNoAnswer: 2, abandoned: 0 })
    .go();
  // 09:00 hour: 5 calls (4 answered); 10:00 none; 11:00: 4 calls (3 answered).
  calls.push(
    { operatorId: olga.userId, placedAt: "2026-05-04T09:01:00.000Z", outcome: "answered", talkSeconds: 60, disposition: "interested" },
    { operatorId: olga.userId, placedAt: "2026-05-04T09:10:00.000Z", outcome: "answered", talkSeconds: 30, disposition: "not-interested" },
    { operatorId: boris.userId, placedAt: "2026-05-04T09:20:00.000Z", outcome: "answered", talkSeconds: 20, disposition: "interested" },
    { operatorId: boris.userId, placedAt: "2026-05-04T09:30:00.000Z", outcome: "no-answer" },
    { operatorId: olga.userId, placedAt: "2026-05-04T09:40:00.000Z", outcome: "answered", talkSeconds: 45, disposition: "call-back" },
    { operatorId: olga.userId, placedAt: "2026-05-04T11:00:00.000Z", outcome: "no-answer" },
    { operatorId: olga.userId, placedAt: "2026-05-04T11:05:00.000Z", outcome: "answered", talkSeconds: 15, disposition: "interested" },
    { operatorId: boris.userId, placedAt: "2026-05-04T11:10:00.000Z", outcome: "answered", talkSeconds: 40, disposition: "not-interested" },
    { operatorId: boris.userId, placedAt: "2026-05-04T11:20:00.000Z", outcome: "answered", talkSeconds: 100, disposition: "do-not-call" },
  );
  for (const [index, call] of calls.entries()) {
    await service.entities.call
      .create({
        callId: ulid(),
        source: "list",
        direction: "outbound",
        number: `+7916555${String(7100 + index)}`,
        listId,
        entryId: contacts[Math.min(index, 7)]!.contactId,
        attempt: 1,
        day: call.placedAt.slice(0, 10),
        ...call,
      })
      .go();
  }
});

describe("call-list statistics", () => {
  it("names each rate for what it divides: 7 of 9 attempts answered (77.8%), 7 of 8 finished entries reached (87.5%)", async () => {
    const response = await getAs(manager, `/v1/call-lists/${listId}`);
    expect(response.status).toBe(200);
    const { stats } = (await response.json()) as { stats: Record<string, number> };
    expect(stats).toMatchObject({ attempts: 9, answered: 7, answeredPercentOfAttempts: 77.8, reachedPercentOfFinishedEntries: 87.5 });
    // Deprecated: kept for older clients with its old meaning (entries, not attempts).
    expect(stats.answeredPercent).toBe(87.5);
  });

  it("gives the funnel, calls per hour, talk time per operator and abandoned calls", async () => {
    const response = await getAs(manager, `/v1/call-lists/${listId}/statistics`);
    expect(response.status).toBe(200);
    const statistics = (await response.json()) as any;
    expect(statistics).toMatchObject({
      listId,
      attempts: 9,
      answered: 7,
      answeredPercentOfAttempts: 77.8,
      reachedEntries: 7,
      finishedEntries: 8,
      reachedPercentOfFinishedEntries: 87.5,
      abandoned: 0,
      callLog: { calls: 9, complete: true },
    });
    expect(statistics.funnel).toEqual([
      { stage: "dialed", count: 9, percentOfDialed: 100 },
      { stage: "answered", count: 7, percentOfDialed: 77.8 },
      { stage: "interested", count: 3, percentOfDialed: 33.3, percentOfAnswered: 42.9 },
      { stage: "call-back", count: 1, percentOfDialed: 11.1, percentOfAnswered: 14.3 },
      { stage: "not-interested", count: 2, percentOfDialed: 22.2, percentOfAnswered: 28.6 },
      { stage: "wrong-number", count: 0, percentOfDialed: 0, percentOfAnswered: 0 },
      { stage: "do-not-call", count: 1, percentOfDialed: 11.1, percentOfAnswered: 14.3 },
      { stage: "no-disposition", count: 0, percentOfDialed: 0, percentOfAnswered: 0 },
    ]);
    expect(statistics.callsPerHour).toEqual([
      { hour: "2026-05-04T09:00:00.000Z", calls: 5, answered: 4 },
      { hour: "2026-05-04T10:00:00.000Z", calls: 0, answered: 0 },
      { hour: "2026-05-04T11:00:00.000Z", calls: 4, answered: 3 },
    ]);
    expect(statistics.talkByOperator).toEqual([
      { operatorId: boris.userId, name: "Boris Operator", calls: 4, answered: 3, talkSeconds: 160 },
      { operatorId: olga.userId, name: "Olga Operator", calls: 5, answered: 4, talkSeconds: 150 },
    ]);
  });

  it("reads the same for the list's operators; others get 404 as for a missing list; a bad ID is a 400 naming listId", async () => {
    const asOperator = await getAs(olga, `/v1/call-lists/${listId}/statistics`);
    expect(asOperator.status).toBe(200);
    expect(((await asOperator.json()) as { attempts: number }).attempts).toBe(9);
    expect((await getAs(stranger, `/v1/call-lists/${listId}/statistics`)).status).toBe(404);
    expect((await getAs(manager, `/v1/call-lists/${ulid()}/statistics`)).status).toBe(404);
    const bad = await getAs(manager, "/v1/call-lists/not-an-id/statistics");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("listId");
    expect((await api.call("GET", `/v1/call-lists/${listId}/statistics`)).status).toBe(401);
  });

  it("leaves out calls past the call log's retention (DynamoDB Local never expires them)", async () => {
    await useStorage()
      .service.entities.call.create({ callId: ulid(), source: "list", direction: "outbound", number: "+79165557999", listId, operatorId: olga.userId, placedAt: "2026-05-04T09:50:00.000Z", day: "2026-05-04", outcome: "answered", talkSeconds: 999, expiresAt: 1 })
      .go();
    const statistics = (await (await getAs(manager, `/v1/call-lists/${listId}/statistics`)).json()) as { callLog: { calls: number }; talkByOperator: { talkSeconds: number }[] };
    expect(statistics.callLog.calls).toBe(9);
    expect(statistics.talkByOperator.map((row) => row.talkSeconds)).toEqual([160, 150]);
  });
});
