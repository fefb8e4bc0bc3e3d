import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { consoleOriginsFromEnv } from "../runtime/console-origin";

/**
 * CORS for the console (deployed stages): the console's origin comes at run time from the
 * parameter the Web stack writes in the same deploy, plus CONSOLE_ORIGINS (infra/console-origin.ts).
 * Public routes answer CORS themselves (forms per form, provider callbacks none), so they are skipped.
 * Without either setting (the local host serves the console from its own origin) nothing is added.
 */
const PUBLIC_ROUTE = /^\/v1\/(telephony|intake)\/|^\/v1\/forms\/[^/]+\/submissions$/;

export function consoleCors(allowedOrigins: (() => Promise<string[]>) | undefined = consoleOriginsFromEnv()): MiddlewareHandler {
  if (!allowedOrigins) return (_c, next) => next();
  const middleware = cors({
    origin: async (origin) => ((await allowedOrigins()).includes(origin) ? origin : null),
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["authorization", "content-type", "if-match", "if-none-match", "idempotency-key"],
    exposeHeaders: ["etag", "location"],
    credentials: false,
    maxAge: 86_400,
  });
  return (c, next) => (PUBLIC_ROUTE.test(c.req.path) ? next() : middleware(c, next));
}
