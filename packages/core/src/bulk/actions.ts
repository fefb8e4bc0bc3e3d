import * as v from "valibot";
import { sharingModes } from "../contacts/contact.entity";
import { UlidField } from "../contacts/fields";
import { TagsField } from "../tags/tags";

/** What a bulk action does to each selected contact. */
export const BulkAction = v.variant(
  "type",
  [
    v.strictObject({ type: v.literal("addTags"), tags: v.pipe(TagsField, v.minLength(1, "Name at least one tag.")) }, "Unknown field for addTags."),
    v.strictObject({ type: v.literal("removeTags"), tags: v.pipe(TagsField, v.minLength(1, "Name at least one tag.")) }, "Unknown field for removeTags."),
    v.strictObject(
      {
        type: v.literal("setOwners"),
        ownerIds: v.pipe(
          v.array(UlidField, "Must be a list of user IDs."),
          v.minLength(1, "Name at least one responsible manager."),
          v.maxLength(10, "At most 10 responsible managers."),
        ),
      },
      "Unknown field for setOwners.",
    ),
    v.strictObject({ type: v.literal("setSharing"), sharing: v.picklist(sharingModes, `Must be one of: ${sharingModes.join(", ")}.`) }, "Unknown field for setSharing."),
    v.strictObject({ type: v.literal("addToCallList"), listId: UlidField }, "Unknown field for addToCallList."),
    v.strictObject({ type: v.literal("delete") }, "Unknown field for delete."),
  ],
  "Must be one of: addTags, removeTags, setOwners, setSharing, addToCallList, delete.",
);
export type BulkAction = v.InferOutput<typeof BulkAction>;

/**
 * What happened to one record. `unchanged` means the record already was as asked (which is also
 * what a record applied before a crash reports when the job resumes: nothing is applied twice).
 * `invalid`: the change would break the record's rules (say, a 21st tag); the reason says which.
 */
export type BulkStatus = "applied" | "unchanged" | "denied" | "invalid" | "not-found";
export interface BulkOutcome {
  contactId: string;
  status: BulkStatus;
  /** Why a record was denied (shown to the user) or why nothing changed. */
  reason?: string;
}
