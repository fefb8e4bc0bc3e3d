import "./contacts.css";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { ContactListItem as Contact } from "../../api/types";
import { CursorPager } from "../../components";
import { Link, navigate, paths } from "../../router";
import { can, useMe } from "../../session";
import type { NewCallListState } from "../call-lists/types";
import { ListTable, SearchBox, type ListColumn } from "../listing/ListTable";
import { usePagedList } from "../listing/usePagedList";
import { BulkActionBar, type BulkSelection } from "./BulkActionBar";
import { CallListContacts } from "./CallListContacts";
import { ColumnChooser, columnLabel, contactCell } from "./columns";
import { FilterPanel } from "./filters";
import { defaultOrder, SORTABLE, stateFromUrl, urlOf, viewFilters, type ListState } from "./listState";
import { ViewPicker } from "./views";
import { PageFrame } from "../shell/PageFrame";

/**
 * One-off message handed over by the page that navigated here: what happened (created, moved to
 * the trash) and to whom, said here in the user's language.
 */
export interface ContactsNotice {
  notice: { kind: "created" | "deleted"; name: string; contactId?: string };
}

function noticeOf(state: unknown): ContactsNotice["notice"] | undefined {
  return (state as Partial<ContactsNotice> | null)?.notice;
}

/**
 * `/contacts`: the contacts the user may open (the API decides: an operator's own and shared ones),
 * with search, filters, columns, saved views and bulk actions; for an operator also the contacts
 * of the call lists they work.
 */
