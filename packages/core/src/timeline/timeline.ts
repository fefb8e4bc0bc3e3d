import * as v from "valibot";
import { useActor, type Actor } from "../actor";
import { contactAccess } from "../contacts/access";
import { isExpired, loadVisible, parseId, requireRight, timelineContext, type TimelinePage } from "../contacts/contacts";
import { TextField } from "../contacts/fields";
import { NotFoundError, ValidationError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed, isConditionFailure, retryTransactionConflicts, TransactionConflictError } from "../storage/transaction";
import { parse } from "../validation";
import { canSeeCompany, requireCompanyRight } from "../companies/access";
import { companyTimelineContext } from "../companies/companies";
import { newNotification, type Notification } from "../notifications/notifications";
import type { Role } from "../users/roles";
import { newActivity, newCompanyActivity, type Activity, type CallDetails, type CompanyActivity } from "./activity";
import { activityKinds } from "./activity.entity";
import { companyActivityKinds } from "./company-activity.entity";
import { NoteSchema } from "./note-schema";
export { CommentInput } from "./schemas";
import { CommentInput } from "./schemas";

export type { Activity, CallDetails, CompanyActivity, FieldChange } from "./activity";
export { activityKinds, type ActivityKind } from "./activity.entity";

export const timelinePageSizes = [10, 20, 50] as const;

export const ListTimelineInput = v.strictObject({
  limit: v.optional(v.picklist(timelinePageSizes, "Page size must be 10, 20 or 50."), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  /** Only activities of this kind (the card's Calls filter: `call`). */
  kind: v.optional(v.picklist(activityKinds, `One of: ${activityKinds.join(", ")}.`)),
});

/** `@01H…` (a user ID) in a comment mentions that user. */
const mentionPattern = /@([0-9A-HJKMNP-TV-Z]{26})\b/g;

const optionalText = (max: number) => v.optional(TextField(max));
/** A system note as data (notes.ts); `text` is then its English rendering. */
const note = v.optional(NoteSchema);
const CallRecord = v.strictObject({
    kind: v.literal("call"),
    text: TextField(2000),
    note,
    call: v.strictObject({
      outcome: TextField(100),
      callListId: optionalText(40),
      callListName: optionalText(200),
      attempt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
      maxAttempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
      direction: v.optional(v.picklist(["inbound", "outbound"] as const)),
      durationSeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
      phone: optionalText(40),
      recordingUrl: optionalText(1000),
      /** The call-log record (calls/): the card's Calls filter opens it and its recording. */
      callId: optionalText(200),
      talkSeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
      ringSeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
      operatorId: optionalText(40),
    }),
});
const NoteRecord = v.strictObject({ kind: v.literal("note"), text: TextField(5000), note });

/** What the call-list engine, telephony and intake may record on a card. */
export const RecordInput = v.variant("kind", [
  CallRecord,
  NoteRecord,
  v.strictObject({
    kind: v.literal("form"),
    text: TextField(2000),
    note,
    submission: v.strictObject({ formId: TextField(40), formName: TextField(200), fields: v.record(v.string(), v.pipe(v.string(), v.maxLength(10_000))) }),
  }),
  v.strictObject({
    kind: v.literal("message"),
    text: TextField(5000),
    note,
    message: v.strictObject({ source: TextField(20), handle: optionalText(100), messageId: TextField(200) }),
  }),
  v.strictObject({ kind: v.literal("merged"), text: optionalText(2000), note, relatedContactId: v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)) }),
]);
export type RecordInput = v.InferInput<typeof RecordInput>;

/**
 * Appends an activity, guarded by a condition check that the contact exists and is not in the
 * trash: one TransactWriteItems (condition check + put).
 */
async function append(activity: Activity, notifications: Notification[] = []): Promise<Activity> {
  const { service } = useStorage();
  try {
    committed(await service.transaction
      .write(({ contact, activity: activityEntity, notification }) => [
        contact.check({ contactId: activity.contactId }).where(({ contactId, deletedAt }, { exists, notExists }) => `${exists(contactId)} AND ${notExists(deletedAt)}`).commit(),
        activityEntity.create(activity).commit(),
        ...notifications.map((row) => notification.create(row).commit()),
      ])
      .go());
  } catch (error) {
    if (error instanceof TransactionConflictError) throw new NotFoundError("Contact");
    throw error;
  }
  return activity;
}

/**
 * For the call-list engine and intake: write a call outcome, a note or a merge on a card, e.g.
 * `record(id, { kind: "call", ...noted({ kind: "list-call", values: { callListName: "Spring promo",
 * outcome: "no-answer", attempt: 2, maxAttempts: 3, final: false } }), call: { … } })`: the note
 * as data, its English rendering as `text` (notes.ts). No user access check: runs as
 * whoever is in the actor context (the system for the engine).
 */
export async function record(contactId: string, input: RecordInput): Promise<Activity> {
  const id = parseId(contactId);
  const parsed = parse(RecordInput, input);
  const actor: Actor = safeActor();
  const { kind, ...details } = parsed;
  return append(newActivity(id, actor, kind, details as Omit<Activity, "contactId" | "activityId" | "kind" | "at" | "actorId">));
}

