import { ErrorMessage } from "../../components";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { BulkActionInput, BulkProgress } from "../../api/types";
import { formatNumber } from "../../format";
import { t as translate } from "../../i18n";
import { useResource } from "../../hooks";
import { assignable } from "../../people";
import { Link, paths } from "../../router";
import { can, useMe } from "../../session";
import { sharingLabel } from "./labels";

/** What is selected: some contacts by ID, or everything the list's filter matches. */
export type BulkSelection = { kind: "ids"; contactIds: string[] } | { kind: "filter"; filter: Record<string, unknown> };

type ActionType = BulkActionInput["action"]["type"];
type Counts = Record<"applied" | "unchanged" | "denied" | "invalid" | "not-found", number>;
interface NotApplied {
  contactId: string;
  status: string;
  reason?: string;
}
/** The outcome shown when an action finished (at once or as a job). */
interface Summary {
  counts: Counts;
  notApplied: NotApplied[];
  truncated?: boolean;
}

const POLL_MS = 500;
const STATUSES: (keyof Counts)[] = ["applied", "unchanged", "denied", "invalid", "not-found"];
/** One outcome's count, "Applied: 3" (the API's reasons are English: the status says it here). */
const countText = (status: string, count: number) => translate(`contacts:bulk.status.${status}`, { n: formatNumber(count), defaultValue: `${status}: ${count}` });
const statusName = (status: string) => translate(`contacts:bulk.outcome.${status}`, { defaultValue: status });

const countsFromStats = (stats: Record<string, number> | undefined): Counts => ({
  applied: stats?.applied ?? 0,
  unchanged: stats?.unchanged ?? 0,
  denied: stats?.denied ?? 0,
  invalid: stats?.invalid ?? 0,
  "not-found": stats?.notFound ?? 0,
});

const splitTags = (text: string) => text.split(",").map((tag) => tag.trim()).filter(Boolean);

/**
 * The action bar over a selection: add or remove tags, change the responsible manager or the
 * sharing, add to a call list, delete (admins). Up to 100 contacts are applied at once; more, or
 * "all matching", start a background job whose progress bar polls until it is done. Either way
 * the summary lists every record that was not applied, with its outcome.
 */
