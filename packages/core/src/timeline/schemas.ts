/** Timeline: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";
import { TextField } from "../contacts/fields";

export const CommentInput = v.strictObject(
  {
    text: TextField(5000),
    /** A comment is a conversation (mentions notify); a note is a remark for the record. */
    kind: v.optional(v.picklist(["comment", "note"] as const, "One of: comment, note."), "comment"),
  },
  "Unknown field: leave it out.",
);
export type CommentInput = v.InferInput<typeof CommentInput>;
