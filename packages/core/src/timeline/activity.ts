import { monotonicFactory } from "ulid";
import type { Actor } from "../actor";
import type { ActivityKind } from "./activity.entity";
import type { CompanyActivityKind } from "./company-activity.entity";
import type { SystemNote } from "./note-schema";

/** Time-ordered IDs even within one millisecond, so a page is ordered exactly as written. */
const nextId = monotonicFactory();

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface CallDetails {
  outcome: string;
  callListId?: string;
  callListName?: string;
  attempt?: number;
  maxAttempts?: number;
  direction?: "inbound" | "outbound";
  durationSeconds?: number;
  phone?: string;
  recordingUrl?: string;
  /** The call-log record (calls/). */
  callId?: string;
  talkSeconds?: number;
  ringSeconds?: number;
  /** Who talked (or was reserved). */
  operatorId?: string;
}

export interface Activity {
  contactId: string;
  activityId: string;
  kind: ActivityKind;
  at: string;
  actorId: string;
  text?: string;
  /** A system note as data (notes.ts); `text` is its English rendering. */
  note?: SystemNote;
  changes?: FieldChange[];
  mentions?: string[];
  source?: Record<string, unknown>;
  call?: CallDetails;
  relatedContactId?: string;
  mergeId?: string;
  submission?: { formId: string; formName: string; fields: Record<string, string> };
  message?: { source: string; handle?: string; messageId: string };
}

export const actorIdOf = (actor: Actor) => (actor.type === "user" ? actor.userId : `system:${actor.reason}`);

/** A new activity row (not yet written): the caller puts it in its own transaction. */
export function newActivity(
  contactId: string,
  actor: Actor,
  kind: ActivityKind,
  details: Omit<Activity, "contactId" | "activityId" | "kind" | "at" | "actorId"> = {},
  at = new Date(),
): Activity {
  const activity: Activity = { contactId, activityId: nextId(at.getTime()), kind, at: at.toISOString(), actorId: actorIdOf(actor) };
  for (const [key, value] of Object.entries(details)) {
    if (value !== undefined) (activity as unknown as Record<string, unknown>)[key] = value;
  }
  return activity;
}

/** One entry of a company's timeline: the engine's calls to the company's own phone and notes. */
export interface CompanyActivity {
  companyId: string;
  activityId: string;
  kind: CompanyActivityKind;
  at: string;
  actorId: string;
  text?: string;
  note?: SystemNote;
  call?: CallDetails;
}

export function newCompanyActivity(
  companyId: string,
  actor: Actor,
  kind: CompanyActivityKind,
  details: Pick<CompanyActivity, "text" | "call" | "note">,
  at = new Date(),
): CompanyActivity {
  const activity: CompanyActivity = { companyId, activityId: nextId(at.getTime()), kind, at: at.toISOString(), actorId: actorIdOf(actor) };
  if (details.text !== undefined) activity.text = details.text;
  if (details.call !== undefined) activity.call = details.call;
  if (details.note !== undefined) activity.note = details.note;
  return activity;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields that differ between two versions, with their values before and after. */
export function diff<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const [was, now] = [before[field], after[field]];
    if (same(was, now)) continue;
    const change: FieldChange = { field };
    if (was !== undefined) change.before = was;
    if (now !== undefined) change.after = now;
    changes.push(change);
  }
  return changes;
}
