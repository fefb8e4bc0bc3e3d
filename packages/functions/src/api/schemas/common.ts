import * as v from "valibot";
import { NoteSchema } from "@callboard/core/timeline/note-schema";

/** Answer shapes shared by every feature (the problem body, pages, optional text). */
export const text = v.optional(v.string());

/** One field error: English `message`, stable `code` (docs/api-errors.md) and what it interpolates. */
const FieldError = v.pipe(
  v.object({
    field: v.string(),
    message: v.string(),
    code: v.optional(v.pipe(v.string(), v.description("Stable code for translation: required, unknown-field, too-long, invalid-phone, … (docs/api-errors.md)."))),
    values: v.optional(v.pipe(v.record(v.string(), v.unknown()), v.description("The values the message interpolates, e.g. { max: 200 } or { country: \"RU\" }."))),
  }),
);

/** application/problem+json (RFC 9457) as api/problem.ts writes it: `errors` names each failing field. */
export const Problem = v.pipe(
  v.object({
    type: v.string(),
    title: v.string(),
    status: v.number(),
    detail: v.optional(v.string()),
    errors: v.optional(v.array(FieldError)),
  }),
  v.metadata({ ref: "Problem" }),
);

/**
 * A system-written timeline entry as data (kind + values, docs/timeline-notes.md): the console
 * renders it in the reader's language; `text` beside it is the English rendering.
 */
export const SystemNoteView = v.optional(v.pipe(NoteSchema, v.metadata({ ref: "SystemNote" })));

/** A custom field's value on a record. */
export const CustomValue = v.union([v.string(), v.number(), v.boolean(), v.array(v.string())]);

/** One page of a cursor-paged list; `cursor` is null on the last page. */
export const pageOf = <TItem extends v.GenericSchema>(item: TItem) => v.object({ items: v.array(item), cursor: v.nullable(v.string()) });
