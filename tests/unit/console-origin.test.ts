/**
 * The console's origin at run time (issue 20, one deploy): read from the SSM parameter the Web
 * stack writes (plus CONSOLE_ORIGINS), allowed by the API's CORS and the issuer's redirects.
 */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { consoleCors } from "../../packages/functions/src/api/cors";
import { redirectPolicyFromEnv } from "../../packages/functions/src/auth/issuer";
import { consoleOriginsFromEnv } from "../../packages/functions/src/runtime/console-origin";

const CONSOLE = "https://d111111abcdef8.cloudfront.net";

describe("console origins at run time", () => {
  it("reads the parameter once, adds CONSOLE_ORIGINS, and is off without either", async () => {
    let reads = 0;
    const read = async (name: string) => {
      reads++;
      expect(name).toBe("/callboard/prod/console-origin");
      return `${CONSOLE}/`;
    };
    const origins = consoleOriginsFromEnv({ CONSOLE_ORIGIN_PARAMETER: "/callboard/prod/console-origin", CONSOLE_ORIGINS: "https://crm.example.com, *" }, read)!;
    expect(await origins()).toEqual([CONSOLE, "https://crm.example.com"]);
    expect(await origins()).toEqual([CONSOLE, "https://crm.example.com"]);
    expect(reads).toBe(1);
    expect(consoleOriginsFromEnv({}, read)).toBeUndefined();
  });

  it("keeps the extra origins when the parameter cannot be read yet", async () => {
    const origins = consoleOriginsFromEnv({ CONSOLE_ORIGIN_PARAMETER: "/callboard/dev/console-origin", CONSOLE_ORIGINS: "https://crm.example.com" }, async () => {
      throw new Error("ParameterNotFound");
    })!;
    expect(await origins()).toEqual(["https://crm.example.com"]);
  });

  it("lets the API answer CORS for the console only, and leaves public form routes alone", async () => {
    const app = new Hono();
    app.use("/v1/*", consoleCors(async () => [CONSOLE]));
    app.get("/v1/me", (c) => c.json({ ok: true }));
    app.post("/v1/forms/:formId/submissions", (c) => c.json({ ok: true }));
    const preflight = await app.request("/v1/me", { method: "OPTIONS", headers: { origin: CONSOLE, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(CONSOLE);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const other = await app.request("/v1/me", { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const form = await app.request("/v1/forms/f1/submissions", { method: "POST", headers: { origin: CONSOLE } });
    expect(form.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets the issuer send tokens to <console>/callback read at run time", async () => {
    const policy = redirectPolicyFromEnv({ CONSOLE_ORIGINS: "https://crm.example.com" }, async () => [CONSOLE]);
    expect(policy.redirectUris).toEqual(["https://crm.example.com/callback"]);
    expect(await policy.origins!()).toEqual([CONSOLE]);
  });
});
