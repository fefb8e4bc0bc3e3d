import type { ReactNode } from "react";
import { api } from "./api/client";
import { signOut } from "./auth";
import { useResource } from "./hooks";
import { capitalize } from "./format";
import { Link, navigate, paths, type Route } from "./router";

export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const me = useResource(() => api.me(), []);
  const inContacts = route.name === "contacts" || route.name === "contact" || route.name === "contact-new";

  const onSignOut = () => {
    signOut();
    navigate("/login", { replace: true, state: { reason: "signed-out" } });
  };

  return (
    <div className="app">
      <header className="topbar">
        <Link to={paths.contacts} className="brand">
          Callboard
        </Link>
        <nav aria-label="Main">
          <Link to={paths.contacts} aria-current={inContacts ? "page" : undefined}>
            Contacts
          </Link>
        </nav>
        <div className="user">
          {me.status === "ready" ? (
            <span className="who" data-testid="current-user" title={me.data.email}>
              <span className="who-name">{me.data.name || me.data.email}</span>
              <span className="badge">{capitalize(me.data.role)}</span>
            </span>
          ) : null}
          <button type="button" className="button button-ghost" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
