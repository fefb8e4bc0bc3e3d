import type { ReactNode } from "react";
import { capitalize } from "../../../format";
import { formatDuration, type CallView } from "./activity";

/**
 * The facts of one call on the timeline: direction, who talked, how long, how it ended, and the
 * recording's player (`player` is given by the card while the call has a stored recording).
 */
export function CallSummary({ call, nameOf, player }: { call: CallView; nameOf?: (userId: string) => string; player?: ReactNode }) {
  const seconds = call.talkSeconds ?? call.durationSeconds;
  const facts: { key: string; label: string; value: ReactNode }[] = [
    { key: "direction", label: "Direction", value: capitalize(call.direction ?? "outbound") },
    ...(call.operatorId ? [{ key: "operator", label: "Operator", value: nameOf ? nameOf(call.operatorId) : call.operatorId }] : []),
    ...(seconds !== undefined ? [{ key: "duration", label: "Talk time", value: <time dateTime={`PT${Math.round(seconds)}S`}>{formatDuration(seconds)}</time> }] : []),
    ...(call.outcome ? [{ key: "outcome", label: "Outcome", value: call.outcome.replace("-", " ") }] : []),
    ...(call.disposition ? [{ key: "disposition", label: "Disposition", value: call.disposition.replace(/-/g, " ") }] : []),
  ];
  return (
    <div className="call-summary" data-testid="call-summary">
      <dl className="call-facts">
        {facts.map((fact) => (
          <div key={fact.key} className="call-fact">
            <dt>{fact.label}</dt>
            <dd data-testid={`call-${fact.key}`}>{fact.value}</dd>
          </div>
        ))}
      </dl>
      {player}
    </div>
  );
}
