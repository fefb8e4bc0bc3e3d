import { useState } from "react";
import { api, ApiError } from "../api/client";
import { type CallEntry, type CallList, type PageSize } from "../api/types";
import { CursorPager, ErrorMessage, Spinner } from "../components";
import { FieldMessages, fieldErrorsOf } from "../form";
import { assignable, assigneeNamer, pickerLabel, useUsers } from "../people";
import { capitalize, formatDateTime } from "../format";
import { useReloadable, useResource } from "../hooks";
import { Link, paths } from "../router";
import { LazyCallListCharts } from "../features/call-lists/stats";
import { ScriptEditor } from "../features/operator/ScriptEditor";
import { can, useMe } from "../session";

/** While a list runs, its page refreshes this often. */
export const RUNNING_REFRESH_MS = 2000;
/** A draft or paused list may be started by someone else: look now and then. */
const IDLE_REFRESH_MS = 10_000;

/** One-off message from the page that created the list. */
export interface CallListNotice {
  notice: { text: string; rejected: number };
}

type Action = "start" | "pause" | "resume" | "cancel";

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status status-${status}`}>{capitalize(status.replaceAll("-", " "))}</span>;
}

export function ProgressBar({ done, total, testId }: { done: number; total: number; testId?: string }) {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div className="progress-wrap">
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label="Done">
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <span className="nowrap" data-testid={testId}>
        {done} / {total}
      </span>
    </div>
  );
}

/** Users by ID, for names in statistics (every role reads the names; unknown IDs as they are; deactivated ones marked). */
function useUserNames(): (userId: string) => string {
  return assigneeNamer(useUsers().users);
}

export function CallListPage({ listId, state }: { listId: string; state: unknown }) {
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

  if (list.status === "loading") return <Spinner label="Loading call list…" />;
  if (list.status === "error") {
    const notFound = list.error instanceof ApiError && [400, 404].includes(list.error.status);
    return (
      <section className="page">
        <p className="breadcrumb">
          <Link to={paths.callLists}>← Call lists</Link>
        </p>
        {notFound ? (
          <div className="alert alert-error" role="alert">
            <strong>Call list not found</strong>
            <p>It may not exist, or you may not have access to it.</p>
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
  const buttons: { action: Action; label: string; show: boolean; className?: string }[] = [
    { action: "start", label: "Start", show: data.status === "draft" },
    { action: "pause", label: "Pause", show: data.status === "running" },
    { action: "resume", label: "Resume", show: data.status === "paused" || data.status === "done" },
    { action: "cancel", label: "Cancel list", show: data.status !== "cancelled", className: "button button-danger" },
  ];

  return (
    <section className="page" aria-labelledby="list-title" data-status={data.status}>
      <p className="breadcrumb">
        <Link to={paths.callLists}>← Call lists</Link>
      </p>
      <div className="page-header">
        <h1 id="list-title">{data.name}</h1>
        <span data-testid="list-status">
          <StatusBadge status={data.status} />
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
                  {acting === button.action ? `${button.label}…` : button.label}
                </button>
              ))}
          </div>
        ) : null}
      </div>

      {notice ? (
        <div className="alert alert-success" role="status">
          <span>
            {notice.text}
            {notice.rejected ? ` ${notice.rejected} could not be added (not found, a duplicate, or not yours).` : ""}
          </span>
          <button type="button" className="button-link" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      ) : null}
      {data.status === "paused" && data.pausedReason === "no-active-operator" ? (
        <div className="alert alert-error" role="alert" data-testid="paused-reason">
          <strong>Paused by the dialer: every operator of this list was deactivated.</strong>
          <p>{manage ? "Choose active operators below, then resume." : "Ask the list's manager to choose active operators."}</p>
        </div>
      ) : null}
      {actionError !== undefined ? <ErrorMessage error={actionError} /> : null}

      <div className="card-grid">
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">Progress</h2>
          <ProgressBar done={stats.done} total={stats.total} testId="list-progress" />
          <dl className="props stats">
            <Stat label="Answered of attempts" testId="stat-answered" value={`${stats.answered} of ${stats.attempts} (${stats.answeredPercentOfAttempts}%)`} />
            <Stat label="Attempts" testId="stat-attempts" value={stats.attempts} />
            <Stat label="Waiting" testId="stat-pending" value={stats.pending} />
            <Stat label="In progress" testId="stat-in-progress" value={stats.inProgress} />
          </dl>
        </section>
        <section className="card" aria-labelledby="outcomes-title">
          <h2 id="outcomes-title">Outcomes</h2>
          <dl className="props stats">
            <Stat label="Answered" testId="outcome-answered" value={stats.byOutcome.answered} />
            <Stat label="No answer" testId="outcome-noAnswer" value={stats.byOutcome.noAnswer} />
            <Stat label="Busy" testId="outcome-busy" value={stats.byOutcome.busy} />
            <Stat label="Failed" testId="outcome-failed" value={stats.byOutcome.failed} />
            <Stat label="Machine" testId="outcome-machine" value={stats.byOutcome.machine} />
          </dl>
        </section>
        <section className="card" aria-labelledby="statuses-title">
          <h2 id="statuses-title">Entries by status</h2>
          <dl className="props stats">
            {Object.entries(stats.byStatus).map(([status, count]) => (
              <Stat key={status} label={capitalize(status.replace("-", " "))} testId={`status-${status}`} value={count} />
            ))}
          </dl>
        </section>
        <OperatorsCard
          list={data}
          editable={manage && data.status !== "cancelled"}
          onChanged={(updated) => {
            setOverride(updated);
            list.reload();
          }}
        />
        <SettingsCard list={data} />
        <ScriptEditor
          list={data}
          canEdit={manage && data.status !== "cancelled"}
          onSaved={(updated) => {
            setOverride(updated);
            list.reload();
          }}
        />
      </div>

      <LazyCallListCharts listId={listId} version={`${stats.done}:${stats.attempts}:${stats.answered}:${stats.abandoned}`} />

      <EntriesTable listId={listId} version={`${data.updatedAt}:${stats.done}:${stats.attempts}:${stats.inProgress}`} />
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div className="prop">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function OperatorsCard({ list, editable, onChanged }: { list: CallList; editable: boolean; onChanged: (list: CallList) => void }) {
  const nameOf = useUserNames();
  const [editing, setEditing] = useState(false);
  return (
    <section className="card" aria-labelledby="operators-title">
      <div className="card-header">
        <h2 id="operators-title">Operators</h2>
        {editable && !editing ? (
          <button type="button" className="button button-ghost" data-testid="edit-operators" onClick={() => setEditing(true)}>
            Change operators
          </button>
        ) : null}
      </div>
      {editing ? (
        <OperatorsEditor
          list={list}
          onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            setEditing(false);
            onChanged(updated);
          }}
        />
      ) : null}
      <table className="table compact" data-testid="per-operator">
        <thead>
          <tr>
            <th scope="col">Operator</th>
            <th scope="col">Answered</th>
            <th scope="col">Wrapped up</th>
          </tr>
        </thead>
        <tbody>
          {list.stats.perOperator.map((row) => (
            <tr key={row.operatorId} data-testid={`operator-row-${row.operatorId}`}>
              <th scope="row">
                {nameOf(row.operatorId)}
                {list.operatorIds.includes(row.operatorId) ? null : <span className="muted"> · no longer on the list</span>}
              </th>
              <td>{row.answered}</td>
              <td>{row.wrappedUp}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Active users to take the list's answered calls. Deactivated operators still on the list are
 * shown marked and unticked (the API refuses them); the API's field errors show inline.
 */
function OperatorsEditor({ list, onCancel, onSaved }: { list: CallList; onCancel: () => void; onSaved: (list: CallList) => void }) {
  const users = useResource(() => api.listUsers(), []);
  const [picked, setPicked] = useState<string[]>();
  const active = new Set(users.status === "ready" ? users.data.filter((user) => user.active).map((user) => user.userId) : []);
  const chosen = picked ?? list.operatorIds.filter((userId) => active.has(userId));
  const setChosen = (change: (ids: string[]) => string[]) => setPicked(change(chosen));
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const errors = Object.entries(fieldErrorsOf(failure))
    .filter(([path]) => path === "operatorIds" || path.startsWith("operatorIds["))
    .flatMap(([, messages]) => messages);

  const save = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      onSaved(await api.setCallListOperators(list.listId, chosen));
    } catch (error) {
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="operators-editor" data-testid="operators-editor">
      <FieldMessages id="operators-edit-error" testId="error-operatorIds" messages={errors.length ? errors : undefined} />
      {failure !== undefined && errors.length === 0 ? <ErrorMessage error={failure} /> : null}
      {users.status === "loading" ? <Spinner label="Loading users…" /> : null}
      {users.status === "error" ? <ErrorMessage error={users.error} /> : null}
      {users.status === "ready" ? (
        <div className="checks">
          {assignable(users.data, list.operatorIds).map((user) => (
            <label key={user.userId} className="check-row">
              <input
                type="checkbox"
                data-testid={`choose-operator-${user.userId}`}
                checked={chosen.includes(user.userId)}
                onChange={(event) => setChosen((ids) => (event.target.checked ? [...ids, user.userId] : ids.filter((id) => id !== user.userId)))}
              />
              <span>
                {pickerLabel(user)} <span className="muted">· {capitalize(user.role)}</span>
              </span>
            </label>
          ))}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button-primary" data-testid="save-operators" disabled={saving || users.status !== "ready"} onClick={() => void save()}>
          {saving ? "Saving…" : "Save operators"}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function SettingsCard({ list }: { list: CallList }) {
  const settings = list.settings;
  const delays = settings.retryDelayMinutes;
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <dl className="props stats">
        <Stat label="Ring timeout" value={`${settings.ringTimeoutSeconds} s`} />
        <Stat label="Max attempts" value={settings.maxAttempts} />
        <Stat label="Retry delays" value={`busy ${delays.busy}, no answer ${delays.noAnswer}, failed ${delays.failed}, machine ${delays.machine} min`} />
        <Stat label="Call window" value={`${settings.callWindow.start}–${settings.callWindow.end}`} />
        <Stat label="Wrap-up timeout" value={`${settings.wrapUpTimeoutSeconds} s`} />
      </dl>
    </section>
  );
}

/** The list's entries, paged; reloaded whenever the list's counters move. */
function EntriesTable({ listId, version }: { listId: string; version: string }) {
  const [limit, setLimit] = useState<PageSize>(20);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useResource(() => api.callListEntries(listId, { limit, cursor }), [listId, limit, cursor, version]);
  const items = page.status === "ready" ? page.data.items : [];
  const nextCursor = page.status === "ready" ? page.data.cursor : null;

  return (
    <section aria-labelledby="entries-title" className="entries">
      <h2 id="entries-title">Entries</h2>
      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="entries">
          <thead>
            <tr>
              <th scope="col">Contact</th>
              <th scope="col">Phone</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last outcome</th>
              <th scope="col">Disposition</th>
              <th scope="col">Skip reason</th>
              <th scope="col">Next call</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <EntryRow key={entry.entryId} entry={entry} />
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label="Loading entries…" /> : null}
        {page.status === "ready" && items.length === 0 ? <p className="empty">No entries on this page.</p> : null}
      </div>
      <CursorPager
        cursors={cursors}
        onCursors={setCursors}
        nextCursor={nextCursor}
        limit={limit}
        onLimit={(next) => {
          setLimit(next);
          setCursors([null]);
        }}
      />
    </section>
  );
}

function EntryRow({ entry }: { entry: CallEntry }) {
  const waiting = entry.status === "pending" || entry.status === "retry-scheduled";
  return (
    <tr data-testid={`entry-${entry.entryId}`} data-status={entry.status}>
      <th scope="row">
        {/* A company entry dials the company's own phone: its name links to the company. */}
        <Link to={entry.subjectKind === "company" ? paths.company(entry.entryId) : paths.contact(entry.entryId)}>{entry.contactName}</Link>
        {entry.subjectKind === "company" ? <span className="muted"> · company phone</span> : null}
      </th>
      <td className="nowrap">{entry.phone ?? <span className="muted">—</span>}</td>
      <td>
        <StatusBadge status={entry.status} />
      </td>
      <td>{entry.attempts}</td>
      <td>{entry.lastOutcome ?? <span className="muted">—</span>}</td>
      <td>
        {entry.disposition ?? <span className="muted">—</span>}
        {entry.callbackAt ? <span className="muted"> · {formatDateTime(entry.callbackAt)}</span> : null}
      </td>
      <td>{entry.skipReason ?? <span className="muted">—</span>}</td>
      <td>{waiting ? <time dateTime={entry.dueAt}>{formatDateTime(entry.dueAt)}</time> : <span className="muted">—</span>}</td>
    </tr>
  );
}
