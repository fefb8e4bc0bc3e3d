import { lazy, Suspense, type ComponentType } from "react";
import { Spinner } from "../../components";

/** An admin page loaded with its code only when an admin opens it (most sessions never do). */
function lazyPage(load: () => Promise<ComponentType>) {
  const Page = lazy(() => load().then((component) => ({ default: component })));
  return function LazyAdminPage() {
    return (
      <Suspense fallback={<Spinner />}>
        <Page />
      </Suspense>
    );
  };
}

export const UsersPage = lazyPage(() => import("./UsersPage").then((module) => module.UsersPage));
export const CustomFieldsPage = lazyPage(() => import("./CustomFieldsPage").then((module) => module.CustomFieldsPage));
export const FormsPage = lazyPage(() => import("./FormsPage").then((module) => module.FormsPage));
export const SettingsPage = lazyPage(() => import("./SettingsPage").then((module) => module.SettingsPage));
export { SettingsNavLink } from "./SettingsNavLink";
