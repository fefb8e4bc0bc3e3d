import { useTranslation } from "react-i18next";
import type { CallList } from "../../api/types";
import { formatClock, formatDuration } from "../../format";
import { Stat } from "./ListStatus";

/** Retry delays in the order the new-list form asks them, keyed by the outcome they follow. */
const retryOutcomes = [
  ["busy", "busy"],
  ["noAnswer", "no-answer"],
  ["failed", "failed"],
  ["machine", "machine"],
] as const;

/** The list's settings as sentences: durations and windows in the reader's language. */
export function SettingsCard({ list }: { list: CallList }) {
  const { t } = useTranslation();
  const settings = list.settings;
  const delays = settings.retryDelayMinutes;
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">{t("callLists:settings.title")}</h2>
      <dl className="props stats">
        <Stat label={t("callLists:settings.ringTimeout")} testId="setting-ring-timeout" value={formatDuration(settings.ringTimeoutSeconds)} />
        <Stat label={t("callLists:settings.maxAttempts")} testId="setting-max-attempts" value={t("callLists:settings.attempts", { count: settings.maxAttempts })} />
        <Stat
          label={t("callLists:settings.retryDelays")}
          testId="setting-retry-delays"
          value={
            <span className="stacked">
              {retryOutcomes.map(([key, outcome]) => (
                <span key={key}>{t("callLists:settings.retryDelay", { outcome: t(`calls:outcome.${outcome}`), delay: formatDuration(delays[key] * 60) })}</span>
              ))}
            </span>
          }
        />
        <Stat
          label={t("callLists:settings.callWindow")}
          testId="setting-call-window"
          value={t("callLists:settings.window", { start: formatClock(settings.callWindow.start), end: formatClock(settings.callWindow.end) })}
        />
        <Stat label={t("callLists:settings.wrapUpTimeout")} testId="setting-wrap-up" value={formatDuration(settings.wrapUpTimeoutSeconds)} />
      </dl>
    </section>
  );
}
