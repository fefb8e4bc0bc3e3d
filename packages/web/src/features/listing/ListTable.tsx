import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage, Spinner } from "../../components";
import type { PagedList } from "./usePagedList";

export interface ListColumn<T> {
  key: string;
  header: ReactNode;
  /** The column's name beside its value when rows are stacked on a phone (default: `header` when it is text). */
  label?: string;
  /** Left out of the stacked rows on a phone (the main columns stay). */
  minor?: boolean;
  cell: (item: T) => ReactNode;
  /** The cell that names the row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** A sortable header: whether the list is sorted by it now, in which order, and what a click does. */
  sort?: { active: boolean; order: "asc" | "desc"; onSort: () => void; testId?: string };
}

/** Row checkboxes and the page's "select all" box; the page keeps what is selected. */
export interface ListSelection<T> {
  isSelected: (item: T) => boolean;
  onToggle: (item: T, on: boolean) => void;
  pageSelected: boolean;
  onTogglePage: (on: boolean) => void;
  pageLabel: string;
  itemLabel: (item: T) => string;
  itemTestId: (item: T) => string;
}

/**
 * The console's list table: sortable headers, optional selection, the loading and empty states
 * and the load error, over one `usePagedList` page. Under 640 px its rows stack into cards, each
 * cell named by its column (`data-label`, styles.css); `minor` columns are left out there.
 */
export function ListTable<T>({
  list,
  columns,
  rowKey,
  rowProps,
  testId,
  selection,
  loadingLabel,
  emptyText,
}: {
  list: PagedList<T>;
  columns: ListColumn<T>[];
  rowKey: (item: T) => string;
  rowProps?: (item: T) => Record<string, string>;
  testId?: string;
  selection?: ListSelection<T>;
  loadingLabel: string;
  emptyText: string;
}) {
  return (
    <>
      {list.error !== undefined ? <ErrorMessage error={list.error} /> : null}
      <div className="table-wrap" aria-busy={list.refreshing}>
        <table className="table" data-testid={testId}>
          <thead>
            <tr>
              {selection ? (
                <th scope="col" className="check">
                  <input type="checkbox" aria-label={selection.pageLabel} data-testid="select-page" checked={selection.pageSelected} onChange={(event) => selection.onTogglePage(event.target.checked)} />
                </th>
              ) : null}
              {columns.map((column) => (
                <ColumnHeader key={column.key} column={column} />
              ))}
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <tr key={rowKey(item)} {...rowProps?.(item)}>
                {selection ? (
                  <td className="check">
                    <input
                      type="checkbox"
                      aria-label={selection.itemLabel(item)}
                      data-testid={selection.itemTestId(item)}
                      checked={selection.isSelected(item)}
                      onChange={(event) => selection.onToggle(item, event.target.checked)}
                    />
                  </td>
                ) : null}
                {columns.map((column) =>
                  column.rowHeader ? (
                    <th key={column.key} scope="row" {...cellProps(column)}>
                      {column.cell(item)}
                    </th>
                  ) : (
                    <td key={column.key} {...cellProps(column)}>
                      {column.cell(item)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {list.loading ? <Spinner label={loadingLabel} /> : null}
        {list.ready && list.items.length === 0 ? <p className="empty">{emptyText}</p> : null}
      </div>
    </>
  );
}

function cellProps<T>(column: ListColumn<T>): Record<string, string> {
  const label = column.label ?? (typeof column.header === "string" ? column.header : undefined);
  return { ...(label ? { "data-label": label } : {}), ...(column.minor ? { className: "minor" } : {}) };
}

function ColumnHeader<T>({ column }: { column: ListColumn<T> }) {
  const sort = column.sort;
  const className = column.minor ? "minor" : undefined;
  if (!sort) return <th scope="col" className={className}>{column.header}</th>;
  return (
    <th scope="col" className={className} aria-sort={sort.active ? (sort.order === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="button-link" data-testid={sort.testId} onClick={sort.onSort}>
        {column.header}
        {sort.active ? (sort.order === "asc" ? " ▲" : " ▼") : ""}
      </button>
    </th>
  );
}

/** The list's search form: the query is applied on submit, so the list is read once per search. */
export function SearchBox({ value, onSearch, label, placeholder }: { value: string; onSearch: (q: string) => void; label: string; placeholder: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form role="search" className="toolbar" onSubmit={submit}>
      <label className="inline-field">
        <span>{label}</span>
        <input type="search" data-search-shortcut="/" aria-keyshortcuts="/" value={text} placeholder={placeholder} onChange={(event) => setText(event.target.value)} />
      </label>
      <button type="submit" className="button">
        {t("common:action.search")}
      </button>
    </form>
  );
}