function safeActor(): Actor {
  try {
    return useActor();
  } catch {
    return { type: "system", reason: "engine" };
  }
}

/** A mentioned user the comment did not notify, and why: the author is told so they can act. */
export interface Unnotified {
  userId: string;
  name: string;
  reason: "cannot-see-contact" | "deactivated";
}

/** The stored comment; `unnotified` lists mentioned users no notification reached (absent: none). */
export type CommentResult = Activity & { unnotified?: Unnotified[] };

/**
 * A person comments on a card they may see; `@<userId>` mentions must name real users. Each
 * active mentioned user who may read the contact (other than the author) gets a `mentioned`
 * notification in the same transaction. The others are not told the contact exists; the
 * author is told who was not notified and why (a colleague who cannot see the contact needs it
 * shared first; a deactivated one no longer reads notifications).
 */
export async function comment(contactId: string, input: CommentInput): Promise<CommentResult> {
  const actor = useActor();
  requireRight(actor, "contacts:read");
  const id = parseId(contactId);
  const { text, kind } = parse(CommentInput, input);
  const mentions = [...new Set([...text.matchAll(mentionPattern)].map((match) => match[1]!))];
  if (mentions.length > 20) throw new ValidationError([{ field: "text", message: "At most 20 mentions." }]);
  const contact = await loadVisible(id);
  const activity = newActivity(id, actor, kind, { text, ...(mentions.length > 0 ? { mentions } : {}) });
  let notifications: Notification[] = [];
  let unnotified: Unnotified[] = [];
  if (mentions.length > 0) {
    const { service } = useStorage();
    // The author's row too (for their name in the notification): still one BatchGetItem.
    const wanted = actor.type === "user" && !mentions.includes(actor.userId) ? [...mentions, actor.userId] : mentions;
    const found = await service.entities.user.get(wanted.map((userId) => ({ userId }))).go();
    const users = new Map(found.data.map((user) => [user.userId, user]));
    const unknown = mentions.filter((userId) => !users.has(userId));
    if (unknown.length > 0) throw new ValidationError([{ field: "text", message: `Mentions unknown users: ${unknown.map((id) => `@${id}`).join(", ")}.` }]);
    if (kind === "comment") ({ notifications, unnotified } = await mentionNotifications(actor, contact, activity, mentions.map((userId) => users.get(userId)!), users));
  }
  const stored = await append(activity, notifications);
  return unnotified.length > 0 ? { ...stored, unnotified } : stored;
}

type MentionedUser = { userId: string; name: string; role: Role; teamId?: string; active?: boolean };

/**
 * One `mentioned` notification per active mentioned user who may read the contact, never to
 * the author; the rest are returned as `unnotified`.
 */
async function mentionNotifications(
  actor: Actor,
  contact: Awaited<ReturnType<typeof loadVisible>>,
  activity: Activity,
  mentioned: MentionedUser[],
  users: Map<string, MentionedUser>,
): Promise<{ notifications: Notification[]; unnotified: Unnotified[] }> {
  const authorId = actor.type === "user" ? actor.userId : undefined;
  const author = (authorId && users.get(authorId)?.name) || "Someone";
  const rows: Notification[] = [];
  const unnotified: Unnotified[] = [];
  for (const user of mentioned) {
    if (user.userId === authorId) continue;
    if (user.active === false) {
      unnotified.push({ userId: user.userId, name: user.name, reason: "deactivated" });
      continue;
    }
    const reader: Actor = { type: "user", userId: user.userId, role: user.role, ...(user.teamId ? { teamId: user.teamId } : {}) };
    if (!(await contactAccess(reader, contact, "read")).read) {
      unnotified.push({ userId: user.userId, name: user.name, reason: "cannot-see-contact" });
      continue;
    }
    rows.push(
      newNotification(user.userId, "mentioned", `${author} mentioned you on ${contact.displayName}.`, {
        contactId: contact.contactId,
        contactName: contact.displayName,
        activityId: activity.activityId,
        // The text's values, so the console can say it in its reader's language.
        ...(authorId ? { authorId } : {}),
        authorName: author,
      }),
    );
  }
  return { notifications: rows, unnotified };
}

/** Older pages of a card's timeline, newest first (the card itself carries the first page). */
export async function list(contactId: string, input: v.InferInput<typeof ListTimelineInput>): Promise<TimelinePage> {
  const actor = useActor();
  requireRight(actor, "contacts:read");
  const id = parseId(contactId);
  const { limit, cursor, kind } = parse(ListTimelineInput, input);
  // A filtered page continues only the same filter.
  const context = kind ? `${timelineContext(id)}#${kind}` : timelineContext(id);
  const start = decodeCursor(cursor, context) ?? null;
  const { service } = useStorage();
  const query = service.entities.activity.query.primary({ contactId: id });
  // Two requests: the contact row (access, trash) and the page. Both are in the same partition.
  // A kind is a filter on the partition's Query (never a Scan), read on until the page is full.
  const [contactRow, page] = await Promise.all([
    service.entities.contact.get({ contactId: id }).go(),
    (kind ? query.where((attributes, { eq }) => eq(attributes.kind, kind)) : query).go({ order: "desc", limit, cursor: start }),
  ]);
  const contact = contactRow.data;
  if (!contact || contact.deletedAt || isExpired(contact) || !(await contactAccess(actor, contact, "read")).read) throw new NotFoundError("Contact");
  return { items: page.data as Activity[], cursor: encodeCursor(page.cursor, context) };
}

