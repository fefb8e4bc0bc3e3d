import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../format";
import type { SystemNoteView } from "../cards/timeline/activity";
import { systemNoteText } from "../cards/timeline/systemNotes";

/** How many of the newest timeline items the pop shows. */
export const RECENT_ITEMS = 5;

interface TimelineItem {
  activityId: string;
  kind: string;
  at: string;
  text?: string;
  /** A system note (engine, telephony, intake): said in the reader's language, as the card's timeline says it. */
  note?: SystemNoteView;
  call?: { outcome?: string; callListName?: string; durationSeconds?: number } | Record<string, unknown>;
}

/** The timeline's kinds and the calls' outcomes the catalogs name (`operator:history.kind.*`, `operator:outcome.*`). */
const kinds = new Set(["created", "updated", "comment", "note", "call", "merged", "deleted", "restored", "form", "message"]);
const outcomes = new Set(["answered", "no-answer", "busy", "failed", "machine"]);

/** The newest few items of the card's timeline (the card carries them: no extra request). */
export function RecentHistory({ items }: { items: readonly TimelineItem[] }) {
  const { t } = useTranslation();
  const describe = (item: TimelineItem): string => {
    const noted = systemNoteText(item.note);
    if (noted) return noted;
    if (item.text) return item.text;
    const call = item.call as { outcome?: string; callListName?: string } | undefined;
    if (item.kind === "call" && call?.outcome) {
      // An outcome no catalog names yet is shown as the API says it, rather than as a key.
      const outcome = outcomes.has(call.outcome) ? t(`operator:outcome.${call.outcome}`) : call.outcome;
      return call.callListName ? t("operator:history.callInList", { outcome, list: call.callListName }) : t("operator:history.call", { outcome });
    }
    return kinds.has(item.kind) ? t(`operator:history.kind.${item.kind}`) : item.kind;
  };
  const recent = items.slice(0, RECENT_ITEMS);
  return (
    <section aria-label={t("operator:history.title")} data-testid="pop-history">
      <h3 className="pop-section-title">{t("operator:history.title")}</h3>
      {recent.length ? (
        <ul className="pop-history">
          {recent.map((item) => (
            <li key={item.activityId} data-testid="pop-history-item">
              <span className="muted">{formatDateTime(item.at)}</span> {describe(item)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("operator:history.empty")}</p>
      )}
    </section>
  );
}
