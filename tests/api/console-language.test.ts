import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

// Issue 19: the console's language is a user setting (profile menu), defaulting to the browser's
// language and then to the organization's; phones show in national format for its country.
let api: TestApi;
let admin: User;
let operator: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  operator = await seedUser(admin, "operator");
});

const call = async (user: User, method: string, path: string, body?: unknown) => {
  const response = await api.call(method, path, { token: await api.tokenFor(user), body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe("the console's language and the organization's country", () => {
  it("any user sets, reads and clears their own language", async () => {
    expect((await call(operator, "GET", "/v1/me")).body.language).toBeUndefined();
    const set = await call(operator, "PATCH", "/v1/me", { language: "ro" });
    expect(set).toMatchObject({ status: 200, body: { userId: operator.userId, language: "ro" } });
    expect((await call(operator, "GET", "/v1/me")).body.language).toBe("ro");
    // Another user's profile is untouched.
    expect((await call(admin, "GET", "/v1/me")).body.language).toBeUndefined();
    const cleared = await call(operator, "PATCH", "/v1/me", { language: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.language).toBeUndefined();
  });

  it("a language the console does not speak is refused, naming the field", async () => {
    const refused = await call(operator, "PATCH", "/v1/me", { language: "de" });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: "language" })]);
    expect((await call(operator, "GET", "/v1/me")).body.language).toBeUndefined();
  });

  it("the settings give the organization's default language and its phone country", async () => {
    const settings = await call(operator, "GET", "/v1/settings");
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ defaultLanguage: "ru", country: "RU" });
    // The country comes from the deployment (DEFAULT_COUNTRY), not from an admin's PATCH.
    const patched = await call(admin, "PATCH", "/v1/settings", { country: "MD" });
    expect(patched.status).toBe(400);
  });
});
