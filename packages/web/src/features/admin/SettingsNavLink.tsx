import { useTranslation } from "react-i18next";
import { Link, paths } from "../../router";

/** The admins' menu entry for the organization settings (the shell's Layout places it; the page itself loads lazily). */
export function SettingsNavLink({ current }: { current: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to={paths.settings} aria-current={current ? "page" : undefined} data-testid="nav-settings">
      {t("admin:settings.nav")}
    </Link>
  );
}
