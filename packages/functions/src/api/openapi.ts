import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import type { Hono } from "hono";
import { describeRoute, generateSpecs, resolver, uniqueSymbol } from "hono-openapi";
import { findTargetHandler } from "hono/utils/handler";
import { problemRef, routeDescription, type RouteDescription } from "./describe";
import { pathParameterSchema } from "./path-params";
import { ActivityView, ContactView } from "./schemas/contacts";
import { CompanyListItemView, CompanyView } from "./schemas/companies";
import { Problem } from "./schemas/common";
import { UserView } from "./schemas/users";
import { TagView } from "./schemas/tags";
import { CustomFieldView } from "./schemas/custom-fields";

// The docs page loads with the document (one split point for both; app.ts).
export { renderApiReference } from "./docs-page";

/** Named component schemas (the routes describe themselves; their shapes live in ./schemas). */
const schema = (s: v.GenericSchema) => {
  const { $schema: _ignored, ...rest } = toJsonSchema(s, { errorMode: "ignore" }) as Record<string, unknown>;
  return withoutRefMetadata(rest) as Record<string, unknown>;
};
/** `v.metadata({ ref })` names a component for hono-openapi; converted here it would stay an unknown `ref` keyword. */
function withoutRefMetadata(node: unknown, propertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutRefMetadata(item));
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => propertyMap || !(key === "ref" && typeof value === "string"))
      .map(([key, value]) => [key, withoutRefMetadata(value, !propertyMap && ["properties", "patternProperties", "$defs", "definitions"].includes(key))]),
  );
}

const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Send a unique key (1–255 printable ASCII characters, e.g. a UUID) to make a retry safe: the same key with the same request within 24 hours gets the first answer again (status, body, Location/ETag, with `Idempotent-Replayed: true`) and makes nothing new; the same key with another body gets 422; while the first request under the key still runs, 409. Keys are per user and per route.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

type Operation = { summary?: string; security?: unknown[]; parameters?: { name: string; in: string; schema?: unknown }[]; responses: Record<string, unknown> };
type Document = ReturnType<typeof describedRoutes>;
const documents = new WeakMap<object, Promise<Document>>();

/**
 * The document of an app, built once per process when first asked for (it is rarely read): the
 * routes' own descriptions (describe/jsonBody/query next to each handler, read by hono-openapi),
 * and on every signed-in POST the Idempotency-Key header (api/idempotency.ts).
 */
export async function openApiDocument(app: Hono<any, any, any>, serverUrl = "/"): Promise<Document> {
  let document = documents.get(app);
  if (!document) documents.set(app, (document = assemble(app)));
  return { ...(await document), servers: [{ url: serverUrl }] };
}

/** A valibot schema becomes hono-openapi's resolver; a JSON Schema object (a $ref, `type: string`) stays as it is. */
const resolved = (schema: unknown) => (schema && typeof schema === "object" && "~standard" in schema ? resolver(schema as v.GenericSchema) : schema);

/**
 * The routes' own descriptions (api/describe.ts: plain objects, so nothing of hono-openapi loads
 * at a cold start) become hono-openapi's describeRoute and validator markers on the same handlers.
 */
function handDescriptionsToHonoOpenApi(app: Hono<any, any, any>) {
  for (const route of app.routes) {
    const handler = findTargetHandler(route.handler) as unknown as Record<symbol, unknown>;
    const description = handler[routeDescription] as RouteDescription | undefined;
    if (!description || handler[uniqueSymbol]) continue;
    if ("target" in description) {
      handler[uniqueSymbol] = { target: description.target, ...resolver(description.schema), ...(description.media ? { options: { media: description.media } } : {}) };
      continue;
    }
    const responses = Object.fromEntries(
      Object.entries(description.spec.responses).map(([status, response]) => [
        status,
        response.content ? { ...response, content: Object.fromEntries(Object.entries(response.content).map(([media, body]) => [media, { ...body, schema: resolved(body.schema) }])) } : response,
      ]),
    );
    handler[uniqueSymbol] = (describeRoute({ ...description.spec, responses } as Parameters<typeof describeRoute>[0]) as unknown as Record<symbol, unknown>)[uniqueSymbol];
  }
}

