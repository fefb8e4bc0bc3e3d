import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { ChartConfiguration } from "chart.js";
import { ErrorMessage, Spinner } from "../../../components";
import { currentLanguage } from "../../../i18n";
import { formatDuration, formatNumber, formatPercent, formatTime } from "../../../format";
import { useResource } from "../../../hooks";
import { LazyChart, chartOptions, palette, valueAxis } from "../../charts/LazyChart";
import { fetchCallListStatistics, type CallListStatistics } from "./api";

/** "09:00", or "04.05, 09:00" when the list ran over several days: the reader's language and time zone. */
function hourLabel(iso: string, severalDays: boolean): string {
  if (!severalDays) return formatTime(iso);
  return new Intl.DateTimeFormat(currentLanguage(), { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** The API's percent (77.8) as the reader writes it ("77,8 %"). */
const percent = (value: number) => formatPercent(value / 100, 1);

/**
 * The list page's charts (issue 18): the funnel with both rates named for what they divide,
 * calls per hour, talk time per operator and abandoned calls. Reloaded whenever the list's
 * counters move (`version`), so they agree with the numbers above them.
 */
export function CallListCharts({ listId, version }: { listId: string; version: string }) {
  const { t } = useTranslation();
  const statistics = useResource(() => fetchCallListStatistics(listId), [listId, version]);
  if (statistics.status === "loading") return <Spinner label={t("callLists:charts.loading")} />;
  if (statistics.status === "error") return <ErrorMessage error={statistics.error} />;
  return <Charts statistics={statistics.data} />;
}

function Charts({ statistics }: { statistics: CallListStatistics }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  /** A funnel step: dialed, answered by a person, or a call result. */
  const stageLabel = (stage: string, short = false) =>
    stage === "dialed" ? t("callLists:charts.stage.dialed") : stage === "answered" ? t(short ? "callLists:charts.stage.answeredShort" : "callLists:charts.stage.answered") : t(`calls:disposition.${stage}`);

  const funnelConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: statistics.funnel.map((stage) => t("callLists:charts.funnelBar", { stage: stageLabel(stage.stage, true), percent: percent(stage.percentOfDialed) })),
        datasets: [{ label: t("callLists:charts.calls"), data: statistics.funnel.map((stage) => stage.count), backgroundColor: statistics.funnel.map((_, index) => palette[index % palette.length]!) }],
      },
      options: { ...chartOptions(), indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: valueAxis(t("callLists:charts.axisCalls"), { integers: true }) } },
    }),
    [statistics, language],
  );
  const severalDays = new Set(statistics.callsPerHour.map((bucket) => bucket.hour.slice(0, 10))).size > 1;
  const hoursConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: statistics.callsPerHour.map((bucket) => hourLabel(bucket.hour, severalDays)),
        datasets: [
          { label: t("callLists:charts.calls"), data: statistics.callsPerHour.map((bucket) => bucket.calls), backgroundColor: palette[0] },
          { label: t("callLists:charts.answered"), data: statistics.callsPerHour.map((bucket) => bucket.answered), backgroundColor: palette[1] },
        ],
      },
      options: { ...chartOptions(), scales: { y: valueAxis(t("callLists:charts.axisCalls"), { integers: true }) } },
    }),
    [statistics, severalDays, language],
  );
  const talkConfig = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: statistics.talkByOperator.map((row) => row.name),
        datasets: [{ label: t("callLists:charts.talkMinutes"), data: statistics.talkByOperator.map((row) => Math.round((row.talkSeconds / 60) * 10) / 10), backgroundColor: palette[4] }],
      },
      options: { ...chartOptions(), indexAxis: "y", scales: { x: valueAxis(t("callLists:charts.axisMinutes")) } },
    }),
    [statistics, language],
  );

  return (
    <div className="card-grid list-charts" data-testid="list-charts">
      <section className="card" aria-labelledby="funnel-title">
        <h2 id="funnel-title">{t("callLists:charts.funnel")}</h2>
        <dl className="props stats">
          <div className="prop">
            <dt>{t("callLists:charts.answeredOfAttempts")}</dt>
            <dd data-testid="rate-answered-of-attempts">
              {t("callLists:stats.ofTotal", { part: formatNumber(statistics.answered), total: formatNumber(statistics.attempts), percent: percent(statistics.answeredPercentOfAttempts) })}
            </dd>
          </div>
          <div className="prop">
            <dt>{t("callLists:charts.reachedOfEntries")}</dt>
            <dd data-testid="rate-reached-of-entries">
              {t("callLists:stats.ofTotal", { part: formatNumber(statistics.reachedEntries), total: formatNumber(statistics.finishedEntries), percent: percent(statistics.reachedPercentOfFinishedEntries) })}
            </dd>
          </div>
          <div className="prop">
            <dt>{t("callLists:charts.abandoned")}</dt>
            <dd data-testid="stat-abandoned-calls">{formatNumber(statistics.abandoned)}</dd>
          </div>
        </dl>
        <LazyChart config={funnelConfig} label={t("callLists:charts.funnelLabel")} testId="chart-funnel" height={260} />
        <div className="table-scroll">
          <table className="table compact" data-testid="funnel">
            <thead>
              <tr>
                <th scope="col">{t("callLists:charts.step")}</th>
                <th scope="col">{t("callLists:charts.calls")}</th>
                <th scope="col">{t("callLists:charts.ofDialed")}</th>
                <th scope="col">{t("callLists:charts.ofAnswered")}</th>
              </tr>
            </thead>
            <tbody>
              {statistics.funnel.map((stage) => (
                <tr key={stage.stage} data-testid={`funnel-${stage.stage}`} data-count={stage.count}>
                  <th scope="row">{stageLabel(stage.stage)}</th>
                  <td data-testid="count">{formatNumber(stage.count)}</td>
                  <td data-testid="percent-of-dialed">{percent(stage.percentOfDialed)}</td>
                  <td data-testid="percent-of-answered">{stage.percentOfAnswered === undefined ? "" : percent(stage.percentOfAnswered)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="hours-title">
        <h2 id="hours-title">{t("callLists:charts.perHour")}</h2>
        {statistics.callsPerHour.length === 0 ? <p className="empty">{t("callLists:charts.noCalls")}</p> : null}
        <LazyChart config={hoursConfig} label={t("callLists:charts.perHourLabel")} testId="chart-calls-per-hour" />
        <details>
          <summary>{t("callLists:charts.numbers")}</summary>
          <div className="table-scroll">
            <table className="table compact" data-testid="calls-per-hour">
              <thead>
                <tr>
                  <th scope="col">{t("callLists:charts.hour")}</th>
                  <th scope="col">{t("callLists:charts.calls")}</th>
                  <th scope="col">{t("callLists:charts.answered")}</th>
                </tr>
              </thead>
              <tbody>
                {statistics.callsPerHour.map((bucket) => (
                  <tr key={bucket.hour} data-hour={bucket.hour}>
                    <th scope="row">
                      <time dateTime={bucket.hour}>{hourLabel(bucket.hour, true)}</time>
                    </th>
                    <td data-testid="calls">{formatNumber(bucket.calls)}</td>
                    <td data-testid="answered">{formatNumber(bucket.answered)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        {statistics.callLog.complete ? null : <p className="muted">{t("callLists:charts.incomplete", { count: statistics.callLog.calls })}</p>}
      </section>
      <section className="card" aria-labelledby="talk-title">
        <h2 id="talk-title">{t("callLists:charts.talk")}</h2>
        {statistics.talkByOperator.length === 0 ? <p className="empty">{t("callLists:charts.nobodyTalked")}</p> : null}
        <LazyChart config={talkConfig} label={t("callLists:charts.talkLabel")} testId="chart-talk-by-operator" />
        <div className="table-scroll">
          <table className="table compact" data-testid="talk-by-operator">
            <thead>
              <tr>
                <th scope="col">{t("callLists:charts.operator")}</th>
                <th scope="col">{t("callLists:charts.calls")}</th>
                <th scope="col">{t("callLists:charts.answered")}</th>
                <th scope="col">{t("callLists:charts.talkTime")}</th>
              </tr>
            </thead>
            <tbody>
              {statistics.talkByOperator.map((row) => (
                <tr key={row.operatorId} data-testid={`talk-${row.operatorId}`}>
                  <th scope="row">{row.name}</th>
                  <td data-testid="calls">{formatNumber(row.calls)}</td>
                  <td data-testid="answered">{formatNumber(row.answered)}</td>
                  <td data-testid="talk" data-seconds={row.talkSeconds}>
                    {formatDuration(row.talkSeconds)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
