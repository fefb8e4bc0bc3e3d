/**
 * The contract check itself (tests/fixtures/contract.ts), which every API suite runs on each
 * answer: a described answer passes, an undescribed status or a body off its schema fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { checkAgainstDocument } from "../fixtures/contract";
import { seedAdmin } from "../fixtures/factories";

let api: TestApi;
let admin: User;

beforeAll(async () => {
  api = await createTestApi();
  admin = await seedAdmin();
});

const answer = (status: number, body: unknown, contentType = "application/json") => new Response(JSON.stringify(body), { status, headers: { "content-type": contentType } });

describe("the contract check on every API test's answers", () => {
  it("lets a described answer through", async () => {
    const me = await api.call("GET", "/v1/me", { token: await api.tokenFor(admin) });
    expect(me.status).toBe(200);
    await expect(checkAgainstDocument(api.app, "GET", "/v1/me", me)).resolves.toBeUndefined();
  });

  it("fails an answer whose status the document does not list", async () => {
    await expect(checkAgainstDocument(api.app, "GET", "/v1/me", answer(418, {}))).rejects.toThrow(/GET \/v1\/me → 418 is not in the OpenAPI document/);
  });

  it("fails a body that does not match the documented schema, naming the field", async () => {
    await expect(checkAgainstDocument(api.app, "GET", "/v1/me", answer(200, { userId: 7, email: "a@example.com", name: "A", role: "admin", active: true, createdAt: "2026-01-01T00:00:00Z" }))).rejects.toThrow(
      /does not match the document: \/userId must be string/,
    );
  });

  it("fails a body with a field the document does not name (documented objects are closed)", async () => {
    const me = { userId: "01J00000000000000000000000", email: "a@example.com", name: "A", role: "admin", active: true, createdAt: "2026-01-01T00:00:00Z" };
    await expect(checkAgainstDocument(api.app, "GET", "/v1/me", answer(200, me))).resolves.toBeUndefined();
    await expect(checkAgainstDocument(api.app, "GET", "/v1/me", answer(200, { ...me, passwordHash: "x" }))).rejects.toThrow(/must NOT have additional properties \(passwordHash\)/);
  });

  it("fails an answer in a media type the document does not give", async () => {
    await expect(checkAgainstDocument(api.app, "GET", "/v1/me", new Response("<p>me</p>", { status: 200, headers: { "content-type": "text/html" } }))).rejects.toThrow(/answered text\/html/);
  });

  it("matches a static route before a parameter route", async () => {
    await expect(checkAgainstDocument(api.app, "GET", "/v1/companies/trash", answer(200, { items: [], cursor: null }))).resolves.toBeUndefined();
  });
});
