import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import type { CompanyListItem, FindCompaniesQuery, PageSize } from "../../api/types";
import { CursorPager, ErrorMessage } from "../../components";
import { formatDate } from "../../format";
import { useResource } from "../../hooks";
import { pickerLabel } from "../../people";
import { Link, navigate, paths } from "../../router";
import { fieldErrorsOf, FieldMessages, type FieldErrors } from "../../form";
import { can, useMe } from "../../session";
import { ListTable, SearchBox, type ListColumn } from "../listing/ListTable";
import { usePagedList } from "../listing/usePagedList";

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
  const change = (next: Partial<ListState>) => setList({ ...list, ...next });
  const page = usePagedList(["companies", list], (cursor) => {
    const query: FindCompaniesQuery = { sort: list.sort, order: list.order, limit: String(list.limit) as FindCompaniesQuery["limit"] };
    if (list.q) query.q = list.q;
    if (list.manager) query.manager = list.manager;
    if (list.tag) query.tag = list.tag;
    if (cursor) query.cursor = cursor;
    return api.findCompanies(query);
  });
  const me = useMe();
  const users = useResource(() => (can(me, "readUsers") ? api.listUsers() : Promise.resolve([])), [me?.role]);
  const tags = useResource(() => api.listCompanyTags(), []);
  const userName = (userId: string) => (users.status === "ready" ? users.data.find((user) => user.userId === userId)?.name : undefined) ?? (userId === me?.userId ? me.name : userId);

  const filtered = Boolean(list.q || list.manager || list.tag);
  const sortable = (sort: Sort) => ({
    active: list.sort === sort && !list.q,
    order: list.order,
    testId: `sort-${sort}`,
    onSort: () => change({ sort, order: list.sort === sort ? (list.order === "asc" ? "desc" : "asc") : firstOrder(sort) }),
  });
  const none = <span className="muted">—</span>;
  const columns: ListColumn<CompanyListItem>[] = [
    {
      key: "name",
      header: "Name",
      rowHeader: true,
      sort: sortable("name"),
      cell: (company) => (
        <>
          <Link to={paths.company(company.companyId)}>{company.name}</Link>
          {company.shortName ? <span className="muted"> ({company.shortName})</span> : null}
        </>
      ),
    },
    { key: "phone", header: "Phone", cell: (company) => company.primaryPhone ?? none },
    { key: "tags", header: "Tags", cell: (company) => (company.tags.length ? company.tags.join(", ") : none) },
    { key: "managers", header: "Managers", cell: (company) => company.managerIds.map(userName).join(", ") },
    { key: "created", header: "Created", sort: sortable("created"), cell: (company) => <time dateTime={company.createdAt}>{formatDate(company.createdAt)}</time> },
    { key: "updated", header: "Updated", sort: sortable("updated"), cell: (company) => <time dateTime={company.updatedAt}>{formatDate(company.updatedAt)}</time> },
  ];
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

      <SearchBox label="Search companies" placeholder="A word of the name" value={list.q} onSearch={(q) => change({ q })} />
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

      <ListTable
        list={page}
        columns={columns}
        testId="companies"
        rowKey={(company) => company.companyId}
        rowProps={(company) => ({ "data-testid": `company-${company.companyId}` })}
        loadingLabel="Loading companies…"
        emptyText={page.cursors.length > 1 ? "No more companies." : filtered ? "No companies match." : "No companies yet."}
      />
      <CursorPager cursors={page.cursors} onCursors={page.setCursors} nextCursor={page.nextCursor} limit={list.limit} onLimit={(limit) => change({ limit })} busy={page.refreshing} />
    </section>
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
