import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { Activity, TimelinePage, Colleague, Unnotified } from "../../api/types";
import { ErrorMessage } from "../../components";
import { capitalize, formatDateTime } from "../../format";
import { FieldMessages, fieldErrorsOf, type FieldErrors } from "../../form";
import { MentionText, MentionTextarea, toWire, type Mention } from "./mentions";

const PAGE = 20;

const FIELD_LABELS: Record<string, string> = {
  displayName: "display name",
  firstName: "first name",
  lastName: "last name",
  middleName: "middle name",
  doNotCall: "do not call",
  doNotEmail: "do not email",
  preferredContactMethod: "preferred contact",
  contactType: "type",
  socialLinks: "social links",
  timeZone: "time zone",
  ownerIds: "responsible managers",
};

function describeValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (Array.isArray(value)) {
    return (
      value
        .map((item) => {
          if (item && typeof item === "object") {
            const record = item as Record<string, unknown>;
            const main = record.number ?? record.address ?? JSON.stringify(record);
            return `${String(main)}${record.primary ? " (primary)" : ""}`;
          }
          return String(item);
        })
        .join(", ") || "—"
    );
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}: ${describeValue(item)}`)
      .join(", ");
  }
  return String(value);
}

function headline(activity: Activity): string {
  switch (activity.kind) {
    case "created": {
      const source = activity.source as { kind?: string; label?: string } | undefined;
      return source?.kind && source.kind !== "manual" ? `Created (source: ${source.label ?? source.kind})` : "Created";
    }
    case "updated":
      return "Changed";
    case "comment":
      return "Comment";
    case "note":
      return "Note";
    case "call": {
      const call = activity.call;
      if (!call) return "Call";
      const parts = [`${capitalize(call.direction ?? "outbound")} call`, call.outcome.replace("-", " ")];
      if (call.callListName) parts.push(`call list «${call.callListName}»`);
      if (call.attempt) parts.push(`attempt ${call.attempt}${call.maxAttempts ? ` of ${call.maxAttempts}` : ""}`);
      return parts.join(" · ");
    }
    case "deleted":
      return "Moved to the trash";
    case "restored":
      return "Restored from the trash";
    case "merged":
      return "Merged";
    case "form":
      return `Web form «${activity.submission?.formName ?? "form"}»`;
    case "message":
      return `Message (${activity.message?.source ?? "chat"}${activity.message?.handle ? ` · ${activity.message.handle}` : ""})`;
    default:
      return capitalize(activity.kind);
  }
}

/**
 * The contact's history, newest first: the card brings the first page, "Show older" pages on with
 * the cursor (`GET /v1/contacts/{id}/timeline`). Comments are added on top.
 */
export function Timeline({
  contactId,
  page,
  onPage,
  nameOf,
  users,
  onMergeUndone,
}: {
  contactId: string;
  page: TimelinePage;
  onPage: (page: TimelinePage) => void;
  nameOf: (actorId: string) => string;
  /** Who can be mentioned (the directory the user may read); empty: mentions by `@<userId>` only. */
  users: readonly Colleague[];
  /** After an undo from a `merged` entry: the card is as it was before the merge. */
  onMergeUndone?: () => void;
}) {
  const [undoing, setUndoing] = useState(false);
  const undoMerge = async (mergeId: string) => {
    setUndoing(true);
    setFailure(undefined);
    try {
      await api.undoMerge(mergeId);
      onMergeUndone?.();
    } catch (error) {
      setFailure(error);
    } finally {
      setUndoing(false);
    }
  };
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<Mention[]>([]);
  const [posting, setPosting] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  /** Mentioned users the last comment did not notify: the author should know, to share or re-mention. */
  const [unnotified, setUnnotified] = useState<Unnotified[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);

  const post = async (event: FormEvent) => {
    event.preventDefault();
    if (posting) return;
    setPosting(true);
    setErrors({});
    setFailure(undefined);
    setUnnotified([]);
    try {
      const { unnotified, ...activity } = await api.comment(contactId, toWire(text, picked));
      onPage({ ...page, items: [activity, ...page.items] });
      setUnnotified(unnotified ?? []);
      setText("");
      setPicked([]);
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error);
      setErrors(fieldErrors);
      if (!fieldErrors.text) setFailure(error);
    } finally {
      setPosting(false);
    }
  };

  const more = async () => {
    if (!page.cursor) return;
    setLoadingMore(true);
    setFailure(undefined);
    try {
      const next = await api.timeline(contactId, { limit: PAGE, cursor: page.cursor });
      const seen = new Set(page.items.map((item) => item.activityId));
      onPage({ items: [...page.items, ...next.items.filter((item) => !seen.has(item.activityId))], cursor: next.cursor });
    } catch (error) {
      setFailure(error);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className="card wide" aria-labelledby="section-timeline">
      <h2 id="section-timeline">Timeline</h2>
      <form className="section-form" onSubmit={post} noValidate aria-busy={posting}>
        <div className={`field${errors.text ? " invalid" : ""}`}>
          <label htmlFor="comment-text">Comment</label>
          <MentionTextarea
            id="comment-text"
            rows={2}
            value={text}
            users={users}
            onPick={(mention) => setPicked((current) => [...current.filter((item) => item.userId !== mention.userId), mention])}
            placeholder={users.length > 1 ? "Write a comment; type @ to mention a user" : "Write a comment; mention a user with @ and their user ID"}
            aria-invalid={Boolean(errors.text)}
            aria-describedby={errors.text ? "comment-text-error" : undefined}
            onChange={(next) => {
              setText(next);
              setErrors({});
            }}
          />
          <FieldMessages id="comment-text-error" testId="error-text" messages={errors.text} />
        </div>
        <div className="section-actions">
          <button type="submit" className="button button-primary" disabled={posting} data-testid="add-comment">
            {posting ? "Adding…" : "Add comment"}
          </button>
        </div>
      </form>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {unnotified.length > 0 ? (
        <p className="alert alert-info" role="status" data-testid="unnotified">
          Not notified: {unnotified.map((user) => `${user.name} (${user.reason === "deactivated" ? "deactivated" : "cannot see this contact; share it first"})`).join(", ")}.
        </p>
      ) : null}
      <ol className="timeline" data-testid="timeline">
        {page.items.map((activity) => (
          <li key={activity.activityId} className={`activity activity-${activity.kind}`} data-testid="activity" data-kind={activity.kind}>
            <div className="activity-meta">
              <strong>{headline(activity)}</strong> · <time dateTime={activity.at}>{formatDateTime(activity.at)}</time> · {nameOf(activity.actorId)}
            </div>
            {activity.text ? (
              <p className="activity-text">
                {activity.kind === "merged" ? `Merged with «${activity.text}»` : <MentionText text={activity.text} mentions={activity.mentions} nameOf={nameOf} />}
              </p>
            ) : null}
            {activity.kind === "merged" && activity.mergeId ? (
              <button type="button" className="button-link" disabled={undoing} data-testid="undo-merge" onClick={() => void undoMerge(activity.mergeId!)}>
                {undoing ? "Undoing…" : "Undo merge"}
              </button>
            ) : null}
            {activity.changes?.length ? (
              <ul className="changes">
                {activity.changes.map((change, index) => (
                  <li key={index}>
                    {FIELD_LABELS[change.field] ?? change.field}: {describeValue(change.before)} → {describeValue(change.after)}
                  </li>
                ))}
              </ul>
            ) : null}
            {activity.submission ? (
              <ul className="changes" data-testid="submission-fields">
                {Object.entries(activity.submission.fields).map(([name, value]) => (
                  <li key={name}>
                    {name}: {value}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {page.items.length === 0 ? <p className="empty">Nothing has happened yet.</p> : null}
      {page.cursor ? (
        <button type="button" className="button" onClick={() => void more()} disabled={loadingMore} data-testid="timeline-more">
          {loadingMore ? "Loading…" : "Show older"}
        </button>
      ) : null}
    </section>
  );
}
