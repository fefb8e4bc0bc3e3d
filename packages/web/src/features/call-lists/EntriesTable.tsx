import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CallEntry, PageSize } from "../../api/types";
import { CursorPager, ErrorMessage, Spinner } from "../../components";
import { formatDateTime, formatNumber, formatPhone } from "../../format";
import { useResource } from "../../hooks";
import { Link, paths } from "../../router";
import { EntryStatusBadge } from "./ListStatus";

/** The list's entries, paged; reloaded whenever the list's counters move. */
export function EntriesTable({ listId, version }: { listId: string; version: string }) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState<PageSize>(20);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useResource(() => api.callListEntries(listId, { limit, cursor }), [listId, limit, cursor, version]);
  const items = page.status === "ready" ? page.data.items : [];
  const nextCursor = page.status === "ready" ? page.data.cursor : null;

  return (
    <section aria-labelledby="entries-title" className="entries">
      <h2 id="entries-title">{t("callLists:entries.title")}</h2>
      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="entries">
          <thead>
            <tr>
              <th scope="col">{t("callLists:entries.contact")}</th>
              <th scope="col">{t("callLists:entries.phone")}</th>
              <th scope="col">{t("callLists:entries.status")}</th>
              <th scope="col">{t("callLists:entries.attempts")}</th>
              <th scope="col">{t("callLists:entries.lastOutcome")}</th>
              <th scope="col">{t("callLists:entries.disposition")}</th>
              <th scope="col">{t("callLists:entries.skipReason")}</th>
              <th scope="col">{t("callLists:entries.nextCall")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <EntryRow key={entry.entryId} entry={entry} />
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label={t("callLists:entries.loading")} /> : null}
        {page.status === "ready" && items.length === 0 ? <p className="empty">{t("callLists:entries.empty")}</p> : null}
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

const none = <span className="muted">—</span>;

function EntryRow({ entry }: { entry: CallEntry }) {
  const { t } = useTranslation();
  const waiting = entry.status === "pending" || entry.status === "retry-scheduled";
  return (
    <tr data-testid={`entry-${entry.entryId}`} data-status={entry.status}>
      <th scope="row">
        {/* A company entry dials the company's own phone: its name links to the company. */}
        <Link to={entry.subjectKind === "company" ? paths.company(entry.entryId) : paths.contact(entry.entryId)}>{entry.contactName}</Link>
        {entry.subjectKind === "company" ? <span className="muted"> · {t("callLists:entries.companyPhone")}</span> : null}
      </th>
      <td className="nowrap" data-testid="entry-phone">
        {entry.phone ? formatPhone(entry.phone) : none}
      </td>
      <td>
        <EntryStatusBadge status={entry.status} />
      </td>
      <td>{formatNumber(entry.attempts)}</td>
      <td data-testid="entry-outcome">{entry.lastOutcome ? t(`calls:outcome.${entry.lastOutcome}`) : none}</td>
      <td data-testid="entry-disposition">
        {entry.disposition ? t(`calls:disposition.${entry.disposition}`) : none}
        {entry.callbackAt ? <span className="muted"> · {formatDateTime(entry.callbackAt)}</span> : null}
      </td>
      <td data-testid="entry-skip-reason">{entry.skipReason ? t(`callLists:skipReason.${entry.skipReason}`) : none}</td>
      <td>{waiting ? <time dateTime={entry.dueAt}>{formatDateTime(entry.dueAt)}</time> : none}</td>
    </tr>
  );
}
