import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { resolveLanguage, switchLanguage } from "./i18n";
import { setOrganizationCountry } from "./i18n/format";
import { api } from "./api/client";
import { signOut } from "./auth";
import { useResource } from "./hooks";
import { OperatorPop } from "./features/operator/OperatorPop";
import { focusMain, useSearchShortcut } from "./features/shell/keyboard";
import { ProfileMenu } from "./features/shell/ProfileMenu";
import { useDisclosure } from "./features/shell/useDisclosure";
import { OperatorConsole } from "./voice/OperatorConsole";
import { NotificationsBell } from "./features/notifications/NotificationsBell";
import { SettingsNavLink } from "./features/admin";
import { Link, navigate, paths, type Route } from "./router";
import { can, MeContext } from "./session";

export { LanguagePicker } from "./features/shell/ProfileMenu";

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

interface NavItem {
  section: Section;
  to: string;
  label: string;
  testId?: string;
}

/** The sections a user may open, in menu order. */
function useNavItems(user: Parameters<typeof can>[0]): NavItem[] {
  const { t } = useTranslation();
  return [
    { section: "contacts", to: paths.contacts, label: t("shell:nav.contacts") },
    { section: "companies", to: paths.companies, label: t("shell:nav.companies") },
    // Import (and export) only for roles that create contacts: an operator is never offered it.
    ...(can(user, "createContacts") ? [{ section: "imports", to: paths.imports, label: t("shell:nav.imports") } as const] : []),
    ...(can(user, "workCallLists") ? [{ section: "call-lists", to: paths.callLists, label: t("shell:nav.callLists") } as const] : []),
    ...(can(user, "readReports") ? [{ section: "reports", to: paths.reports, label: t("shell:nav.reports"), testId: "nav-reports" } as const] : []),
    ...(can(user, "admin")
      ? ([
          { section: "trash", to: paths.trash, label: t("shell:nav.trash") },
          { section: "duplicates", to: paths.duplicates, label: t("shell:nav.duplicates") },
          { section: "users", to: paths.users, label: t("shell:nav.users") },
          { section: "custom-fields", to: paths.customFields, label: t("shell:nav.customFields") },
          { section: "forms", to: paths.forms, label: t("shell:nav.forms") },
        ] as const)
      : []),
  ];
}

/** The main navigation: a row of links, collapsed behind a Menu button on phone-size screens (styles.css). */
function MainNav({ items, section, routeKey, children }: { items: NavItem[]; section: Section | undefined; routeKey: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const { open, close, buttonProps, panelProps } = useDisclosure<HTMLButtonElement, HTMLElement>();
  // A new page closes the menu.
  useEffect(() => close(), [routeKey, close]);
  return (
    <>
      <button type="button" className="button button-ghost nav-toggle" data-testid="nav-toggle" {...buttonProps}>
        <span aria-hidden="true">☰</span> {t("shell:nav.menu")}
      </button>
      <nav aria-label={t("shell:nav.label")} className={open ? "main-nav open" : "main-nav"} data-testid="main-nav" {...panelProps}>
        {items.map((item) => (
          <Link key={item.section} to={item.to} aria-current={section === item.section ? "page" : undefined} data-testid={item.testId}>
            {item.label}
          </Link>
        ))}
        {children}
      </nav>
    </>
  );
}

export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useResource(() => api.me(), []);
  const settings = useResource(() => api.settings(), []);
  const user = me.status === "ready" ? me.data : undefined;
  const organization = settings.status === "ready" ? settings.data : undefined;
  useOrganizationLanguage(user, organization);
  useSearchShortcut();
  const items = useNavItems(user);

  const onSignOut = () => {
    signOut();
    navigate("/login", { replace: true, state: { reason: "signed-out" } });
  };

  return (
    <MeContext.Provider value={user}>
      <div className="app">
        <a className="skip-link" href="#main" onClick={focusMain} data-testid="skip-link">
          {t("shell:skipToContent")}
        </a>
        <header className="topbar">
          <Link to={paths.contacts} className="brand">
            {t("common:appName")}
          </Link>
          <MainNav items={items} section={sectionOf(route)} routeKey={JSON.stringify(route)}>
            {can(user, "admin") ? <SettingsNavLink current={route.name === "settings"} /> : null}
          </MainNav>
          <div className="user">
            {user ? <NotificationsBell /> : null}
            {user ? <ProfileMenu user={user} onSignOut={onSignOut} /> : null}
          </div>
        </header>
        {/* Presence and the softphone, on every page for whoever can work call lists. */}
        {can(user, "workCallLists") ? <OperatorConsole key={user!.userId} /> : null}
        <main className="content" id="main" tabIndex={-1}>
          {children}
        </main>
        <OperatorPop />
      </div>
    </MeContext.Provider>
  );
}
