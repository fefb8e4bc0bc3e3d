import { SCRIPT_MAX_LENGTH, scriptPlaceholders } from "@callboard/core/call-lists/script";
import { Field } from "../../form";

const hint = `What the operator says; the pop fills in ${scriptPlaceholders.map((name) => `{${name}}`).join(", ")}. At most ${SCRIPT_MAX_LENGTH} characters.`;

/** The list's call script (`settings.script`): on the new-list page and the list page. */
export function ScriptField({ id, value, errors, onChange }: { id: string; value: string; errors?: string[]; onChange: (script: string) => void }) {
  return (
    <Field id={id} label="Call script" hint={hint} errors={errors} testId="error-settings.script">
      {(props) => <textarea {...props} rows={5} maxLength={SCRIPT_MAX_LENGTH + 1000} value={value} onChange={(event) => onChange(event.target.value)} data-testid="script-input" />}
    </Field>
  );
}
