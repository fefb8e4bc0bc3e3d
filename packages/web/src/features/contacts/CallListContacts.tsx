import { ErrorMessage } from "../../components";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CallEntry, CallListSummary as CallList } from "../../api/types";
import { Spinner } from "../../components";
import { formatPhone } from "../../format";
import { t as translate } from "../../i18n";
import { useResource } from "../../hooks";
import { Link, paths } from "../../router";

const PAGE = 50;
const entryStatus = (status: string) => translate(`contacts:callLists.status.${status}`, { defaultValue: status });

/**
 * An operator's view of the contacts on the call lists they work (`GET /v1/call-lists`, then each
 * list's entries in dialing order): names open the card (the API lets an operator open a contact
 * of their lists). No filters or sorts: the lists are the operator's day.
 */
export function CallListContacts() {
  const { t } = useTranslation();
  const lists = useResource(() => api.listCallLists({ limit: 50 }), []);
  if (lists.status === "loading") return <Spinner label={t("contacts:callLists.loading")} />;
  if (lists.status === "error") return <ErrorMessage error={lists.error} />;
  const worked = lists.data.items.filter((list) => list.status !== "cancelled");
  return (
    <section className="call-list-contacts" aria-labelledby="call-list-contacts-title" data-testid="call-list-contacts">
      <h2 id="call-list-contacts-title">{t("contacts:callLists.title")}</h2>
      {worked.length === 0 ? <p className="muted">{t("contacts:callLists.none")}</p> : worked.map((list) => <ListEntries key={list.listId} list={list} />)}
    </section>
  );
}

function ListEntries({ list }: { list: CallList }) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<CallEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [requested, setRequested] = useState<string | null | undefined>(null);
  const [failure, setFailure] = useState<unknown>();
  // `requested`: the page to read next (null: the first one; undefined: nothing to read now).
  useEffect(() => {
    if (requested === undefined) return;
    let current = true;
    api.callListEntries(list.listId, { limit: PAGE, cursor: requested }).then(
      (page) => {
        if (!current) return;
        setEntries((shown) => (requested === null ? page.items : [...shown, ...page.items]));
        setCursor(page.cursor);
        setRequested(undefined);
      },
      (error: unknown) => current && (setFailure(error), setRequested(undefined)),
    );
    return () => {
      current = false;
    };
  }, [list.listId, requested]);

  const headingId = `call-list-${list.listId}`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid="call-list-entries">
      <h3 id={headingId}>{list.name}</h3>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {entries.length === 0 && requested === undefined && failure === undefined ? <p className="muted">{t("contacts:callLists.empty")}</p> : null}
      {entries.length > 0 ? (
        <ul className="plain entry-list">
          {entries.map((entry) => (
            <li key={entry.entryId} data-testid="call-list-entry">
              {entry.contactId ? <Link to={paths.contact(entry.contactId)}>{entry.contactName}</Link> : <span>{entry.contactName}</span>}
              {entry.phone ? <span className="nowrap muted"> · {formatPhone(entry.phone)}</span> : null}
              <span className="muted"> · {entryStatus(entry.status)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {requested !== undefined ? <Spinner label={t("contacts:callLists.loading")} /> : null}
      {cursor && requested === undefined ? (
        <button type="button" className="button button-ghost" onClick={() => setRequested(cursor)}>
          {t("contacts:callLists.more")}
        </button>
      ) : null}
    </section>
  );
}
