import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CallList } from "../../api/types";
import { ErrorMessage } from "../../components";
import { fieldErrorsOf, unplacedErrors, type FieldErrors } from "../../form";
import { ScriptField } from "./ScriptField";

/**
 * The list page's call script: shown as written (placeholders and all), changed in place by
 * whoever manages the list (`PATCH /v1/call-lists/{id}`); a running list's next pop shows it.
 */
export function ScriptEditor({ list, canEdit, onSaved }: { list: Pick<CallList, "listId" | "settings">; canEdit: boolean; onSaved: (list: CallList) => void }) {
  const { t } = useTranslation();
  const script = (list.settings as { script?: string }).script ?? "";
  const [draft, setDraft] = useState<string>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    try {
      onSaved(await api.setCallListScript(list.listId, draft?.trim() ? draft : null));
      setDraft(undefined);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      if (Object.keys(fields).length) setErrors(fields);
      else setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className="card" aria-labelledby="script-title" data-testid="list-script">
      <div className="section-head">
        <h2 id="script-title">{t("operator:script.label")}</h2>
        {canEdit && draft === undefined ? (
          <button type="button" className="button" data-testid="edit-script" onClick={() => setDraft(script)}>
            {script ? t("common:action.edit") : t("operator:script.add")}
          </button>
        ) : null}
      </div>
      {draft === undefined ? (
        script ? (
          <p className="pop-script" data-testid="list-script-text">
            {script}
          </p>
        ) : (
          <p className="muted">{t("operator:script.none")}</p>
        )
      ) : (
        <form
          className="section-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <ScriptField id="list-script-input" value={draft} errors={errors["settings.script"]} onChange={setDraft} />
          {unplacedErrors(errors, (field) => field === "settings.script").map((message) => (
            <p key={message} className="field-error">
              {message}
            </p>
          ))}
          {failure !== undefined ? <ErrorMessage error={failure} /> : null}
          <div className="section-actions">
            <button type="submit" className="button button-primary" disabled={saving} data-testid="save-script">
              {saving ? t("common:action.saving") : t("operator:script.save")}
            </button>
            <button type="button" className="button button-ghost" disabled={saving} onClick={() => setDraft(undefined)}>
              {t("common:action.cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
