import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { isSignedIn, signIn } from "./auth";
import { Spinner } from "./components";
import { Layout } from "./Layout";
import { CallbackPage } from "./features/auth/CallbackPage";
import { CallListPage } from "./features/call-lists/CallListPage";
import { CallListsPage } from "./features/call-lists/CallListsPage";
import { CompaniesPage } from "./features/companies/CompaniesPage";
import { CompanyPage } from "./features/companies/card/CompanyPage";
import { CustomFieldsPage, FormsPage, SettingsPage, UsersPage } from "./features/admin";
import { TrashPage } from "./features/trash/TrashPage";
import { ContactCardPage } from "./features/contacts/card/ContactCardPage";
import { ContactsPage } from "./features/contacts/ContactsPage";
import { ImportPage } from "./features/imports/ImportPage";
import { LazyReportsPage } from "./features/reports";
import { LoginPage } from "./features/auth/LoginPage";
import { NewCallListPage } from "./features/call-lists/NewCallListPage";
import { NewContactPage } from "./features/contacts/NewContactPage";
import { DuplicatesPage, MergePage } from "./features/duplicates";
import { Link, matchRoute, navigate, paths, useLocation, type Route } from "./router";

export function App() {
  const location = useLocation();
  const route = matchRoute(location.pathname, location.search);

  if (route.name === "callback") return <CallbackPage search={location.search} />;
  if (route.name === "login") return <LoginPage state={location.state} />;
  if (!isSignedIn()) return <RedirectToSignIn />;
  if (route.name === "home") return <Redirect to={paths.contacts} />;

  return (
    <Layout route={route}>
      <Page route={route} locationKey={location.key} state={location.state} />
    </Layout>
  );
}

function Page({ route, locationKey, state }: { route: Route; locationKey: number; state: unknown }) {
  switch (route.name) {
    case "contacts":
      return <ContactsPage key={locationKey} state={state} />;
    case "contact-new":
      return <NewContactPage />;
    case "contact":
      return <ContactCardPage key={route.contactId} contactId={route.contactId} />;
    case "trash":
      return <TrashPage key={locationKey} />;
    case "merge":
      return <MergePage key={locationKey} survivorId={route.contactId} {...(route.otherId ? { otherId: route.otherId } : {})} />;
    case "duplicates":
      return <DuplicatesPage key={locationKey} />;
    case "companies":
      return <CompaniesPage key={locationKey} />;
    case "company":
      return <CompanyPage key={route.companyId} companyId={route.companyId} />;
    case "users":
      return <UsersPage />;
    case "custom-fields":
      return <CustomFieldsPage />;
    case "forms":
      return <FormsPage />;
    case "settings":
      return <SettingsPage />;
    case "call-lists":
      return <CallListsPage key={locationKey} />;
    case "call-list-new":
      return <NewCallListPage key={locationKey} state={state} />;
    case "imports":
      return <ImportPage />;
    case "reports":
      return <LazyReportsPage />;
    case "call-list":
      return <CallListPage key={route.listId} listId={route.listId} state={state} />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t("shell:notFound.title")}</h1>
      <p>{t("shell:notFound.text")}</p>
      <p>
        <Link to={paths.contacts}>{t("shell:notFound.link")}</Link>
      </p>
    </section>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

let redirecting = false;

function RedirectToSignIn() {
  const { t } = useTranslation();
  useEffect(() => {
    if (redirecting) return;
    redirecting = true;
    signIn().catch(() => {
      redirecting = false;
      navigate("/login", { replace: true, state: { reason: "unreachable" } });
    });
  }, []);
  return (
    <main className="centered" id="main">
      <Spinner label={t("auth:redirectingToSignIn")} />
    </main>
  );
}
