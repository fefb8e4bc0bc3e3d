import "@callboard/core/runtime/polyfills";
import { issuer } from "@openauthjs/openauth";
import { OauthError } from "@openauthjs/openauth/error";
import type { Provider } from "@openauthjs/openauth/provider/provider";
import { Hono, type Context } from "hono";
import { DynamoStorage } from "@openauthjs/openauth/storage/dynamo";
import { TableSchema } from "@callboard/core/storage/table-schema";
import { Users } from "@callboard/core/users";
import { subjects, userIdOfSubject, userSubject } from "./subjects";
import { securityHeaders } from "../security-headers";
import { loginPage, signInErrorPage } from "./login-page";
import { LoginThrottle, type LoginLimits } from "./login-throttle";
import { fromUiLocales, signInLanguage, UI_LOCALES_COOKIE } from "./sign-in-language";
import { signInTexts } from "./sign-in-texts";
import { consoleOriginsFromEnv, originsFromList } from "../runtime/console-origin";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 14 * 24 * 3600;

/**
 * The caller's address as the platform saw it: API Gateway / Function URL event on Lambda, the
 * socket locally. Never X-Forwarded-For, which the client writes.
 */
function clientAddress(c: Context): string {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/** Email + password checked against the users in our table (admins create them). */
function userPasswordProvider(throttle: LoginThrottle): Provider<{ userId: string }> {
  return {
    type: "password",
    init(routes, ctx) {
      const html = (body: string, status = 200, headers: Record<string, string> = {}) =>
        new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8", ...headers } });
      routes.get("/authorize", async (c) => ctx.forward(c, html(loginPage({ language: await signInLanguage(c.req.raw) }))));
      routes.post("/authorize", async (c) => {
        const language = await signInLanguage(c.req.raw);
        const text = signInTexts[language];
        const form = await c.req.formData();
        const email = String(form.get("email") ?? "").trim().toLowerCase().slice(0, 254);
        const password = String(form.get("password") ?? "").slice(0, 200);
        // Per (account, address), then per account: see LoginThrottle.
        const verdict = await throttle.admit(email, clientAddress(c));
        if (!verdict.allowed) {
          const wait = verdict.retryAfterSeconds <= 90 ? { seconds: verdict.retryAfterSeconds } : { minutes: Math.ceil(verdict.retryAfterSeconds / 60) };
          return ctx.forward(
            c,
            html(loginPage({ email, language, error: text.tooManyAttempts(wait) }), 429, { "retry-after": String(verdict.retryAfterSeconds) }),
          );
        }
        const user = email && password ? await Users.authenticate(email, password) : undefined;
        if (!user) return ctx.forward(c, html(loginPage({ email, language, error: text.wrongPassword }), 401));
        // Said only after the right password, so it tells a stranger nothing.
        if (!user.active) return ctx.forward(c, html(loginPage({ email, language, error: text.deactivated }), 403));
        return ctx.success(c, { userId: user.userId });
      });
    },
  };
}

/** Who may ask for tokens, and where they may be sent (exact match; no wildcard domains). */
export interface RedirectPolicy {
  clients: string[];
  /** Exact redirect URIs, e.g. `https://console.example.com/callback`. */
  redirectUris: string[];
  /** Local development: any http://localhost or 127.0.0.1 redirect. */
  allowLoopback?: boolean;
  /** Origins known only at run time (the console's, from the Web stack's parameter), each + /callback. */
  origins?: () => Promise<string[]>;
}

/**
 * On Lambda: the console's origin (the parameter the Web stack writes in the same deploy, read at
 * cold start) and any CONSOLE_ORIGINS, each with /callback.
 */
export function redirectPolicyFromEnv(env: NodeJS.ProcessEnv = process.env, origins = consoleOriginsFromEnv(env)): RedirectPolicy {
  return { clients: ["console"], redirectUris: originsFromList(env.CONSOLE_ORIGINS).map((origin) => `${origin}/callback`), ...(origins ? { origins } : {}) };
}

async function isAllowed(policy: RedirectPolicy, clientID: string, redirectURI: string): Promise<boolean> {
  if (!policy.clients.includes(clientID)) return false;
  if (policy.redirectUris.includes(redirectURI)) return true;
  if (policy.origins && (await policy.origins()).some((origin) => `${origin}/callback` === redirectURI)) return true;
  if (!policy.allowLoopback) return false;
  try {
    const url = new URL(redirectURI);
    return url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1");
  } catch {
    return false;
  }
}

/**
 * OpenAuth's refresh grant re-issues tokens without asking us: refuse it for a user who is
 * deactivated or gone (the API refuses their access tokens anyway; this stops new ones).
 * Refresh tokens are `<subject>:<token>`, the subject being `user:<userId>` (see subjects.ts).
 */
async function refusedRefresh(request: Request): Promise<Response | undefined> {
  if (!(request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) return undefined;
  const form = new URLSearchParams(await request.clone().text());
  if (form.get("grant_type") !== "refresh_token") return undefined;
  const subject = (form.get("refresh_token") ?? "").split(":").slice(0, -1).join(":");
  const userId = userIdOfSubject(subject);
  // Tokens from before the subject named the user: the API's per-request check still applies.
  if (!userId) return undefined;
  const user = await Users.get(userId).catch(() => undefined);
  if (user?.active) return undefined;
  return Response.json({ error: "invalid_grant", error_description: "This account is deactivated." }, { status: 400 });
}

export function createIssuer(options: { tableName: string; dynamoEndpoint?: string; redirects: RedirectPolicy; loginLimits?: LoginLimits }) {
  const openAuth = issuer({
    // OpenAuth's default accepts any client and any redirect on the same registrable domain
    // (on Function URLs that is every *.on.aws host): tokens must only go to our console.
    allow: async ({ clientID, redirectURI }) => isAllowed(options.redirects, clientID, redirectURI),
    // Only the code flow (with PKCE in the console); no tokens in URL fragments.
    start: async (request) => {
      if (new URL(request.url).searchParams.get("response_type") !== "code") throw new Error("Only response_type=code is supported.");
    },
    subjects,
    storage: DynamoStorage({
      table: options.tableName,
      pk: TableSchema.partitionKey,
      sk: TableSchema.sortKey,
      ttl: TableSchema.ttlAttribute,
      ...(options.dynamoEndpoint ? { endpoint: options.dynamoEndpoint } : {}),
    }),
    providers: { password: userPasswordProvider(new LoginThrottle(options.loginLimits)) },
    ttl: { access: ACCESS_TOKEN_SECONDS, refresh: REFRESH_TOKEN_SECONDS },
    async success(ctx, value) {
      // OpenAuth puts an error's message into the redirect: never an internal one.
      const user = await Users.get(value.userId).catch(() => {
        throw new Error("Sign-in failed. Try again.");
      });
      if (!user.active) throw new OauthError("access_denied", "This account is deactivated.");
      // The token names the user only; role and team are read by the API per request.
      return ctx.subject("user", { userId: user.userId }, { subject: userSubject(user.userId) });
    },
  });
  // In front of OpenAuth's routes: the checks it has no hook for.
  // The sign-in pages may not be framed; the form may post (and be redirected after) only to
  // us and the registered return addresses. Origins known only at run time: left unrestricted.
  const formAction =
    "origins" in options.redirects && options.redirects.origins
      ? false
      : [...(options.redirects.allowLoopback ? ["http://localhost:*", "http://127.0.0.1:*"] : []), ...options.redirects.redirectUris.map((uri) => new URL(uri).origin)];
  return new Hono().use(securityHeaders({ formAction })).all("*", async (c) => {
    // OpenAuth answers a refused client or redirect URI by redirecting to that very URI with an
    // error: an open redirect. RFC 6749 §4.1.2.1: tell the user instead, never redirect there.
    if (c.req.method === "GET" && c.req.path === "/authorize") {
      const clientID = c.req.query("client_id") ?? "";
      const redirectURI = c.req.query("redirect_uri");
      if (redirectURI !== undefined && !(await isAllowed(options.redirects, clientID, redirectURI))) {
        const language = await signInLanguage(c.req.raw);
        return c.html(signInErrorPage(signInTexts[language].invalidLink, language), 400);
      }
      // The console's language (ui_locales) for the provider's form, one redirect later.
      const asked = fromUiLocales(c.req.query("ui_locales"));
      if (asked) {
        const answer = await openAuth.fetch(c.req.raw, c.env);
        const remembered = new Response(answer.body, answer);
        const secure = new URL(c.req.url).protocol === "https:" ? "; Secure" : "";
        remembered.headers.append("set-cookie", `${UI_LOCALES_COOKIE}=${asked}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax${secure}`);
        return remembered;
      }
    }
    if (c.req.method === "POST" && c.req.path === "/token") {
      const refused = await refusedRefresh(c.req.raw);
      if (refused) return refused;
    }
    return openAuth.fetch(c.req.raw, c.env);
  });
}
