import "./reports.css";
import { useMemo, useState, type FormEvent } from "react";
import type { ChartConfiguration } from "chart.js";
import { ErrorMessage, Spinner } from "../../components";
import { FieldMessages, fieldErrorsOf } from "../../form";
import { useResource } from "../../hooks";
import { can, useMe } from "../../session";
import { LazyChart, baseOptions, formatDuration, palette } from "../charts/LazyChart";
import { downloadCallsReport, fetchCallsReport, type CallsReport, type ReportPeriod } from "./api";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The last 7 days, today included (UTC days, as the API counts them). */
const defaultPeriod = (): ReportPeriod => ({ from: isoDay(Date.now() - 6 * DAY_MS), to: isoDay(Date.now()) });

/**
 * Calls across every list per operator and per day (issue 18): managers see their team,
 * admins everyone. Charts, a table, and the same rows as a CSV download.
 */
export function ReportsPage() {
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
        <h1>Reports</h1>
        <div className="alert alert-error" role="alert">
          Reports are for managers and admins.
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
    <section className="page" aria-labelledby="reports-title">
      <div className="page-header">
        <h1 id="reports-title">Call reports</h1>
      </div>
      <form className="filters report-period" onSubmit={apply} data-testid="report-period">
        <label className="inline-field">
          <span>From</span>
          <input type="date" value={draft.from} data-testid="report-from" onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </label>
        <label className="inline-field">
          <span>To</span>
          <input type="date" value={draft.to} data-testid="report-to" onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </label>
        <label className="inline-field">
          <span>Operator</span>
          <select value={draft.operatorId ?? ""} data-testid="report-operator" onChange={(event) => setDraft({ from: draft.from, to: draft.to, ...(event.target.value ? { operatorId: event.target.value } : {}) })}>
            <option value="">Everyone</option>
            {[...operators].map(([operatorId, name]) => (
              <option key={operatorId} value={operatorId}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-primary" data-testid="report-apply">
          Show
        </button>
        <button type="button" className="button" data-testid="report-download" disabled={downloading || report.status !== "ready"} onClick={() => void download()}>
          {downloading ? "Downloading…" : "Download CSV"}
        </button>
      </form>
      <FieldMessages id="report-from-error" testId="error-from" messages={errors.from} />
      <FieldMessages id="report-to-error" testId="error-to" messages={errors.to} />
      {downloadError !== undefined ? <ErrorMessage error={downloadError} /> : null}
      {downloaded ? (
        <p className="muted" role="status" data-testid="report-downloaded">
          Saved {downloaded}
        </p>
      ) : null}
      {report.status === "loading" ? <Spinner label="Loading the report…" /> : null}
      {report.status === "error" && !errors.from && !errors.to ? <ErrorMessage error={report.error} /> : null}
      {report.status === "ready" ? <Report report={report.data} /> : null}
    </section>
  );
}

const dispositionLabel = (name: string) => name.replaceAll("-", " ");

function Report({ report }: { report: CallsReport }) {
  const daysConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: report.byDay.map((day) => day.day),
        datasets: [
          { label: "Calls", data: report.byDay.map((day) => day.calls), backgroundColor: palette[0] },
          { label: "Answered", data: report.byDay.map((day) => day.answered), backgroundColor: palette[1] },
        ],
      },
      options: { ...baseOptions, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [report],
  );
  const operatorsConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: report.byOperator.map((row) => row.operatorName),
        datasets: [
          { label: "Calls", data: report.byOperator.map((row) => row.calls), backgroundColor: palette[0] },
          { label: "Answered", data: report.byOperator.map((row) => row.answered), backgroundColor: palette[1] },
          { label: "Talk time, minutes", data: report.byOperator.map((row) => Math.round((row.talkSeconds / 60) * 10) / 10), backgroundColor: palette[4] },
        ],
      },
      options: { ...baseOptions, indexAxis: "y", scales: { x: { beginAtZero: true } } },
    }),
    [report],
  );
  const dispositionsConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: report.dispositions.map(dispositionLabel),
        datasets: [{ label: "Calls", data: report.dispositions.map((name) => report.totals.dispositions[name] ?? 0), backgroundColor: report.dispositions.map((_, index) => palette[index % palette.length]!) }],
      },
      options: { ...baseOptions, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [report],
  );

  return (
    <>
      <dl className="props stats report-totals" data-testid="report-totals">
        <div className="prop">
          <dt>Calls</dt>
          <dd data-testid="total-calls">{report.totals.calls}</dd>
        </div>
        <div className="prop">
          <dt>Answered</dt>
          <dd data-testid="total-answered">{report.totals.answered}</dd>
        </div>
        <div className="prop">
          <dt>Talk time</dt>
          <dd data-testid="total-talk" data-seconds={report.totals.talkSeconds}>
            {formatDuration(report.totals.talkSeconds)}
          </dd>
        </div>
        <div className="prop">
          <dt>Abandoned</dt>
          <dd data-testid="total-abandoned">{report.totals.abandoned}</dd>
        </div>
      </dl>
      {report.complete ? null : <p className="muted">Some days had more calls than one read covers: their earliest calls are counted.</p>}
      <div className="card-grid">
        <section className="card" aria-labelledby="per-day-title">
          <h2 id="per-day-title">Per day</h2>
          <LazyChart config={daysConfig} label="Calls and answered calls per day" testId="chart-report-days" />
        </section>
        <section className="card" aria-labelledby="per-operator-title">
          <h2 id="per-operator-title">Per operator</h2>
          <LazyChart config={operatorsConfig} label="Calls, answered calls and talk minutes per operator" testId="chart-report-operators" />
        </section>
        <section className="card" aria-labelledby="dispositions-title">
          <h2 id="dispositions-title">Dispositions</h2>
          <LazyChart config={dispositionsConfig} label="Calls by disposition" testId="chart-report-dispositions" />
        </section>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="report-rows">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Operator</th>
              <th scope="col">Calls</th>
              <th scope="col">Answered</th>
              <th scope="col">Talk time</th>
              <th scope="col">Abandoned</th>
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
                <td>{row.day}</td>
                <th scope="row">{row.operatorName}</th>
                <td data-testid="calls">{row.calls}</td>
                <td data-testid="answered">{row.answered}</td>
                <td data-testid="talk" data-seconds={row.talkSeconds}>
                  {formatDuration(row.talkSeconds)}
                </td>
                <td data-testid="abandoned">{row.abandoned}</td>
                {report.dispositions.map((name) => (
                  <td key={name}>{row.dispositions[name] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {report.rows.length === 0 ? <p className="empty">No calls in this period.</p> : null}
      </div>
    </>
  );
}