// ---------------------------------------------------------------- company timeline

/** What the call-list engine may record on a company's card: a call to its own phone, or a note. */
export const CompanyRecordInput = v.variant("kind", [CallRecord, NoteRecord]);
export type CompanyRecordInput = v.InferInput<typeof CompanyRecordInput>;

const companyIdField = v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not a valid company ID."));

/**
 * `record` for companies: a line on the company's card, guarded by a condition check that the
 * company exists and is not in the trash (one TransactWriteItems). No user access check.
 */
export async function recordForCompany(companyId: string, input: CompanyRecordInput): Promise<CompanyActivity> {
  if (!v.is(companyIdField, companyId)) throw new ValidationError([{ field: "companyId", message: "Not a valid company ID." }]);
  const parsed = parse(CompanyRecordInput, input);
  const { kind, ...details } = parsed;
  const activity = newCompanyActivity(companyId, safeActor(), kind, details as Pick<CompanyActivity, "text" | "call" | "note">);
  const { service } = useStorage();
  try {
    await retryTransactionConflicts(async () =>
      committed(
        await service.transaction
          .write(({ company, companyActivity }) => [
            company
              .check({ companyId })
              .where(({ companyId: id, deletedAt }, { exists, notExists }) => `${exists(id)} AND ${notExists(deletedAt)}`)
              .commit(),
            companyActivity.create(activity).commit(),
          ])
          .go(),
      ),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError("Company");
    throw error;
  }
  return activity;
}

/** Older pages of a company's timeline, newest first (the company card carries the first page). */
export async function listForCompany(companyId: string, input: v.InferInput<typeof ListTimelineInput>): Promise<{ items: CompanyActivity[]; cursor: string | null }> {
  const actor = useActor();
  requireCompanyRight(actor, "read");
  if (!v.is(companyIdField, companyId)) throw new ValidationError([{ field: "companyId", message: "Not a valid company ID." }]);
  const { limit, cursor, kind } = parse(ListTimelineInput, input);
  const context = kind ? `${companyTimelineContext(companyId)}#${kind}` : companyTimelineContext(companyId);
  const start = decodeCursor(cursor, context) ?? null;
  const { service } = useStorage();
  const query = service.entities.companyActivity.query.primary({ companyId });
  const companyKind = (companyActivityKinds as readonly string[]).includes(kind ?? "") ? (kind as (typeof companyActivityKinds)[number]) : undefined;
  const [companyRow, page] = await Promise.all([
    service.entities.company.get({ companyId }).go(),
    // A kind companies never have: an empty page (after the access check).
    kind && !companyKind
      ? Promise.resolve({ data: [], cursor: null })
      : (companyKind ? query.where((attributes, { eq }) => eq(attributes.kind, companyKind)) : query).go({ order: "desc", limit, cursor: start }),
  ]);
  const company = companyRow.data;
  if (!company || company.deletedAt || !canSeeCompany(actor, company)) throw new NotFoundError("Company");
  return { items: page.data as CompanyActivity[], cursor: encodeCursor(page.cursor, context) };
}

// ---------------------------------------------------------------- call details added later

/** Where a call activity was written: a contact's or a company's timeline. */
export interface CallActivityRef {
  kind: "contact" | "company";
  id: string;
  activityId: string;
}

/**
 * Adds what is known only when a call is over (talk and ring seconds) to its activity, which
 * was written at the answer. For the call-list engine; no user check; a missing activity (the
 * card was deleted meanwhile) is left alone.
 */
export async function amendCall(ref: CallActivityRef, details: Pick<CallDetails, "talkSeconds" | "ringSeconds" | "durationSeconds">): Promise<void> {
  const { service } = useStorage();
  const defined = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
  if (Object.keys(defined).length === 0) return;
  const key = ref.kind === "company" ? { companyId: ref.id, activityId: ref.activityId } : { contactId: ref.id, activityId: ref.activityId };
  const entity = ref.kind === "company" ? service.entities.companyActivity : service.entities.activity;
  const { data } = await (entity as typeof service.entities.activity).get(key as { contactId: string; activityId: string }).go({ consistent: true });
  if (!data || data.kind !== "call") return;
  try {
    await (entity as typeof service.entities.activity)
      .patch(key as { contactId: string; activityId: string })
      .set({ call: { ...(data.call as CallDetails), ...defined } })
      .go({ response: "none" });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
