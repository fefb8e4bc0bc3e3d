import { beforeAll, describe, expect, it } from "vitest";
import { Users, type User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser, TEST_PASSWORD } from "../fixtures/factories";

/**
 * Deactivating users (admins only): no API access, no sign-in, no refresh; never yourself, never
 * the last active admin. Sign-ins are few: the issuer allows 10 a minute per address.
 */
let api: TestApi;
let root: User;

beforeAll(async () => {
  api = await createTestApi();
  root = await seedAdmin();
});

type Json = Record<string, any>;
const ISSUER = "http://localhost";
const REDIRECT = "http://localhost/callback";

async function send(user: User, method: string, path: string, body?: unknown) {
  return api.call(method, path, { token: await api.tokenFor(user), ...(body !== undefined ? { body } : {}) });
}
/** As another Lambda instance would: the row changes, this process's cache is not told. */
const changeRowElsewhere = (userId: string, set: { active?: boolean }) => api.table.storage.service.entities.user.patch({ userId }).set(set).go();

/** The console's code flow against the real issuer: the login page's answer, and tokens if any. */
async function signIn(email: string): Promise<{ status: number; page: string; access?: string; refresh?: string }> {
  const authorize = await api.issuer.request(`${ISSUER}/authorize?client_id=tests&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&provider=password`);
  const cookie = authorize.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  const login = await api.issuer.request(`${ISSUER}/password/authorize`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", "accept-language": "en" },
    body: new URLSearchParams({ email, password: TEST_PASSWORD }).toString(),
  });
  const code = new URL(login.headers.get("location") ?? `${ISSUER}/`).searchParams.get("code");
  if (!code) return { status: login.status, page: await login.text() };
  const tokens = (await (await exchange({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: "tests" })).json()) as Json;
  return { status: login.status, page: "", access: tokens.access_token, refresh: tokens.refresh_token };
}
const exchange = (form: Record<string, string>) =>
  api.issuer.request(`${ISSUER}/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
const refresh = (refreshToken: string) => exchange({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: "tests" });
const withToken = (token: string, path: string) => api.call("GET", path, { token });

describe("deactivating a user", () => {
  it("answers their next request 401, refuses their sign-in and refresh; reactivated, they are back at once", async () => {
    // Prepare: Dan is signed in with an access and a refresh token; refreshing works.
    const dan = await seedUser(root, "sales", "Dan Departing");
    const session = await signIn(dan.email);
    expect(session.access && session.refresh).toBeTruthy();
    expect((await withToken(session.access!, "/v1/me")).status).toBe(200);
    const refreshed = await refresh(session.refresh!);
    expect(refreshed.status).toBe(200);
    const { refresh_token: nextRefresh } = (await refreshed.json()) as Json;

    // Act
    const deactivated = await send(root, "PATCH", `/v1/users/${dan.userId}`, { active: false });

    // Assess
    expect(deactivated.status).toBe(200);
    expect(await deactivated.json()).toMatchObject({ userId: dan.userId, active: false, role: "sales" });
    const refused = await withToken(session.access!, "/v1/contacts");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(((await refused.json()) as Json).detail).toMatch(/deactivated/);
    const noRefresh = await refresh(nextRefresh);
    expect(noRefresh.status).toBe(400);
    expect(await noRefresh.json()).toMatchObject({ error: "invalid_grant" });
    const noSignIn = await signIn(dan.email);
    expect(noSignIn.status).toBe(403);
    expect(noSignIn.access).toBeUndefined();
    expect(noSignIn.page).toContain("This account is deactivated.");
    const listed = ((await (await send(root, "GET", "/v1/users")).json()) as Json).items.find((user: Json) => user.userId === dan.userId);
    expect(listed.active).toBe(false);

    // Reactivated: the same access token works again in this process, and Dan can sign in.
    expect((await send(root, "PATCH", `/v1/users/${dan.userId}`, { active: true })).status).toBe(200);
    expect((await withToken(session.access!, "/v1/me")).status).toBe(200);
    const back = await signIn(dan.email);
    expect((await withToken(back.access!, "/v1/me")).status).toBe(200);
  });

  it("refuses bad input naming the field, non-admins and unknown users, writing nothing", async () => {
    const sally = await seedUser(root, "sales", "Sally Sales");
    await api.tokenFor(sally); // signing in writes the issuer's refresh token
    const before = await api.table.items();

    const cases: [unknown, string][] = [
      [{ active: "no" }, "active"],
      [{ role: "boss" }, "role"],
      [{ teamId: "North Team!" }, "teamId"],
      [{ active: false, isAdmin: true }, "isAdmin"],
    ];
    for (const [body, field] of cases) {
      const response = await send(root, "PATCH", `/v1/users/${sally.userId}`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(((await response.json()) as Json).errors[0].field).toBe(field);
    }
    const bySales = await send(sally, "PATCH", `/v1/users/${root.userId}`, { active: false });
    expect(bySales.status).toBe(403);
    expect((await send(sally, "PATCH", `/v1/users/${sally.userId}`, { role: "admin" })).status).toBe(403);
    expect((await send(root, "PATCH", "/v1/users/01ARZ3NDEKTSV4RRFFQ69G5FAV", { active: false })).status).toBe(404);
    // A malformed user ID is refused by the router's path check (issue 15 item 4), like every ID.
    expect((await send(root, "PATCH", "/v1/users/not-a-user", { active: false })).status).toBe(400);

    expect(await api.table.items()).toEqual(before);
  });

  it("is refused for yourself (409 naming `active`), writing nothing", async () => {
    const before = await api.table.items();

    const response = await send(root, "PATCH", `/v1/users/${root.userId}`, { active: false });

    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = (await response.json()) as Json;
    expect(body.errors).toEqual([{ field: "active", message: expect.stringContaining("yourself"), code: "invalid" }]);
    expect(await api.table.items()).toEqual(before);
  });
});

describe("the reference", () => {
  it("describes role and active on PATCH /v1/users/{userId}, its 409, and `active` on users", async () => {
    const document = (await (await api.call("GET", "/v1/openapi.json")).json()) as Json;

    const patch = document.paths["/v1/users/{userId}"].patch;
    expect(Object.keys(patch.requestBody.content["application/json"].schema.properties).sort()).toEqual(["active", "role", "teamId"]);
    expect(patch.responses).toHaveProperty("409");
    expect(document.components.schemas.User.properties.active).toEqual({ type: "boolean" });
  });
});

describe("the last active admin", () => {
  it("cannot demote themselves (409 naming `role`), writing nothing", async () => {
    // Root is the only admin of this table so far.
    const admins = ((await (await send(root, "GET", "/v1/users")).json()) as Json).items.filter((user: Json) => user.role === "admin" && user.active);
    expect(admins.map((user: Json) => user.userId)).toEqual([root.userId]);
    const before = await api.table.items();

    const response = await send(root, "PATCH", `/v1/users/${root.userId}`, { role: "manager" });

    expect(response.status).toBe(409);
    expect(((await response.json()) as Json).errors).toEqual([{ field: "role", message: expect.stringContaining("last active admin"), code: "invalid" }]);
    expect(await api.table.items()).toEqual(before);
  });

  it("cannot be deactivated by an admin deactivated elsewhere whose copy here is still cached", async () => {
    // Prepare: a second admin; root was deactivated by another process, this one still trusts root.
    const ada = await seedUser(root, "admin", "Ada Admin");
    expect((await send(root, "GET", "/v1/me")).status).toBe(200);
    await changeRowElsewhere(root.userId, { active: false });
    const before = await api.table.items();

    // Act
    const response = await send(root, "PATCH", `/v1/users/${ada.userId}`, { active: false });

    // Assess
    expect(response.status).toBe(409);
    expect(((await response.json()) as Json).errors).toEqual([{ field: "active", message: "Ada Admin is the last active admin; make another user an admin first.", code: "invalid" }]);
    expect(await api.table.items()).toEqual(before);
    // With root active again, there are two, and one may deactivate the other.
    await changeRowElsewhere(root.userId, { active: true });
    expect((await send(root, "PATCH", `/v1/users/${ada.userId}`, { active: false })).status).toBe(200);
    expect((await send(root, "PATCH", `/v1/users/${ada.userId}`, { active: true })).status).toBe(200);
  });

  it("survives two admins deactivating each other at the same moment: exactly one succeeds", async () => {
    // Prepare: exactly two active admins, both with warm tokens.
    const admins = ((await (await send(root, "GET", "/v1/users")).json()) as Json).items.filter((user: Json) => user.role === "admin" && user.active);
    expect(admins).toHaveLength(2);
    const [first, second] = admins as User[];
    await Promise.all([send(first!, "GET", "/v1/me"), send(second!, "GET", "/v1/me")]);

    // Act
    const [oneWay, otherWay] = await Promise.all([
      send(first!, "PATCH", `/v1/users/${second!.userId}`, { active: false }),
      send(second!, "PATCH", `/v1/users/${first!.userId}`, { active: false }),
    ]);

    // Assess
    expect([oneWay.status, otherWay.status].sort()).toEqual([200, 409]);
    const stillAdmins = (await Promise.all([first!, second!].map((admin) => Users.get(admin.userId)))).filter((admin) => admin.active);
    expect(stillAdmins).toHaveLength(1);
  });
});
