import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { PAGE_SIZES, type ContactListItem as Contact, type PageSize, type SavedView } from "../../api/types";
import { CursorPager, ErrorMessage } from "../../components";
import { formatDateTime } from "../../format";
import { useReloadable, useResource } from "../../hooks";
import { pickerLabel } from "../../people";
import { Link, navigate, paths } from "../../router";
import { can, useMe } from "../../session";
import type { NewCallListState } from "../../pages/NewCallListPage";
import { ListTable, SearchBox, type ListColumn } from "../listing/ListTable";
import { usePagedList } from "../listing/usePagedList";
import { BulkActionBar, type BulkSelection } from "./BulkActionBar";

/** One-off message handed over by the page that navigated here (e.g. after creating a contact). */
export interface ContactsNotice {
  notice: { text: string; contactId?: string };
}

/** The columns a user can show; `name` always stays. */
const COLUMNS = {
  name: "Name",
  phone: "Primary phone",
  email: "Primary email",
  company: "Company",
  tags: "Tags",
  owners: "Responsible",
  type: "Type",
  source: "Source",
  doNotCall: "Do not call",
  doNotEmail: "Do not email",
  active: "Active",
  created: "Created",
  updated: "Updated",
} as const;
type Column = keyof typeof COLUMNS;
const DEFAULT_COLUMNS: Column[] = ["name", "phone", "email", "created"];
const SORTABLE: Partial<Record<Column, "name" | "created" | "updated">> = { name: "name", created: "created", updated: "updated" };

const FILTER_KEYS = ["q", "owner", "company", "tag", "source", "type", "doNotCall", "doNotEmail", "active", "createdFrom", "createdTo", "updatedFrom", "updatedTo"] as const;
const SOURCES = ["manual", "call", "chat", "telegram", "vk", "form", "import", "api"];
const TYPES = ["client", "lead", "partner", "supplier", "competitor", "other"];

/** Everything the page shows, as kept in the URL (`?q=…&tag=…&sort=name&cols=name,phone`). */
interface ListState {
  filters: Record<string, string>;
  sort: "name" | "created" | "updated";
  order: "asc" | "desc";
  limit: PageSize;
  columns: Column[];
}

const defaultOrder = (sort: ListState["sort"]) => (sort === "name" ? "asc" : "desc");
const isPageSize = (value: unknown): value is PageSize => PAGE_SIZES.includes(Number(value) as PageSize);

function stateFromUrl(search: string): ListState {
  const params = new URLSearchParams(search);
  const filters: Record<string, string> = {};
  for (const [key, value] of params) if ((FILTER_KEYS as readonly string[]).includes(key) || key.startsWith("cf.")) filters[key] = value;
  const sortParam = params.get("sort");
  const sort = sortParam === "name" || sortParam === "updated" ? sortParam : "created";
  const orderParam = params.get("order");
  const columns = (params.get("cols")?.split(",").filter((column): column is Column => column in COLUMNS) ?? DEFAULT_COLUMNS).filter(Boolean);
  return {
    filters,
    sort,
    order: orderParam === "asc" || orderParam === "desc" ? orderParam : defaultOrder(sort),
    limit: isPageSize(params.get("limit")) ? (Number(params.get("limit")) as PageSize) : 20,
    columns: columns.includes("name") ? columns : ["name", ...columns],
  };
}

function urlOf(state: ListState): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) if (value) params.set(key, value);
  if (state.sort !== "created") params.set("sort", state.sort);
  if (state.order !== defaultOrder(state.sort)) params.set("order", state.order);
  if (state.limit !== 20) params.set("limit", String(state.limit));
  if (state.columns.join(",") !== DEFAULT_COLUMNS.join(",")) params.set("cols", state.columns.join(","));
  const query = params.toString();
  return query ? `${location.pathname}?${query}` : location.pathname;
}

function noticeOf(state: unknown): ContactsNotice["notice"] | undefined {
  return (state as Partial<ContactsNotice> | null)?.notice;
}