export function ContactsPage({ state }: { state: unknown }) {
  const { t } = useTranslation();
  const [list, setList] = useState<ListState>(() => stateFromUrl(location.search));
  const [notice, setNotice] = useState(() => noticeOf(state));
  const me = useMe();
  const mayCreate = can(me, "createContacts");
  /** Operators work call lists: their lists' contacts come first (they do not make lists). */
  const worksListsOnly = can(me, "workCallLists") && !can(me, "manageCallLists");
  // Every role may change contacts (record by record, the API decides); call lists are narrower.
  const selectable = me !== undefined;
  const [selected, setSelected] = useState<Map<string, string>>(() => new Map());
  /** "All N matching the filter": the bulk action takes the filter, not IDs. */
  const [allMatching, setAllMatching] = useState(false);
  const page = usePagedList(
    ["contacts", list.filters, list.sort, list.order, list.limit],
    (cursor) => api.listContacts({ ...list.filters, sort: list.sort, order: list.order, limit: String(list.limit), cursor: cursor ?? undefined }),
    {
      // Back to this page from a card: the visited page starts are kept in the history entry.
      initialCursors: (() => {
        const saved = (history.state as { cursors?: (string | null)[]; url?: string } | null) ?? null;
        return saved?.cursors && saved.url === location.pathname + location.search ? saved.cursors : undefined;
      })(),
    },
  );
  const { cursors, items, nextCursor } = page;

  useEffect(() => {
    const url = urlOf(list);
    // Keep the URL shareable and the history entry restorable (cursor stack), without the notice.
    history.replaceState({ cursors, url }, "", url);
  }, [list, cursors]);

  const change = (next: Partial<ListState>) => {
    setList((current) => ({ ...current, ...next }));
    setAllMatching(false);
  };
  const setFilters = (filters: Record<string, string>) => change({ filters: Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== "")) });
  const sortBy = (sort: ListState["sort"]) => change({ sort, order: list.sort === sort ? (list.order === "asc" ? "desc" : "asc") : defaultOrder(sort) });

  const select = (contacts: Contact[], on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const contact of contacts) {
        if (on) next.set(contact.contactId, contact.displayName);
        else next.delete(contact.contactId);
      }
      return next;
    });
  const allOnPage = items.length > 0 && items.every((contact) => selected.has(contact.contactId));
  const clearSelection = () => {
    setSelected(new Map());
    setAllMatching(false);
  };
  const bulkSelection: BulkSelection = allMatching ? { kind: "filter", filter: viewFilters(list.filters) } : { kind: "ids", contactIds: [...selected.keys()] };
  const addToCallList = () => {
    const handOver: NewCallListState = { contacts: [...selected].map(([contactId, displayName]) => ({ contactId, displayName })) };
    navigate(paths.newCallList, { state: handOver });
  };
  const filtered = Object.keys(list.filters).length > 0;
  const columns: ListColumn<Contact>[] = list.columns.map((column) => {
    const sort = SORTABLE[column];
    return {
      key: column,
      header: columnLabel(column),
      rowHeader: column === "name",
      cell: (contact) => contactCell(contact, column),
      sort: sort ? { active: list.sort === sort, order: list.order, onSort: () => sortBy(sort) } : undefined,
    };
  });
  const emptyText = cursors.length > 1 ? t("contacts:list.noMore") : filtered ? t("contacts:list.noMatch") : mayCreate ? t("contacts:list.emptyCreate") : t("contacts:list.empty");

  return (
    <PageFrame
      id="contacts"
      title={t("contacts:list.title")}
      actions={
        <>
          <label className="sort-by">
            {t("contacts:list.sortBy")}{" "}
            <select value={list.sort} onChange={(event) => change({ sort: event.target.value as ListState["sort"], order: defaultOrder(event.target.value as ListState["sort"]) })} data-testid="contacts-sort">
              {(["name", "surname", "created", "updated"] as const).map((sort) => (
                <option key={sort} value={sort}>
                  {t(`contacts:list.sort.${sort}`)}
                </option>
              ))}
            </select>
          </label>
          {mayCreate ? (
            <Link to={paths.newContact} className="button button-primary">
              {t("contacts:list.new")}
            </Link>
          ) : null}
        </>
      }
    >

      {notice ? (
        <div className="alert alert-success" role="status">
          <span>
            {notice.kind === "created" ? t("contacts:notice.created", { name: notice.name }) : t("contacts:notice.deleted", { name: notice.name })}
            {notice.contactId ? (
              <>
                {" "}
                <Link to={paths.contact(notice.contactId)}>{t("contacts:notice.open")}</Link>
              </>
            ) : null}
          </span>
          <button type="button" className="button-link" aria-label={t("contacts:notice.dismiss")} onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      ) : null}

      {worksListsOnly ? <CallListContacts /> : null}
      {worksListsOnly ? <h2>{t("contacts:list.mine")}</h2> : null}

      <SearchBox label={t("contacts:list.search")} placeholder={t("contacts:list.searchPlaceholder")} value={list.filters.q ?? ""} onSearch={(q) => setFilters({ ...list.filters, q })} />
      <div className="toolbar contacts-tools">
        <FilterPanel filters={list.filters} onApply={setFilters} />
        <ColumnChooser columns={list.columns} onChange={(columns) => setList({ ...list, columns })} />
        <ViewPicker list={list} onPick={setList} />
      </div>

      {selectable && (selected.size > 0 || allMatching) ? (
        <div className="selection" role="region" aria-label={t("contacts:selection.region")}>
          <div className="toolbar contacts-tools">
            <span data-testid="selection-count">
              {allMatching ? (filtered ? t("contacts:selection.allMatching") : t("contacts:selection.all")) : t("common:count.selected", { count: selected.size })}
            </span>
            {!allMatching && allOnPage && (nextCursor || cursors.length > 1) ? (
              <button type="button" className="button-link" data-testid="select-all-matching" onClick={() => setAllMatching(true)}>
                {filtered ? t("contacts:selection.selectAllMatching") : t("contacts:selection.selectAll")}
              </button>
            ) : null}
            {!allMatching && can(me, "manageCallLists") ? (
              <button type="button" className="button" data-testid="add-to-call-list" onClick={addToCallList}>
                {t("contacts:selection.newCallList")}
              </button>
            ) : null}
            <button type="button" className="button button-ghost" onClick={clearSelection}>
              {t("contacts:selection.clear")}
            </button>
          </div>
          <BulkActionBar selection={bulkSelection} onFinished={page.invalidate} />
        </div>
      ) : null}

      <ListTable
        list={page}
        columns={columns}
        rowKey={(contact) => contact.contactId}
        loadingLabel={t("contacts:list.loading")}
        emptyText={emptyText}
        selection={
          selectable
            ? {
                isSelected: (contact) => allMatching || selected.has(contact.contactId),
                onToggle: (contact, on) => {
                  setAllMatching(false);
                  select([contact], on);
                },
                pageSelected: allOnPage || allMatching,
                onTogglePage: (on) => {
                  if (!on) setAllMatching(false);
                  select(items, on);
                },
                pageLabel: t("contacts:selection.page"),
                itemLabel: (contact) => t("contacts:selection.item", { name: contact.displayName }),
                itemTestId: (contact) => `select-${contact.contactId}`,
              }
            : undefined
        }
      />
      <CursorPager cursors={cursors} onCursors={page.setCursors} nextCursor={nextCursor} limit={list.limit} onLimit={(limit) => change({ limit })} busy={page.refreshing} />
    </PageFrame>
  );
}
