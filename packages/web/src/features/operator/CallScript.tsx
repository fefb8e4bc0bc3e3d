import { useTranslation } from "react-i18next";
import { fillScript, type ScriptValues } from "./script";

/** The list's script with the call's placeholders filled in; nothing when the list has none. */
export function CallScript({ script, values }: { script: string | null | undefined; values: ScriptValues }) {
  const { t } = useTranslation();
  if (!script) return null;
  return (
    <section aria-label={t("operator:script.title")} data-testid="pop-script">
      <h3 className="pop-section-title">{t("operator:script.title")}</h3>
      <p className="pop-script">{fillScript(script, values)}</p>
    </section>
  );
}
