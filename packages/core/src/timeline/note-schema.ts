/**
 * The shape of a system note (`note: { kind, values }`), apart from its English texts (notes.ts)
 * so the API's response schemas describe it without loading them. docs/timeline-notes.md
 * documents every kind.
 */
import * as v from "valibot";
import { dispositions, skipReasons, subjectKinds, type Disposition, type SkipReason, type SubjectKind } from "../call-lists/call-entry.entity";

const Text = v.pipe(v.string(), v.maxLength(5000));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** An ISO 8601 time (a date only on some notes migrated from text: see docs/timeline-notes.md). */
const Time = v.pipe(v.string(), v.maxLength(40), v.description("ISO 8601 time, UTC."));
/** A call list as a note names it: its ID (absent on notes migrated from text) and its name. */
const listRef = { callListId: v.optional(v.string()), callListName: Text };
const note = <K extends string, E extends v.ObjectEntries>(kind: K, values: E, description: string) =>
  v.pipe(v.strictObject({ kind: v.literal(kind), values: v.strictObject(values) }), v.description(description));

/**
 * Every kind of system note and its values. Checked where a note is recorded (Timeline.record)
 * and published in the API document (the activity's `note`).
 */
export const NoteSchema = v.variant("kind", [
  note(
    "list-call",
    { ...listRef, outcome: Text, attempt: Count, maxAttempts: Count, final: v.boolean(), retryAt: v.optional(Time) },
    "A call list's call: outcome (answered, no-answer, busy, failed, machine), attempt N of maxAttempts; final: not reached and no attempts left; retryAt: when it is called again.",
  ),
  note("list-call-skipped", { ...listRef, reason: v.picklist(skipReasons), subject: v.picklist(subjectKinds) }, "A call list did not call the contact or company (subject), and why (reason)."),
  note("list-call-abandoned", { ...listRef, willRetry: v.boolean() }, "An answered call dropped because no operator was connected; willRetry: it will be called again."),
  note(
    "list-call-disposition",
    { ...listRef, disposition: v.picklist(dispositions), afterTimeout: v.boolean(), callbackAt: v.optional(Time), note: v.optional(Text) },
    "The operator's verdict on a call (disposition); callbackAt: the call-back time; note: what the operator typed (show as is); afterTimeout: set by the wrap-up timeout.",
  ),
  note("do-not-call-requested", { ...listRef }, "The contact asked, during a call list's call, not to be called again (the do-not-call flag was set)."),
  note("added-to-call-list", { ...listRef }, "Added to a call list by a bulk action."),
  note("recording-deleted", { reason: v.literal("retention"), callAt: Time, deletedAt: Time }, "A call recording deleted by the organization's retention policy."),
  note("outgoing-call", { phone: Text, outcome: Text, talkSeconds: Count, outsideCallWindow: v.boolean() }, "A click-to-call from the console: the number (E.164), outcome and talk time."),
  note("inbound-call", { phone: Text, answered: v.boolean(), durationSeconds: v.optional(Count) }, "A call to the organization's number from phone (E.164), answered or missed."),
  note("web-form-submitted", { formId: v.optional(v.string()), formName: Text }, "A web form was submitted (its fields are the activity's submission)."),
  note("chat-message", { source: Text, handle: v.optional(Text) }, "A chat message from source (telegram, whatsapp, …); its words are the activity's text, as the person wrote them."),
  note("contact-merged", { otherContactId: v.string(), otherName: Text }, "Another contact (otherName) was merged into this one."),
]);

export type SystemNote = v.InferOutput<typeof NoteSchema>;
export type NoteKind = SystemNote["kind"];
export const noteKinds = NoteSchema.options.map((option) => option.entries.kind.literal) as NoteKind[];
