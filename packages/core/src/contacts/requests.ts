/** Contacts (trash, duplicates, access requests): request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";

export const BULK_DELETE_MAX = 100;

export const BulkDeleteInput = v.strictObject(
  {
    contactIds: v.pipe(
      v.array(v.string("Must be a contact ID."), "Must be a list of contact IDs."),
      v.minLength(1, "Name at least one contact."),
      v.maxLength(BULK_DELETE_MAX, `At most ${BULK_DELETE_MAX} contacts at once.`),
    ),
  },
  "Unknown field: leave it out.",
);
export type BulkDeleteInput = v.InferInput<typeof BulkDeleteInput>;

export const CreateOptionsInput = v.strictObject(
  { duplicates: v.optional(v.picklist(["check", "allow"], "check (default: a likely duplicate is a 409) or allow (create anyway)."), "check") },
  "Unknown parameter: leave it out.",
);

export const AccessRequestInput = v.strictObject(
  {
    /** The phone, email or messenger handle the 409 said matched (`hidden[].on[].value`): proof the caller knows it. */
    matched: v.pipe(v.string("Must be the matched phone, email or handle."), v.trim(), v.minLength(1, "Give the phone, email or handle that matched."), v.maxLength(320, "At most 320 characters.")),
    message: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(500, "At most 500 characters."))),
  },
  "Unknown field: leave it out.",
);

export const ListQueueInput = v.strictObject(
  {
    limit: v.optional(v.picklist(["10", "20", "50"], "Page size must be 10, 20 or 50."), "20"),
    cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  },
  "Unknown parameter: leave it out.",
);
