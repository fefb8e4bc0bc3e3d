import { Jobs, jobStatuses } from "@callboard/core/jobs";
import { Exports, Imports } from "@callboard/core/imports";
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { Companies } from "@callboard/core/companies";
import { Contacts } from "@callboard/core/contacts";
import { CustomFields } from "@callboard/core/custom-fields";
import { Users, roles } from "@callboard/core/users";
import { ListCompaniesQuery } from "./routes/companies";
import { SimulatorEventBody, TwilioStatusFields } from "@callboard/core/telephony/webhooks";
import { Timeline } from "@callboard/core/timeline";
import { contactMethods, contactTypes, phoneTypes, sourceKinds } from "@callboard/core/contacts/contact.entity";
import { ListContactsQuery, TimelineQuery } from "./routes/contacts";

const text = v.optional(v.string());
/** Response shapes, for the reference only (the domain types are the source of truth). */
const ContactView = v.object({
  contactId: v.string(),
  displayName: v.string(),
  nameSource: v.picklist(["rules", "source", "manual"]),
  firstName: text,
  lastName: text,
  middleName: text,
  birthday: text,
  position: text,
  phones: v.array(v.object({ number: v.string(), type: v.picklist(phoneTypes), primary: v.boolean() })),
  emails: v.array(v.object({ address: v.string(), primary: v.boolean() })),
  messengers: v.optional(v.object({ telegram: text, whatsapp: text, viber: text })),
  address: text,
  website: text,
  socialLinks: v.optional(v.array(v.string())),
  comment: text,
  tags: v.optional(v.array(v.string())),
  contactType: v.optional(v.picklist(contactTypes)),
  currency: text,
  custom: v.optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.array(v.string())]))),
  ownerIds: v.array(v.string()),
  ownerId: v.string(),
  teamIds: v.optional(v.array(v.string())),
  sharing: v.picklist(["private", "read", "write"]),
  source: v.object({ kind: v.picklist(sourceKinds), label: text, ref: text }),
  doNotCall: v.boolean(),
  doNotEmail: v.boolean(),
  preferredContactMethod: v.picklist(contactMethods),
  active: v.boolean(),
  timeZone: text,
  companyId: text,
  company: v.optional(v.object({ companyId: v.string(), name: v.string(), shortName: text })),
  photo: v.optional(v.object({ contentType: v.string(), size: v.number(), updatedAt: v.string() })),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const CustomValue = v.union([v.string(), v.number(), v.boolean(), v.array(v.string())]);