export function ContactsPage({ state }: { state: unknown }) {
  const [list, setList] = useState<ListState>(() => stateFromUrl(location.search));
  const [notice, setNotice] = useState(() => noticeOf(state));
  const me = useMe();
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
      header: COLUMNS[column],
      rowHeader: column === "name",
      cell: (contact) => contactCell(contact, column),
      sort: sort ? { active: list.sort === sort, order: list.order, onSort: () => sortBy(sort) } : undefined,
    };
  });

  return (
    <section className="page" aria-labelledby="contacts-title">
      <div className="page-header">
        <h1 id="contacts-title">Contacts</h1>
        <Link to={paths.newContact} className="button button-primary">
          New contact
        </Link>
      </div>

      {notice ? (
        <div className="alert alert-success" role="status">
          <span>
            {notice.text}
            {notice.contactId ? (
              <>
                {" "}
                <Link to={paths.contact(notice.contactId)}>Open card</Link>
              </>
            ) : null}
          </span>
          <button type="button" className="button-link" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      ) : null}

      <SearchBox label="Search contacts" placeholder="Name, phone or email" value={list.filters.q ?? ""} onSearch={(q) => setFilters({ ...list.filters, q })} />
      <div className="toolbar">
        <FilterPanel filters={list.filters} onApply={setFilters} />
        <ColumnChooser columns={list.columns} onChange={(columns) => setList({ ...list, columns })} />
        <ViewPicker list={list} onPick={setList} />
      </div>

      {selectable && (selected.size > 0 || allMatching) ? (
        <div className="selection" role="region" aria-label="Selection">
          <div className="toolbar">
            <span data-testid="selection-count">{allMatching ? (filtered ? "All contacts matching the filter selected" : "All contacts selected") : `${selected.size} selected`}</span>
            {!allMatching && allOnPage && (nextCursor || cursors.length > 1) ? (
              <button type="button" className="button-link" data-testid="select-all-matching" onClick={() => setAllMatching(true)}>
                {filtered ? "Select all matching the filter" : "Select all contacts"}
              </button>
            ) : null}
            {!allMatching && can(me, "manageCallLists") ? (
              <button type="button" className="button" data-testid="add-to-call-list" onClick={addToCallList}>
                New call list from selection
              </button>
            ) : null}
            <button type="button" className="button button-ghost" onClick={clearSelection}>
              Clear selection
            </button>
          </div>
          <BulkActionBar selection={bulkSelection} onFinished={page.invalidate} />
        </div>
      ) : null}

      <ListTable
        list={page}
        columns={columns}
        rowKey={(contact) => contact.contactId}
        loadingLabel="Loading contacts…"
        emptyText={cursors.length > 1 ? "No more contacts." : filtered ? "No contacts match." : "No contacts yet. Create the first one with “New contact”."}
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
                pageLabel: "Select all contacts on this page",
                itemLabel: (contact) => `Select ${contact.displayName}`,
                itemTestId: (contact) => `select-${contact.contactId}`,
              }
            : undefined
        }
      />
      <CursorPager cursors={cursors} onCursors={page.setCursors} nextCursor={nextCursor} limit={list.limit} onLimit={(limit) => change({ limit })} busy={page.refreshing} />
    </section>
  );
}

/** Filters edited in a draft and applied together, so the list is read once per change. */
function FilterPanel({ filters, onApply }: { filters: Record<string, string>; onApply: (filters: Record<string, string>) => void }) {
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [filters]);
  const tags = useResource(() => api.listTags(), []);
  const fields = useResource(() => api.listCustomFields("contact"), []);
  const me = useMe();
  const users = useResource(() => (can(me, "readUsers") ? api.listUsers() : Promise.resolve([])), [me?.role]);
  const set = (key: string, value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const select = (key: string, label: string, options: [string, string][]) => (
    <label className="field">
      <span>{label}</span>
      <select aria-label={label} value={draft[key] ?? ""} onChange={(event) => set(key, event.target.value)}>
        <option value="">Any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const date = (key: string, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input type="date" aria-label={label} value={draft[key] ?? ""} onChange={(event) => set(key, event.target.value)} />
    </label>
  );
  return (
    <details className="filter-panel">
      <summary>Filters{Object.keys(filters).filter((key) => key !== "q").length > 0 ? ` (${Object.keys(filters).filter((key) => key !== "q").length})` : ""}</summary>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          onApply({ ...draft, ...(filters.q ? { q: filters.q } : {}) });
        }}
      >
        {select("owner", "Responsible", users.status === "ready" ? users.data.map((user) => [user.userId, pickerLabel(user)]) : [])}
        <label className="field">
          <span>Company ID</span>
          <input value={draft.company ?? ""} onChange={(event) => set("company", event.target.value.trim())} />
        </label>
        {select("tag", "Tag", tags.status === "ready" ? tags.data.map((tag) => [tag.tag, tag.count === undefined ? tag.tag : `${tag.tag} (${tag.count})`]) : [])}
        {select("source", "Source", SOURCES.map((source) => [source, source]))}
        {select("type", "Type", TYPES.map((type) => [type, type]))}
        {select("doNotCall", "Do not call", [["true", "Yes"], ["false", "No"]])}
        {select("doNotEmail", "Do not email", [["true", "Yes"], ["false", "No"]])}
        <label className="field">
          <span>Status</span>
          <select aria-label="Status" value={draft.active ?? ""} onChange={(event) => set("active", event.target.value)}>
            <option value="">Active</option>
            <option value="false">Inactive</option>
            <option value="any">Active and inactive</option>
          </select>
        </label>
        {date("createdFrom", "Created from")}
        {date("createdTo", "Created to")}
        {date("updatedFrom", "Updated from")}
        {date("updatedTo", "Updated to")}
        {fields.status === "ready"
          ? fields.data.flatMap((field) =>
              field.type === "number" || field.type === "date"
                ? [
                    <label key={`${field.key}.min`} className="field">
                      <span>{field.label} from</span>
                      <input type={field.type === "date" ? "date" : "number"} value={draft[`cf.${field.key}.min`] ?? ""} onChange={(event) => set(`cf.${field.key}.min`, event.target.value)} />
                    </label>,
                    <label key={`${field.key}.max`} className="field">
                      <span>{field.label} to</span>
                      <input type={field.type === "date" ? "date" : "number"} value={draft[`cf.${field.key}.max`] ?? ""} onChange={(event) => set(`cf.${field.key}.max`, event.target.value)} />
                    </label>,
                  ]
                : [
                    <label key={field.key} className="field">
                      <span>{field.label}</span>
                      <input value={draft[`cf.${field.key}`] ?? ""} onChange={(event) => set(`cf.${field.key}`, event.target.value)} />
                    </label>,
                  ],
            )
          : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
          <button type="button" className="button button-ghost" onClick={() => onApply(filters.q ? { q: filters.q } : {})}>
            Clear filters
          </button>
        </div>
      </form>
    </details>
  );
}

