import { useState } from "react";
import { api } from "../api/client";
import { PAGE_SIZES, type PageSize } from "../api/types";
import { ErrorMessage, Spinner } from "../components";
import { formatDateTime } from "../format";
import { useReloadable } from "../hooks";
import { Link, paths } from "../router";
import { can, useMe } from "../session";
import { ProgressBar, RUNNING_REFRESH_MS, StatusBadge } from "./CallListPage";

export function CallListsPage() {
  const me = useMe();
  const [limit, setLimit] = useState<PageSize>(20);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const [anyRunning, setAnyRunning] = useState(false);
  const page = useReloadable(
    async () => {
      const loaded = await api.listCallLists({ limit, cursor });
      setAnyRunning(loaded.items.some((list) => list.status === "running"));
      return loaded;
    },
    [limit, cursor],
    anyRunning ? RUNNING_REFRESH_MS : undefined,
  );
  const items = page.status === "ready" ? page.data.items : [];
  const nextCursor = page.status === "ready" ? page.data.cursor : null;

  return (
    <section className="page" aria-labelledby="lists-title">
      <div className="page-header">
        <h1 id="lists-title">Call lists</h1>
        {can(me, "manageCallLists") ? (
          <Link to={paths.contacts} className="button button-ghost" title="Select contacts, then “Add to call list”">
            Choose contacts for a new list
          </Link>
        ) : null}
      </div>
      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="call-lists">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Answered of attempts</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((list) => (
              <tr key={list.listId} data-testid={`call-list-${list.listId}`}>
                <th scope="row">
                  <Link to={paths.callList(list.listId)}>{list.name}</Link>
                </th>
                <td>
                  <StatusBadge status={list.status} />
                </td>
                <td>
                  <ProgressBar done={list.stats.done} total={list.stats.total} />
                </td>
                <td title="Attempts a person answered ÷ attempts">{list.stats.answeredPercentOfAttempts}%</td>
                <td>
                  <time dateTime={list.createdAt}>{formatDateTime(list.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label="Loading call lists…" /> : null}
        {page.status === "ready" && items.length === 0 ? (
          <p className="empty">
            {cursors.length > 1 ? "No more call lists." : "No call lists yet. Select contacts on the Contacts page and use “Add to call list”."}
          </p>
        ) : null}
      </div>
      <div className="pager">
        <label className="inline-field">
          <span>Rows per page</span>
          <select
            value={limit}
            onChange={(event) => {
              setLimit(Number(event.target.value) as PageSize);
              setCursors([null]);
            }}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">Page {cursors.length}</span>
        <div className="pager-buttons">
          <button type="button" className="button" onClick={() => setCursors(cursors.slice(0, -1))} disabled={cursors.length <= 1}>
            Previous
          </button>
          <button
            type="button"
            className="button"
            onClick={() => nextCursor && setCursors([...cursors, nextCursor])}
            disabled={!nextCursor}
          >
            Next
          </button>
        </div>
      </div>
    </section>
  );
}
