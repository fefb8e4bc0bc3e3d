import { Hono } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { MergeInput } from "@callboard/core/contacts/merge-input";
import { CreateContactInput, UpdateContactInput } from "@callboard/core/contacts/input";
import { AccessRequestInput, BulkDeleteInput, CreateOptionsInput, ListQueueInput } from "@callboard/core/contacts/requests";
import { pageSizes, type FindContactsInput } from "@callboard/core/contacts/find-input";
import { CommentInput } from "@callboard/core/timeline/schemas";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

// The contact code loads with the first records request (lazy-module.ts, lazy/index.ts).
const Contacts = lazyModule(async () => (await loadRecords()).Contacts);
const ContactDuplicates = lazyModule(async () => (await loadRecords()).ContactDuplicates);
const ContactPhotos = lazyModule(async () => (await loadRecords()).ContactPhotos);
const Merges = lazyModule(async () => (await loadRecords()).Merges);
const Timeline = lazyModule(async () => (await loadRecords()).Timeline);

import { activityKinds } from "@callboard/core/timeline/activity.entity";
import { ValidationError } from "@callboard/core/errors";
import { forbiddenKeyMessage, hasForbiddenPart } from "@callboard/core/safe-keys";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { created, etag, expectedVersion, versioned } from "../preconditions";
import { describe, describedValidator, empty, etagHeader, json, locationHeader, problems } from "../describe";
import {
  AccessRequestView,
  BulkDeleteResultView,
  CardView,
  CommentView,
  ContactPageView,
  ContactRecordsPageView,
  ContactView,
  DuplicateContactProblem,
  DuplicatePairView,
  MergeResultView,
  MergeView,
  TimelinePageView,
} from "../schemas/contacts";
import { pageOf } from "../schemas/common";

const pageSizeQuery = v.optional(
  v.pipe(
    v.string(),
    v.picklist(pageSizes.map(String), `Page size must be ${pageSizes.join(", ")}.`),
    v.transform((text) => Number(text) as (typeof pageSizes)[number]),
  ),
);
/** `kind=call`: only calls (the card's Calls filter); the domain checks the kind. */
export const TimelineQuery = v.strictObject({ limit: pageSizeQuery, cursor: v.optional(v.string()), kind: v.optional(v.picklist(activityKinds, `One of: ${activityKinds.join(", ")}.`)) });
/** A plain page: `limit` and `cursor` (trash). */
export const PageQuery = v.strictObject({ limit: pageSizeQuery, cursor: v.optional(v.string()) });

/** Query parameters of `GET /v1/contacts` (documented; the domain's FindContactsInput checks them). */
export const ListContactsQuery = v.object({
  q: v.optional(v.string()),
  owner: v.optional(v.string()),
  company: v.optional(v.string()),
  tag: v.optional(v.union([v.string(), v.array(v.string())])),
  source: v.optional(v.string()),
  type: v.optional(v.string()),
  doNotCall: v.optional(v.picklist(["true", "false"])),
  doNotEmail: v.optional(v.picklist(["true", "false"])),
  active: v.optional(v.picklist(["true", "false", "any"])),
  createdFrom: v.optional(v.string()),
  createdTo: v.optional(v.string()),
  updatedFrom: v.optional(v.string()),
  updatedTo: v.optional(v.string()),
  sort: v.optional(v.pipe(v.picklist(["name", "surname", "created", "updated"]), v.description("name: display name; surname: surname, then first name (contacts without one come after every surname in ascending order, first in descending); created; updated."))),
  order: v.optional(v.picklist(["asc", "desc"])),
  limit: v.optional(v.picklist(["10", "20", "50"])),
  cursor: v.optional(v.string()),
});

const repeatable = new Set(["tag"]);

/**
 * The query string as the finder's input: `tag` may repeat (all of them must match),
 * `cf.<key>`, `cf.<key>.min` and `cf.<key>.max` become `custom`; any other repeated parameter
 * is a 400 naming it. Unknown parameters are named by the finder's strict schema.
 */
