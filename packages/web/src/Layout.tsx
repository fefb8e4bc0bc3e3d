import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { languageNames, languages, resolveLanguage, switchLanguage, type Language } from "./i18n";
import { setOrganizationCountry } from "./i18n/format";
import { api } from "./api/client";
import { signOut } from "./auth";
import { useResource } from "./hooks";
import { capitalize } from "./format";
import { OperatorPop } from "./features/operator/OperatorPop";
import { OperatorConsole } from "./voice/OperatorConsole";
import { NotificationsBell } from "./pages/duplicates";
import { SettingsNavLink } from "./features/admin";
import { Link, navigate, paths, type Route } from "./router";
import { can, MeContext } from "./session";

type Section = "contacts" | "companies" | "call-lists" | "trash" | "users" | "custom-fields" | "duplicates" | "forms" | "imports" | "reports";

function sectionOf(route: Route): Section | undefined {
  switch (route.name) {
    case "contacts":
    case "contact":
    case "contact-new":
    case "merge":
      return "contacts";
    case "companies":
    case "company":
      return "companies";
    case "call-lists":
    case "call-list":
    case "call-list-new":
      return "call-lists";
    case "trash":
    case "users":
    case "custom-fields":
    case "duplicates":
    case "forms":
    case "imports":
    case "reports":
      return route.name;
    default:
      return undefined;
  }
}

/** The user's language, else the browser's, else the organization's; and its phone country. */
function useOrganizationLanguage(user: { language?: string } | undefined, organization: { defaultLanguage?: string; country?: string } | undefined) {
  useEffect(() => {
    if (organization) setOrganizationCountry(organization.country);
    if (!user || !organization) return;
    void switchLanguage(resolveLanguage({ user: user.language, organization: organization.defaultLanguage }));
  }, [user, organization]);
}

/** The profile menu's language choice: saved on the user (PATCH /v1/me), applied at once. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const choose = async (language: Language) => {
    await switchLanguage(language);
    await api.updateMe({ language }).catch(() => undefined);
  };
  return (
    <label className="language-picker">
      <span className="visually-hidden">{t("shell:language")}</span>
      <select value={i18n.language} onChange={(event) => void choose(event.target.value as Language)} data-testid="language-picker">
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {languageNames[language]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const me = useResource(() => api.me(), []);
  const settings = useResource(() => api.settings(), []);
  const user = me.status === "ready" ? me.data : undefined;
  const organization = settings.status === "ready" ? settings.data : undefined;
  useOrganizationLanguage(user, organization);
  const section = sectionOf(route);
  const current = (name: Section) => (section === name ? "page" : undefined);

  const onSignOut = () => {
    signOut();
    navigate("/login", { replace: true, state: { reason: "signed-out" } });
  };

  return (
    <MeContext.Provider value={user}>
      <div className="app">
        <header className="topbar">
          <Link to={paths.contacts} className="brand">
            Callboard
          </Link>
          <nav aria-label="Main">
            <Link to={paths.contacts} aria-current={current("contacts")}>
              Contacts
            </Link>
            <Link to={paths.companies} aria-current={current("companies")}>
              Companies
            </Link>
            <Link to={paths.imports} aria-current={current("imports")}>
              Import
            </Link>
            {can(user, "workCallLists") ? (
              <Link to={paths.callLists} aria-current={current("call-lists")}>
                Call lists
              </Link>
            ) : null}
            {can(user, "readReports") ? (
              <Link to={paths.reports} aria-current={current("reports")} data-testid="nav-reports">
                Reports
              </Link>
            ) : null}
            {can(user, "admin") ? (
              <>
                <Link to={paths.trash} aria-current={current("trash")}>
                  Trash
                </Link>
                <Link to={paths.duplicates} aria-current={current("duplicates")}>
                  Duplicates
                </Link>
                <Link to={paths.users} aria-current={current("users")}>
                  Users
                </Link>
                <Link to={paths.customFields} aria-current={current("custom-fields")}>
                  Custom fields
                </Link>
                <Link to={paths.forms} aria-current={current("forms")}>
                  Web forms
                </Link>
                <SettingsNavLink current={route.name === "settings"} />
              </>
            ) : null}
          </nav>
          <div className="user">
            {user ? <NotificationsBell /> : null}
            {user ? (
              <span className="who" data-testid="current-user" title={user.email}>
                <span className="who-name">{user.name || user.email}</span>
                <span className="badge">{capitalize(user.role)}</span>
              </span>
            ) : null}
            <LanguagePicker />
            <button type="button" className="button button-ghost" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </header>
        {/* Presence and the softphone, on every page for whoever can work call lists. */}
        {can(user, "workCallLists") ? <OperatorConsole key={user!.userId} /> : null}
        <main className="content">{children}</main>
        <OperatorPop />
      </div>
    </MeContext.Provider>
  );
}