async function assemble(app: Hono<any, any, any>): Promise<Document> {
  const document = describedRoutes("/");
  handDescriptionsToHonoOpenApi(app);
  const generated = await generateSpecs(app, { defaultValidationErrorResponse: { description: "Invalid input: `errors` names each failing field", ...problemRef } });
  // Routes that describe themselves replace the hand-kept entries below (still there for the routes not yet converted).
  const paths = document.paths as Record<string, Record<string, Operation>>;
  for (const [path, operations] of Object.entries(generated.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(operations)) if (operation.summary) (paths[path] ??= {})[method] = operation;
  }
  Object.assign(document.components.schemas, generated.components?.schemas);
  for (const [path, operations] of Object.entries(paths)) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    for (const operation of Object.values(operations)) {
      // Each path parameter with the cap and format api/path-params.ts checks (one source).
      const others = (operation.parameters ?? []).filter((parameter) => parameter.in !== "path" || !names.includes(parameter.name));
      const given = new Map((operation.parameters ?? []).filter((parameter) => parameter.in === "path").map((parameter) => [parameter.name, parameter]));
      const described = names.map((name) => {
        const own = given.get(name);
        const generic = !own?.schema || JSON.stringify(own.schema) === '{"type":"string"}';
        return generic ? { name, in: "path", required: true, schema: pathParameterSchema(name) } : own!;
      });
      operation.parameters = [...described, ...others];
      if (operation.parameters.length === 0) delete operation.parameters;
    }
  }
  for (const operations of Object.values(paths)) {
    // Any route may fail unexpectedly: 500 problem+json (api/problem.ts), nothing half-written.
    for (const operation of Object.values(operations)) operation.responses["500"] ??= { description: "Unexpected failure; nothing was half-written: retry", ...problemRef };
    // Every route: a reserved key (`__proto__`, `constructor`, `prototype`) in the query or body,
    // or an over-long path parameter, is a 400 naming it (api/forbidden-keys.ts, path-params.ts).
    for (const operation of Object.values(operations)) operation.responses["400"] ??= { description: "A reserved key in the query or body, or an over-long path parameter: the problem names it", ...problemRef };
    const post = operations.post;
    if (!post || post.security?.length === 0) continue;
    post.parameters = [...(post.parameters ?? []), idempotencyKeyParameter];
    const running = { description: "A request with this Idempotency-Key is still running: retry in a moment", ...problemRef };
    const conflict = post.responses["409"] as { description: string; content: Record<string, { schema: unknown }> } | undefined;
    const ownSchema = conflict?.content?.["application/problem+json"]?.schema;
    // A route's own 409 body (a duplicate's candidates) or the plain problem of a key still running.
    if (!conflict) post.responses["409"] = running;
    else if (ownSchema && JSON.stringify(ownSchema) !== JSON.stringify(problemRef.content["application/problem+json"].schema)) {
      conflict.description = `${conflict.description}; or: ${running.description}`;
      conflict.content["application/problem+json"] = { schema: { anyOf: [ownSchema, problemRef.content["application/problem+json"].schema] } };
    }
    post.responses["422"] ??= { description: "This Idempotency-Key was used for another request", ...problemRef };
  }
  return document;
}

function describedRoutes(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Callboard API",
      version: "1.0.0",
      description:
        "Contacts and automated call lists. Every /v1 route needs `Authorization: Bearer <access token>` from the OpenAuth issuer (code flow with PKCE). The token proves who you are; your role, team and whether your account is active are read from the users table (a change by an admin applies within 30 seconds; a deactivated account gets 401). Errors are application/problem+json. Every path parameter is at most 200 characters, and IDs have their format (ULIDs; a duplicate pair is two joined by `:`): otherwise 400 naming the parameter, before any other check. A query parameter, body key (at any depth) or form field named `__proto__`, `constructor` or `prototype` is a 400 naming it. Every signed-in POST honors an `Idempotency-Key` header (IETF draft, as Stripe): a retry with the same key and body within 24 hours replays the first answer and makes nothing new; another body under the key gets 422, a retry while the first still runs 409.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        Problem: schema(Problem),
        Contact: schema(ContactView),
        User: schema(UserView),
        Company: schema(CompanyView),
        CompanyListItem: schema(CompanyListItemView),
        CustomField: schema(CustomFieldView),
        Tag: schema(TagView),
        Activity: schema(ActivityView),
      },
    },
    paths: {} as Record<string, Record<string, Operation>>,
  };
}

