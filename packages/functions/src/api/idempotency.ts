import { createHash } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { Idempotency } from "@callboard/core/idempotency";
import type { ApiEnv } from "./auth";
import { ProblemException } from "./problem";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** Set on an answer that repeats the first one (as Stripe does). */
export const REPLAYED_HEADER = "idempotent-replayed";
/** The headers a repeat gets back besides the body (content-type, where the new thing is, its version). */
const KEPT_HEADERS = ["content-type", "location", "etag", "retry-after"];
/** Printable ASCII, as the IETF draft's examples; long enough for a UUID or a ULID with a prefix. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What identifies a request under a key: method, path with query, and the body's bytes. */
export function requestFingerprint(method: string, pathWithQuery: string, body: Uint8Array): string {
  return createHash("sha256").update(`${method} ${pathWithQuery}\n`).update(body).digest("base64url");
}

/** Keys are per user and per route. */
export const keyScope = (userId: string, method: string, path: string) => `api:${userId}:${method} ${path}`;

/**
 * `Idempotency-Key` on every POST of a signed-in user (all of them create or start something,
 * or are harmless to repeat): the first request under a key runs, a retry with the same method,
 * path and body gets the first answer again (status, body, the headers in KEPT_HEADERS), a
 * retry with another body 422, a retry while the first still runs 409. Keys are per user and
 * per route (method + path), so users' keys never meet. Answers 5xx and 429 are not kept: the
 * retry runs again. Without the header nothing changes.
 */
export const idempotentPosts = createMiddleware<ApiEnv>(async (c, next) => {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (c.req.method !== "POST" || key === undefined) return next();
  if (!KEY_PATTERN.test(key)) {
    throw new ProblemException(400, {
      title: "Invalid input",
      detail: "Idempotency-Key must be 1 to 255 printable ASCII characters.",
      errors: [{ field: "Idempotency-Key", message: "Must be 1 to 255 printable ASCII characters." }],
    });
  }
  const url = new URL(c.req.url);
  // Read through Hono's cache, so the route's own body parsing still works.
  const body = new Uint8Array(await c.req.arrayBuffer());
  const fingerprint = requestFingerprint(c.req.method, `${url.pathname}${url.search}`, body);
  const scope = keyScope(c.var.actor.userId, c.req.method, url.pathname);

  const begun = await Idempotency.begin(scope, key, fingerprint);
  if (begun.state === "replay") {
    const { status, headers, body: kept } = begun.answer;
    return new Response(status === 204 || status === 304 ? null : kept, { status, headers: { ...headers, [REPLAYED_HEADER]: "true" } });
  }
  try {
    await next();
  } catch (error) {
    await Idempotency.release(scope, key).catch(() => undefined);
    throw error;
  }
  // Errors thrown by the route became c.res through app.onError already (Hono composes it).
  const status = c.res.status;
  if (status >= 500 || status === 429) {
    await Idempotency.release(scope, key).catch(() => undefined);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = c.res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  await Idempotency.finish(scope, key, fingerprint, { status, headers, body: await c.res.clone().text() });
});
