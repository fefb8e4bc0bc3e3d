import { callOf, type CallView, type TimelineActivity } from "./activity";
import { CallSummary } from "./CallSummary";
import { describeValue, FIELD_LABELS, headline } from "./headline";
import { MentionText } from "./mentions";
import type { ReactNode } from "react";
import { formatDateTime } from "../../../format";

/** Only a call someone talked on can have a recording (the player asks; a missing one says so). */
const hasTalked = (call: CallView) => (call.talkSeconds ?? call.durationSeconds ?? 0) > 0;

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
  const call = callOf(activity);
  return (
    <li className={`activity activity-${activity.kind}`} data-testid={testId} data-kind={activity.kind}>
      <div className="activity-meta">
        <strong>{headline(activity)}</strong> · <time dateTime={activity.at}>{formatDateTime(activity.at)}</time>
        {nameOf && activity.actorId ? ` · ${nameOf(activity.actorId)}` : null}
      </div>
      {activity.text ? (
        <p className="activity-text">
          {activity.kind === "merged" ? (
            `Merged with «${activity.text}»`
          ) : nameOf ? (
            <MentionText text={activity.text} mentions={activity.mentions} nameOf={nameOf} />
          ) : (
            activity.text
          )}
        </p>
      ) : null}
      {call ? (
        <CallSummary
          call={call}
          nameOf={nameOf}
          player={call.callId && hasTalked(call) && call.recording?.status !== "deleted" && recordingPlayer ? recordingPlayer(call.callId, call.recording?.durationSeconds) : undefined}
        />
      ) : null}
      {activity.kind === "merged" && activity.mergeId && onUndoMerge ? (
        <button type="button" className="button-link" disabled={undoing} data-testid="undo-merge" onClick={() => onUndoMerge(activity.mergeId!)}>
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
  );
}
