import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatClockDuration } from "../../../format";
import { t as translate } from "../../../i18n";
import type { CallView } from "./activity";
import { dispositionLabel } from "./systemNotes";

/** A call's outcome as people say it ("no answer", «не ответил»); an unknown one as stored. */
export function callOutcomeLabel(outcome: string): string {
  switch (outcome) {
    case "answered":
      return translate("timeline:outcome.answered");
    case "no-answer":
      return translate("timeline:outcome.noAnswer");
    case "busy":
      return translate("timeline:outcome.busy");
    case "failed":
      return translate("timeline:outcome.failed");
    case "machine":
      return translate("timeline:outcome.machine");
    case "missed":
      return translate("timeline:outcome.missed");
    case "abandoned":
      return translate("timeline:outcome.abandoned");
    case "canceled":
    case "cancelled":
      return translate("timeline:outcome.cancelled");
    default:
      return outcome.replace(/-/g, " ");
  }
}

/**
 * The facts of one call on the timeline: direction, who talked, how long, how it ended, and the
 * recording's player (`player` is given by the card while the call has a stored recording).
 */
export function CallSummary({ call, nameOf, player }: { call: CallView; nameOf?: (userId: string) => string; player?: ReactNode }) {
  const { t } = useTranslation();
  const seconds = call.talkSeconds ?? call.durationSeconds;
  const facts: { key: string; label: string; value: ReactNode }[] = [
    { key: "direction", label: t("timeline:call.direction"), value: call.direction === "inbound" ? t("timeline:call.inbound") : t("timeline:call.outbound") },
    ...(call.operatorId ? [{ key: "operator", label: t("timeline:call.operator"), value: nameOf ? nameOf(call.operatorId) : call.operatorId }] : []),
    ...(seconds !== undefined ? [{ key: "duration", label: t("timeline:call.talkTime"), value: <time dateTime={`PT${Math.round(seconds)}S`}>{formatClockDuration(seconds)}</time> }] : []),
    ...(call.outcome ? [{ key: "outcome", label: t("timeline:call.outcome"), value: callOutcomeLabel(call.outcome) }] : []),
    ...(call.disposition ? [{ key: "disposition", label: t("timeline:call.disposition"), value: dispositionLabel(call.disposition) ?? call.disposition.replace(/-/g, " ") }] : []),
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
