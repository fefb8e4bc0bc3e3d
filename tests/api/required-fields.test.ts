import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin } from "../fixtures/factories";

// Issue 15, item 6: a missing field is "Required.", never "Unknown field: leave it out".
let api: TestApi;
let admin: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
});

type Problem = { errors: { field: string; message: string }[] };
const post = async (path: string, body: unknown) => {
  const response = await api.call("POST", path, { token: await api.tokenFor(admin), body });
  expect(response.status, path).toBe(400);
  return ((await response.json()) as Problem).errors;
};

describe("missing fields", () => {
  it.each([
    ["/v1/custom-fields", ["entityType", "key", "label", "type"]],
    ["/v1/forms", ["name", "fields", "ownerId"]],
    ["/v1/companies", ["name"]],
    ["/v1/users", ["email", "name", "role", "password"]],
  ])("POST %s with {} names each required field as required", async (path, required) => {
    const errors = await post(path, {});
    for (const field of required) expect(errors, field).toContainEqual({ field, message: "Required.", code: "required" });
    expect(errors.map((error) => error.message).join(" ")).not.toMatch(/unknown/i);
  });

  it("still calls an extra field unknown", async () => {
    const errors = await post("/v1/custom-fields", { entityType: "contact", key: "size", label: "Size", type: "text", colour: "red" });
    expect(errors).toEqual([{ field: "colour", message: expect.stringMatching(/unknown field/i), code: "unknown-field" }]);
  });
});
