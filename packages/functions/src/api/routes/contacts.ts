import { Hono } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { withActor } from "@callboard/core/actor";
import { ContactDuplicates, ContactMerges, ContactPhotos, Contacts } from "@callboard/core/contacts";
import { Timeline } from "@callboard/core/timeline";
import { activityKinds } from "@callboard/core/timeline/activity.entity";
import { ValidationError } from "@callboard/core/errors";
import { forbiddenKeyMessage, hasForbiddenPart } from "@callboard/core/safe-keys";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { ProblemException } from "../problem";

const pageSizeQuery = v.optional(
  v.pipe(
    v.string(),
    v.picklist(Contacts.pageSizes.map(String), `Page size must be ${Contacts.pageSizes.join(", ")}.`),
    v.transform((text) => Number(text) as (typeof Contacts.pageSizes)[number]),
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
  sort: v.optional(v.picklist(["name", "created", "updated"])),
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
function findInput(all: Record<string, string[]>): Contacts.FindContactsInput {
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
  return input as Contacts.FindContactsInput;
}

/** `If-Match: "3"` (or W/"3") → 3. Updates without it would silently overwrite others' work. */
function expectedVersion(header: string | undefined): number {
  if (!header) {
    throw new ProblemException(428, {
      title: "Precondition required",
      detail: "Send If-Match with the ETag of the contact you edited.",
      errors: [{ field: "If-Match", message: "Required." }],
    });
  }
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new ValidationError([{ field: "If-Match", message: 'Must be the ETag you read, e.g. "3".' }]);
  return Number(match[1]);
}

const etag = (version: number) => `"${version}"`;

export const contactRoutes = new Hono<ApiEnv>()
  // The typed validator only lets the console's client know the parameters; the finder checks them.
  .get("/", validator("query", (value) => value as v.InferOutput<typeof ListContactsQuery> & Record<`cf.${string}`, string>), async (c) => {
    const input = findInput(c.req.queries() as Record<string, string[]>);
    const page = await withActor(c.var.actor, () => Contacts.findContacts(input));
    return c.json(page);
  })
  /** A likely duplicate is a 409 listing candidates; `?duplicates=allow` creates anyway (queued for admins). */
  .post("/", query(ContactDuplicates.CreateOptionsInput), jsonBody(Contacts.CreateContactInput), async (c) => {
    const contact = await withActor(c.var.actor, () => ContactDuplicates.createChecked(c.req.valid("json"), c.req.valid("query")));
    c.header("etag", etag(contact.version));
    c.header("location", `/v1/contacts/${contact.contactId}`);
    return c.json(contact, 201);
  })
  /** Admins only: up to 100 contacts to the trash, reported per ID (deleted / not-found). */
  .post("/bulk-delete", jsonBody(Contacts.BulkDeleteInput), async (c) => {
    const outcome = await withActor(c.var.actor, () => Contacts.removeMany(c.req.valid("json")));
    return c.json(outcome);
  })
  .get("/:contactId", async (c) => {
    const contact = await withActor(c.var.actor, () => Contacts.get(c.req.param("contactId")));
    c.header("etag", etag(contact.version));
    return c.json(contact);
  })
  .patch("/:contactId", jsonBody(Contacts.UpdateContactInput), async (c) => {
    const version = expectedVersion(c.req.header("if-match"));
    const contact = await withActor(c.var.actor, () =>
      ContactDuplicates.updateAndQueue(c.req.param("contactId"), version, c.req.valid("json")),
    );
    c.header("etag", etag(contact.version));
    return c.json(contact);
  })
  .delete("/:contactId", async (c) => {
    await withActor(c.var.actor, () => Contacts.remove(c.req.param("contactId")));
    return c.body(null, 204);
  })
  .post("/:contactId/restore", async (c) => {
    const contact = await withActor(c.var.actor, () => Contacts.restore(c.req.param("contactId")));
    c.header("etag", etag(contact.version));
    return c.json(contact);
  })
  .post("/:contactId/merge", jsonBody(ContactMerges.MergeInput), async (c) => {
    const result = await withActor(c.var.actor, () => ContactMerges.merge(c.req.param("contactId"), c.req.valid("json")));
    c.header("etag", etag(result.contact.version));
    return c.json(result);
  })
  /** Ask the responsible manager of a contact you may not see (found by a duplicate check) for access. */
  .post("/:contactId/access-requests", jsonBody(ContactDuplicates.AccessRequestInput), async (c) => {
    const request = await withActor(c.var.actor, () => ContactDuplicates.requestAccess(c.req.param("contactId"), c.req.valid("json")));
    return c.json(request, 202);
  })
  .post("/:contactId/access-requests/:requesterId/grant", async (c) => {
    const request = await withActor(c.var.actor, () => ContactDuplicates.answerAccessRequest(c.req.param("contactId"), c.req.param("requesterId"), "grant"));
    return c.json(request);
  })
  .post("/:contactId/access-requests/:requesterId/decline", async (c) => {
    const request = await withActor(c.var.actor, () => ContactDuplicates.answerAccessRequest(c.req.param("contactId"), c.req.param("requesterId"), "decline"));
    return c.json(request);
  })
  .get("/:contactId/timeline", query(TimelineQuery), async (c) => {
    const page = await withActor(c.var.actor, () => Timeline.list(c.req.param("contactId"), c.req.valid("query")));
    return c.json(page);
  })
  .post("/:contactId/comments", jsonBody(Timeline.CommentInput), async (c) => {
    const activity = await withActor(c.var.actor, () => Timeline.comment(c.req.param("contactId"), c.req.valid("json")));
    return c.json(activity, 201);
  })
  /** The raw image is the body (any content type: the bytes decide); 1 MB at most (app.ts). */
  .put("/:contactId/photo", async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const contact = await withActor(c.var.actor, () => ContactPhotos.setPhoto(c.req.param("contactId"), bytes));
    c.header("etag", etag(contact.version));
    return c.json(contact);
  })
  .get("/:contactId/photo", async (c) => {
    const photo = await withActor(c.var.actor, () => ContactPhotos.getPhoto(c.req.param("contactId")));
    return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": photo.contentType,
      "cache-control": "private, max-age=60",
      "x-content-type-options": "nosniff",
    });
  })
  .delete("/:contactId/photo", async (c) => {
    await withActor(c.var.actor, () => ContactPhotos.removePhoto(c.req.param("contactId")));
    return c.body(null, 204);
  });

export const trashRoutes = new Hono<ApiEnv>().get("/", query(PageQuery), async (c) => {
  const page = await withActor(c.var.actor, () => Contacts.listTrash(c.req.valid("query")));
  return c.json(page);
});

/** Admins: pairs of likely duplicates, each dismissable or mergeable (POST /v1/contacts/{id}/merge). */
export const duplicateRoutes = new Hono<ApiEnv>()
  .get("/", query(ContactDuplicates.ListQueueInput), async (c) => {
    const page = await withActor(c.var.actor, () => ContactDuplicates.listQueue(c.req.valid("query")));
    return c.json(page);
  })
  .post("/:pairId/dismiss", async (c) => {
    await withActor(c.var.actor, () => ContactDuplicates.dismiss(c.req.param("pairId")));
    return c.body(null, 204);
  });

export const mergeRoutes = new Hono<ApiEnv>()
  .get("/:mergeId", async (c) => {
    const merge = await withActor(c.var.actor, () => ContactMerges.getMerge(c.req.param("mergeId")));
    return c.json(merge);
  })
  .post("/:mergeId/undo", async (c) => {
    const merge = await withActor(c.var.actor, () => ContactMerges.undo(c.req.param("mergeId")));
    return c.json(merge);
  });
