import { useTranslation } from "react-i18next";
import type { ActiveCall } from "../../api/types";
import { Link, paths } from "../../router";

/**
 * Opens the full card of whom the operator is talking to (operators too: the API lets them read
 * a contact of a list they work). The pop docks instead of closing, so the call stays at hand.
 */
export function FullCardLink({ subject, available, onOpen }: { subject: ActiveCall["subject"]; available: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  if (!available) return null;
  const to = subject.kind === "company" ? paths.company(subject.id) : paths.contact(subject.id);
  return (
    <p>
      <Link to={to} data-testid="pop-full-card" onClick={onOpen}>
        {subject.kind === "company" ? t("operator:pop.openCompanyCard") : t("operator:pop.openCard")}
      </Link>
    </p>
  );
}
