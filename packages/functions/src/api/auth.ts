import { createMiddleware } from "hono/factory";
import type { Actor } from "@callboard/core/actor";
import { loadRecords } from "@callboard/core/lazy/index";
import { lazyModule } from "./lazy-module";

const Users = lazyModule(async () => (await loadRecords()).Users);
import { subjects } from "../auth/subjects";
import { ProblemException } from "./problem";
import { addLogContext } from "../runtime/log";

export type ApiEnv = { Variables: { actor: Extract<Actor, { type: "user" }> } };

/** A verified token proves who the bearer is: the user ID. What they may do is read per request. */
type OpenAuthClient = ReturnType<typeof import("@openauthjs/openauth/client").createClient>;

type Verifier = { verify: (token: string) => Promise<string | undefined> };

let verifier: Verifier | undefined;

/**
 * A signature verified once stays valid until the token expires, so a warm Lambda skips the
 * ES256 check on the next requests with the same token (bounded; evicts the oldest).
 */
class VerifiedTokenCache {
  private readonly entries = new Map<string, { userId: string; expiresAtMs: number }>();
  constructor(private readonly maxEntries = 2_000) {}

  get(token: string) {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= Date.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.userId;
  }

  set(token: string, userId: string) {
    const payload = token.split(".")[1] ?? "";
    const exp = Number((JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }).exp);
    if (!Number.isFinite(exp)) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { userId, expiresAtMs: exp * 1000 });
  }
}

/** Tokens are OpenAuth access tokens, checked against the issuer's published keys (cached). */
export function configureTokenVerifier(options: { issuer: string; fetch?: typeof fetch }): void {
  // Function URLs end in "/"; the token's `iss` is the bare origin.
  const issuer = options.issuer.replace(/\/+$/, "");
  // OpenAuth's client (and its jose) loads with the first token to check: webhooks, public forms,
  // preflights and the API document never need it. A failed load is tried again on the next token.
  let client: Promise<OpenAuthClient> | undefined;
  const openAuthClient = () =>
    (client ??= import("@openauthjs/openauth/client").then(
      ({ createClient }) => createClient({ clientID: "api", issuer, ...(options.fetch ? { fetch: options.fetch } : {}) }),
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    ));
  const verified = new VerifiedTokenCache();
  verifier = {
    async verify(token) {
      const cached = verified.get(token);
      if (cached) return cached;
      const result = await (await openAuthClient()).verify(subjects, token);
      if (result.err || result.subject.type !== "user") return undefined;
      const { userId } = result.subject.properties;
      verified.set(token, userId);
      return userId;
    },
  };
}

function useVerifier(): Verifier {
  if (!verifier) {
    const issuer = process.env.OPENAUTH_ISSUER;
    if (!issuer) throw new Error("OPENAUTH_ISSUER is not set and configureTokenVerifier() was not called.");
    configureTokenVerifier({ issuer });
  }
  return verifier!;
}

const unauthorized = (detail: string) =>
  new ProblemException(401, { title: "Unauthorized", detail });

export const requireUser = createMiddleware<ApiEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header);
  if (!match) {
    c.header("www-authenticate", 'Bearer realm="callboard"');
    throw unauthorized("Send `Authorization: Bearer <access token>`; sign in to get one.");
  }
  // A bad token is a 401; an unreachable issuer is our fault (500), not the user's.
  const userId = await useVerifier().verify(match[1]!);
  if (!userId) {
    c.header("www-authenticate", 'Bearer realm="callboard", error="invalid_token"');
    throw unauthorized("The access token is invalid or expired.");
  }
  // Role, team and active status as the users table says now (cached per process for at most
  // Users.USER_CACHE_MS; no DynamoDB request while warm), never as the token said at sign-in.
  const current = await Users.currentUser(userId);
  if (!current) {
    c.header("www-authenticate", 'Bearer realm="callboard", error="invalid_token"');
    throw unauthorized("This account is deactivated or no longer exists.");
  }
  c.set("actor", { type: "user", ...current });
  // Every log line of this request names the user (runtime/log.ts).
  addLogContext({ userId });
  await next();
});
