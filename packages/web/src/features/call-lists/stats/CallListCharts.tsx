import { useMemo } from "react";
import type { ChartConfiguration } from "chart.js";
import { ErrorMessage, Spinner } from "../../../components";
import { useResource } from "../../../hooks";
import { LazyChart, baseOptions, formatDuration, palette } from "../../charts/LazyChart";
import { fetchCallListStatistics, type CallListStatistics } from "./api";

const stageLabels: Record<string, string> = {
  dialed: "Dialed",
  answered: "Answered by a person",
  interested: "Interested",
  "call-back": "Call back",
  "not-interested": "Not interested",
  "wrong-number": "Wrong number",
  "do-not-call": "Do not call",
  "no-disposition": "No disposition",
};
const stageLabel = (stage: string) => stageLabels[stage] ?? stage;

/** "09:00" (with the date when the list ran over several days), in the browser's time zone. */
function hourLabel(iso: string, severalDays: boolean): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return severalDays ? `${date.toLocaleDateString(undefined, { day: "2-digit", month: "2-digit" })} ${time}` : time;
}

/**
 * The list page's charts (issue 18): the funnel with both rates named for what they divide,
 * calls per hour, talk time per operator and abandoned calls. Reloaded whenever the list's
 * counters move (`version`), so they agree with the numbers above them.
 */
export function CallListCharts({ listId, version }: { listId: string; version: string }) {
  const statistics = useResource(() => fetchCallListStatistics(listId), [listId, version]);
  if (statistics.status === "loading") return <Spinner label="Loading statistics…" />;
  if (statistics.status === "error") return <ErrorMessage error={statistics.error} />;
  return <Charts statistics={statistics.data} />;
}

function Charts({ statistics }: { statistics: CallListStatistics }) {
  const funnelConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: statistics.funnel.map((stage) => `${stage.stage === "answered" ? "Answered" : stageLabel(stage.stage)} (${stage.percentOfDialed}%)`),
        datasets: [{ label: "Calls", data: statistics.funnel.map((stage) => stage.count), backgroundColor: statistics.funnel.map((_, index) => palette[index % palette.length]!) }],
      },
      options: { ...baseOptions, indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [statistics],
  );
  const severalDays = new Set(statistics.callsPerHour.map((bucket) => bucket.hour.slice(0, 10))).size > 1;
  const hoursConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: statistics.callsPerHour.map((bucket) => hourLabel(bucket.hour, severalDays)),
        datasets: [
          { label: "Calls", data: statistics.callsPerHour.map((bucket) => bucket.calls), backgroundColor: palette[0] },
          { label: "Answered", data: statistics.callsPerHour.map((bucket) => bucket.answered), backgroundColor: palette[1] },
        ],
      },
      options: { ...baseOptions, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [statistics, severalDays],
  );
  const talkConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: statistics.talkByOperator.map((row) => row.name),
        datasets: [{ label: "Talk time, minutes", data: statistics.talkByOperator.map((row) => Math.round((row.talkSeconds / 60) * 10) / 10), backgroundColor: palette[4] }],
      },
      options: { ...baseOptions, indexAxis: "y", scales: { x: { beginAtZero: true } } },
    }),
    [statistics],
  );

  return (
    <div className="card-grid list-charts" data-testid="list-charts">
      <section className="card" aria-labelledby="funnel-title">
        <h2 id="funnel-title">Funnel</h2>
        <dl className="props stats">
          <div className="prop">
            <dt>Answered of attempts</dt>
            <dd data-testid="rate-answered-of-attempts">
              {statistics.answered} of {statistics.attempts} ({statistics.answeredPercentOfAttempts}%)
            </dd>
          </div>
          <div className="prop">
            <dt>Reached of finished entries</dt>
            <dd data-testid="rate-reached-of-entries">
              {statistics.reachedEntries} of {statistics.finishedEntries} ({statistics.reachedPercentOfFinishedEntries}%)
            </dd>
          </div>
          <div className="prop">
            <dt>Abandoned calls</dt>
            <dd data-testid="stat-abandoned-calls">{statistics.abandoned}</dd>
          </div>
        </dl>
        <LazyChart config={funnelConfig} label="Funnel: dialed, answered by a person, each disposition" testId="chart-funnel" height={260} />
        <table className="table compact" data-testid="funnel">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Calls</th>
              <th scope="col">Of dialed</th>
              <th scope="col">Of answered</th>
            </tr>
          </thead>
          <tbody>
            {statistics.funnel.map((stage) => (
              <tr key={stage.stage} data-testid={`funnel-${stage.stage}`}>
                <th scope="row">{stageLabel(stage.stage)}</th>
                <td data-testid="count">{stage.count}</td>
                <td data-testid="percent-of-dialed">{stage.percentOfDialed}%</td>
                <td data-testid="percent-of-answered">{stage.percentOfAnswered === undefined ? "" : `${stage.percentOfAnswered}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="hours-title">
        <h2 id="hours-title">Calls per hour</h2>
        {statistics.callsPerHour.length === 0 ? <p className="empty">No calls yet.</p> : null}
        <LazyChart config={hoursConfig} label="Calls and answered calls per hour over the list's life" testId="chart-calls-per-hour" />
        <details>
          <summary>Numbers</summary>
          <table className="table compact" data-testid="calls-per-hour">
            <thead>
              <tr>
                <th scope="col">Hour</th>
                <th scope="col">Calls</th>
                <th scope="col">Answered</th>
              </tr>
            </thead>
            <tbody>
              {statistics.callsPerHour.map((bucket) => (
                <tr key={bucket.hour} data-hour={bucket.hour}>
                  <th scope="row">{hourLabel(bucket.hour, true)}</th>
                  <td data-testid="calls">{bucket.calls}</td>
                  <td data-testid="answered">{bucket.answered}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        {statistics.callLog.complete ? null : <p className="muted">This list has more calls than one read covers: the hours and talk times show its earliest {statistics.callLog.calls} calls.</p>}
      </section>
      <section className="card" aria-labelledby="talk-title">
        <h2 id="talk-title">Talk time per operator</h2>
        {statistics.talkByOperator.length === 0 ? <p className="empty">Nobody has talked yet.</p> : null}
        <LazyChart config={talkConfig} label="Talk time per operator, in minutes" testId="chart-talk-by-operator" />
        <table className="table compact" data-testid="talk-by-operator">
          <thead>
            <tr>
              <th scope="col">Operator</th>
              <th scope="col">Calls</th>
              <th scope="col">Answered</th>
              <th scope="col">Talk time</th>
            </tr>
          </thead>
          <tbody>
            {statistics.talkByOperator.map((row) => (
              <tr key={row.operatorId} data-testid={`talk-${row.operatorId}`}>
                <th scope="row">{row.name}</th>
                <td data-testid="calls">{row.calls}</td>
                <td data-testid="answered">{row.answered}</td>
                <td data-testid="talk" data-seconds={row.talkSeconds}>
                  {formatDuration(row.talkSeconds)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
