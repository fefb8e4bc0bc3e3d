import * as v from "valibot";
import { contactMethods, contactTypes, phoneTypes, sourceKinds } from "@callboard/core/contacts/contact.entity";
import { activityKinds } from "@callboard/core/timeline/activity.entity";
import { CustomValue, pageOf, SystemNoteView, text } from "./common";

/** What the contacts routes answer (the console's types come from here too). */
const companyRef = v.optional(v.object({ companyId: v.string(), name: v.string(), shortName: text }));
const sharing = v.picklist(["private", "read", "write"]);

const contactEntries = {
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
  custom: v.optional(v.record(v.string(), CustomValue)),
  ownerIds: v.array(v.string()),
  ownerId: v.string(),
  teamIds: v.optional(v.array(v.string())),
  sharing,
  source: v.object({ kind: v.picklist(sourceKinds), label: text, ref: text }),
  doNotCall: v.boolean(),
  doNotEmail: v.boolean(),
  preferredContactMethod: v.picklist(contactMethods),
  active: v.boolean(),
  timeZone: text,
  companyId: text,
  company: companyRef,
  photo: v.optional(v.object({ contentType: v.string(), size: v.number(), updatedAt: v.string(), mergeId: v.optional(v.string()) })),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
};
export const ContactView = v.pipe(v.object(contactEntries), v.metadata({ ref: "Contact" }));

/** One row of a contacts page: the list columns, read from the index rows. */
export const ContactListItemView = v.pipe(
  v.object({
    contactId: v.string(),
    displayName: v.string(),
    firstName: text,
    lastName: text,
    middleName: text,
    phone: text,
    email: text,
    company: companyRef,
    companyId: text,
    tags: v.optional(v.array(v.string())),
    ownerIds: v.array(v.string()),
    teamIds: v.optional(v.array(v.string())),
    sharing,
    source: v.object({ kind: v.picklist(sourceKinds) }),
    contactType: v.optional(v.picklist(contactTypes)),
    doNotCall: v.boolean(),
    doNotEmail: v.boolean(),
    active: v.boolean(),
    version: v.number(),
    createdAt: v.string(),
    updatedAt: v.string(),
    custom: v.optional(v.record(v.string(), CustomValue)),
  }),
  v.metadata({ ref: "ContactListItem" }),
);

export const ContactPageView = v.object({
  items: v.array(ContactListItemView),
  cursor: v.nullable(v.string()),
  meta: v.object({ requests: v.number(), itemsRead: v.number(), searchedBy: v.optional(v.picklist(["name", "phone", "email"])), bounded: v.boolean() }),
});

export const ContactRecordsPageView = pageOf(ContactView);

const activityEntries = {
  contactId: v.string(),
  activityId: v.string(),
  kind: v.picklist(activityKinds),
  at: v.string(),
  actorId: v.string(),
  text,
  note: SystemNoteView,
  changes: v.optional(v.array(v.object({ field: v.string(), before: v.optional(v.unknown()), after: v.optional(v.unknown()) }))),
  mentions: v.optional(v.array(v.string())),
  source: v.optional(v.record(v.string(), v.unknown())),
  call: v.optional(v.record(v.string(), v.unknown())),
  relatedContactId: text,
  mergeId: text,
};
export const ActivityView = v.pipe(v.object(activityEntries), v.metadata({ ref: "Activity" }));
export const TimelinePageView = pageOf(ActivityView);

/** A new comment, with `unnotified` when a mentioned user got no notification. */
export const CommentView = v.object({
  ...activityEntries,
  unnotified: v.optional(v.array(v.object({ userId: v.string(), name: v.string(), reason: v.picklist(["cannot-see-contact", "deactivated"]) }))),
});

/** The contact's card: the contact and the first page of its timeline. */
export const CardView = v.object({ ...contactEntries, timeline: TimelinePageView });

export const MatchedOn = v.array(v.object({ signal: v.picklist(["phone", "email", "telegram", "whatsapp", "viber", "name"]), value: v.string() }));

export const MergeView = v.object({
  mergeId: v.string(),
  survivorId: v.string(),
  otherId: v.string(),
  mergedBy: v.string(),
  mergedAt: v.string(),
  status: v.picklist(["copying", "done", "undoing", "undone"]),
  copiedActivities: v.optional(v.number()),
  undoableUntil: v.string(),
  undoneAt: v.optional(v.string()),
});
export const MergeResultView = v.object({ merge: MergeView, contact: ContactView });

export const AccessRequestView = v.object({ contactId: v.string(), requesterId: v.string(), status: v.picklist(["pending", "granted", "declined"]), ownerName: v.string(), createdAt: v.string() });

export const DuplicatePairView = v.object({
  pairId: v.string(),
  strength: v.picklist(["strong", "weak"]),
  on: MatchedOn,
  createdAt: v.string(),
  contacts: v.array(v.object({ contactId: v.string(), displayName: v.string(), primaryPhone: text, primaryEmail: text, ownerId: v.string(), ownerName: v.string(), updatedAt: v.string() })),
});

/** 409 on create: the likely duplicates you may see, and who to ask about those you may not. */
export const DuplicateContactProblem = v.object({
  type: v.literal("https://callboard.dev/problems/duplicate-contact"),
  title: v.string(),
  status: v.literal(409),
  detail: v.string(),
  candidates: v.array(v.object({ contactId: v.string(), displayName: v.string(), primaryPhone: text, primaryEmail: text, ownerId: v.string(), ownerName: v.string(), strength: v.picklist(["strong", "weak"]), on: MatchedOn })),
  hidden: v.array(v.object({ contactId: v.string(), ownerName: v.string(), on: MatchedOn, requestAccess: v.string() })),
});

export const BulkDeleteResultView = v.object({ results: v.array(v.object({ contactId: v.string(), status: v.picklist(["deleted", "not-found"]) })) });

export type Contact = v.InferOutput<typeof ContactView>;
export type ContactListItem = v.InferOutput<typeof ContactListItemView>;
export type ContactPage = v.InferOutput<typeof ContactPageView>;
export type Activity = v.InferOutput<typeof ActivityView>;
export type TimelinePage = v.InferOutput<typeof TimelinePageView>;
export type ContactCard = v.InferOutput<typeof CardView>;
export type Merge = v.InferOutput<typeof MergeView>;
export type AccessRequest = v.InferOutput<typeof AccessRequestView>;
export type DuplicatePair = v.InferOutput<typeof DuplicatePairView>;
