import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClock } from "../../packages/core/src/runtime/clock";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * Operator presence (GET/PUT /v1/operator/presence, heartbeat), the organization's settings
 * (GET/PATCH /v1/settings) and a list's operators with their live state, over real HTTP handlers
 * on DynamoDB Local: bad input is a 400 naming the field and writes nothing.
 */
let api: TestApi;
let admin: User;
let manager: User;
let sales: User;
let operator: User;
let other: User;
const tokens = new Map<string, string>();
const token = async (user: User) => {
  if (!tokens.has(user.userId)) tokens.set(user.userId, await api.tokenFor(user));
  return tokens.get(user.userId)!;
};
const send = async (user: User, method: string, path: string, body?: unknown) => api.call(method, path, { token: await token(user), body });
async function json<T = Record<string, any>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
  sales = await seedUser(admin, "sales");
  operator = await seedUser(admin, "operator");
  other = await seedUser(admin, "operator");
  for (const user of [admin, manager, sales, operator, other]) await token(user);
});

afterAll(() => setClock(undefined));

describe("operator presence", () => {
  it("starts offline; ready, paused with a reason, heartbeat; 30 s without a heartbeat reads offline", async () => {
    const first = await json(await send(operator, "GET", "/v1/operator/presence"), 200);
    expect(first).toMatchObject({ userId: operator.userId, state: "offline" });

    const ready = await json(await send(operator, "PUT", "/v1/operator/presence", { state: "ready" }), 200);
    expect(ready).toMatchObject({ state: "ready", heartbeatAt: expect.any(String), since: expect.any(String) });

    const paused = await json(await send(operator, "PUT", "/v1/operator/presence", { state: "paused", reason: "break", pauseAfterCall: false }), 200);
    expect(paused).toMatchObject({ state: "paused", reason: "break" });

    await json(await send(operator, "PUT", "/v1/operator/presence", { state: "ready" }), 200);
    setClock(new Date(Date.now() + 31_000));
    expect(await json(await send(operator, "GET", "/v1/operator/presence"), 200)).toMatchObject({ state: "offline" });
    const beat = await json(await send(operator, "POST", "/v1/operator/presence/heartbeat"), 200);
    expect(beat).toMatchObject({ state: "ready" });
    setClock(undefined);
  });

  it.each([
    ["an engine state", { state: "on-call" }, "state"],
    ["an unknown state", { state: "busy" }, "state"],
    ["paused without a reason", { state: "paused" }, "reason"],
    ["a reason the organization does not have", { state: "paused", reason: "lunch" }, "reason"],
    ["a reason with ready", { state: "ready", reason: "break" }, "reason"],
    ["pauseAfterCall not a boolean", { state: "ready", pauseAfterCall: "yes" }, "pauseAfterCall"],
    ["an unknown field", { state: "ready", mood: "good" }, "mood"],
  ])("400 for %s, naming the field, nothing written", async (_label, body, field) => {
    const before = await json(await send(other, "GET", "/v1/operator/presence"), 200);
    const response = await send(other, "PUT", "/v1/operator/presence", body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toContain(field);
    expect(await json(await send(other, "GET", "/v1/operator/presence"), 200)).toEqual(before);
  });

  it("403 for another user's presence; 401 for a deactivated user", async () => {
    const response = await send(operator, "PUT", `/v1/operator/presence?userId=${other.userId}`, { state: "ready" });
    expect(response.status).toBe(403);
    expect((await send(operator, "GET", `/v1/operator/presence?userId=${other.userId}`)).status).toBe(403);
    expect((await json(await send(other, "GET", "/v1/operator/presence"), 200)).state).not.toBe("ready");
    // Your own ID is fine.
    expect((await send(operator, "PUT", `/v1/operator/presence?userId=${operator.userId}`, { state: "ready" })).status).toBe(200);

    const leaving = await seedUser(admin, "operator");
    const leavingToken = await api.tokenFor(leaving);
    await json(await send(admin, "PATCH", `/v1/users/${leaving.userId}`, { active: false }), 200);
    expect((await api.call("PUT", "/v1/operator/presence", { token: leavingToken, body: { state: "ready" } })).status).toBe(401);
    expect((await api.call("POST", "/v1/operator/presence/heartbeat", { token: leavingToken })).status).toBe(401);
  });

  it("a list's operators with their live state: managers, admins and the creator; not its operators", async () => {
    const created = await json<{ list: { listId: string } }>(await send(sales, "POST", "/v1/call-lists", { name: "Board", operatorIds: [operator.userId, other.userId] }), 201);
    const path = `/v1/call-lists/${created.list.listId}/operators`;
    await json(await send(operator, "PUT", "/v1/operator/presence", { state: "ready" }), 200);
    await json(await send(other, "PUT", "/v1/operator/presence", { state: "paused", reason: "training" }), 200);

    for (const viewer of [sales, manager, admin]) {
      const board = await json<{ items: { userId: string; name: string; state: string; since: string; reason?: string }[] }>(await send(viewer, "GET", path), 200);
      expect(board.items).toEqual([
        { userId: operator.userId, name: operator.name, state: "ready", since: expect.any(String) },
        { userId: other.userId, name: other.name, state: "paused", since: expect.any(String), reason: "training" },
      ]);
    }
    expect((await send(operator, "GET", path)).status).toBe(403);
    expect((await send(sales, "GET", "/v1/call-lists/01ARZ3NDEKTSV4RRFFQ69G5FAV/operators")).status).toBe(404);
    expect((await send(sales, "GET", "/v1/call-lists/not-an-id/operators")).status).toBe(400);
  });
});

describe("organization settings", () => {
  it("everyone reads the defaults; admins change them; pause reasons then apply to presence", async () => {
    const defaults = await json(await send(operator, "GET", "/v1/settings"), 200);
    expect(defaults).toMatchObject({ pauseReasons: ["break", "training", "after-call-work", "other"], recordingDefault: false, defaultLanguage: "ru" });

    expect((await send(manager, "PATCH", "/v1/settings", { recordingDefault: true })).status).toBe(403);
    const changed = await json(await send(admin, "PATCH", "/v1/settings", { pauseReasons: ["break", "lunch"], defaultLanguage: "ro", wrapUpSeconds: 120, companyName: "Callboard Ltd" }), 200);
    expect(changed).toMatchObject({ pauseReasons: ["break", "lunch"], recordingDefault: false, defaultLanguage: "ro", wrapUpSeconds: 120, companyName: "Callboard Ltd" });
    expect(await json(await send(sales, "GET", "/v1/settings"), 200)).toMatchObject({ pauseReasons: ["break", "lunch"], defaultLanguage: "ro" });

    expect(await json(await send(other, "PUT", "/v1/operator/presence", { state: "paused", reason: "lunch" }), 200)).toMatchObject({ state: "paused", reason: "lunch" });
    const refused = await send(other, "PUT", "/v1/operator/presence", { state: "paused", reason: "training" });
    expect(refused.status).toBe(400);
    await json(await send(admin, "PATCH", "/v1/settings", { pauseReasons: ["break", "training", "after-call-work", "other"], defaultLanguage: "ru" }), 200);
  });

  it.each([
    ["an unknown language", { defaultLanguage: "de" }, "defaultLanguage"],
    ["no pause reason left", { pauseReasons: [] }, "pauseReasons"],
    ["a duplicated reason", { pauseReasons: ["break", "break"] }, "pauseReasons"],
    ["an empty reason", { pauseReasons: [" "] }, "pauseReasons[0]"],
    ["recording not a boolean", { recordingDefault: "on" }, "recordingDefault"],
    ["a wrap-up too short", { wrapUpSeconds: 1 }, "wrapUpSeconds"],
    ["an unknown setting", { theme: "dark" }, "theme"],
  ])("400 for %s, naming the field, nothing written", async (_label, body, field) => {
    const before = await json(await send(admin, "GET", "/v1/settings"), 200);
    const response = await send(admin, "PATCH", "/v1/settings", body);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toContain(field);
    expect(await json(await send(admin, "GET", "/v1/settings"), 200)).toEqual(before);
  });
});