function findInput(all: Record<string, string[]>): FindContactsInput {
  // Null-prototype objects: a parameter name can never reach Object.prototype through them
  // (`cf.__proto__=x` once set Object.prototype.eq for the whole process).
  const input: Record<string, unknown> = Object.create(null);
  const custom: Record<string, Record<string, string>> = Object.create(null);
  for (const [name, values] of Object.entries(all)) {
    if (hasForbiddenPart(name)) throw new ValidationError([{ field: name, message: forbiddenKeyMessage }]);
    const match = /^cf\.([^.]+)(?:\.(min|max))?$/.exec(name);
    if (values.length > 1 && !repeatable.has(name)) throw new ValidationError([{ field: name, message: "Give this parameter once." }]);
    if (match) {
      (custom[match[1]!] ??= Object.create(null) as Record<string, string>)[match[2] ?? "eq"] = values[0]!;
      continue;
    }
    input[name] = repeatable.has(name) ? values : values[0];
  }
  if (Object.keys(custom).length > 0) input.custom = custom;
  return input as FindContactsInput;
}

const ifMatch = { name: "If-Match", in: "header", required: true, schema: { type: "string" } };
const binary = { schema: { type: "string", format: "binary" } };

export const contactRoutes = new Hono<ApiEnv>()
  // The typed validator only lets the console's client know the parameters; the finder checks them.
  .get(
    "/",
    describe({
      summary:
        "Find the contacts you may see: filters, sort, search `q` (name prefix, phone or its last 7+ digits, email); `tag` may repeat; custom fields `cf.<key>`, `.min`, `.max`",
      parameters: [{ name: "cf.<key>", in: "query", description: "Custom field equals (cf.<key>.min / cf.<key>.max: ranges for number and date fields)", schema: { type: "string" } }],
      responses: {
        200: json("A page; `meta`: DynamoDB requests and items read, `bounded` when cut early (follow the cursor)", ContactPageView),
        ...problems(400, 401, 403),
      },
    }),
    describedValidator(validator("query", (value) => value as v.InferOutput<typeof ListContactsQuery> & Record<`cf.${string}`, string>), "query", ListContactsQuery),
    async (c) => {
      const input = findInput(c.req.queries() as Record<string, string[]>);
      const page = await Contacts.findContacts(input);
      return c.json(page);
    },
  )
  /** A likely duplicate is a 409 listing candidates; `?duplicates=allow` creates anyway (queued for admins). */
  .post(
    "/",
    describe({
      summary: "Create a contact (you become its owner)",
      responses: {
        201: json("Created; ETag carries the version", ContactView, { ...etagHeader, ...locationHeader }),
        ...problems(400, 401, 403, 413, 415),
        409: {
          description: "Likely duplicate (unless ?duplicates=allow): `candidates` you may see, `hidden` ones to ask about",
          content: { "application/problem+json": { schema: DuplicateContactProblem } },
        },
      },
    }),
    query(CreateOptionsInput),
    jsonBody(CreateContactInput),
    async (c) => {
      const contact = await ContactDuplicates.createChecked(c.req.valid("json"), c.req.valid("query"));
      return created(c, contact, `/v1/contacts/${contact.contactId}`);
    },
  )
  /** Admins only: up to 100 contacts to the trash, reported per ID (deleted / not-found). */
  .post(
    "/bulk-delete",
    describe({ summary: "Move up to 100 contacts to the trash (admin), reported per ID", responses: { 200: json("One result per ID, in the order given", BulkDeleteResultView), ...problems(400, 401, 403, 413, 415) } }),
    jsonBody(BulkDeleteInput),
    async (c) => {
      const outcome = await Contacts.removeMany(c.req.valid("json"));
      return c.json(outcome);
    },
  )
  .get(
    "/:contactId",
    describe({
      summary: "A contact's card: the contact and the first page of its timeline (one DynamoDB Query)",
      responses: { 200: json("The card; ETag carries the version", CardView, etagHeader), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const contact = await Contacts.get(c.req.param("contactId"));
      return versioned(c, contact);
    },
  )
  .patch(
    "/:contactId",
    describe({
      summary: "Change a contact (If-Match required); `ownerIds` and `sharing` only by its managers and admins",
      parameters: [ifMatch],
      responses: { 200: json("Updated", ContactView, etagHeader), ...problems(400, 401, 403, 404, 412, 413, 415, 428) },
    }),
    jsonBody(UpdateContactInput),
    async (c) => {
      const version = expectedVersion(c.req.header("if-match"), "contact");
      const contact = await ContactDuplicates.updateAndQueue(c.req.param("contactId"), version, c.req.valid("json"));
      return versioned(c, contact);
    },
  )
  .delete(
    "/:contactId",
    describe({ summary: "Move a contact to the trash (admin)", responses: { 204: empty("In the trash for 30 days"), ...problems(400, 401, 403, 404) } }),
    async (c) => {
      await Contacts.remove(c.req.param("contactId"));
      return c.body(null, 204);
    },
  )
  .post(
    "/:contactId/restore",
    describe({ summary: "Restore a contact from the trash (admin)", responses: { 200: json("Restored", ContactView, etagHeader), ...problems(400, 401, 403, 404, 410) } }),
    async (c) => {
      const contact = await Contacts.restore(c.req.param("contactId"));
      return versioned(c, contact);
    },
  )
  .post(
    "/:contactId/merge",
    describe({
      summary:
        "Merge another contact into this one (write access to both); the other goes to the trash. A repeat finishes a crashed merge",
      responses: { 200: json("The merge and the surviving contact", MergeResultView, etagHeader), ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    jsonBody(MergeInput),
    async (c) => {
      const result = await Merges.merge(c.req.param("contactId"), c.req.valid("json"));
      c.header("etag", etag(result.contact.version));
      return c.json(result);
    },
  )
  /** Ask the responsible manager of a contact you may not see (found by a duplicate check) for access. */
  .post(
    "/:contactId/access-requests",
    describe({
      summary: "Ask for access to a contact a duplicate check found but you may not see; its responsible manager is notified. Nothing of the contact is returned",
      responses: { 202: json("Pending", AccessRequestView), ...problems(400, 401, 404, 409, 413, 415) },
    }),
    jsonBody(AccessRequestInput),
    async (c) => {
      const request = await ContactDuplicates.requestAccess(c.req.param("contactId"), c.req.valid("json"));
      return c.json(request, 202);
    },
  )
  .post(
    "/:contactId/access-requests/:requesterId/grant",
    describe({
      summary: "Grant (the requester becomes an extra responsible manager); its managers, their team's managers, admins",
      responses: { 200: json("Granted", AccessRequestView), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const request = await ContactDuplicates.answerAccessRequest(c.req.param("contactId"), c.req.param("requesterId"), "grant");
      return c.json(request);
    },
  )
  .post(
    "/:contactId/access-requests/:requesterId/decline",
    describe({ summary: "Decline; the requester learns nothing of the contact", responses: { 200: json("Declined", AccessRequestView), ...problems(400, 401, 403, 404, 409) } }),
    async (c) => {
      const request = await ContactDuplicates.answerAccessRequest(c.req.param("contactId"), c.req.param("requesterId"), "decline");
      return c.json(request);
    },
  )
  .get(
    "/:contactId/timeline",
    describe({
      summary: "Older pages of a contact's timeline, newest first (the card has the first page and its cursor)",
      responses: { 200: json("A page", TimelinePageView), ...problems(400, 401, 403, 404) },
    }),
    query(TimelineQuery),
    async (c) => {
      const page = await Timeline.list(c.req.param("contactId"), c.req.valid("query"));
      return c.json(page);
    },
  )
  .post(
    "/:contactId/comments",
    describe({
      summary:
        "Comment (mentions as @<userId> notify who may read the contact; `unnotified` names the others) or add a note",
      responses: { 201: json("The new activity, with `unnotified` when a mentioned user got no notification", CommentView), ...problems(400, 401, 403, 404, 413, 415) },
    }),
    jsonBody(CommentInput),
    async (c) => {
      const activity = await Timeline.comment(c.req.param("contactId"), c.req.valid("json"));
      return c.json(activity, 201);
    },
  )
  /** The raw image is the body (any content type: the bytes decide); 1 MB at most (app.ts). */
  .put(
    "/:contactId/photo",
    describe({
      summary: "Upload the contact's photo: the raw image as the body (PNG, JPEG, WebP or GIF, checked by its bytes; 1 MB at most)",
      requestBody: { required: true, content: { "application/octet-stream": binary, "image/*": binary } },
      responses: { 200: json("The contact with its photo", ContactView, etagHeader), ...problems(400, 401, 403, 404, 413) },
    }),
    async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const contact = await ContactPhotos.setPhoto(c.req.param("contactId"), bytes);
      return versioned(c, contact);
    },
  )
  .get(
    "/:contactId/photo",
    describe({ summary: "The contact's photo", responses: { 200: { description: "The image", content: { "image/*": binary } }, ...problems(400, 401, 403, 404) } }),
    async (c) => {
      const photo = await ContactPhotos.getPhoto(c.req.param("contactId"));
      return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": photo.contentType,
        "cache-control": "private, max-age=60",
        "x-content-type-options": "nosniff",
      });
    },
  )
  .delete(
    "/:contactId/photo",
    describe({ summary: "Remove the contact's photo", responses: { 204: empty("Removed"), ...problems(400, 401, 403, 404) } }),
    async (c) => {
      await ContactPhotos.removePhoto(c.req.param("contactId"));
      return c.body(null, 204);
    },
  );

export const trashRoutes = new Hono<ApiEnv>().get(
  "/",
  describe({ summary: "Contacts in the trash, newest deletion first (admin)", responses: { 200: json("A page", ContactRecordsPageView), ...problems(400, 401, 403) } }),
  query(PageQuery),
  async (c) => {
    const page = await Contacts.listTrash(c.req.valid("query"));
    return c.json(page);
  },
);

/** Admins: pairs of likely duplicates, each dismissable or mergeable (POST /v1/contacts/{id}/merge). */
export const duplicateRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({ summary: "The admins' duplicates queue: open pairs, oldest first", responses: { 200: json("A page", pageOf(DuplicatePairView)), ...problems(400, 401, 403) } }),
    query(ListQueueInput),
    async (c) => {
      const page = await ContactDuplicates.listQueue(c.req.valid("query"));
      return c.json(page);
    },
  )
  .post(
    "/:pairId/dismiss",
    describe({ summary: "Not a duplicate (admin): the pair leaves the queue for good", responses: { 204: empty("Dismissed"), ...problems(400, 401, 403, 404) } }),
    async (c) => {
      await ContactDuplicates.dismiss(c.req.param("pairId"));
      return c.body(null, 204);
    },
  );

export const mergeRoutes = new Hono<ApiEnv>()
  .get(
    "/:mergeId",
    describe({ summary: "A merge's status (who merged, or an admin)", responses: { 200: json("The merge", MergeView), ...problems(400, 401, 403, 404) } }),
    async (c) => {
      const merge = await Merges.getMerge(c.req.param("mergeId"));
      return c.json(merge);
    },
  )
  .post(
    "/:mergeId/undo",
    describe({
      summary: "Undo a merge (who merged, or an admin): 409 if the survivor changed since, 410 after 30 days",
      responses: { 200: json("Undone", MergeView), ...problems(400, 401, 403, 404, 409, 410) },
    }),
    async (c) => {
      const merge = await Merges.undo(c.req.param("mergeId"));
      return c.json(merge);
    },
  );
