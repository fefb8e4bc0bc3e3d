import "./reports.css";
import { useMemo, useState, type FormEvent } from "react";
import type { ChartConfiguration } from "chart.js";
import { useTranslation } from "react-i18next";
import { ErrorMessage, Spinner } from "../../components";
import { FieldMessages, fieldErrorsOf } from "../../form";
import { useResource } from "../../hooks";
import { can, useMe } from "../../session";
import { formatCalendarDate, formatDuration, formatNumber } from "../../format";
import { currentLanguage } from "../../i18n";
import { LazyChart, chartOptions, palette, valueAxis } from "../charts/LazyChart";
import { downloadCallsReport, fetchCallsReport, type CallsReport, type ReportPeriod } from "./api";
import { PageFrame } from "../shell/PageFrame";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The last 7 days, today included (UTC days, as the API counts them). */
const defaultPeriod = (): ReportPeriod => ({ from: isoDay(Date.now() - 6 * DAY_MS), to: isoDay(Date.now()) });

/**
 * Calls across every list per operator and per day (issue 18): managers see their team,
 * admins everyone. Charts, a table, and the same rows as a CSV download.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [period, setPeriod] = useState<ReportPeriod>(defaultPeriod);
  const [draft, setDraft] = useState<ReportPeriod>(period);
  const report = useResource(() => fetchCallsReport(period), [period.from, period.to, period.operatorId]);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>();
  const [downloaded, setDownloaded] = useState<string>();
  /** Operators seen in reports of this visit, for the picker (the API decides who may be chosen). */
  const [operators, setOperators] = useState(new Map<string, string>());
  if (report.status === "ready") {
    const unseen = report.data.byOperator.filter((row) => row.operatorId !== null && !operators.has(row.operatorId));
    if (unseen.length) setOperators(new Map([...operators, ...unseen.map((row) => [row.operatorId!, row.operatorName] as const)]));
  }

  if (me && !can(me, "readReports")) {
    return (
      <section className="page">
        <h1>{t("reports:forbiddenTitle")}</h1>
        <div className="alert alert-error" role="alert">
          {t("reports:forbidden")}
        </div>
      </section>
    );
  }

  const errors = report.status === "error" ? fieldErrorsOf(report.error) : {};
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setPeriod({ ...draft });
  };
  const download = async () => {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      setDownloaded(await downloadCallsReport(period));
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <PageFrame id="reports" title={t("reports:title")}>
      <form className="filters report-period" onSubmit={apply} data-testid="report-period">
        <label className="inline-field">
          <span>{t("reports:period.from")}</span>
          <input type="date" value={draft.from} data-testid="report-from" onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </label>
        <label className="inline-field">
          <span>{t("reports:period.to")}</span>
          <input type="date" value={draft.to} data-testid="report-to" onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </label>
        <label className="inline-field">
          <span>{t("reports:period.operator")}</span>
          <select value={draft.operatorId ?? ""} data-testid="report-operator" onChange={(event) => setDraft({ from: draft.from, to: draft.to, ...(event.target.value ? { operatorId: event.target.value } : {}) })}>
            <option value="">{t("reports:period.everyone")}</option>
            {[...operators].map(([operatorId, name]) => (
              <option key={operatorId} value={operatorId}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-primary" data-testid="report-apply">
          {t("reports:period.show")}
        </button>
        <button type="button" className="button" data-testid="report-download" disabled={downloading || report.status !== "ready"} onClick={() => void download()}>
          {downloading ? t("reports:period.downloading") : t("reports:period.download")}
        </button>
      </form>
      <FieldMessages id="report-from-error" testId="error-from" messages={errors.from} />
      <FieldMessages id="report-to-error" testId="error-to" messages={errors.to} />
      {downloadError !== undefined ? <ErrorMessage error={downloadError} /> : null}
      {downloaded ? (
        <p className="muted" role="status" data-testid="report-downloaded">
          {t("reports:period.saved", { file: downloaded })}
        </p>
      ) : null}
      {report.status === "loading" ? <Spinner label={t("reports:loading")} /> : null}
      {report.status === "error" && !errors.from && !errors.to ? <ErrorMessage error={report.error} /> : null}
      {report.status === "ready" ? <Report report={report.data} /> : null}
    </PageFrame>
  );
}

/** A report day (`YYYY-MM-DD`, a UTC day as the API counts them) on a chart's axis: "4 мая". */
const shortDay = (day: string) => new Intl.DateTimeFormat(currentLanguage(), { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

function Report({ report }: { report: CallsReport }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const dispositionLabel = (name: string) => t(`calls:disposition.${name}`);
  const operatorName = (row: { operatorId: string | null; operatorName: string }) => (row.operatorId === null ? t("reports:noOperator") : row.operatorName);
  const daysConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: report.byDay.map((day) => shortDay(day.day)),
        datasets: [
          { label: t("reports:chart.calls"), data: report.byDay.map((day) => day.calls), backgroundColor: palette[0] },
          { label: t("reports:chart.answered"), data: report.byDay.map((day) => day.answered), backgroundColor: palette[1] },
        ],
      },
      options: { ...chartOptions(), scales: { y: valueAxis(t("reports:chart.axisCalls"), { integers: true }) } },
    }),
    [report, language],
  );
  const operatorsConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: report.byOperator.map(operatorName),
        datasets: [
          { label: t("reports:chart.calls"), data: report.byOperator.map((row) => row.calls), backgroundColor: palette[0] },
          { label: t("reports:chart.answered"), data: report.byOperator.map((row) => row.answered), backgroundColor: palette[1] },
          { label: t("reports:chart.talkMinutes"), data: report.byOperator.map((row) => Math.round((row.talkSeconds / 60) * 10) / 10), backgroundColor: palette[4] },
        ],
      },
      options: { ...chartOptions(), indexAxis: "y", scales: { x: valueAxis(t("reports:chart.axisCallsOrMinutes")) } },
    }),
    [report, language],
  );
  const dispositionsConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: report.dispositions.map(dispositionLabel),
        datasets: [{ label: t("reports:chart.calls"), data: report.dispositions.map((name) => report.totals.dispositions[name] ?? 0), backgroundColor: report.dispositions.map((_, index) => palette[index % palette.length]!) }],
      },
      options: { ...chartOptions(), plugins: { legend: { display: false } }, scales: { y: valueAxis(t("reports:chart.axisCalls"), { integers: true }) } },
    }),
    [report, language],
  );

  return (
    <>
      <dl className="props stats report-totals" data-testid="report-totals">
        <div className="prop">
          <dt>{t("reports:totals.calls")}</dt>
          <dd data-testid="total-calls">{formatNumber(report.totals.calls)}</dd>
        </div>
        <div className="prop">
          <dt>{t("reports:totals.answered")}</dt>
          <dd data-testid="total-answered">{formatNumber(report.totals.answered)}</dd>
        </div>
        <div className="prop">
          <dt>{t("reports:totals.talk")}</dt>
          <dd data-testid="total-talk" data-seconds={report.totals.talkSeconds}>
            {formatDuration(report.totals.talkSeconds)}
          </dd>
        </div>
        <div className="prop">
          <dt>{t("reports:totals.abandoned")}</dt>
          <dd data-testid="total-abandoned">{formatNumber(report.totals.abandoned)}</dd>
        </div>
      </dl>
      {report.complete ? null : <p className="muted">{t("reports:incomplete")}</p>}
      <div className="card-grid">
        <section className="card" aria-labelledby="per-day-title">
          <h2 id="per-day-title">{t("reports:perDay")}</h2>
          <LazyChart config={daysConfig} label={t("reports:chart.days")} testId="chart-report-days" />
        </section>
        <section className="card" aria-labelledby="per-operator-title">
          <h2 id="per-operator-title">{t("reports:perOperator")}</h2>
          <LazyChart config={operatorsConfig} label={t("reports:chart.operators")} testId="chart-report-operators" />
        </section>
        <section className="card" aria-labelledby="dispositions-title">
          <h2 id="dispositions-title">{t("reports:dispositions")}</h2>
          <LazyChart config={dispositionsConfig} label={t("reports:chart.dispositions")} testId="chart-report-dispositions" />
        </section>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="report-rows">
          <thead>
            <tr>
              <th scope="col">{t("reports:table.day")}</th>
              <th scope="col">{t("reports:table.operator")}</th>
              <th scope="col">{t("reports:table.calls")}</th>
              <th scope="col">{t("reports:table.answered")}</th>
              <th scope="col">{t("reports:table.talk")}</th>
              <th scope="col">{t("reports:table.abandoned")}</th>
              {report.dispositions.map((name) => (
                <th scope="col" key={name}>
                  {dispositionLabel(name)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={`${row.day}:${row.operatorId ?? ""}`} data-testid="report-row" data-day={row.day} data-operator={row.operatorId ?? ""}>
                <td>
                  <time dateTime={row.day}>{formatCalendarDate(row.day)}</time>
                </td>
                <th scope="row">{operatorName(row)}</th>
                <td data-testid="calls">{formatNumber(row.calls)}</td>
                <td data-testid="answered">{formatNumber(row.answered)}</td>
                <td data-testid="talk" data-seconds={row.talkSeconds}>
                  {formatDuration(row.talkSeconds)}
                </td>
                <td data-testid="abandoned">{formatNumber(row.abandoned)}</td>
                {report.dispositions.map((name) => (
                  <td key={name}>{formatNumber(row.dispositions[name] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {report.rows.length === 0 ? <p className="empty">{t("reports:empty")}</p> : null}
      </div>
    </>
  );
}