export function BulkActionBar({ selection, onFinished }: { selection: BulkSelection; onFinished: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [type, setType] = useState<ActionType>("addTags");
  const [tags, setTags] = useState("");
  const [ownerId, setOwnerId] = useState("");
  const [sharing, setSharing] = useState<"private" | "read" | "write">("read");
  const [listId, setListId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [progress, setProgress] = useState<BulkProgress>();
  const [summary, setSummary] = useState<Summary>();
  const users = useResource(() => (type === "setOwners" ? api.listUsers().catch(() => []) : Promise.resolve([])), [type]);
  const lists = useResource(() => (type === "addToCallList" ? api.listCallLists({ limit: 50 }).then((page) => page.items) : Promise.resolve([])), [type]);

  const actions: [ActionType, string][] = [
    ["addTags", t("contacts:bulk.action.addTags")],
    ["removeTags", t("contacts:bulk.action.removeTags")],
    ["setOwners", t("contacts:bulk.action.setOwners")],
    ["setSharing", t("contacts:bulk.action.setSharing")],
    ...(can(me, "manageCallLists") ? [["addToCallList", t("contacts:bulk.action.addToCallList")] as [ActionType, string]] : []),
    ...(can(me, "admin") ? [["delete", t("contacts:bulk.action.delete")] as [ActionType, string]] : []),
  ];

  // A running job: poll its progress until it is no longer queued or running.
  const jobId = progress && (progress.job.status === "queued" || progress.job.status === "running") ? progress.job.jobId : undefined;
  useEffect(() => {
    if (!jobId) return;
    const timer = setTimeout(() => {
      api.bulkProgress(jobId).then(
        (next) => {
          setProgress(next);
          if (next.job.status !== "queued" && next.job.status !== "running") {
            setSummary({ counts: countsFromStats(next.job.stats), notApplied: next.notApplied, truncated: next.notAppliedTruncated });
            if (next.job.status === "failed") setError(new Error(t("contacts:bulk.failed")));
            setBusy(false);
            onFinished();
          }
        },
        (caught: unknown) => {
          setError(caught);
          setBusy(false);
        },
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [progress, jobId]);

  function actionOf(): BulkActionInput["action"] | undefined {
    switch (type) {
      case "addTags":
      case "removeTags":
        return { type, tags: splitTags(tags) };
      case "setOwners":
        return { type, ownerIds: ownerId ? [ownerId] : [] };
      case "setSharing":
        return { type, sharing };
      case "addToCallList":
        return { type, listId };
      case "delete":
        return { type };
    }
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const action = actionOf();
    if (!action) return;
    if (type === "delete" && !confirm(selection.kind === "filter" ? t("contacts:bulk.confirmDeleteMatching") : t("contacts:bulk.confirmDelete", { count: selection.contactIds.length }))) return;
    setError(undefined);
    setSummary(undefined);
    setProgress(undefined);
    setBusy(true);
    try {
      const body = selection.kind === "filter" ? { action, filter: selection.filter } : { action, contactIds: selection.contactIds };
      const answer = await api.bulkAction(body as BulkActionInput);
      if ("applied" in answer) {
        const counts = answer.applied.counts as Counts;
        const notApplied = answer.applied.results.filter((result) => result.status === "denied" || result.status === "invalid" || result.status === "not-found");
        setSummary({ counts, notApplied });
        setBusy(false);
        onFinished();
      } else {
        setProgress({ job: answer.job, action, selection: selection.kind, notApplied: [], notAppliedTruncated: false } as BulkProgress);
      }
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const job = progress?.job;
  const running = job && (job.status === "queued" || job.status === "running");
  return (
    <div className="bulk-actions" role="region" aria-label={t("contacts:bulk.region")}>
      <form className="toolbar contacts-tools" onSubmit={submit}>
        <label className="inline-field">
          <span>{t("contacts:bulk.action.label")}</span>
          <select aria-label={t("contacts:bulk.action.aria")} value={type} onChange={(event) => setType(event.target.value as ActionType)} disabled={busy}>
            {actions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {type === "addTags" || type === "removeTags" ? (
          <label className="inline-field">
            <span>{t("contacts:bulk.tags")}</span>
            <input aria-label={t("contacts:bulk.tagsAria")} value={tags} placeholder={t("contacts:bulk.tagsPlaceholder")} onChange={(event) => setTags(event.target.value)} />
          </label>
        ) : null}
        {type === "setOwners" ? (
          <label className="inline-field">
            <span>{t("contacts:bulk.owner")}</span>
            <select aria-label={t("contacts:bulk.ownerAria")} value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
              <option value="">—</option>
              {users.status === "ready" ? assignable(users.data).map((user) => <option key={user.userId} value={user.userId}>{user.name}</option>) : null}
            </select>
          </label>
        ) : null}
        {type === "setSharing" ? (
          <label className="inline-field">
            <span>{t("contacts:bulk.sharing")}</span>
            <select aria-label={t("contacts:bulk.sharingAria")} value={sharing} onChange={(event) => setSharing(event.target.value as typeof sharing)}>
              {(["private", "read", "write"] as const).map((mode) => (
                <option key={mode} value={mode}>
                  {sharingLabel(mode)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {type === "addToCallList" ? (
          <label className="inline-field">
            <span>{t("contacts:bulk.callList")}</span>
            <select aria-label={t("contacts:bulk.callList")} value={listId} onChange={(event) => setListId(event.target.value)}>
              <option value="">—</option>
              {lists.status === "ready" ? lists.data.map((list) => <option key={list.listId} value={list.listId}>{list.name}</option>) : null}
            </select>
          </label>
        ) : null}
        <button
          type="submit"
          className="button button-primary"
          data-testid="bulk-apply"
          disabled={busy || ((type === "addTags" || type === "removeTags") && splitTags(tags).length === 0) || (type === "setOwners" && !ownerId) || (type === "addToCallList" && !listId)}
        >
          {t("common:action.apply")}
        </button>
      </form>

      {job && running ? (
        <div className="progress-wrap" data-testid="bulk-progress">
          <div
            className="progress"
            role="progressbar"
            aria-label={t("contacts:bulk.progress")}
            aria-valuemin={0}
            aria-valuemax={job.total}
            aria-valuenow={job.done}
          >
            <div className="progress-bar" style={{ width: `${job.total ? Math.round((100 * job.done) / job.total) : 0}%` }} />
          </div>
          <span className="muted" data-testid="bulk-progress-text">
            {job.total ? t("contacts:bulk.doneOf", { done: formatNumber(job.done), total: formatNumber(job.total) }) : t("contacts:bulk.selecting")}
          </span>
        </div>
      ) : null}

      {error ? <ErrorMessage error={error} /> : null}

      {summary ? (
        <div className="alert alert-info" role="status" data-testid="bulk-summary">
          <p>
            {STATUSES.filter((status) => summary.counts[status] > 0 || status === "applied")
              .map((status) => countText(status, summary.counts[status]))
              .join(" · ")}
          </p>
          {summary.notApplied.length > 0 ? (
            <ul data-testid="bulk-not-applied">
              {summary.notApplied.map((record) => (
                <li key={record.contactId}>
                  {record.status === "not-found" ? <code>{record.contactId}</code> : <Link to={paths.contact(record.contactId)}>{record.contactId}</Link>}
                  {" · "}
                  {statusName(record.status)}
                </li>
              ))}
              {summary.truncated ? <li>{t("contacts:bulk.truncated")}</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
