import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { PageSize } from "../../api/types";
import { CursorPager } from "../../components";
import { formatDateTime, formatPercent } from "../../format";
import { Link, paths } from "../../router";
import { can, useMe } from "../../session";
import { ListTable, type ListColumn } from "../listing/ListTable";
import { usePagedList } from "../listing/usePagedList";
import { ProgressBar, RUNNING_REFRESH_MS, StatusBadge } from "./ListStatus";
import { PageFrame } from "../shell/PageFrame";

type CallListRow = Awaited<ReturnType<typeof api.listCallLists>>["items"][number];

/** The call lists, newest first; the page polls while any list on it is running. */
export function CallListsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [limit, setLimit] = useState<PageSize>(20);
  const page = usePagedList(["call-lists", limit], (cursor) => api.listCallLists({ limit, cursor }), {
    poll: (items) => (items.some((list) => list.status === "running") ? RUNNING_REFRESH_MS : false),
  });
  const columns = useMemo<ListColumn<CallListRow>[]>(
    () => [
      { key: "name", header: t("callLists:column.name"), rowHeader: true, cell: (list) => <Link to={paths.callList(list.listId)}>{list.name}</Link> },
      { key: "status", header: t("callLists:column.status"), cell: (list) => <StatusBadge status={list.status} /> },
      { key: "progress", header: t("callLists:column.progress"), cell: (list) => <ProgressBar done={list.stats.done} total={list.stats.total} /> },
      {
        key: "answered",
        header: t("callLists:column.answered"),
        cell: (list) => <span title={t("callLists:column.answeredHint")}>{formatPercent(list.stats.answeredPercentOfAttempts / 100, 1)}</span>,
      },
      { key: "created", header: t("callLists:column.created"), cell: (list) => <time dateTime={list.createdAt}>{formatDateTime(list.createdAt)}</time> },
    ],
    // The formatters read the current language: new cells when it changes.
    [t, i18n.language],
  );

  return (
    <PageFrame
      id="lists"
      title={t("callLists:title")}
      actions={
        <>
          {can(me, "manageCallLists") ? (
            <Link to={paths.contacts} className="button button-ghost" title={t("callLists:chooseContactsHint")}>
              {t("callLists:chooseContacts")}
            </Link>
          ) : null}
        </>
      }
    >
      <ListTable
        list={page}
        columns={columns}
        testId="call-lists"
        rowKey={(list) => list.listId}
        rowProps={(list) => ({ "data-testid": `call-list-${list.listId}` })}
        loadingLabel={t("callLists:loadingLists")}
        emptyText={page.cursors.length > 1 ? t("callLists:noMore") : t("callLists:empty")}
      />
      <CursorPager cursors={page.cursors} onCursors={page.setCursors} nextCursor={page.nextCursor} limit={limit} onLimit={setLimit} />
    </PageFrame>
  );
}
