import "./call-lists.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import type { CallList } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { formatNumber, formatPercent } from "../../format";
import { useReloadable } from "../../hooks";
import { Link, paths } from "../../router";
import { can, useMe } from "../../session";
import { ScriptEditor } from "../operator/ScriptEditor";
import { EntriesTable } from "./EntriesTable";
import { ProgressBar, RUNNING_REFRESH_MS, Stat, StatusBadge } from "./ListStatus";
import { OperatorsCard } from "./OperatorsCard";
import { SettingsCard } from "./SettingsCard";
import { LazyCallListCharts } from "./stats";
import type { CallListNotice } from "./types";

/** A draft or paused list may be started by someone else: look now and then. */
const IDLE_REFRESH_MS = 10_000;

type Action = "start" | "pause" | "resume" | "cancel";

/** The attempt outcomes the list counts, by their key in `stats.byOutcome` and their API value. */
const outcomes = [
  ["answered", "answered"],
  ["noAnswer", "no-answer"],
  ["busy", "busy"],
  ["failed", "failed"],
  ["machine", "machine"],
] as const;

export function CallListPage({ listId, state }: { listId: string; state: unknown }) {
  const { t } = useTranslation();
  const me = useMe();
  const [notice, setNotice] = useState(() => (state as Partial<CallListNotice> | null)?.notice);
  const [status, setStatus] = useState<CallList["status"]>();
  const list = useReloadable(
    async () => {
      const loaded = await api.getCallList(listId);
      setStatus(loaded.status);
      return loaded;
    },
    [listId],
    status === "running" ? RUNNING_REFRESH_MS : status === "draft" || status === "paused" ? IDLE_REFRESH_MS : undefined,
  );
  const [acting, setActing] = useState<Action>();
  const [actionError, setActionError] = useState<unknown>();
  const [override, setOverride] = useState<CallList>();

  if (list.status === "loading") return <Spinner label={t("callLists:loadingList")} />;
  if (list.status === "error") {
    const notFound = list.error instanceof ApiError && [400, 404].includes(list.error.status);
    return (
      <section className="page">
        <p className="breadcrumb">
          <Link to={paths.callLists}>{t("callLists:back")}</Link>
        </p>
        {notFound ? (
          <div className="alert alert-error" role="alert">
            <strong>{t("callLists:notFound.title")}</strong>
            <p>{t("callLists:notFound.text")}</p>
          </div>
        ) : (
          <ErrorMessage error={list.error} />
        )}
      </section>
    );
  }

  // The answer to a button press is newer than the last poll until the next poll lands.
  const data = override && override.updatedAt > list.data.updatedAt ? override : list.data;

  const act = async (action: Action) => {
    setActing(action);
    setActionError(undefined);
    try {
      const updated = await api.callListAction(listId, action);
      setOverride(updated);
      setStatus(updated.status);
      list.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setActing(undefined);
    }
  };

  const manage = can(me, "manageCallLists");
  const { stats } = data;
  const buttons: { action: Action; show: boolean; className?: string }[] = [
    { action: "start", show: data.status === "draft" },
    { action: "pause", show: data.status === "running" },
    { action: "resume", show: data.status === "paused" || data.status === "done" },
    { action: "cancel", show: data.status !== "cancelled", className: "button button-danger" },
  ];
  const reload = (updated: CallList) => {
    setOverride(updated);
    list.reload();
  };

  return (
    <section className="page call-list-page" aria-labelledby="list-title" data-status={data.status}>
      <p className="breadcrumb">
        <Link to={paths.callLists}>{t("callLists:back")}</Link>
      </p>
      <div className="page-header">
        <h1 id="list-title">{data.name}</h1>
        <span data-testid="list-status">
          <StatusBadge status={data.status} />
        </span>
        <span className="muted" data-testid="list-entries-count">
          {t("callLists:entriesCount", { count: stats.total })}
        </span>
        {manage ? (
          <div className="header-actions">
            {buttons
              .filter((button) => button.show)
              .map((button) => (
                <button
                  key={button.action}
                  type="button"
                  className={button.className ?? "button button-primary"}
                  disabled={acting !== undefined}
                  data-testid={`list-${button.action}`}
                  onClick={() => void act(button.action)}
                >
                  {acting === button.action ? t(`callLists:action.${button.action}Busy`) : t(`callLists:action.${button.action}`)}
                </button>
              ))}
          </div>
        ) : null}
      </div>

      {notice ? (
        <div className="alert alert-success" role="status" data-testid="list-notice">
          <span>
            {t(notice.withCompanies ? "callLists:notice.createdEntries" : "callLists:notice.createdContacts", { name: notice.name, count: notice.added })}
            {notice.rejected ? <> {t("callLists:notice.rejected", { count: notice.rejected })}</> : null}
          </span>
          <button type="button" className="button-link" aria-label={t("callLists:action.dismiss")} onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      ) : null}
      {data.status === "paused" && data.pausedReason === "no-active-operator" ? (
        <div className="alert alert-error" role="alert" data-testid="paused-reason">
          <strong>{t("callLists:paused.noActiveOperator")}</strong>
          <p>{manage ? t("callLists:paused.chooseOperators") : t("callLists:paused.askManager")}</p>
        </div>
      ) : null}
      {actionError !== undefined ? <ErrorMessage error={actionError} /> : null}

      <div className="card-grid">
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">{t("callLists:stats.progress")}</h2>
          <ProgressBar done={stats.done} total={stats.total} testId="list-progress" />
          <dl className="props stats">
            <Stat
              label={t("callLists:stats.answeredOfAttempts")}
              testId="stat-answered"
              value={t("callLists:stats.ofTotal", { part: formatNumber(stats.answered), total: formatNumber(stats.attempts), percent: formatPercent(stats.answeredPercentOfAttempts / 100, 1) })}
            />
            <Stat label={t("callLists:stats.attempts")} testId="stat-attempts" value={stats.attempts} />
            <Stat label={t("callLists:stats.pending")} testId="stat-pending" value={stats.pending} />
            <Stat label={t("callLists:stats.inProgress")} testId="stat-in-progress" value={stats.inProgress} />
          </dl>
        </section>
        <section className="card" aria-labelledby="outcomes-title">
          <h2 id="outcomes-title">{t("callLists:stats.outcomes")}</h2>
          <dl className="props stats">
            {outcomes.map(([key, outcome]) => (
              <Stat key={key} label={t(`calls:outcome.${outcome}`)} testId={`outcome-${key}`} value={stats.byOutcome[key]} />
            ))}
          </dl>
        </section>
        <section className="card" aria-labelledby="statuses-title">
          <h2 id="statuses-title">{t("callLists:stats.byStatus")}</h2>
          <dl className="props stats">
            {Object.entries(stats.byStatus).map(([entryStatus, count]) => (
              <Stat key={entryStatus} label={t(`callLists:entryStatus.${entryStatus}`)} testId={`status-${entryStatus}`} value={count} />
            ))}
          </dl>
        </section>
        <OperatorsCard list={data} editable={manage && data.status !== "cancelled"} onChanged={reload} />
        <SettingsCard list={data} />
        <ScriptEditor list={data} canEdit={manage && data.status !== "cancelled"} onSaved={reload} />
      </div>

      <LazyCallListCharts listId={listId} version={`${stats.done}:${stats.attempts}:${stats.answered}:${stats.abandoned}`} />

      <EntriesTable listId={listId} version={`${data.updatedAt}:${stats.done}:${stats.attempts}:${stats.inProgress}`} />
    </section>
  );
}
