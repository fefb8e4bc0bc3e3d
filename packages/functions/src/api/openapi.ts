import { Jobs, jobStatuses } from "@callboard/core/jobs";
import { Exports, Imports } from "@callboard/core/imports";
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { BulkJobs } from "@callboard/core/bulk";
import { ContactDuplicates, ContactMerges, Contacts } from "@callboard/core/contacts";
import { Notifications, notificationKinds } from "@callboard/core/notifications";
import { CustomFields } from "@callboard/core/custom-fields";
import { Users, roles } from "@callboard/core/users";
import { CallLists } from "@callboard/core/call-lists";
import { Presence, presenceStates } from "@callboard/core/presence";
import { Settings } from "@callboard/core/settings";
import { dispositions } from "@callboard/core/call-lists/call-entry.entity";
import { SimulatorEventBody, SimulatorInboundBody, TwilioInboundFields, TwilioStatusFields } from "@callboard/core/telephony/webhooks";
import { SimulatorRecordingBody, TwilioRecordingFields } from "@callboard/core/recordings/webhook";
import { ChatIntake, Forms, IntakeSettings } from "@callboard/core/intake";
import { Timeline } from "@callboard/core/timeline";
import { Views } from "@callboard/core/views";
import { ListContactsQuery, PageQuery, TimelineQuery } from "./routes/contacts";
import type { Hono } from "hono";
import { describeRoute, generateSpecs, resolver, uniqueSymbol } from "hono-openapi";
import { findTargetHandler } from "hono/utils/handler";
import { problemRef, routeDescription, type RouteDescription } from "./describe";
import { pathParameterSchema } from "./path-params";
import { AccessRequestView, ActivityView, CardView, CommentView, ContactListItemView, ContactView, DuplicatePairView, MatchedOn, MergeView, TimelinePageView } from "./schemas/contacts";
import { CompanyListItemView, CompanyView } from "./schemas/companies";
import { CallListView } from "./schemas/call-lists";
import { Problem } from "./schemas/common";