function ColumnChooser({ columns, onChange }: { columns: Column[]; onChange: (columns: Column[]) => void }) {
  return (
    <details className="column-chooser">
      <summary>Columns</summary>
      <fieldset>
        <legend>Visible columns</legend>
        {(Object.keys(COLUMNS) as Column[]).map((column) => (
          <label key={column} className="inline-field">
            <input
              type="checkbox"
              checked={columns.includes(column)}
              disabled={column === "name"}
              onChange={(event) => onChange(event.target.checked ? (Object.keys(COLUMNS) as Column[]).filter((key) => key === column || columns.includes(key)) : columns.filter((key) => key !== column))}
            />
            <span>{COLUMNS[column]}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}

function ViewPicker({ list, onPick }: { list: ListState; onPick: (state: ListState) => void }) {
  const views = useReloadable(() => api.listViews(), []);
  const [chosen, setChosen] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>();
  const all: SavedView[] = views.status === "ready" ? views.data : [];
  const pick = (viewId: string) => {
    setChosen(viewId);
    const view = all.find((item) => item.viewId === viewId);
    if (!view) return;
    onPick({
      filters: urlFilters(view.filters),
      sort: view.sort,
      order: view.order,
      limit: view.pageSize as PageSize,
      columns: view.columns as Column[],
    });
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const view = await api.createView({ name: name.trim(), filters: viewFilters(list.filters), sort: list.sort, order: list.order, columns: list.columns, pageSize: list.limit });
      setName("");
      setChosen(view.viewId);
      views.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const remove = async () => {
    if (!chosen) return;
    await api.deleteView(chosen).catch(setError);
    setChosen("");
    views.reload();
  };
  return (
    <div className="toolbar" role="region" aria-label="Views">
      <label className="inline-field">
        <span>Saved view</span>
        <select aria-label="Saved view" value={chosen} onChange={(event) => pick(event.target.value)}>
          <option value="">—</option>
          {all.map((view) => (
            <option key={view.viewId} value={view.viewId}>
              {view.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button-ghost" disabled={!chosen} onClick={remove}>
        Delete view
      </button>
      <form className="inline-field" onSubmit={save}>
        <label className="inline-field">
          <span>View name</span>
          <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <button type="submit" className="button" disabled={!name.trim()}>
          Save view
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

/** URL filters as a view keeps them: `cf.<key>[.min|.max]` become `custom`. */
function viewFilters(filters: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const custom: Record<string, Record<string, string>> = {};
  for (const [key, value] of Object.entries(filters)) {
    const match = /^cf\.([^.]+)(?:\.(min|max))?$/.exec(key);
    if (match) (custom[match[1]!] ??= {})[match[2] ?? "eq"] = value;
    else out[key] = value;
  }
  if (Object.keys(custom).length > 0) out.custom = custom;
  return out;
}

/** A view's filters back into URL form. */
function urlFilters(filters: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (key === "custom" && value && typeof value === "object") {
      for (const [field, condition] of Object.entries(value as Record<string, Record<string, string>>)) {
        for (const [kind, text] of Object.entries(condition)) out[kind === "eq" ? `cf.${field}` : `cf.${field}.${kind}`] = text;
      }
    } else out[key] = Array.isArray(value) ? String(value[0] ?? "") : String(value);
  }
  return out;
}

const none = <span className="muted">—</span>;
const yesNo = (value: boolean) => (value ? "Yes" : "No");

/** What one column shows of a contact. */
function contactCell(contact: Contact, column: Column) {
  switch (column) {
    case "name":
      return <Link to={paths.contact(contact.contactId)}>{contact.displayName}</Link>;
    case "phone":
      return contact.phone ? <span className="nowrap">{contact.phone}</span> : none;
    case "email":
      return contact.email ?? none;
    case "company":
      return contact.company?.name ?? none;
    case "tags":
      return contact.tags?.length ? contact.tags.join(", ") : none;
    case "owners":
      return contact.ownerIds.length;
    case "type":
      return contact.contactType ?? none;
    case "source":
      return contact.source.kind;
    case "doNotCall":
      return yesNo(contact.doNotCall);
    case "doNotEmail":
      return yesNo(contact.doNotEmail);
    case "active":
      return yesNo(contact.active);
    case "created":
      return <time dateTime={contact.createdAt}>{formatDateTime(contact.createdAt)}</time>;
    case "updated":
      return <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time>;
  }
}
