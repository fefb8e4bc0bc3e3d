import { PAGE_SIZES, type PageSize } from "../../api/types";

/** The columns a user can show, in the table's order; `name` always stays. */
export const COLUMNS = ["name", "phone", "email", "company", "tags", "owners", "type", "source", "doNotCall", "doNotEmail", "active", "created", "updated"] as const;
export type Column = (typeof COLUMNS)[number];
export const DEFAULT_COLUMNS: Column[] = ["name", "phone", "email", "created"];
export const SORTABLE: Partial<Record<Column, ListState["sort"]>> = { name: "name", created: "created", updated: "updated" };

const FILTER_KEYS = ["q", "owner", "company", "tag", "source", "type", "doNotCall", "doNotEmail", "active", "createdFrom", "createdTo", "updatedFrom", "updatedTo"] as const;

/** Everything the contacts list shows, as kept in the URL (`?q=…&tag=…&sort=name&cols=name,phone`). */
export interface ListState {
  filters: Record<string, string>;
  /** `surname`: by last name, then first (issue 19: beside the display name); contacts without one last. */
  sort: "name" | "surname" | "created" | "updated";
  order: "asc" | "desc";
  limit: PageSize;
  columns: Column[];
}

export const defaultOrder = (sort: ListState["sort"]) => (sort === "name" || sort === "surname" ? "asc" : "desc");
const isPageSize = (value: unknown): value is PageSize => PAGE_SIZES.includes(Number(value) as PageSize);
const isColumn = (value: string): value is Column => (COLUMNS as readonly string[]).includes(value);

export function stateFromUrl(search: string): ListState {
  const params = new URLSearchParams(search);
  const filters: Record<string, string> = {};
  for (const [key, value] of params) if ((FILTER_KEYS as readonly string[]).includes(key) || key.startsWith("cf.")) filters[key] = value;
  const sortParam = params.get("sort");
  const sort = sortParam === "name" || sortParam === "surname" || sortParam === "updated" ? sortParam : "created";
  const orderParam = params.get("order");
  const columns = params.get("cols")?.split(",").filter(isColumn) ?? DEFAULT_COLUMNS;
  return {
    filters,
    sort,
    order: orderParam === "asc" || orderParam === "desc" ? orderParam : defaultOrder(sort),
    limit: isPageSize(params.get("limit")) ? (Number(params.get("limit")) as PageSize) : 20,
    columns: columns.includes("name") ? columns : ["name", ...columns],
  };
}

export function urlOf(state: ListState): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) if (value) params.set(key, value);
  if (state.sort !== "created") params.set("sort", state.sort);
  if (state.order !== defaultOrder(state.sort)) params.set("order", state.order);
  if (state.limit !== 20) params.set("limit", String(state.limit));
  if (state.columns.join(",") !== DEFAULT_COLUMNS.join(",")) params.set("cols", state.columns.join(","));
  const query = params.toString();
  return query ? `${location.pathname}?${query}` : location.pathname;
}

/** URL filters as a saved view (and a bulk action) keeps them: `cf.<key>[.min|.max]` become `custom`. */
export function viewFilters(filters: Record<string, string>): Record<string, unknown> {
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
export function urlFilters(filters: Record<string, unknown>): Record<string, string> {
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

/** Columns a saved view names that this console knows (an old view may name one no longer offered). */
export const knownColumns = (columns: readonly string[]): Column[] => columns.filter(isColumn);
