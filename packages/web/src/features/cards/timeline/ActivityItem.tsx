import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../../format";
import { callOf, type CallView, type TimelineActivity } from "./activity";
import { CallSummary } from "./CallSummary";
import { describeValue, fieldLabel, headline } from "./headline";
import { MentionText } from "./mentions";
import { systemNoteText } from "./systemNotes";

/** Only a call someone talked on can have a recording (the player asks; a missing one says so). */
const hasTalked = (call: CallView) => (call.talkSeconds ?? call.durationSeconds ?? 0) > 0;

/**
 * What an activity says below its headline: a system note in the reader's language (its English
 * `text` when the console cannot read the note), a chat message's own words, a comment with its
 * mentions.
 */
function ActivityText({ activity, nameOf }: { activity: TimelineActivity; nameOf?: (actorId: string) => string }): ReactNode {
  const { t } = useTranslation();
  // A chat's note says where it came from (the headline); its text is the person's own words.
  const note = activity.kind === "message" ? undefined : systemNoteText(activity.note);
  if (note !== undefined) return note;
  if (!activity.text) return null;
  if (activity.kind === "merged") return t("timeline:note.merged", { name: activity.text });
  if (nameOf) return <MentionText text={activity.text} mentions={activity.mentions} nameOf={nameOf} />;
  return activity.text;
}

/** One line of a card's timeline: what happened, when, by whom, and its details. */
export function ActivityItem({
  activity,
  testId,
  nameOf,
  undoing,
  onUndoMerge,
  recordingPlayer,
}: {
  activity: TimelineActivity;
  testId: string;
  nameOf?: (actorId: string) => string;
  undoing: boolean;
  onUndoMerge?: (mergeId: string) => void;
  /** The player of a call's recording (the card decides whether it may offer one). */
  recordingPlayer?: (callId: string, durationSeconds?: number) => ReactNode;
}) {
  const { t } = useTranslation();
  const call = callOf(activity);
  const text = <ActivityText activity={activity} nameOf={nameOf} />;
  const hasText = Boolean(activity.text) || (activity.kind !== "message" && systemNoteText(activity.note) !== undefined);
  return (
    <li className={`activity activity-${activity.kind}`} data-testid={testId} data-kind={activity.kind} data-note={activity.note?.kind}>
      <div className="activity-meta">
        <strong>{headline(activity)}</strong> · <time dateTime={activity.at}>{formatDateTime(activity.at)}</time>
        {nameOf && activity.actorId ? ` · ${nameOf(activity.actorId)}` : null}
      </div>
      {hasText ? <p className="activity-text">{text}</p> : null}
      {call ? (
        <CallSummary
          call={call}
          nameOf={nameOf}
          player={call.callId && hasTalked(call) && call.recording?.status !== "deleted" && recordingPlayer ? recordingPlayer(call.callId, call.recording?.durationSeconds) : undefined}
        />
      ) : null}
      {activity.kind === "merged" && activity.mergeId && onUndoMerge ? (
        <button type="button" className="button-link" disabled={undoing} data-testid="undo-merge" onClick={() => onUndoMerge(activity.mergeId!)}>
          {undoing ? t("timeline:undoingMerge") : t("timeline:undoMerge")}
        </button>
      ) : null}
      {activity.changes?.length ? (
        <ul className="changes">
          {activity.changes.map((change, index) => (
            <li key={index}>
              {t("timeline:change", {
                field: fieldLabel(change.field),
                before: describeValue(change.before, nameOf, change.field),
                after: describeValue(change.after, nameOf, change.field),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {activity.submission ? (
        <ul className="changes" data-testid="submission-fields">
          {Object.entries(activity.submission.fields).map(([name, value]) => (
            <li key={name}>{t("timeline:value.pair", { name, value })}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
