import { Hono } from "hono";
import * as v from "valibot";
import { withActor } from "@callboard/core/actor";
import { Contacts } from "@callboard/core/contacts";
import { ValidationError } from "@callboard/core/errors";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { ProblemException } from "../problem";

export const ListContactsQuery = v.strictObject({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.picklist(Contacts.pageSizes.map(String), `Page size must be ${Contacts.pageSizes.join(", ")}.`),
      v.transform((text) => Number(text) as (typeof Contacts.pageSizes)[number]),
    ),
  ),
  cursor: v.optional(v.string()),
});

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
  .get("/", query(ListContactsQuery), async (c) => {
    const page = await withActor(c.var.actor, () => Contacts.list(c.req.valid("query")));
    return c.json(page);
  })
  .post("/", jsonBody(Contacts.CreateContactInput), async (c) => {
    const contact = await withActor(c.var.actor, () => Contacts.create(c.req.valid("json")));
    c.header("etag", etag(contact.version));
    c.header("location", `/v1/contacts/${contact.contactId}`);
    return c.json(contact, 201);
  })
  .get("/:contactId", async (c) => {
    const contact = await withActor(c.var.actor, () => Contacts.get(c.req.param("contactId")));
    c.header("etag", etag(contact.version));
    return c.json(contact);
  })
  .patch("/:contactId", jsonBody(Contacts.UpdateContactInput), async (c) => {
    const version = expectedVersion(c.req.header("if-match"));
    const contact = await withActor(c.var.actor, () =>
      Contacts.update(c.req.param("contactId"), version, c.req.valid("json")),
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
  });

export const trashRoutes = new Hono<ApiEnv>().get("/", query(ListContactsQuery), async (c) => {
  const page = await withActor(c.var.actor, () => Contacts.listTrash(c.req.valid("query")));
  return c.json(page);
});
