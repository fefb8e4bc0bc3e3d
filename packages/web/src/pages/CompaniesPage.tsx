import { useEffect, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { PAGE_SIZES, type CompanyListItem, type FindCompaniesQuery, type PageSize } from "../api/types";
import { ErrorMessage, Spinner } from "../components";
import { formatDate } from "../format";
import { useResource } from "../hooks";
import { pickerLabel } from "../people";
import { Link, navigate, paths } from "../router";
import { fieldErrorsOf, FieldMessages, type FieldErrors } from "../form";
import { can, useMe } from "../session";

type Sort = "name" | "created" | "updated";
type Order = "asc" | "desc";
interface ListState {
  q: string;
  manager: string;
  tag: string;
  sort: Sort;
  order: Order;
  limit: PageSize;
}

/** The order a header click starts with: names A→Z, dates newest first (as the API defaults). */
const firstOrder = (sort: Sort): Order => (sort === "name" ? "asc" : "desc");

/**
 * The companies the user may see (admins all, others those they manage): a name search,
 * manager and tag filters, sortable headers and page sizes, on `GET /v1/companies`.
 */
export function CompaniesPage() {
  const [list, setList] = useState<ListState>({ q: "", manager: "", tag: "", sort: "created", order: "desc", limit: 20 });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const change = (next: Partial<ListState>) => {
    setList({ ...list, ...next });
    setCursors([null]);
  };
  const page = useResource(() => {
    const query: FindCompaniesQuery = { sort: list.sort, order: list.order, limit: String(list.limit) as FindCompaniesQuery["limit"] };
    if (list.q) query.q = list.q;
    if (list.manager) query.manager = list.manager;
    if (list.tag) query.tag = list.tag;
    if (cursor) query.cursor = cursor;
    return api.findCompanies(query);
  }, [list, cursor]);
  const me = useMe();
  const users = useResource(() => (can(me, "readUsers") ? api.listUsers() : Promise.resolve([])), [me?.role]);
  const tags = useResource(() => api.listCompanyTags(), []);
  const userName = (userId: string) => (users.status === "ready" ? users.data.find((user) => user.userId === userId)?.name : undefined) ?? (userId === me?.userId ? me.name : userId);

  const items: CompanyListItem[] = page.status === "ready" ? page.data.items : [];
  const nextCursor = page.status === "ready" ? page.data.cursor : null;
  const filtered = Boolean(list.q || list.manager || list.tag);
  const sortBy = (sort: Sort) => change({ sort, order: list.sort === sort ? (list.order === "asc" ? "desc" : "asc") : firstOrder(sort) });
  const header = (sort: Sort, label: string) => {
    const active = list.sort === sort && !list.q;
    return (
      <th scope="col" aria-sort={active ? (list.order === "asc" ? "ascending" : "descending") : "none"}>
        <button type="button" className="button-link" data-testid={`sort-${sort}`} onClick={() => sortBy(sort)}>
          {label}
          {active ? (list.order === "asc" ? " ▲" : " ▼") : ""}
        </button>
      </th>
    );
  };
  const managerOptions: [string, string][] =
    users.status === "ready" && users.data.length > 0
      ? users.data.map((user) => [user.userId, pickerLabel(user)])
      : me
        ? [[me.userId, me.name || "Me"]]
        : [];

  return (
    <section className="page" aria-labelledby="companies-title">
      <div className="page-header">
        <h1 id="companies-title">Companies</h1>
      </div>
      <NewCompany />

      <SearchBox value={list.q} onSearch={(q) => change({ q })} />
      <div className="toolbar">
        <label className="inline-field">
          <span>Manager</span>
          <select aria-label="Manager" data-testid="filter-manager" value={list.manager} onChange={(event) => change({ manager: event.target.value })}>
            <option value="">Any</option>
            {managerOptions.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Tag</span>
          <select aria-label="Tag" data-testid="filter-tag" value={list.tag} onChange={(event) => change({ tag: event.target.value })}>
            <option value="">Any</option>
            {(tags.status === "ready" ? tags.data : []).map((tag) => (
              <option key={tag.tag} value={tag.tag}>
                {tag.tag}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.q ? <p className="muted">Search results come in name order.</p> : null}

      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap" aria-busy={page.refreshing}>
        <table className="table" data-testid="companies">
          <thead>
            <tr>
              {header("name", "Name")}
              <th scope="col">Phone</th>
              <th scope="col">Tags</th>
              <th scope="col">Managers</th>
              {header("created", "Created")}
              {header("updated", "Updated")}
            </tr>
          </thead>
          <tbody>
            {items.map((company) => (
              <tr key={company.companyId} data-testid={`company-${company.companyId}`}>
                <th scope="row">
                  <Link to={paths.company(company.companyId)}>{company.name}</Link>
                  {company.shortName ? <span className="muted"> ({company.shortName})</span> : null}
                </th>
                <td>{company.primaryPhone ?? <span className="muted">—</span>}</td>
                <td>{company.tags.length ? company.tags.join(", ") : <span className="muted">—</span>}</td>
                <td>{company.managerIds.map(userName).join(", ")}</td>
                <td>
                  <time dateTime={company.createdAt}>{formatDate(company.createdAt)}</time>
                </td>
                <td>
                  <time dateTime={company.updatedAt}>{formatDate(company.updatedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label="Loading companies…" /> : null}
        {page.status === "ready" && items.length === 0 ? (
          <p className="empty">{cursors.length > 1 ? "No more companies." : filtered ? "No companies match." : "No companies yet."}</p>
        ) : null}
      </div>

      <div className="pager">
        <label className="inline-field">
          <span>Rows per page</span>
          <select aria-label="Rows per page" value={list.limit} onChange={(event) => change({ limit: Number(event.target.value) as PageSize })}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" aria-live="polite">
          Page {cursors.length}
        </span>
        <div className="pager-buttons">
          <button type="button" className="button" onClick={() => setCursors(cursors.slice(0, -1))} disabled={cursors.length <= 1 || page.refreshing}>
            Previous
          </button>
          <button type="button" className="button" onClick={() => nextCursor && setCursors([...cursors, nextCursor])} disabled={!nextCursor || page.refreshing}>
            Next
          </button>
        </div>
      </div>
    </section>
  );
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form role="search" className="toolbar" onSubmit={submit}>
      <label className="inline-field">
        <span>Search companies</span>
        <input type="search" value={text} placeholder="A word of the name" onChange={(event) => setText(event.target.value)} />
      </label>
      <button type="submit" className="button">
        Search
      </button>
    </form>
  );
}

/** A new company by its name (`POST /v1/companies`); the rest is edited on its page. */
function NewCompany() {
  const [name, setName] = useState("");
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    try {
      const company = await api.createCompany({ name });
      navigate(paths.company(company.companyId));
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error);
      setErrors(fieldErrors);
      if (!fieldErrors.name) setFailure(error);
      setSaving(false);
    }
  };
  return (
    <form className="toolbar" onSubmit={(event) => void submit(event)} noValidate>
      <div className={`field${errors.name ? " invalid" : ""}`}>
        <label htmlFor="new-company-name">New company</label>
        <input
          id="new-company-name"
          value={name}
          placeholder="Company name"
          aria-invalid={Boolean(errors.name)}
          aria-describedby={errors.name ? "new-company-name-error" : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setErrors({});
          }}
        />
        <FieldMessages id="new-company-name-error" testId="error-new-company" messages={errors.name} />
      </div>
      <button type="submit" className="button button-primary" disabled={saving} data-testid="create-company">
        {saving ? "Creating…" : "Create"}
      </button>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
    </form>
  );
}
