import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { BulkActionInput, BulkProgress } from "../../api/types";
import { ErrorMessage } from "../../components";
import { useResource } from "../../hooks";
import { assignable } from "../../people";
import { Link, paths } from "../../router";
import { can, useMe } from "../../session";

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
const STATUS_LABELS: [keyof Counts, string][] = [
  ["applied", "Applied"],
  ["unchanged", "Already so"],
  ["denied", "Denied"],
  ["invalid", "Invalid"],
  ["not-found", "Not found"],
];

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
 * the summary lists every record that was not applied, with the reason.
 */
export function BulkActionBar({ selection, onFinished }: { selection: BulkSelection; onFinished: () => void }) {
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
    ["addTags", "Add tags"],
    ["removeTags", "Remove tags"],
    ["setOwners", "Change responsible manager"],
    ["setSharing", "Change sharing"],
    ...(can(me, "manageCallLists") ? [["addToCallList", "Add to call list"] as [ActionType, string]] : []),
    ...(can(me, "admin") ? [["delete", "Delete"] as [ActionType, string]] : []),
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
            if (next.job.error && next.job.status === "failed") setError(new Error(next.job.error));
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
    if (type === "delete" && !confirm(selection.kind === "filter" ? "Move every matching contact to the trash?" : `Move ${selection.contactIds.length} contacts to the trash?`)) return;
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
    <div className="bulk-actions" role="region" aria-label="Bulk actions">
      <form className="toolbar" onSubmit={submit}>
        <label className="inline-field">
          <span>Action</span>
          <select aria-label="Action for the selection" value={type} onChange={(event) => setType(event.target.value as ActionType)} disabled={busy}>
            {actions.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {type === "addTags" || type === "removeTags" ? (
          <label className="inline-field">
            <span>Tags</span>
            <input aria-label="Tags to apply" value={tags} placeholder="vip, autumn" onChange={(event) => setTags(event.target.value)} />
          </label>
        ) : null}
        {type === "setOwners" ? (
          <label className="inline-field">
            <span>Responsible</span>
            <select aria-label="New responsible manager" value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
              <option value="">—</option>
              {users.status === "ready" ? assignable(users.data).map((user) => <option key={user.userId} value={user.userId}>{user.name}</option>) : null}
            </select>
          </label>
        ) : null}
        {type === "setSharing" ? (
          <label className="inline-field">
            <span>Sharing</span>
            <select aria-label="New sharing" value={sharing} onChange={(event) => setSharing(event.target.value as typeof sharing)}>
              <option value="private">Private</option>
              <option value="read">Everyone may read</option>
              <option value="write">Everyone may edit</option>
            </select>
          </label>
        ) : null}
        {type === "addToCallList" ? (
          <label className="inline-field">
            <span>Call list</span>
            <select aria-label="Call list" value={listId} onChange={(event) => setListId(event.target.value)}>
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
          Apply
        </button>
      </form>

      {job && running ? (
        <div className="progress-wrap" data-testid="bulk-progress">
          <div
            className="progress"
            role="progressbar"
            aria-label="Bulk action progress"
            aria-valuemin={0}
            aria-valuemax={job.total}
            aria-valuenow={job.done}
          >
            <div className="progress-bar" style={{ width: `${job.total ? Math.round((100 * job.done) / job.total) : 0}%` }} />
          </div>
          <span className="muted" data-testid="bulk-progress-text">
            {job.total ? `${job.done} of ${job.total}` : "Selecting the matching contacts…"}
          </span>
        </div>
      ) : null}

      {error ? <ErrorMessage error={error} /> : null}

      {summary ? (
        <div className="alert alert-info" role="status" data-testid="bulk-summary">
          <p>
            {STATUS_LABELS.filter(([status]) => summary.counts[status] > 0 || status === "applied")
              .map(([status, label]) => `${label}: ${summary.counts[status]}`)
              .join(" · ")}
          </p>
          {summary.notApplied.length > 0 ? (
            <ul data-testid="bulk-not-applied">
              {summary.notApplied.map((record) => (
                <li key={record.contactId}>
                  {record.status === "not-found" ? <code>{record.contactId}</code> : <Link to={paths.contact(record.contactId)}>{record.contactId}</Link>}: {record.status}
                  {record.reason ? ` (${record.reason})` : ""}
                </li>
              ))}
              {summary.truncated ? <li>…and more (the counts above are complete).</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
