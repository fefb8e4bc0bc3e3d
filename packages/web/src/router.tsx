import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

/** A very small history-API router: the console has five paths. */

export type Route =
  | { name: "home" }
  | { name: "login" }
  | { name: "callback" }
  | { name: "contacts" }
  | { name: "contact-new" }
  | { name: "contact"; contactId: string }
  | { name: "not-found" };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  if (path === "/login") return { name: "login" };
  if (path === "/callback") return { name: "callback" };
  if (path === "/contacts") return { name: "contacts" };
  if (path === "/contacts/new") return { name: "contact-new" };
  const card = /^\/contacts\/([^/]+)$/.exec(path);
  if (card?.[1]) return { name: "contact", contactId: decodeURIComponent(card[1]) };
  return { name: "not-found" };
}

export const paths = {
  contacts: "/contacts",
  newContact: "/contacts/new",
  contact: (contactId: string) => `/contacts/${encodeURIComponent(contactId)}`,
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
