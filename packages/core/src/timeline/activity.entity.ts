import { Entity } from "../storage/entity";
import { CARD_COLLECTION } from "../contacts/contact.entity";

export const activityKinds = ["created", "updated", "comment", "note", "call", "merged", "deleted", "restored", "form", "message"] as const;
export type ActivityKind = (typeof activityKinds)[number];

/**
 * One entry of a contact's timeline. It lives in the contact's partition (same `pk`, the `card`
 * collection), keyed by a time-ordered ULID, so the card Query returns the contact row first and
 * then the newest activities (descending sort: `$card#contact…` sorts after `$card#activity…`).
 *
 * Trash: activities are not rewritten when their contact goes to the trash; they follow the
 * contact row, which every reader gets first (see docs/access-patterns.md).
 */
export const ActivityEntity = new Entity({
  model: { entity: "activity", version: "1", service: "crm" },
  attributes: {
    contactId: { type: "string", required: true, readOnly: true },
    activityId: { type: "string", required: true, readOnly: true },
    kind: { type: activityKinds, required: true, readOnly: true },
    at: { type: "string", required: true, readOnly: true },
    /** A user ID, or `system:<reason>` for the engine and intake. */
    actorId: { type: "string", required: true, readOnly: true },
    text: { type: "string" },
    /** A system note as data (timeline/notes.ts): `{ kind, values }`, rendered in the reader's language. */
    note: { type: "any" },
    /** `updated`: one entry per changed field, values as they were and became. */
    changes: {
      type: "list",
      items: {
        type: "map",
        properties: { field: { type: "string", required: true }, before: { type: "any" }, after: { type: "any" } },
      },
    },
    /** `comment`: the users mentioned as `@<userId>` in the text. */
    mentions: { type: "list", items: { type: "string" } },
    /** `created`: where the contact came from. */
    source: { type: "any" },
    /** `call`: the outcome the call-list engine or telephony reported. */
    call: { type: "any" },
    /** `form`: the web form and the fields it submitted. */
    submission: { type: "any" },
    /** `message`: a chat message (source, handle, message ID). */
    message: { type: "any" },
    /** `merged`: the other contact. */
    relatedContactId: { type: "string" },
    /** `merged`: the merge record, for undo. */
    mergeId: { type: "string" },
  },
  indexes: {
    primary: {
      collection: CARD_COLLECTION,
      pk: { field: "pk", composite: ["contactId"] },
      sk: { field: "sk", composite: ["activityId"] },
    },
  },
});
