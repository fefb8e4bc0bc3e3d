/**
 * What a timeline shows of an activity, for contact and company timelines alike (the company's
 * activities are notes and calls, a subset of the contact's).
 */
export interface TimelineActivity {
  activityId: string;
  kind: string;
  at: string;
  actorId?: string;
  text?: string;
  changes?: { field: string; before?: unknown; after?: unknown }[];
  mentions?: string[];
  source?: unknown;
  call?: unknown;
  mergeId?: string;
  submission?: { formId: string; formName: string; fields: Record<string, string> };
  message?: { source: string; handle?: string; messageId: string };
  /** A system note as data (docs/timeline-notes.md): rendered in the reader's language; `text` is its English. */
  note?: SystemNoteView;
}

/** A system note as the API sends it: `kind` and its raw `values` (ISO times, numbers, names, codes). */
export interface SystemNoteView {
  kind: string;
  values: Record<string, unknown>;
}

export interface TimelinePageOf<A extends TimelineActivity> {
  items: A[];
  cursor: string | null;
}

/** A call activity's details (docs: calls contract; older rows carry only the outcome and list). */
export interface CallView {
  callId?: string;
  outcome?: string;
  disposition?: string;
  direction?: "inbound" | "outbound";
  operatorId?: string;
  talkSeconds?: number;
  ringSeconds?: number;
  /** Older call rows: the length of the call. */
  durationSeconds?: number;
  callListName?: string;
  attempt?: number;
  maxAttempts?: number;
  phone?: string;
  recording?: { status?: string; durationSeconds?: number };
}

export const callOf = (activity: TimelineActivity): CallView | undefined =>
  activity.kind === "call" && activity.call && typeof activity.call === "object" ? (activity.call as CallView) : undefined;
