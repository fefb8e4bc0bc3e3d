import { beforeAll, describe, expect, it } from "vitest";
import { createIssuer } from "../../packages/functions/src/auth/issuer";
import { createTestApi, type TestApi } from "../fixtures/api";

// Issue 15, item 10: the issuer must never redirect to a return address nobody registered
// (RFC 6749 §4.1.2.1): it shows an error page instead.
const CONSOLE_CALLBACK = "https://console.example.com/callback";
let api: TestApi;
let deployed: ReturnType<typeof createIssuer>;
/** As on AWS since the console origin is read at run time (the Web stack's parameter). */
let runtimeOrigin: ReturnType<typeof createIssuer>;

beforeAll(async () => {
  api = await createTestApi();
  // As on AWS: one client, the console, and its one registered callback; no loopback.
  deployed = createIssuer({ tableName: api.table.tableName, dynamoEndpoint: api.table.endpoint, redirects: { clients: ["console"], redirectUris: [CONSOLE_CALLBACK] } });
  runtimeOrigin = createIssuer({ tableName: api.table.tableName, dynamoEndpoint: api.table.endpoint, redirects: { clients: ["console"], redirectUris: [], origins: async () => ["https://console.example.com"] } });
});

const authorize = (issuer: ReturnType<typeof createIssuer>, query: Record<string, string>) =>
  issuer.request(`http://localhost/authorize?${new URLSearchParams({ response_type: "code", state: "s", code_challenge: "x".repeat(43), code_challenge_method: "S256", ...query })}`, { headers: { "accept-language": "en" } });

describe("sign-in return addresses", () => {
  it("answers an unregistered redirect_uri or client with a 400 page and no Location", async () => {
    const refused: [ReturnType<typeof createIssuer>, Record<string, string>][] = [
      [deployed, { client_id: "console", redirect_uri: "http://evil.example/callback" }],
      [deployed, { client_id: "console", redirect_uri: `${CONSOLE_CALLBACK}.evil.example` }],
      [deployed, { client_id: "console", redirect_uri: "http://localhost/callback" }],
      [deployed, { client_id: "stranger", redirect_uri: CONSOLE_CALLBACK }],
      [deployed, { client_id: "console", redirect_uri: "http://evil.example/callback", response_type: "token" }],
      [deployed, { redirect_uri: "http://evil.example/callback" }],
      [runtimeOrigin, { client_id: "console", redirect_uri: "http://evil.example/callback" }],
      // The local issuer allows loopback addresses, nothing else.
      [api.issuer, { client_id: "console", redirect_uri: "http://evil.example/callback", provider: "password" }],
    ];
    for (const [issuer, query] of refused) {
      const response = await authorize(issuer, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.headers.get("location"), JSON.stringify(query)).toBeNull();
      expect(response.headers.get("content-type")).toMatch(/text\/html/);
      expect(await response.text()).toMatch(/not registered/);
    }
  });

  it("still sends the registered console callback on to the sign-in form", async () => {
    const response = await authorize(deployed, { client_id: "console", redirect_uri: CONSOLE_CALLBACK });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/\/password\/authorize$/);
    const runtime = await authorize(runtimeOrigin, { client_id: "console", redirect_uri: CONSOLE_CALLBACK });
    expect(runtime.status).toBe(302);
    expect(runtime.headers.get("location")).toMatch(/\/password\/authorize$/);
    // And the local one (loopback console) signs in end to end, as the fixtures do.
    const local = await authorize(api.issuer, { client_id: "console", redirect_uri: "http://localhost:3000/callback", provider: "password" });
    expect(local.status).toBe(302);
    expect(local.headers.get("location")).toMatch(/\/password\/authorize$/);
  });
});
