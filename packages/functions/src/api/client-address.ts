import type { Context } from "hono";

/**
 * The caller's address as the platform saw it: API Gateway / Function URL event on Lambda, the
 * socket locally. Never X-Forwarded-For, which the client writes.
 */
export function clientAddress(c: Context): string {
  const env = c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}
