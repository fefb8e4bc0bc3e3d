import { useTranslation } from "react-i18next";
import { Field } from "../../form";
import { formatNumber } from "../../format";
import { SCRIPT_MAX_LENGTH, scriptPlaceholders } from "./script";

/** The list's call script (`settings.script`): on the new-list page and the list page. */
export function ScriptField({ id, value, errors, onChange }: { id: string; value: string; errors?: string[]; onChange: (script: string) => void }) {
  const { t } = useTranslation();
  // The placeholders are written as the operator types them, in every language.
  const hint = t("operator:script.hint", { placeholders: scriptPlaceholders.map((name) => `{${name}}`).join(", "), max: formatNumber(SCRIPT_MAX_LENGTH) });
  return (
    <Field id={id} label={t("operator:script.label")} hint={hint} errors={errors} testId="error-settings.script">
      {(props) => <textarea {...props} rows={5} maxLength={SCRIPT_MAX_LENGTH + 1000} value={value} onChange={(event) => onChange(event.target.value)} data-testid="script-input" />}
    </Field>
  );
}
