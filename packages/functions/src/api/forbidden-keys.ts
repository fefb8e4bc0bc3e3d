import type { MiddlewareHandler } from "hono";
import { forbiddenKeyMessage, forbiddenKeyPath, hasForbiddenPart } from "@callboard/core/safe-keys";
import { problem } from "./problem";

const refuse = (c: Parameters<MiddlewareHandler>[0], field: string) =>
  problem(c, 400, { title: "Invalid input", detail: `"${field}" uses a reserved name.`, errors: [{ field, message: forbiddenKeyMessage }] });

/**
 * Prototype pollution stops at the door: a query parameter, a JSON body key (at any depth) or
 * an urlencoded form field named `__proto__`, `constructor` or `prototype` is a 400 naming it,
 * before any handler builds an object from it. The domain checks the names it stores too
 * (custom field keys, form fields, contact finder), for callers that do not come through here.
 * The body is read as text (cached by Hono) and handed on as a fresh request body, so signature
 * checks and later body limits see the same bytes.
 */
/** The body as text; the raw request gets it back as its body for handlers that stream it. */
async function readAgainLater(c: Parameters<MiddlewareHandler>[0]): Promise<string> {
  const text = await c.req.text();
  c.req.raw = new Request(c.req.raw, { body: text });
  return text;
}

export function rejectForbiddenKeys(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    for (const name of url.searchParams.keys()) if (hasForbiddenPart(name)) return refuse(c, name);
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (/^application\/(.+\+)?json$/.test(type)) {
      const text = await readAgainLater(c);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return next(); // the route's own validator names the malformed body
      }
      const found = forbiddenKeyPath(body);
      if (found) return refuse(c, found);
    } else if (type === "application/x-www-form-urlencoded") {
      for (const name of new URLSearchParams(await readAgainLater(c)).keys()) if (hasForbiddenPart(name)) return refuse(c, name);
    }
    return next();
  };
}
