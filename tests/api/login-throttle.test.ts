import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setClock } from "../../packages/core/src/runtime/clock";
import { createIssuer } from "../../packages/functions/src/auth/issuer";
import { LOGIN_LIMITS } from "../../packages/functions/src/auth/login-throttle";
import type { User } from "../../packages/core/src/users";
import { createTestTable, type TestTable } from "../fixtures/table";
import { seedAdmin, seedUser, TEST_PASSWORD } from "../fixtures/factories";

// Issue 15, item 9: nine wrong passwords from anywhere locked the admin out, per instance, and
// the 429 said nothing about when to come back.
type Issuer = ReturnType<typeof createIssuer>;
let table: TestTable;
let issuers: [Issuer, Issuer];
let admin: User;

beforeAll(async () => {
  table = await createTestTable("login-throttle");
  const make = () => createIssuer({ tableName: table.tableName, dynamoEndpoint: table.endpoint, redirects: { clients: ["tests"], redirectUris: [], allowLoopback: true } });
  // Two issuers on one table: two Lambda instances.
  issuers = [make(), make()];
  admin = await seedAdmin();
  // Counters live in fixed windows: start every test at the top of an hour, so no run
  // straddles a window's end.
  setClock(new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000), "frozen");
});
afterAll(() => setClock(undefined));

/** One sign-in attempt as a browser makes it, from `address` as API Gateway reports it. */
async function attempt(issuer: Issuer, email: string, password: string, address: string): Promise<Response> {
  const env = { event: { requestContext: { http: { sourceIp: address } } } };
  const query = new URLSearchParams({ client_id: "tests", redirect_uri: "http://localhost/callback", response_type: "code", provider: "password" });
  const authorize = await issuer.request(`http://localhost/authorize?${query}`, {}, env);
  const cookie = authorize.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return issuer.request(
    "http://localhost/password/authorize",
    { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded", "accept-language": "en" }, body: new URLSearchParams({ email, password }).toString() },
    env,
  );
}

const pairPerMinute = LOGIN_LIMITS.pair[0]!.limit;

describe("sign-in throttling", () => {
  it("locks out the address that guesses, not the account: another address still signs in", async () => {
    for (let i = 0; i < pairPerMinute; i++) expect((await attempt(issuers[0], admin.email, "wrong password", "198.51.100.7")).status).toBe(401);
    const locked = await attempt(issuers[0], admin.email, "wrong password", "198.51.100.7");
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await locked.text()).toMatch(/Too many attempts\. Try again in \d+ seconds/);
    // The right password from the locked address waits too (or guessing would go on).
    expect((await attempt(issuers[0], admin.email, TEST_PASSWORD, "198.51.100.7")).status).toBe(429);
    // The admin, from their own address, is not locked out.
    const elsewhere = await attempt(issuers[0], admin.email, TEST_PASSWORD, "203.0.113.20");
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.get("location")).toMatch(/code=/);
  });

  it("shares its counters between issuer instances (in the table, not in memory)", async () => {
    const user = await seedUser(admin, "sales");
    for (let i = 0; i < pairPerMinute; i++) expect((await attempt(issuers[i % 2]!, user.email, "wrong password", "198.51.100.8")).status).toBe(401);
    for (const issuer of issuers) expect((await attempt(issuer, user.email, "wrong password", "198.51.100.8")).status).toBe(429);
  });

  it("still stops guessing spread over many addresses, with the account's cap and Retry-After", async () => {
    const user = await seedUser(admin, "manager");
    const accountPerHour = LOGIN_LIMITS.account[0]!.limit;
    // Each address stays well under its own cap.
    for (let i = 0; i < accountPerHour; i++) {
      expect((await attempt(issuers[i % 2]!, user.email, "wrong password", `192.0.2.${i + 1}`)).status).toBe(401);
    }
    const capped = await attempt(issuers[0], user.email, TEST_PASSWORD, "192.0.2.250");
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Other accounts are untouched.
    expect((await attempt(issuers[1], admin.email, TEST_PASSWORD, "192.0.2.250")).status).toBe(302);
  }, 120_000);
});
