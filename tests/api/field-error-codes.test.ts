import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin } from "../fixtures/factories";

// Issue 19: every field error carries a stable code and its values beside the English message,
// so the console can say it in the user's language ("Телефон 1: номер не подходит для России").
let api: TestApi;
let admin: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
});

type FieldError = { field: string; message: string; code?: string; values?: Record<string, unknown> };
const refused = async (method: string, path: string, body?: unknown) => {
  const response = await api.call(method, path, { token: await api.tokenFor(admin), body });
  expect(response.status, path).toBe(400);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const errors = ((await response.json()) as { errors: FieldError[] }).errors;
  for (const error of errors) expect(error.code, JSON.stringify(error)).toMatch(/^[a-z-]+$/);
  return errors;
};

describe("field error codes", () => {
  it("a phone libphonenumber cannot read is invalid-phone, with the country it was read for", async () => {
    const errors = await refused("POST", "/v1/contacts", { firstName: "Anna", phones: [{ number: "+7 123" }] });
    expect(errors).toEqual([{ field: "phones[0].number", message: expect.stringContaining("RU"), code: "invalid-phone", values: { country: "RU" } }]);
  });

  it("an email address typed as a phone is a wrong-field-kind, not a bad number", async () => {
    const errors = await refused("POST", "/v1/contacts", { firstName: "Anna", phones: [{ number: "anna@example.com" }] });
    expect(errors[0]).toMatchObject({ field: "phones[0].number", code: "wrong-field-kind", values: { expected: "phone", received: "email" } });
  });

  it("a missing required field is required, not a placeholder or a type error", async () => {
    const errors = await refused("POST", "/v1/companies", {});
    expect(errors).toContainEqual({ field: "name", message: "Required.", code: "required" });
    expect(errors.map((error) => error.code)).not.toContain("placeholder");
  });

  it("a placeholder is named as one", async () => {
    const errors = await refused("POST", "/v1/contacts", { firstName: "n/a", lastName: "Petrova" });
    expect(errors).toEqual([{ field: "firstName", message: expect.stringMatching(/placeholder/), code: "placeholder" }]);
  });

  it("too long carries its maximum", async () => {
    const errors = await refused("POST", "/v1/contacts", { firstName: "A".repeat(500) });
    expect(errors).toEqual([{ field: "firstName", message: expect.any(String), code: "too-long", values: { max: expect.any(Number) } }]);
    expect(errors[0]!.message).toContain(String(errors[0]!.values!.max));
  });

  it("an unknown field is unknown-field", async () => {
    const errors = await refused("POST", "/v1/contacts", { firstName: "Anna", colour: "red" });
    expect(errors).toEqual([{ field: "colour", message: expect.stringMatching(/unknown field/i), code: "unknown-field" }]);
  });

  it("a choice outside its options is one-of, with the options", async () => {
    const errors = await refused("POST", "/v1/contacts", { firstName: "Anna", phones: [{ number: "+79161234567", type: "pager" }] });
    expect(errors).toEqual([{ field: "phones[0].type", message: expect.any(String), code: "one-of", values: { options: expect.arrayContaining(["mobile"]) } }]);
  });

  it("a bad email is invalid-email; a bad ID is not-an-id", async () => {
    const email = await refused("POST", "/v1/contacts", { firstName: "Anna", emails: ["anna@"] });
    expect(email[0]).toMatchObject({ field: "emails[0]", code: "invalid-email" });
    const id = await refused("POST", "/v1/contacts", { firstName: "Anna", companyId: "not-an-id" });
    expect(id).toEqual([{ field: "companyId", message: expect.any(String), code: "not-an-id" }]);
  });

  it("malformed JSON is invalid-json", async () => {
    const response = await api.call("POST", "/v1/companies", { token: await api.tokenFor(admin), rawBody: "{ nope", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    const errors = ((await response.json()) as { errors: FieldError[] }).errors;
    expect(errors[0]).toMatchObject({ field: "body", code: "invalid-json" });
  });
});
