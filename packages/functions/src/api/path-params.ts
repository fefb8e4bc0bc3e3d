import type { Hono, MiddlewareHandler } from "hono";
import { problem } from "./problem";

/**
 * Path parameters checked once, before any handler: a parameter longer than this is never valid
 * (and a DynamoDB key over 2 KB fails with a 500 instead of a 4xx).
 */
export const MAX_PATH_PARAMETER_LENGTH = 200;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const notAnId = "Not a valid ID.";

/**
 * The parameters that are record IDs, and what each looks like. Every ID the product makes is a
 * ULID (entries are keyed by their contact's or company's ID, requesters are users); a duplicate
 * pair is its two contact IDs joined by ":". Phones, numbers, custom-field keys, chat sources and
 * call keys are not IDs: they only get the length cap. A new ID parameter belongs here.
 */
const idFormats: Record<string, { pattern: RegExp; message: string }> = {
  contactId: { pattern: ULID, message: notAnId },
  companyId: { pattern: ULID, message: notAnId },
  listId: { pattern: ULID, message: notAnId },
  entryId: { pattern: ULID, message: "Not a valid entry ID." },
  jobId: { pattern: ULID, message: notAnId },
  importId: { pattern: ULID, message: "Not a valid import ID." },
  viewId: { pattern: ULID, message: notAnId },
  formId: { pattern: ULID, message: notAnId },
  mergeId: { pattern: ULID, message: "Not a valid merge ID." },
  notificationId: { pattern: ULID, message: notAnId },
  userId: { pattern: ULID, message: notAnId },
  requesterId: { pattern: ULID, message: notAnId },
  pairId: { pattern: /^[0-9A-HJKMNP-TV-Z]{26}:[0-9A-HJKMNP-TV-Z]{26}$/, message: "Not a valid pair ID (two contact IDs joined by “:”)." },
};

/** A path parameter as the OpenAPI document describes it: the same cap and format this file checks. */
export function pathParameterSchema(name: string): { type: "string"; maxLength: number; pattern?: string } {
  const format = idFormats[name];
  return format ? { type: "string", maxLength: MAX_PATH_PARAMETER_LENGTH, pattern: format.pattern.source } : { type: "string", maxLength: MAX_PATH_PARAMETER_LENGTH };
}

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  /** The path's resource segment (`contacts` in `/v1/contacts/...`) when it and all before it are literal. */
  resource?: string;
}

/** `/v1/contacts/:contactId/photo` → a RegExp capturing each named segment. */
function compile(method: string, path: string): CompiledRoute {
  const names: string[] = [];
  const source = path
    .split("/")
    .map((segment) => {
      if (segment === "*") return ".*";
      if (segment.startsWith(":")) {
        names.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  const segments = path.split("/");
  const literal = segments.length > 2 && segments.slice(0, 3).every((segment) => segment !== "*" && !segment.startsWith(":"));
  return { method, pattern: new RegExp(`^${source}/?$`), names, resource: literal ? segments[2] : undefined };
}

/** The segment `compile` keys routes by (`contacts` in `/v1/contacts/…`). */
const resourceOf = (path: string) => path.split("/", 3)[2] ?? "";

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Checks the path parameters of the route a request is for, read from the app's own routes (so
 * no route can be forgotten): each at most 200 characters, and IDs in their format. 400
 * problem+json naming the parameter. A static route of the same method that matches (e.g.
 * `/v1/companies/trash` beside `/v1/companies/:companyId`) wins, as in Hono, and is not checked.
 */
export function checkPathParameters(app: Hono): MiddlewareHandler {
  type Candidates = { routes: CompiledRoute[]; statics: CompiledRoute[] };
  let compiled: { all: CompiledRoute[]; resources: Set<string>; byKey: Map<string, Candidates> } | undefined;
  // Per request only the routes of its method and resource segment are tried (every route has
  // ~200 siblings), in the app's order; routes whose first segments are not literal go with every key.
  const candidatesFor = (method: string, path: string): Candidates => {
    if (!compiled) {
      const all = app.routes.filter((route) => route.method !== "ALL").map((route) => compile(route.method, route.path));
      compiled = { all, resources: new Set(all.flatMap((route) => (route.resource === undefined ? [] : [route.resource]))), byKey: new Map() };
    }
    const resource = resourceOf(path);
    // Unknown resources share one key, so arbitrary paths cannot grow the map.
    const known = compiled.resources.has(resource);
    const key = `${method} ${known ? `/${resource}` : ""}`;
    let candidates = compiled.byKey.get(key);
    if (!candidates) {
      const fits = compiled.all.filter((route) => route.method === method && (route.resource === undefined || (known && route.resource === resource)));
      candidates = { routes: fits.filter((route) => route.names.length > 0), statics: fits.filter((route) => route.names.length === 0) };
      compiled.byKey.set(key, candidates);
    }
    return candidates;
  };
  return async (c, next) => {
    const path = c.req.path;
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const { routes, statics } = candidatesFor(method, path);
    if (statics.some((route) => route.pattern.test(path))) return next();
    const route = routes.find((candidate) => candidate.pattern.test(path));
    if (!route) return next();
    const values = route.pattern.exec(path)!.slice(1).map(decoded);
    const errors: { field: string; message: string }[] = [];
    route.names.forEach((name, index) => {
      const value = values[index] ?? "";
      if (value.length > MAX_PATH_PARAMETER_LENGTH) errors.push({ field: name, message: `At most ${MAX_PATH_PARAMETER_LENGTH} characters.` });
      else if (idFormats[name] && !idFormats[name].pattern.test(value)) errors.push({ field: name, message: idFormats[name].message });
    });
    if (errors.length > 0) return problem(c, 400, { title: "Invalid input", detail: `Invalid path parameter: ${errors.map((error) => error.field).join(", ")}.`, errors });
    return next();
  };
}
