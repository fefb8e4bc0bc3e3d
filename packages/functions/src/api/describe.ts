import type { MiddlewareHandler } from "hono";
import type * as v from "valibot";

/**
 * How a route describes itself next to its handler: `describe({ summary, responses })` in the
 * route's chain, request schemas through `jsonBody`/`query` (api/body.ts), response schemas with
 * `json(...)`, problem answers with `problems(...)`. api/openapi.ts hands these to hono-openapi
 * (describeRoute/resolver/generateSpecs) when the document is first asked for, so neither
 * hono-openapi nor the JSON Schema converter is loaded at a cold start: here only plain objects
 * ride on the middleware, under this symbol.
 */
export const routeDescription = Symbol.for("callboard.route-description");

type Schema = v.GenericSchema | Record<string, unknown>;
type Response = { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> };
export interface RouteSpec {
  summary: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema: Record<string, unknown> }[];
  /** A body no validator describes (a raw CSV upload); validated JSON bodies come from jsonBody. */
  requestBody?: { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string | number, Response>;
  security?: Record<string, string[]>[];
}
export type RouteDescription = { spec: RouteSpec } | { target: "json" | "query" | "form"; schema: v.GenericSchema; media?: string };

/** The route's summary, parameters beyond the validated ones, and every answer it gives. */
export function describe(spec: RouteSpec): MiddlewareHandler {
  const middleware: MiddlewareHandler = async (_c, next) => {
    await next();
  };
  return Object.assign(middleware, { [routeDescription]: { spec } satisfies RouteDescription });
}

/** A JSON answer with its valibot schema (the contract test checks every API test's answers against it). */
export const json = (description: string, schema: v.GenericSchema, headers?: Record<string, { description: string; required?: boolean; schema: { type: "string" } }>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema } } as Record<string, { schema: Schema }>,
});

/** An answer without a body (204), or one whose body the document leaves open (TwiML, images). */
export const empty = (description: string) => ({ description });

/** A CSV answer (an export, an import's report): text/csv, downloaded as a file. */
export const csv = (description: string) => ({ description, content: { "text/csv": { schema: { type: "string" } } } as Record<string, { schema: Schema }> });

/** `ETag` (the version) on an answer that returns a versioned record. */
export const etagHeader = { etag: { description: "The version, for If-Match", required: true, schema: { type: "string" as const } } };
export const locationHeader = { location: { description: "Where the new record is", required: true, schema: { type: "string" as const } } };

const statusText: Record<number, string> = {
  400: "Invalid input: `errors` names each failing field",
  401: "No or bad bearer token",
  403: "Your role lacks the right",
  404: "Missing, or not visible to you",
  409: "Conflict",
  410: "Gone for good",
  412: "Stale If-Match version",
  413: "Body over 256 KB (a photo: over 1 MB)",
  415: "Body is not JSON",
  422: "Unprocessable",
  428: "If-Match missing",
  429: "Too many requests",
  503: "Unavailable now; try again",
};
export const problemRef = { content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };

/** Problem answers (application/problem+json, components.schemas.Problem) by status. */
export const problems = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { description: statusText[code] ?? "Error", ...problemRef }]));

/**
 * Marks a request validator middleware with its schema, as hono-openapi's own `validator` does,
 * so the document shows it: `json` as the request body, `query` as query parameters. Our
 * validators keep their own checks (415, problem+json naming the field); only the description is added.
 * `media` names the body's type when it is not JSON or multipart (a provider's urlencoded callback).
 */
export function describedValidator<T extends object>(middleware: T, target: "json" | "query" | "form", schema: v.GenericSchema, media?: string): T {
  return Object.assign(middleware, { [routeDescription]: { target, schema, ...(media ? { media } : {}) } satisfies RouteDescription });
}
