import { useState } from "react";
import { api } from "../../api/client";
import type { PageSize } from "../../api/types";
import { CursorPager } from "../../components";
import { formatDateTime } from "../../format";
import { Link, paths } from "../../router";
import { can, useMe } from "../../session";
import { ProgressBar, RUNNING_REFRESH_MS, StatusBadge } from "../../pages/CallListPage";
import { ListTable, type ListColumn } from "../listing/ListTable";
import { usePagedList } from "../listing/usePagedList";

type CallListRow = Awaited<ReturnType<typeof api.listCallLists>>["items"][number];

const columns: ListColumn<CallListRow>[] = [
  { key: "name", header: "Name", rowHeader: true, cell: (list) => <Link to={paths.callList(list.listId)}>{list.name}</Link> },
  { key: "status", header: "Status", cell: (list) => <StatusBadge status={list.status} /> },
  { key: "progress", header: "Progress", cell: (list) => <ProgressBar done={list.stats.done} total={list.stats.total} /> },
  { key: "answered", header: "Answered of attempts", cell: (list) => <span title="Attempts a person answered ÷ attempts">{list.stats.answeredPercentOfAttempts}%</span> },
  { key: "created", header: "Created", cell: (list) => <time dateTime={list.createdAt}>{formatDateTime(list.createdAt)}</time> },
];

/** The call lists, newest first; the page polls while any list on it is running. */
export function CallListsPage() {
  const me = useMe();
  const [limit, setLimit] = useState<PageSize>(20);
  const page = usePagedList(["call-lists", limit], (cursor) => api.listCallLists({ limit, cursor }), {
    poll: (items) => (items.some((list) => list.status === "running") ? RUNNING_REFRESH_MS : false),
  });

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
      <ListTable
        list={page}
        columns={columns}
        testId="call-lists"
        rowKey={(list) => list.listId}
        rowProps={(list) => ({ "data-testid": `call-list-${list.listId}` })}
        loadingLabel="Loading call lists…"
        emptyText={page.cursors.length > 1 ? "No more call lists." : "No call lists yet. Select contacts on the Contacts page and use “Add to call list”."}
      />
      <CursorPager cursors={page.cursors} onCursors={page.setCursors} nextCursor={page.nextCursor} limit={limit} onLimit={setLimit} />
    </section>
  );
}