const text = v.optional(v.string());
/** Response shapes of the routes not yet describing themselves; the converted ones live in ./schemas. */
const SavedViewView = v.object({
  viewId: v.string(),
  name: v.string(),
  filters: v.record(v.string(), v.unknown()),
  sort: v.picklist(["name", "created", "updated"]),
  order: v.picklist(["asc", "desc"]),
  columns: v.array(v.picklist(Views.viewColumns)),
  pageSize: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const CustomFieldView = v.object({
  entityType: v.picklist(CustomFields.customFieldEntityTypes),
  key: v.string(),
  label: v.string(),
  type: v.picklist(CustomFields.customFieldTypes),
  options: v.optional(v.array(v.string())),
  required: v.boolean(),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const TagView = v.object({ tag: v.string(), count: v.optional(v.number()) });
const UserView = v.object({ userId: v.string(), email: v.string(), name: v.string(), role: v.picklist(roles), teamId: v.optional(v.string()), active: v.boolean(), createdAt: v.string(), phone: v.optional(v.string()) });
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
const json = (s: v.GenericSchema) => ({ content: { "application/json": { schema: schema(s) } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: statusText[code] ?? "Error", ...problemRef }]));
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
  428: "If-Match missing",
};
const companyId = { name: "companyId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } };
const ifMatch = { name: "If-Match", in: "header", required: true, schema: { type: "string" } };
const customFieldPath = [
  { name: "entityType", in: "path", required: true, schema: { type: "string", enum: [...CustomFields.customFieldEntityTypes] } },
  { name: "key", in: "path", required: true, schema: { type: "string", pattern: "^[a-z][a-z0-9_]{0,39}$" } },
];
const queryParameters = (s: v.GenericSchema) =>
  Object.entries(schema(s).properties as Record<string, object>).map(([name, property]) => ({ name, in: "query", schema: property }));
const pageOf = (item: v.GenericSchema) => json(v.object({ items: v.array(item), cursor: v.nullable(v.string()) }));
const webhookAnswer = { description: "Accepted; `ignored: \"late\"` when older than 5 minutes", ...json(v.object({ accepted: v.literal(true), ignored: v.optional(v.literal("late")) })) };
const webhookErrors = {
  400: { description: "Signed, but a field is missing or malformed", ...problemRef },
  401: { description: "Signature header missing", ...problemRef },
  403: { description: "Signature does not match", ...problemRef },
  404: { description: "Provider not configured here", ...problemRef },
  429: { description: "Too many callbacks from this address", ...problemRef },
  503: { description: "Could not record the event now; send it again", ...problemRef },
};
const contactId = { name: "contactId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } };
const requesterId = { name: "requesterId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } };
const mergeId = { name: "mergeId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } };
const NotificationView = v.object({ notificationId: v.string(), kind: v.picklist(notificationKinds), text: v.string(), data: v.optional(v.record(v.string(), v.unknown())), read: v.boolean(), createdAt: v.string() });

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
      handler[uniqueSymbol] = { target: description.target, ...resolver(description.schema) };
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
    paths: {
      "/v1/me": {
        get: { summary: "The signed-in user", responses: { 200: { description: "You", ...json(UserView) }, ...errors(401) } },
        patch: {
          summary: "Change your own profile: `phone` (E.164; `null` clears it), where call-list calls reach you instead of the console's softphone",
          requestBody: { required: true, ...json(Users.UpdateMeInput) },
          responses: { 200: { description: "You", ...json(UserView) }, ...errors(400, 401, 413, 415) },
        },
      },
      "/v1/users": {
        get: { summary: "List users (admin, manager, sales: sales pick call-list operators)", responses: { 200: { description: "Users", ...json(v.object({ items: v.array(UserView) })) }, ...errors(401, 403) } },
        post: {
          summary: "Create a user (admin)",
          requestBody: { required: true, ...json(Users.CreateUserInput) },
          responses: { 201: { description: "Created", ...json(UserView) }, ...errors(400, 401, 403, 409, 413, 415) },
        },
      },
      "/v1/users/directory": {
        get: {
          summary: "Everyone's name, email and whether they are active, for any signed-in role (names on cards, @mentions)",
          responses: { 200: { description: "Colleagues", ...json(v.object({ items: v.array(v.object({ userId: v.string(), name: v.string(), email: v.string(), active: v.boolean() })) })) }, ...errors(401) },
        },
      },
      "/v1/users/{userId}": {
        patch: {
          summary: "Change a user (admin): any of `teamId` (null: no team; their contacts follow to the team's list), `role`, `active` (false: deactivated, no sign-in and 401 on every request; true: back). Applies within 30 s, with the user's current token. 409 naming the field: deactivating yourself, or deactivating or demoting the last active admin",
          parameters: [{ name: "userId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } }],
          requestBody: { required: true, ...json(Users.UpdateUserInput) },
          responses: { 200: { description: "The user", ...json(UserView) }, ...errors(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      "/v1/bulk-actions": {
        post: {
          summary:
            "Apply one action (add/remove tags, set responsible managers, set sharing, add to a call list, delete: admins) record by record with your rights. `contactIds`: up to 100 are applied at once (200); 101–10,000 run as a background job (202). `filter` (the contacts list's filter object): everything it matches, always a job",
          requestBody: { required: true, ...json(BulkJobs.BulkJobRequest) },
          responses: {
            200: {
              description: "Counts per status and one result per ID, in the order given (`denied`/`invalid` carry the reason)",
              ...json(v.object({ counts: v.record(v.string(), v.number()), results: v.array(v.object({ contactId: v.string(), status: v.picklist(["applied", "unchanged", "denied", "invalid", "not-found"]), reason: v.optional(v.string()) })) })),
            },
            202: { description: "The bulk job; follow it at GET /v1/bulk-actions/{jobId}", ...json(JobView) },
            ...errors(400, 401, 403, 413, 415),
          },
        },
      },
      "/v1/bulk-actions/{jobId}": {
        get: {
          summary: "A bulk job's progress (done out of total; stats applied/unchanged/denied/invalid/notFound) and every record it did not apply, with the reason",
          parameters: [idPath("jobId")],
          responses: {
            200: {
              description: "Progress and the records not applied (at most 1,000 listed; the counts are complete)",
              ...json(
                v.object({
                  job: JobView,
                  action: v.record(v.string(), v.unknown()),
                  selection: v.picklist(["ids", "filter"]),
                  notApplied: v.array(v.object({ contactId: v.string(), status: v.picklist(["denied", "invalid", "not-found"]), reason: v.optional(v.string()) })),
                  notAppliedTruncated: v.boolean(),
                }),
              ),
            },
            ...errors(400, 401, 404),
          },
        },
      },
      "/v1/contacts/bulk-delete": {
        post: {
          summary: "Move up to 100 contacts to the trash (admin), reported per ID",
          requestBody: { required: true, ...json(Contacts.BulkDeleteInput) },
          responses: {
            200: { description: "One result per ID, in the order given", ...json(v.object({ results: v.array(v.object({ contactId: v.string(), status: v.picklist(["deleted", "not-found"]) })) })) },
            ...errors(400, 401, 403, 413, 415),
          },
        },
      },
      "/v1/contacts": {
        get: {
          summary:
            "Find the contacts you may see (admins all; others their own, shared ones, and (managers) their team's): filters, sort, one-box search `q` (name prefix, phone in any format or its last 7+ digits, email). `tag` may repeat (all must match); custom fields as `cf.<key>=value`, `cf.<key>.min`, `cf.<key>.max`",
          parameters: [
            ...Object.entries(schema(ListContactsQuery).properties as Record<string, object>).map(([name, s]) => ({ name, in: "query", schema: s })),
            { name: "cf.<key>", in: "query", description: "Custom field equals (cf.<key>.min / cf.<key>.max: ranges for number and date fields)", schema: { type: "string" } },
          ],
          responses: {
            200: {
              description: "A page; `meta` says how many DynamoDB requests and items it read, and `bounded` when the work bound (5 Query rounds) ended it early (follow the cursor)",
              ...json(v.object({ items: v.array(ContactListItemView), cursor: v.nullable(v.string()), meta: v.object({ requests: v.number(), itemsRead: v.number(), searchedBy: v.optional(v.picklist(["name", "phone", "email"])), bounded: v.boolean() }) })),
            },
            ...errors(400, 401, 403),
          },
        },
        post: {
          summary: "Create a contact (you become its owner)",
          parameters: queryParameters(ContactDuplicates.CreateOptionsInput),
          requestBody: { required: true, ...json(Contacts.CreateContactInput) },
          responses: {
            201: { description: "Created; ETag carries the version", ...json(ContactView) },
            ...errors(400, 401, 403, 413, 415),
            409: {
              description: "Likely duplicate (unless ?duplicates=allow): problem+json with `candidates` you may see and `hidden` ones (only who to ask and the access-request link)",
              content: { "application/problem+json": { schema: schema(v.object({ type: v.literal("https://callboard.dev/problems/duplicate-contact"), title: v.string(), status: v.literal(409), detail: v.string(), candidates: v.array(v.object({ contactId: v.string(), displayName: v.string(), primaryPhone: v.optional(v.string()), primaryEmail: v.optional(v.string()), ownerId: v.string(), ownerName: v.string(), strength: v.picklist(["strong", "weak"]), on: MatchedOn })), hidden: v.array(v.object({ contactId: v.string(), ownerName: v.string(), on: MatchedOn, requestAccess: v.string() })) })) } },
            },
          },
        },
      },
      "/v1/contacts/{contactId}": {
        get: {
          summary: "A contact's card: the contact and the first page of its timeline (one DynamoDB Query)",
          parameters: [contactId],
          responses: { 200: { description: "The card; ETag carries the version", ...json(CardView) }, ...errors(400, 401, 403, 404) },
        },
        patch: {
          summary: "Change a contact (If-Match required). `ownerIds` and `sharing` only by its responsible managers, their team's managers and admins; 403 on a contact shared with you read-only",
          parameters: [contactId, { name: "If-Match", in: "header", required: true, schema: { type: "string" } }],
          requestBody: { required: true, ...json(Contacts.UpdateContactInput) },
          responses: { 200: { description: "Updated", ...json(ContactView) }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
        },
        delete: { summary: "Move a contact to the trash (admin)", parameters: [contactId], responses: { 204: { description: "In the trash for 30 days" }, ...errors(400, 401, 403, 404) } },
      },
      "/v1/views": {
        get: { summary: "Your saved contacts views (each user sees only their own)", responses: { 200: { description: "Views by name", ...json(v.object({ items: v.array(SavedViewView) })) }, ...errors(401) } },
        post: {
          summary: "Save a view: contact filters (the GET /v1/contacts parameters), sort, order, visible columns, page size",
          requestBody: { required: true, ...json(Views.CreateViewInput) },
          responses: { 201: { description: "Saved", ...json(SavedViewView) }, ...errors(400, 401, 413, 415) },
        },
      },
      "/v1/views/{viewId}": {
        get: { summary: "One of your views", parameters: [{ name: "viewId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } }], responses: { 200: { description: "The view", ...json(SavedViewView) }, ...errors(400, 401, 404) } },
        patch: {
          summary: "Change one of your views",
          parameters: [{ name: "viewId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } }],
          requestBody: { required: true, ...json(Views.UpdateViewInput) },
          responses: { 200: { description: "Changed", ...json(SavedViewView) }, ...errors(400, 401, 404, 413, 415) },
        },
        delete: { summary: "Delete one of your views", parameters: [{ name: "viewId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } }], responses: { 204: { description: "Deleted" }, ...errors(400, 401, 404) } },
      },
      "/v1/trash": {
        get: {
          summary: "Contacts in the trash, newest deletion first (admin)",
          parameters: Object.entries(schema(PageQuery).properties as Record<string, object>).map(([name, s]) => ({ name, in: "query", schema: s })),
          responses: { 200: { description: "A page", ...json(v.object({ items: v.array(ContactView), cursor: v.nullable(v.string()) })) }, ...errors(400, 401, 403) },
        },
      },
      "/v1/telephony/simulator/events": {
        post: {
          summary: "Call event from the telephony simulator (public; HMAC-SHA256 over `<x-simulator-timestamp>.<body>` in x-simulator-signature)",
          security: [],
          requestBody: { required: true, content: { "application/json": { schema: { oneOf: [schema(SimulatorEventBody), schema(SimulatorInboundBody)] } } } },
          responses: { 200: webhookAnswer, ...webhookErrors },
        },
      },
      "/v1/telephony/simulator/recording": {
        post: {
          summary: "A finished recording from the telephony simulator (public; signed like its call events): stored, copied to our files store, deleted at the simulator",
          security: [],
          requestBody: { required: true, content: { "application/json": { schema: schema(SimulatorRecordingBody) } } },
          responses: { 200: webhookAnswer, ...webhookErrors },
        },
      },
      "/v1/telephony/twilio/recording": {
        post: {
          summary: "Twilio recordingStatusCallback (public; X-Twilio-Signature verified; `callId` is ours, in the query): stored, copied to our files store, deleted at Twilio",
          security: [],
          parameters: [{ name: "callId", in: "query", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: schema(v.omit(TwilioRecordingFields, ["callId"])) } } },
          responses: { 200: webhookAnswer, ...webhookErrors },
        },
      },
      "/v1/telephony/twilio/status": {
        post: {
          summary: "Twilio status callback (public; X-Twilio-Signature verified; `callId` is ours, in the query)",
          security: [],
          parameters: [{ name: "callId", in: "query", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: schema(v.omit(TwilioStatusFields, ["callId"])) } } },
          responses: { 200: webhookAnswer, ...webhookErrors },
        },
      },
      "/v1/contacts/{contactId}/timeline": {
        get: {
          summary: "Older pages of a contact's timeline, newest first (the card has the first page and its cursor)",
          parameters: [contactId, ...Object.entries(schema(TimelineQuery).properties as Record<string, object>).map(([name, s]) => ({ name, in: "query", schema: s }))],
          responses: { 200: { description: "A page", ...json(TimelinePageView) }, ...errors(400, 401, 403, 404) },
        },
      },
      "/v1/contacts/{contactId}/comments": {
        post: {
          summary:
            "Comment on a contact (mention users as @<userId>; each active mentioned user who may read the contact gets a `mentioned` notification, and `unnotified` names the others and why) or add a note",
          parameters: [contactId],
          requestBody: { required: true, ...json(Timeline.CommentInput) },
          responses: { 201: { description: "The new activity, with `unnotified` when a mentioned user got no notification", ...json(CommentView) }, ...errors(400, 401, 403, 404, 413, 415) },
        },
      },
      "/v1/contacts/{contactId}/photo": {
        put: {
          summary: "Upload the contact's photo: the raw image as the body (PNG, JPEG, WebP or GIF, checked by its bytes; 1 MB at most)",
          parameters: [contactId],
          requestBody: { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } }, "image/*": { schema: { type: "string", format: "binary" } } } },
          responses: { 200: { description: "The contact with its photo", ...json(ContactView) }, ...errors(400, 401, 403, 404, 413) },
        },
        get: {
          summary: "The contact's photo",
          parameters: [contactId],
          responses: { 200: { description: "The image", content: { "image/*": { schema: { type: "string", format: "binary" } } } }, ...errors(400, 401, 403, 404) },
        },
        delete: { summary: "Remove the contact's photo", parameters: [contactId], responses: { 204: { description: "Removed" }, ...errors(400, 401, 403, 404) } },
      },
      "/v1/contacts/{contactId}/merge": {
        post: {
          summary: "Merge another contact into this one (write access to both): picked fields, united phones/emails/tags/managers/timelines, most restrictive do-not-call/email; the other goes to the trash marked mergedInto. Repeating a merge that crashed part-way finishes it",
          parameters: [contactId],
          requestBody: { required: true, ...json(ContactMerges.MergeInput) },
          responses: { 200: { description: "The merge and the surviving contact", ...json(v.object({ merge: MergeView, contact: ContactView })) }, ...errors(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      "/v1/contacts/{contactId}/access-requests": {
        post: {
          summary: "Ask for access to a contact a duplicate check found but you may not see; its responsible manager is notified. Nothing of the contact is returned",
          parameters: [contactId],
          requestBody: { required: true, ...json(ContactDuplicates.AccessRequestInput) },
          responses: { 202: { description: "Pending", ...json(AccessRequestView) }, ...errors(400, 401, 404, 409, 413, 415) },
        },
      },
      "/v1/contacts/{contactId}/access-requests/{requesterId}/grant": {
        post: { summary: "Grant (the requester becomes an extra responsible manager); its managers, their team's managers, admins", parameters: [contactId, requesterId], responses: { 200: { description: "Granted", ...json(AccessRequestView) }, ...errors(400, 401, 403, 404, 409) } },
      },
      "/v1/contacts/{contactId}/access-requests/{requesterId}/decline": {
        post: { summary: "Decline; the requester learns nothing of the contact", parameters: [contactId, requesterId], responses: { 200: { description: "Declined", ...json(AccessRequestView) }, ...errors(400, 401, 403, 404, 409) } },
      },
      "/v1/merges/{mergeId}": {
        get: { summary: "A merge's status (who merged, or an admin)", parameters: [mergeId], responses: { 200: { description: "The merge", ...json(MergeView) }, ...errors(400, 401, 403, 404) } },
      },
      "/v1/merges/{mergeId}/undo": {
        post: {
          summary: "Undo a merge within 30 days (who merged, or an admin): both contacts exactly as they were. 409 if the survivor changed since; 410 after 30 days",
          parameters: [mergeId],
          responses: { 200: { description: "Undone", ...json(MergeView) }, ...errors(400, 401, 403, 404, 409, 410) },
        },
      },
      "/v1/duplicates": {
        get: { summary: "The admins' duplicates queue: open pairs, oldest first", parameters: queryParameters(ContactDuplicates.ListQueueInput), responses: { 200: { description: "A page", ...pageOf(DuplicatePairView) }, ...errors(400, 401, 403) } },
      },
      "/v1/duplicates/{pairId}/dismiss": {
        post: { summary: "Not a duplicate (admin): the pair leaves the queue for good", parameters: [{ name: "pairId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}:[0-9A-HJKMNP-TV-Z]{26}$" } }], responses: { 204: { description: "Dismissed" }, ...errors(400, 401, 403, 404) } },
      },
      "/v1/notifications": {
        get: { summary: "Your notifications, newest first, and how many of them are unread", parameters: queryParameters(Notifications.ListNotificationsInput), responses: { 200: { description: "Inbox", ...json(v.object({ items: v.array(NotificationView), unread: v.number() })) }, ...errors(400, 401) } },
      },
      "/v1/notifications/{notificationId}/read": {
        post: { summary: "Mark one of your notifications read", parameters: [{ name: "notificationId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } }], responses: { 200: { description: "Read", ...json(NotificationView) }, ...errors(400, 401, 404) } },
      },
      "/v1/contacts/{contactId}/restore": {
        post: { summary: "Restore a contact from the trash (admin)", parameters: [contactId], responses: { 200: { description: "Restored", ...json(ContactView) }, ...errors(400, 401, 403, 404, 410) } },
      },
      "/v1/custom-fields": {
        get: {
          summary: "Custom field definitions (everyone); `entity` narrows to contact or company",
          parameters: queryParameters(CustomFields.ListCustomFieldsInput),
          responses: { 200: { description: "Definitions", ...json(v.object({ items: v.array(CustomFieldView) })) }, ...errors(400, 401) },
        },
        post: {
          summary: "Define a custom field (admin)",
          requestBody: { required: true, ...json(CustomFields.DefineCustomFieldInput) },
          responses: { 201: { description: "Defined; ETag carries the version", ...json(CustomFieldView) }, ...errors(400, 401, 403, 409, 413, 415) },
        },
      },
      "/v1/custom-fields/{entityType}/{key}": {
        patch: {
          summary: "Change label, options or required (admin; If-Match required; key and type never change)",
          parameters: [...customFieldPath, ifMatch],
          requestBody: { required: true, ...json(CustomFields.UpdateCustomFieldInput) },
          responses: { 200: { description: "Changed", ...json(CustomFieldView) }, ...errors(400, 401, 403, 404, 412, 413, 415, 428) },
        },
        delete: {
          summary: "Remove a custom field (admin): its values are hidden, a later field with the same key starts empty",
          parameters: customFieldPath,
          responses: { 204: { description: "Removed" }, ...errors(400, 401, 403, 404) },
        },
      },
      ...intakePaths(),
      "/v1/tags": {
        get: {
          summary: "Tags in use on contacts or companies, by name; admins also get `count` (records carrying the tag, organization-wide), others the names only",
          parameters: [{ name: "entity", in: "query", required: true, schema: { type: "string", enum: ["contact", "company"] } }],
          responses: { 200: { description: "Tags", ...json(v.object({ items: v.array(TagView) })) }, ...errors(400, 401) },
        },
      },
      ...jobPaths(),
      ...callListPaths(),
    },
  };
}

const JobView = v.object({
  jobId: v.string(),
  kind: v.string(),
  ownerId: v.string(),
  status: v.picklist(jobStatuses),
  total: v.number(),
  done: v.number(),
  failed: v.number(),
  stats: v.optional(v.record(v.string(), v.number())),
  result: v.optional(v.record(v.string(), v.unknown())),
  error: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const idPath = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } });
const csvBody = { content: { "text/csv": { schema: { type: "string" } } } };

/** What `POST /v1/imports/{id}/preview` answers (core/src/imports/imports.ts `Preview`). */
const ImportPreviewView = v.object({
  importId: v.string(),
  fileName: v.string(),
  encoding: v.string(),
  delimiter: v.string(),
  flavour: v.string(),
  totalRows: v.number(),
  columns: v.array(v.object({ index: v.number(), header: v.string(), field: v.nullable(v.string()), detected: v.nullable(v.string()), note: v.optional(v.string()) })),
  rows: v.array(
    v.object({
      row: v.number(),
      fields: v.optional(v.record(v.string(), v.unknown())),
      errors: v.array(v.object({ field: v.string(), message: v.string() })),
      dropped: v.array(v.object({ column: v.string(), value: v.string(), reason: v.string() })),
      who: v.optional(v.string()),
      company: v.optional(v.object({ name: v.string(), column: v.string(), match: v.picklist(["existing", "new", "ambiguous"]), companyId: v.optional(v.string()) })),
      duplicateOf: v.optional(v.object({ row: v.optional(v.number()), existing: v.optional(v.boolean()) })),
    }),
  ),
});

/** Background jobs, CSV import and export (docs/imports.md). */
function jobPaths() {
  return {
    "/v1/jobs": {
      get: {
        summary: "Your background jobs, newest first (admins: everyone's; admins with scope=system: the housekeeping jobs, trash expiry and restore)",
        parameters: queryParameters(Jobs.ListJobsInput),
        responses: { 200: { description: "Jobs", ...pageOf(JobView) }, ...errors(400, 401, 403) },
      },
    },
    "/v1/jobs/{jobId}": {
      get: { summary: "A job's progress: done and failed out of total", parameters: [idPath("jobId")], responses: { 200: { description: "The job", ...json(JobView) }, ...errors(400, 401, 404) } },
    },
    "/v1/jobs/{jobId}/cancel": {
      post: { summary: "Stop a queued or running job after its current chunk", parameters: [idPath("jobId")], responses: { 200: { description: "The job", ...json(JobView) }, ...errors(400, 401, 404) } },
    },
    "/v1/imports": {
      post: {
        summary: "Start a CSV import: where to PUT the file (a presigned S3 URL on AWS, else PUT /v1/imports/{importId}/file); at most 20 MB and 100,000 rows",
        requestBody: { required: true, ...json(Imports.CreateImportInput) },
        responses: { 201: { description: "Created", ...json(v.object({ importId: v.string(), fileName: v.string(), uploadUrl: v.nullable(v.string()), maxBytes: v.number(), maxRows: v.number(), upload: v.object({ method: v.literal("PUT"), url: v.string(), headers: v.record(v.string(), v.string()) }) })) }, ...errors(400, 401, 403, 413, 415) },
      },
    },
    "/v1/imports/{importId}/file": {
      put: { summary: "Upload the CSV (servers without S3); the raw file is the body", parameters: [idPath("importId")], requestBody: { required: true, ...csvBody }, responses: { 200: { description: "Read: rows, encoding, delimiter", ...json(v.object({ rows: v.number(), encoding: v.string(), delimiter: v.string() })) }, ...errors(400, 401, 404, 413) } },
    },
    "/v1/imports/{importId}/preview": {
      post: { summary: "Dry run of the first 20 rows: detected columns, mapped fields, values an imported row loses (`dropped`: column, value, reason), errors and whom a rejected row concerns (`who`), company match (existing, new or ambiguous) and duplicates; `mapping` (header → field or null) overrides the detection; `__proto__`, `constructor` and `prototype` are refused as mapping keys", parameters: [idPath("importId")], requestBody: { required: true, ...json(Imports.PreviewInput) }, responses: { 200: { description: "Preview", ...json(ImportPreviewView) }, ...errors(400, 401, 404, 409, 415) } },
    },
    "/v1/imports/{importId}/start": {
      post: { summary: "Process the file in the background; `duplicates`: skip, update or create. The job has the import's ID", parameters: [idPath("importId")], requestBody: { required: true, ...json(Imports.StartImportInput) }, responses: { 202: { description: "The job", ...json(JobView) }, ...errors(400, 401, 404, 409, 415) } },
    },
    "/v1/imports/{importId}/report": {
      get: { summary: "CSV of every rejected or skipped row, and every imported row that lost values (outcome created/updated, reason `Imported without: …`), with the row's cells (formula cells guarded)", parameters: [idPath("importId")], responses: { 200: { description: "The report", ...csvBody }, ...errors(400, 401, 404) } },
    },
    "/v1/exports": {
      post: { summary: "Export your visible contacts (optionally by `filter`) with the columns an import reads: the CSV at once up to 1,000 rows, else 202 with a job", requestBody: { required: true, ...json(Exports.ExportInput) }, responses: { 200: { description: "The CSV", ...csvBody }, 202: { description: "The export job", ...json(JobView) }, ...errors(400, 401, 415) } },
    },
    "/v1/exports/{jobId}/file": {
      get: { summary: "The finished export job's CSV", parameters: [idPath("jobId")], responses: { 200: { description: "The CSV", ...csvBody }, ...errors(400, 401, 404, 409) } },
    },
  };
}

const formId = { name: "formId", in: "path", required: true, schema: { type: "string", pattern: "^[0-9A-HJKMNP-TV-Z]{26}$" } };
const FormView = v.object({
  formId: v.string(),
  name: v.string(),
  fields: v.record(v.string(), v.string()),
  allowedOrigins: v.array(v.string()),
  ownerId: v.string(),
  tags: v.array(v.string()),
  redirectUrl: v.optional(v.string()),
  hasSecret: v.boolean(),
  honeypotField: v.string(),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const signedHeaders = [
  { name: "x-callboard-timestamp", in: "header", schema: { type: "string" }, description: "Unix seconds" },
  { name: "x-callboard-signature", in: "header", schema: { type: "string" }, description: "`v1=` + hex HMAC-SHA256 of `<timestamp>.<raw body>`" },
];

/** Web forms, chat sources, inbound calls (docs/intake.md). */
function intakePaths() {
  const publicErrors = {
    400: { description: "A field is missing or malformed (named by the form's field name)", ...problemRef },
    401: { description: "Signature headers missing (signed posts)", ...problemRef },
    403: { description: "Origin not allowed, or the signature does not match", ...problemRef },
    404: { description: "No such form / chat source not configured", ...problemRef },
    409: { description: "The same Idempotency-Key is still being processed", ...problemRef },
    413: { description: "Body over 64 KB", ...problemRef },
    429: { description: "Rate limit (per address, per form); see Retry-After", ...problemRef },
  };
  return {
    "/v1/forms": {
      get: { summary: "Web forms (admin)", responses: { 200: { description: "Forms", ...json(v.object({ items: v.array(FormView) })) }, ...errors(401, 403) } },
      post: {
        summary: "Create a web form (admin): field mapping, allowed origins, owner, tags, thank-you URL, optional HMAC secret",
        requestBody: { required: true, ...json(Forms.CreateFormInput) },
        responses: { 201: { description: "Created", ...json(FormView) }, ...errors(400, 401, 403, 413, 415) },
      },
    },
    "/v1/forms/{formId}": {
      get: { summary: "One web form (admin)", parameters: [formId], responses: { 200: { description: "The form", ...json(FormView) }, ...errors(401, 403, 404) } },
      patch: {
        summary: "Change a web form (admin); `null` clears redirectUrl or secret",
        parameters: [formId],
        requestBody: { required: true, ...json(Forms.UpdateFormInput) },
        responses: { 200: { description: "Changed", ...json(FormView) }, ...errors(400, 401, 403, 404, 412) },
      },
      delete: { summary: "Delete a web form (admin)", parameters: [formId], responses: { 204: { description: "Deleted" }, ...errors(401, 403) } },
    },
    "/v1/forms/{formId}/submissions": {
      post: {
        summary:
          "Public: a site posts a lead (JSON or urlencoded). Allowed origins only (CORS); honeypot; rate limits; Idempotency-Key; HMAC for forms with a secret. A plain HTML form post gets 303 to the thank-you URL.",
        security: [],
        parameters: [formId, { name: "Idempotency-Key", in: "header", schema: { type: "string" } }, ...signedHeaders],
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { type: "object", additionalProperties: { type: "string" } } },
            "application/x-www-form-urlencoded": { schema: { type: "object", additionalProperties: { type: "string" } } },
          },
        },
        responses: {
          201: { description: "Accepted", ...json(v.object({ accepted: v.literal(true), submissionId: v.string() })) },
          303: { description: "Accepted (HTML form post): go to the thank-you URL" },
          ...publicErrors,
        },
      },
    },
    "/v1/intake/chats": {
      post: {
        summary: "Public, signed per source: a chat message (site chat, Telegram, VK); matched by handle or phone, else a new contact",
        security: [],
        parameters: signedHeaders,
        requestBody: { required: true, ...json(ChatIntake.ChatMessageBody) },
        responses: { 201: { description: "Logged (repeats of a messageId get the first answer)", ...json(v.object({ accepted: v.literal(true), messageId: v.string(), contactId: v.string() })) }, ...publicErrors },
      },
    },
    "/v1/intake/routes": { get: { summary: "Inbound call routes: called number (or *) → user (admin)", responses: { 200: { description: "Routes" }, ...errors(401, 403) } } },
    "/v1/intake/routes/{number}": {
      put: {
        summary: "Route calls to a number (E.164 in any format, or *) to a user (admin)",
        parameters: [{ name: "number", in: "path", required: true, schema: { type: "string", maxLength: 200 } }],
        requestBody: { required: true, ...json(IntakeSettings.SetRouteInput) },
        responses: { 200: { description: "Set" }, ...errors(400, 401, 403) },
      },
      delete: { summary: "Remove a route (admin)", parameters: [{ name: "number", in: "path", required: true, schema: { type: "string", maxLength: 200 } }], responses: { 204: { description: "Removed" }, ...errors(400, 401, 403) } },
    },
    "/v1/intake/chat-sources": { get: { summary: "Configured chat sources, without secrets (admin)", responses: { 200: { description: "Sources" }, ...errors(401, 403) } } },
    "/v1/intake/chat-sources/{source}": {
      put: {
        summary: "Set a chat source's HMAC secret and the owner of the contacts it creates (admin)",
        parameters: [{ name: "source", in: "path", required: true, schema: { type: "string", enum: ["chat", "telegram", "vk"] } }],
        requestBody: { required: true, ...json(IntakeSettings.SetChatSourceInput) },
        responses: { 200: { description: "Set" }, ...errors(400, 401, 403) },
      },
    },
    "/v1/operator/inbound-call": {
      get: { summary: "The answered inbound call waiting on your screen (the console polls it every second), or null", responses: { 200: { description: "The call and the caller's card" }, ...errors(401) } },
    },
    "/v1/operator/inbound-call/{callKey}/dismiss": {
      post: { summary: "Close the inbound-call card", parameters: [{ name: "callKey", in: "path", required: true, schema: { type: "string", maxLength: 200 } }], responses: { 204: { description: "Closed" }, ...errors(400, 401, 404) } },
    },
    "/v1/operator/voice-config": {
      get: { summary: "Which softphone the console loads: `simulator` (calls arrive on the local host's event stream) or `twilio` (Voice JS SDK), and your client identity", responses: { 200: { description: "The provider", ...json(v.object({ provider: v.picklist(["simulator", "twilio"]), identity: v.string() })) }, ...errors(401) } },
    },
    "/v1/operator/voice-token": {
      get: {
        summary: "A Twilio Access Token (10 minutes) with a Voice grant for your softphone: identity = your user ID. 409 naming the missing settings when Twilio is not configured",
        responses: { 200: { description: "The token", ...json(v.object({ token: v.string(), identity: v.string(), expiresAt: v.string() })) }, ...errors(401, 409) },
      },
    },
    ...Object.fromEntries(
      (
        [
          ["answer", "Answer TwiML of an outbound call with a reserved operator: <Dial><Client> (or <Number>) at once, asynchronous AMD runs meanwhile"],
          ["amd", "Asynchronous AMD verdict: decides the outcome; a machine gets the list's voicemail drop and never reaches the operator"],
          ["dial-result", "<Dial action>: the operator's leg ended; not answered → a short message naming the company, the call counts as abandoned"],
          ["operator-status", "Status callback of the operator's leg: answered → the voice leg is connected"],
        ] as const
      ).map(([step, summary]) => [
        `/v1/telephony/twilio/${step}`,
        {
          post: {
            summary: `${summary} (public; X-Twilio-Signature verified over the URL we gave Twilio, which carries \`callId\` and the leg's context \`ctx\`)`,
            security: [],
            parameters: [
              { name: "callId", in: "query", required: true, schema: { type: "string" } },
              { name: "ctx", in: "query", required: true, schema: { type: "string" } },
            ],
            requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: { type: "object" } } } },
            responses: { 200: { description: step === "answer" || step === "dial-result" ? "TwiML" : "Accepted" }, ...webhookErrors },
          },
        },
      ]),
    ),
    "/v1/telephony/twilio/voice": {
      post: {
        summary: "Twilio voice webhook and status callback for inbound calls (public; X-Twilio-Signature verified); answers TwiML",
        security: [],
        requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: schema(TwilioInboundFields) } } },
        responses: { 200: { description: "TwiML (TWILIO_INBOUND_TWIML or an empty <Response/>)" }, ...webhookErrors },
      },
    },
  };
}

const listIdPath = idPath("listId");
const PresenceView = v.object({
  userId: v.string(),
  state: v.picklist(presenceStates),
  since: v.string(),
  reason: v.optional(v.string()),
  heartbeatAt: v.optional(v.string()),
  wrapUpEndsAt: v.optional(v.string()),
  pauseAfterCall: v.optional(v.boolean()),
  current: v.optional(v.object({ listId: v.optional(v.string()), entryId: v.optional(v.string()), callId: v.string() })),
});

const OrganizationSettingsView = v.object({
  pauseReasons: v.array(v.string()),
  recordingDefault: v.boolean(),
  recordingRetentionDays: v.number(),
  recordingAnnouncement: v.optional(v.string()),
  defaultLanguage: v.picklist(Settings.languages),
  wrapUpSeconds: v.optional(v.number()),
  companyName: v.optional(v.string()),
  version: v.number(),
  updatedAt: v.optional(v.string()),
});

const percent = (what: string) => v.pipe(v.number(), v.description(`${what}, in percent (one decimal).`));
const CallListStatisticsView = v.object({
  listId: v.string(),
  attempts: v.number(),
  answered: v.pipe(v.number(), v.description("Attempts a person answered.")),
  answeredPercentOfAttempts: percent("answered ÷ attempts"),
  reachedEntries: v.pipe(v.number(), v.description("Entries reached (wrapped up or in wrap-up).")),
  finishedEntries: v.pipe(v.number(), v.description("Entries with a result: reached or unreached.")),
  reachedPercentOfFinishedEntries: percent("reachedEntries ÷ finishedEntries"),
  funnel: v.array(
    v.object({
      stage: v.picklist(["dialed", "answered", ...dispositions]),
      count: v.number(),
      percentOfDialed: percent("count ÷ dialed attempts"),
      percentOfAnswered: v.optional(percent("Dispositions: count ÷ answered attempts")),
    }),
  ),
  callsPerHour: v.array(v.object({ hour: v.pipe(v.string(), v.description("The UTC hour's start, ISO.")), calls: v.number(), answered: v.number() })),
  talkByOperator: v.array(v.object({ operatorId: v.string(), name: v.string(), calls: v.number(), answered: v.number(), talkSeconds: v.number() })),
  abandoned: v.pipe(v.number(), v.description("Answered calls no operator was connected to within 2 s.")),
  callLog: v.object({ calls: v.number(), complete: v.pipe(v.boolean(), v.description("false: the list has more calls than one bounded read holds; the call-log figures cover the earliest.")) }),
});
/** Call lists, the operator's screen and the organization's do-not-call numbers (docs/call-lists.md). */
function callListPaths() {
  return {
    "/v1/call-lists/{listId}": {
      patch: {
        summary: "Change the list's call script (`settings.script`, at most 4000 characters, placeholders {firstName} {lastName} {name} {company} {operatorName} {listName}; null removes it); the list's creator, managers and admins",
        parameters: [listIdPath],
        requestBody: { required: true, ...json(CallLists.UpdateCallListInput) },
        responses: { 200: { description: "The list", ...json(CallListView) }, ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    "/v1/call-lists/{listId}/statistics": {
      get: {
        summary:
          "The list's charts: both rates named for what they divide (answeredPercentOfAttempts, reachedPercentOfFinishedEntries), the funnel (dialed, answered by a person, each disposition), calls per UTC hour over the list's life, talk time per operator, abandoned calls. Counts from the list's counters; dispositions, hours and talk time from the call log (one bounded Query). Whoever may see the list",
        parameters: [listIdPath],
        responses: { 200: { description: "Statistics", ...json(CallListStatisticsView) }, ...errors(400, 401, 403, 404) },
      },
    },
    "/v1/operator/presence": {
      get: {
        summary: "Your presence: offline, ready, paused (with a reason), reserved, on-call or wrap-up, since when; a heartbeat older than 30 s reads as offline. `?userId=` naming someone else: 403",
        parameters: [{ name: "userId", in: "query", required: false, schema: { type: "string" } }],
        responses: { 200: { description: "Your presence", ...json(PresenceView) }, ...errors(400, 401, 403) },
      },
      put: {
        summary: "Set yourself ready, or paused with one of the organization's pause reasons (the engine sets the other states). During a call, paused means \"pause after this call\". `?userId=` naming someone else: 403",
        parameters: [{ name: "userId", in: "query", required: false, schema: { type: "string" } }],
        requestBody: { required: true, ...json(Presence.SetPresenceInput) },
        responses: { 200: { description: "Your presence", ...json(PresenceView) }, ...errors(400, 401, 403, 413, 415) },
      },
    },
    "/v1/operator/presence/heartbeat": {
      post: { summary: "The console is open (sent every 10 s; 30 s without one reads as offline and no call is placed for you)", responses: { 200: { description: "Your presence", ...json(PresenceView) }, ...errors(401, 403) } },
    },
    "/v1/settings": {
      get: { summary: "The organization's settings: pause reasons, recording default, language, default wrap-up time, company name (everyone reads them)", responses: { 200: { description: "Settings", ...json(OrganizationSettingsView) }, ...errors(401) } },
      patch: {
        summary: "Change any of the organization's settings (admin)",
        requestBody: { required: true, ...json(Settings.UpdateSettingsInput) },
        responses: { 200: { description: "Settings", ...json(OrganizationSettingsView) }, ...errors(400, 401, 403, 413, 415) },
      },
    },
    "/v1/operator/next-call": {
      get: {
        summary: "Between calls: your presence, your running lists and when their next entry is due (`dueInSeconds` 0: now; no `nextDueAt`: nothing waits to be dialed)",
        responses: {
          200: {
            description: "Your queue",
            ...json(
              v.object({
                state: v.picklist(presenceStates),
                runningLists: v.array(v.object({ listId: v.string(), name: v.string() })),
                nextDueAt: v.optional(v.string()),
                dueInSeconds: v.optional(v.number()),
                listId: v.optional(v.string()),
                listName: v.optional(v.string()),
              }),
            ),
          },
          ...errors(401, 403),
        },
      },
    },
  };
}
