import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CallEntry, CallList } from "../../api/types";
import { formatNumber } from "../../format";

/** While a list runs, its page refreshes this often. */
export const RUNNING_REFRESH_MS = 2000;

/** A list's state ("Черновик", "Идёт"…); the class keeps the API value for the colours. */
export function StatusBadge({ status }: { status: CallList["status"] }) {
  const { t } = useTranslation();
  return <span className={`badge status status-${status}`}>{t(`callLists:status.${status}`)}</span>;
}

/** An entry's state ("Ждёт", "Не дозвонились"…). */
export function EntryStatusBadge({ status }: { status: CallEntry["status"] }) {
  const { t } = useTranslation();
  return <span className={`badge status status-${status}`}>{t(`callLists:entryStatus.${status}`)}</span>;
}

export function ProgressBar({ done, total, testId }: { done: number; total: number; testId?: string }) {
  const { t } = useTranslation();
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div className="progress-wrap">
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={t("callLists:progress.label")}>
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <span className="nowrap" data-testid={testId}>
        {t("callLists:progress.doneOfTotal", { done: formatNumber(done), total: formatNumber(total) })}
      </span>
    </div>
  );
}

/** One labelled figure in a card. */
export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="prop">
      <dt>{label}</dt>
      <dd data-testid={testId}>{typeof value === "number" ? formatNumber(value) : value}</dd>
    </div>
  );
}
