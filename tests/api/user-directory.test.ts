import { beforeAll, describe, expect, it } from "vitest";
import { Users, type User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";

let api: TestApi;
let admin: User;
let everyone: User[];
let gone: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
  everyone = [admin];
  for (const role of ["manager", "sales", "marketeer", "operator"] as const) everyone.push(await seedUser(admin, role));
  gone = await seedUser(admin, "sales", "Gone Sales");
  await asUser(admin, () => Users.update(gone.userId, { active: false }));
});

describe("GET /v1/users/directory", () => {
  it("gives every role everyone's name, email and active state, and nothing more", async () => {
    for (const user of everyone) {
      const response = await api.call("GET", "/v1/users/directory", { token: await api.tokenFor(user) });
      expect(response.status, user.role).toBe(200);
      const { items } = (await response.json()) as { items: Record<string, unknown>[] };
      expect(items).toHaveLength(everyone.length + 1);
      for (const item of items) expect(Object.keys(item).sort()).toEqual(["active", "email", "name", "userId"]);
      expect(items.find((item) => item.userId === gone.userId)).toEqual({ userId: gone.userId, name: "Gone Sales", email: gone.email, active: false });
    }
  });

  it("keeps roles and teams with the roles that read users; no token is a 401", async () => {
    const byRole = async (role: string) => {
      const user = everyone.find((candidate) => candidate.role === role)!;
      return (await api.call("GET", "/v1/users", { token: await api.tokenFor(user) })).status;
    };
    expect(await byRole("operator")).toBe(403);
    expect(await byRole("marketeer")).toBe(403);
    expect(await byRole("sales")).toBe(200);
    expect((await api.call("GET", "/v1/users/directory")).status).toBe(401);
  });
});
