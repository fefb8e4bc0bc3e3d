import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

/** A very small history-API router over the console's handful of paths. */

export type Route =
  | { name: "home" }
  | { name: "login" }
  | { name: "callback" }
  | { name: "contacts" }
  | { name: "contact-new" }
  | { name: "contact"; contactId: string }
  | { name: "merge"; contactId: string; otherId?: string }
  | { name: "duplicates" }
  | { name: "trash" }
  | { name: "companies" }
  | { name: "company"; companyId: string }
  | { name: "call-lists" }
  | { name: "call-list-new" }
  | { name: "call-list"; listId: string }
  | { name: "users" }
  | { name: "custom-fields" }
  | { name: "forms" }
  | { name: "settings" }
  | { name: "imports" }
  | { name: "reports" }
  | { name: "not-found" };

export function matchRoute(pathname: string, search = ""): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/admin/duplicates") return { name: "duplicates" };
  const merge = /^\/contacts\/([^/]+)\/merge$/.exec(path);
  if (merge?.[1]) {
    const otherId = new URLSearchParams(search).get("with") ?? undefined;
    return { name: "merge", contactId: decodeURIComponent(merge[1]), ...(otherId ? { otherId } : {}) };
  }
  if (path === "/") return { name: "home" };
  if (path === "/login") return { name: "login" };
  if (path === "/callback") return { name: "callback" };
  if (path === "/contacts") return { name: "contacts" };
  if (path === "/contacts/new") return { name: "contact-new" };
  if (path === "/trash") return { name: "trash" };
  if (path === "/companies") return { name: "companies" };
  if (path === "/call-lists") return { name: "call-lists" };
  if (path === "/call-lists/new") return { name: "call-list-new" };
  if (path === "/admin/users") return { name: "users" };
  if (path === "/admin/custom-fields") return { name: "custom-fields" };
  if (path === "/admin/forms") return { name: "forms" };
  if (path === "/admin/settings") return { name: "settings" };
  if (path === "/imports") return { name: "imports" };
  if (path === "/reports") return { name: "reports" };
  const card = /^\/contacts\/([^/]+)$/.exec(path);
  if (card?.[1]) return { name: "contact", contactId: decodeURIComponent(card[1]) };
  const company = /^\/companies\/([^/]+)$/.exec(path);
  if (company?.[1]) return { name: "company", companyId: decodeURIComponent(company[1]) };
  const list = /^\/call-lists\/([^/]+)$/.exec(path);
  if (list?.[1]) return { name: "call-list", listId: decodeURIComponent(list[1]) };
  return { name: "not-found" };
}

export const paths = {
  contacts: "/contacts",
  newContact: "/contacts/new",
  contact: (contactId: string) => `/contacts/${encodeURIComponent(contactId)}`,
  trash: "/trash",
  companies: "/companies",
  company: (companyId: string) => `/companies/${encodeURIComponent(companyId)}`,
  callLists: "/call-lists",
  newCallList: "/call-lists/new",
  callList: (listId: string) => `/call-lists/${encodeURIComponent(listId)}`,
  users: "/admin/users",
  customFields: "/admin/custom-fields",
  duplicates: "/admin/duplicates",
  merge: (contactId: string) => `/contacts/${encodeURIComponent(contactId)}/merge`,
  forms: "/admin/forms",
  settings: "/admin/settings",
  imports: "/imports",
  reports: "/reports",
};

let version = 0;
const listeners = new Set<() => void>();
function notify() {
  version++;
  for (const listener of listeners) listener();
}
window.addEventListener("popstate", notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(to: string, options: { replace?: boolean; state?: unknown } = {}): void {
  if (options.replace) history.replaceState(options.state ?? null, "", to);
  else history.pushState(options.state ?? null, "", to);
  notify();
}

export interface LocationSnapshot {
  pathname: string;
  search: string;
  /** history.state of the entry, e.g. a one-off notice */
  state: unknown;
  /** changes on every navigation, even to the same URL */
  key: number;
}

let cached: LocationSnapshot | undefined;
function snapshot(): LocationSnapshot {
  if (!cached || cached.key !== version) {
    cached = { pathname: location.pathname, search: location.search, state: history.state, key: version };
  }
  return cached;
}

export function useLocation(): LocationSnapshot {
  return useSyncExternalStore(subscribe, snapshot);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string; replace?: boolean };

export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== "_self") return;
    event.preventDefault();
    navigate(to, { replace });
  };
  return <a href={to} onClick={handle} {...rest} />;
}
