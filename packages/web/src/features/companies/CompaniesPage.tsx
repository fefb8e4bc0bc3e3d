import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CompanyListItem, FindCompaniesQuery, PageSize } from "../../api/types";
import { CursorPager, ErrorMessage } from "../../components";
import { formatDate, formatList, formatPhone } from "../../format";
import { useResource } from "../../hooks";
import { pickerLabel } from "../../people";
import { Link, navigate, paths } from "../../router";
import { fieldErrorsOf, FieldMessages, type FieldErrors } from "../../form";
import { can, useMe } from "../../session";
import { ListTable, SearchBox, type ListColumn } from "../listing/ListTable";
import { usePagedList } from "../listing/usePagedList";
import { PageFrame } from "../shell/PageFrame";

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
  const { t } = useTranslation();
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
      header: t("companies:list.name"),
      rowHeader: true,
      sort: sortable("name"),
      cell: (company) => (
        <>
          <Link to={paths.company(company.companyId)}>{company.name}</Link>
          {company.shortName ? <span className="muted"> ({company.shortName})</span> : null}
        </>
      ),
    },
    { key: "phone", header: t("companies:list.phone"), cell: (company) => (company.primaryPhone ? formatPhone(company.primaryPhone) : none) },
    { key: "tags", header: t("companies:list.tags"), cell: (company) => (company.tags.length ? formatList(company.tags) : none) },
    { key: "managers", header: t("companies:list.managers"), cell: (company) => formatList(company.managerIds.map(userName)) },
    { key: "created", header: t("companies:list.created"), sort: sortable("created"), cell: (company) => <time dateTime={company.createdAt}>{formatDate(company.createdAt)}</time> },
    { key: "updated", header: t("companies:list.updated"), sort: sortable("updated"), cell: (company) => <time dateTime={company.updatedAt}>{formatDate(company.updatedAt)}</time> },
  ];
  const managerOptions: [string, string][] =
    users.status === "ready" && users.data.length > 0
      ? users.data.map((user) => [user.userId, pickerLabel(user)])
      : me
        ? [[me.userId, me.name || t("companies:list.me")]]
        : [];

  return (
    <PageFrame id="companies" title={t("companies:list.title")}>
      <NewCompany />

      <SearchBox label={t("companies:list.search")} placeholder={t("companies:list.searchHint")} value={list.q} onSearch={(q) => change({ q })} />
      <div className="toolbar">
        <label className="inline-field">
          <span>{t("companies:list.manager")}</span>
          <select aria-label={t("companies:list.manager")} data-testid="filter-manager" value={list.manager} onChange={(event) => change({ manager: event.target.value })}>
            <option value="">{t("companies:list.any")}</option>
            {managerOptions.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t("companies:list.tag")}</span>
          <select aria-label={t("companies:list.tag")} data-testid="filter-tag" value={list.tag} onChange={(event) => change({ tag: event.target.value })}>
            <option value="">{t("companies:list.any")}</option>
            {(tags.status === "ready" ? tags.data : []).map((tag) => (
              <option key={tag.tag} value={tag.tag}>
                {tag.tag}
              </option>
            ))}
          </select>
        </label>
      </div>
      {list.q ? <p className="muted">{t("companies:list.searchOrder")}</p> : null}

      <ListTable
        list={page}
        columns={columns}
        testId="companies"
        rowKey={(company) => company.companyId}
        rowProps={(company) => ({ "data-testid": `company-${company.companyId}` })}
        loadingLabel={t("companies:list.loading")}
        emptyText={page.cursors.length > 1 ? t("companies:list.noMore") : filtered ? t("companies:list.noMatch") : t("companies:list.empty")}
      />
      <CursorPager cursors={page.cursors} onCursors={page.setCursors} nextCursor={page.nextCursor} limit={list.limit} onLimit={(limit) => change({ limit })} busy={page.refreshing} />
    </PageFrame>
  );
}

/** A new company by its name (`POST /v1/companies`); the rest is edited on its page. */
function NewCompany() {
  const { t } = useTranslation();
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
        <label htmlFor="new-company-name">{t("companies:new.label")}</label>
        <input
          id="new-company-name"
          value={name}
          placeholder={t("companies:new.placeholder")}
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
        {saving ? t("companies:new.creating") : t("common:action.create")}
      </button>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
    </form>
  );
}
