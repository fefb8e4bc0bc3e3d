import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { countMetric, MetricName } from "@callboard/core/runtime/observability";
import { logger, withLogContext } from "../runtime/log";

type LambdaEnv = { event?: { requestContext?: { requestId?: string } } } | undefined;

/**
 * Every API request: its own log context (the API Gateway request ID, the user once the token is
 * checked: api/auth.ts), one access line (route pattern, never the raw path or query: those can
 * hold phone numbers), and 4xx/5xx counted per route for the dashboard (infra/alarms.ts).
 */
export const requestObservability: MiddlewareHandler = (c, next) => {
  const requestId = (c.env as LambdaEnv)?.event?.requestContext?.requestId ?? c.req.header("x-request-id") ?? crypto.randomUUID();
  return withLogContext({ requestId }, async () => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const route = `${c.req.method} ${routeOf(c)}`;
    if (status >= 500) countMetric(MetricName.http5xx, 1, { route });
    else if (status >= 400) countMetric(MetricName.http4xx, 1, { route });
    const line = { route, status, ms: Math.round(performance.now() - started) };
    if (status >= 500) logger.error("request", line);
    else logger.info("request", line);
  });
};

/** The route pattern that serves this path (even when a middleware answered first, e.g. a 401). */
function routeOf(c: Context): string {
  const handlers = matchedRoutes(c).filter((route) => route.method !== "ALL");
  return handlers.at(-1)?.path ?? "unmatched";
}