const CompanyView = v.object({
  companyId: v.string(),
  name: v.string(),
  shortName: v.optional(v.string()),
  phones: v.array(v.object({ number: v.string(), type: v.picklist(["work", "mobile", "home", "fax", "other"]) })),
  emails: v.array(v.string()),
  website: v.optional(v.string()),
  address: v.optional(v.string()),
  tags: v.array(v.string()),
  custom: v.record(v.string(), CustomValue),
  managerIds: v.array(v.string()),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const CompanyListItemView = v.object({
  companyId: v.string(),
  name: v.string(),
  shortName: v.optional(v.string()),
  primaryPhone: v.optional(v.string()),
  primaryEmail: v.optional(v.string()),
  tags: v.array(v.string()),
  managerIds: v.array(v.string()),
  version: v.number(),
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
const TagView = v.object({ tag: v.string(), count: v.number() });
const ActivityView = v.object({
  contactId: v.string(),
  activityId: v.string(),
  kind: v.picklist(Timeline.activityKinds),
  at: v.string(),
  actorId: v.string(),
  text,
  changes: v.optional(v.array(v.object({ field: v.string(), before: v.optional(v.unknown()), after: v.optional(v.unknown()) }))),
  mentions: v.optional(v.array(v.string())),
  source: v.optional(v.record(v.string(), v.unknown())),
  call: v.optional(v.record(v.string(), v.unknown())),
  relatedContactId: text,
});
const TimelinePageView = v.object({ items: v.array(ActivityView), cursor: v.nullable(v.string()) });
const CardView = v.intersect([ContactView, v.object({ timeline: TimelinePageView })]);
const UserView = v.object({ userId: v.string(), email: v.string(), name: v.string(), role: v.picklist(roles), teamId: v.optional(v.string()), createdAt: v.string() });
const Problem = v.object({
  type: v.string(),
  title: v.string(),
  status: v.number(),
  detail: v.optional(v.string()),
  errors: v.optional(v.array(v.object({ field: v.string(), message: v.string() }))),
});

const schema = (s: v.GenericSchema) => {
  const { $schema: _ignored, ...rest } = toJsonSchema(s, { errorMode: "ignore" }) as Record<string, unknown>;
  return rest;
};
const json = (s: v.GenericSchema) => ({ content: { "application/json": { schema: schema(s) } } });
const problemRef = { content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
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

export function openApiDocument(serverUrl = "/") {
  return {
    openapi: "3.1.0",
    info: {
      title: "Callboard API",
      version: "1.0.0",
      description:
        "Contacts and automated call lists. Every /v1 route needs `Authorization: Bearer <access token>` from the OpenAuth issuer (code flow with PKCE). Errors are application/problem+json.",
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
      "/v1/me": { get: { summary: "The signed-in user", responses: { 200: { description: "You", ...json(UserView) }, ...errors(401) } } },
      "/v1/users": {
        get: { summary: "List users (admin, manager)", responses: { 200: { description: "Users", ...json(v.object({ items: v.array(UserView) })) }, ...errors(401, 403) } },
        post: {
          summary: "Create a user (admin)",
          requestBody: { required: true, ...json(Users.CreateUserInput) },
          responses: { 201: { description: "Created", ...json(UserView) }, ...errors(400, 401, 403, 409, 413, 415) },
        },
      },
      "/v1/users/{userId}": {
        patch: {
          summary: "Move a user to a team, or out of any (admin); their contacts follow to the team's list. Takes effect in the user's next token (15 min)",
          parameters: [{ name: "userId", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, ...json(Users.UpdateUserInput) },
          responses: { 200: { description: "The user", ...json(UserView) }, ...errors(400, 401, 403, 404, 413, 415) },
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
          summary: "List the contacts you may see, newest first: admins all; others their own, shared ones, and (managers) their team's",
          parameters: Object.entries(schema(ListContactsQuery).properties as Record<string, object>).map(([name, s]) => ({ name, in: "query", schema: s })),
          responses: { 200: { description: "A page", ...json(v.object({ items: v.array(ContactView), cursor: v.nullable(v.string()) })) }, ...errors(400, 401, 403) },
        },
        post: {
          summary: "Create a contact (you become its owner)",
          requestBody: { required: true, ...json(Contacts.CreateContactInput) },
          responses: { 201: { description: "Created; ETag carries the version", ...json(ContactView) }, ...errors(400, 401, 403, 413, 415) },
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
      "/v1/trash": {
        get: {
          summary: "Contacts in the trash, newest deletion first (admin)",
          parameters: Object.entries(schema(ListContactsQuery).properties as Record<string, object>).map(([name, s]) => ({ name, in: "query", schema: s })),
          responses: { 200: { description: "A page", ...json(v.object({ items: v.array(ContactView), cursor: v.nullable(v.string()) })) }, ...errors(400, 401, 403) },
        },
      },
      "/v1/telephony/simulator/events": {
        post: {
          summary: "Call event from the telephony simulator (public; HMAC-SHA256 over `<x-simulator-timestamp>.<body>` in x-simulator-signature)",
          security: [],
          requestBody: { required: true, ...json(SimulatorEventBody) },
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
          summary: "Comment on a contact (mention users as @<userId>) or add a note",
          parameters: [contactId],
          requestBody: { required: true, ...json(Timeline.CommentInput) },
          responses: { 201: { description: "The new activity", ...json(ActivityView) }, ...errors(400, 401, 403, 404, 413, 415) },
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
      "/v1/contacts/{contactId}/restore": {
        post: { summary: "Restore a contact from the trash (admin)", parameters: [contactId], responses: { 200: { description: "Restored", ...json(ContactView) }, ...errors(400, 401, 403, 404, 410) } },
      },
      "/v1/companies": {
        get: {
          summary: "List the companies you manage (admins: all), newest first",
          parameters: queryParameters(ListCompaniesQuery),
          responses: { 200: { description: "A page", ...pageOf(CompanyListItemView) }, ...errors(400, 401, 403) },
        },
        post: {
          summary: "Create a company (you become its responsible manager unless managerIds says otherwise)",
          requestBody: { required: true, ...json(Companies.CreateCompanyInput) },
          responses: { 201: { description: "Created; ETag carries the version", ...json(CompanyView) }, ...errors(400, 401, 403, 413, 415) },
        },
      },
      "/v1/companies/trash": {
        get: {
          summary: "Companies in the trash, newest deletion first (admin)",
          parameters: queryParameters(ListCompaniesQuery),
          responses: { 200: { description: "A page", ...pageOf(v.object({ ...CompanyListItemView.entries, deletedAt: v.string() })) }, ...errors(400, 401, 403) },
        },
      },
      "/v1/companies/{companyId}": {
        get: { summary: "A company", parameters: [companyId], responses: { 200: { description: "The company; ETag carries the version", ...json(CompanyView) }, ...errors(400, 401, 403, 404) } },
        patch: {
          summary: "Change a company (If-Match required; null clears a field or a custom value)",
          parameters: [companyId, ifMatch],
          requestBody: { required: true, ...json(Companies.UpdateCompanyInput) },
          responses: { 200: { description: "Updated", ...json(CompanyView) }, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 428) },
        },
        delete: { summary: "Move a company to the trash (admin)", parameters: [companyId], responses: { 204: { description: "In the trash for 30 days" }, ...errors(400, 401, 403, 404) } },
      },
      "/v1/companies/{companyId}/restore": {
        post: { summary: "Restore a company from the trash (admin)", parameters: [companyId], responses: { 200: { description: "Restored", ...json(CompanyView) }, ...errors(400, 401, 403, 404, 410) } },
      },
      "/v1/companies/{companyId}/contacts": {
        get: {
          summary: "The company's contacts, paged (no cap)",
          parameters: [companyId, ...queryParameters(ListCompaniesQuery)],
          responses: { 200: { description: "A page", ...pageOf(ContactView) }, ...errors(400, 401, 403, 404) },
        },
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
      "/v1/tags": {
        get: {
          summary: "Tags in use on contacts or companies, by name, with counts",
          parameters: [{ name: "entity", in: "query", required: true, schema: { type: "string", enum: ["contact", "company"] } }],
          responses: { 200: { description: "Tags", ...json(v.object({ items: v.array(TagView) })) }, ...errors(400, 401) },
        },
      },
      ...jobPaths(),
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

/** Background jobs, CSV import and export (docs/imports.md). */
function jobPaths() {
  return {
    "/v1/jobs": {
      get: { summary: "Your background jobs, newest first (admins: everyone's)", parameters: queryParameters(Jobs.ListJobsInput), responses: { 200: { description: "Jobs", ...pageOf(JobView) }, ...errors(400, 401) } },
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
      post: { summary: "Dry run of the first 20 rows: detected columns, mapped fields, per-row errors and duplicates; `mapping` (header → field or null) overrides the detection", parameters: [idPath("importId")], requestBody: { required: true, ...json(Imports.PreviewInput) }, responses: { 200: { description: "Preview", ...json(v.record(v.string(), v.unknown())) }, ...errors(400, 401, 404, 409, 415) } },
    },
    "/v1/imports/{importId}/start": {
      post: { summary: "Process the file in the background; `duplicates`: skip, update or create. The job has the import's ID", parameters: [idPath("importId")], requestBody: { required: true, ...json(Imports.StartImportInput) }, responses: { 202: { description: "The job", ...json(JobView) }, ...errors(400, 401, 404, 409, 415) } },
    },
    "/v1/imports/{importId}/report": {
      get: { summary: "CSV of every rejected or skipped row with its reason", parameters: [idPath("importId")], responses: { 200: { description: "The report", ...csvBody }, ...errors(400, 401, 404) } },
    },
    "/v1/exports": {
      post: { summary: "Export your visible contacts (optionally by `filter`) with the columns an import reads: the CSV at once up to 1,000 rows, else 202 with a job", requestBody: { required: true, ...json(Exports.ExportInput) }, responses: { 200: { description: "The CSV", ...csvBody }, 202: { description: "The export job", ...json(JobView) }, ...errors(400, 401, 415) } },
    },
    "/v1/exports/{jobId}/file": {
      get: { summary: "The finished export job's CSV", parameters: [idPath("jobId")], responses: { 200: { description: "The CSV", ...csvBody }, ...errors(400, 401, 404, 409) } },
    },
  };
}
