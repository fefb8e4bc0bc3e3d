import { ErrorMessage, Spinner } from "../../components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { CUSTOM_FIELD_TYPES, type CustomFieldType, type DefineCustomFieldInput } from "../../api/types";
import { formatList } from "../../format";
import { Field, SubmitActions } from "../../form";
import { t } from "../../i18n";
import { errorsUnder, localizedFieldErrors } from "./fieldErrors";
import { FormOutcome } from "./FormOutcome";
import { useFormSubmission } from "./useFormSubmission";
import { useReloadable } from "../../hooks";
import { PageFrame } from "../shell/PageFrame";

type Entity = DefineCustomFieldInput["entityType"];
const ENTITIES = ["contact", "company"] as const satisfies readonly Entity[];
const hasOptions = (type: CustomFieldType) => type === "select" || type === "multi-select";

/** Admins define the extra fields contacts and companies carry. */
export function CustomFieldsPage() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<Entity>("contact");
  const definitions = useReloadable(() => api.listCustomFields(entity), [entity]);
  const [failure, setFailure] = useState<unknown>();

  const remove = async (key: string) => {
    setFailure(undefined);
    try {
      await api.removeCustomField(entity, key);
      definitions.reload();
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <PageFrame
      id="fields"
      title={t("admin:fields.title")}
      actions={
        <label className="inline-field">
          <span>{t("admin:fields.for")}</span>
          <select value={entity} onChange={(event) => setEntity(event.target.value as Entity)} data-testid="fields-entity">
            {ENTITIES.map((item) => (
              <option key={item} value={item}>
                {t(`admin:fields.entity.${item}`)}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {failure !== undefined ? <ErrorMessage error={failure} fieldErrors={false} /> : null}
      {definitions.status === "error" ? <ErrorMessage error={definitions.error} fieldErrors={false} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="custom-fields">
          <thead>
            <tr>
              <th scope="col">{t("admin:fields.column.label")}</th>
              <th scope="col">{t("admin:fields.column.key")}</th>
              <th scope="col">{t("admin:fields.column.type")}</th>
              <th scope="col">{t("admin:fields.column.options")}</th>
              <th scope="col">{t("admin:fields.column.required")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("admin:fields.column.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(definitions.status === "ready" ? definitions.data : []).map((definition) => (
              <tr key={definition.key} data-testid={`field-${definition.key}`}>
                <th scope="row">{definition.label}</th>
                <td data-label={t("admin:fields.column.key")}>
                  <code>{definition.key}</code>
                </td>
                <td data-label={t("admin:fields.column.type")}>{t(`admin:fields.type.${definition.type}`)}</td>
                <td data-label={t("admin:fields.column.options")}>{definition.options ? formatList(definition.options) : <span className="muted">—</span>}</td>
                <td data-label={t("admin:fields.column.required")}>{definition.required ? t("common:action.yes") : t("common:action.no")}</td>
                <td>
                  <button type="button" className="button button-danger" onClick={() => void remove(definition.key)} aria-label={t("admin:fields.removeNamed", { label: definition.label })}>
                    {t("common:action.remove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {definitions.status === "loading" ? <Spinner label={t("admin:fields.loading")} /> : null}
        {definitions.status === "ready" && definitions.data.length === 0 ? <p className="empty">{t("admin:fields.empty")}</p> : null}
      </div>
      <DefineForm key={entity} entity={entity} onDefined={definitions.reload} />
    </PageFrame>
  );
}

/** The rules the API names only `invalid`, in this form's words. */
const fieldRules = () => ({ key: t("admin:fields.rule.key"), options: t("admin:fields.rule.options") });

function DefineForm({ entity, onDefined }: { entity: Entity; onDefined: () => void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState("");
  const [label, setLabel] = useState("");
  const [type, setType] = useState<CustomFieldType>("text");
  const [options, setOptions] = useState("");
  const [required, setRequired] = useState(false);
  const { errors, failure, saving, done, submitWith } = useFormSubmission((error) => localizedFieldErrors(error, { rules: fieldRules(), ruleCodes: ["too-few"] }));

  const submit = submitWith(async () => {
    const optionList = options
      .split(/[\n,]/)
      .map((option) => option.trim())
      .filter(Boolean);
    const defined = await api.defineCustomField({
      entityType: entity,
      key: key.trim(),
      label,
      type,
      required,
      ...(hasOptions(type) || optionList.length ? { options: optionList } : {}),
    });
    setKey("");
    setLabel("");
    setOptions("");
    setRequired(false);
    onDefined();
    return t("admin:fields.defined", { label: defined.label });
  });

  const placed = (path: string) => ["key", "label", "type", "options", "required"].some((name) => path === name || path.startsWith(`${name}[`));

  return (
    <form className="form card define-form" onSubmit={submit} noValidate aria-busy={saving} aria-labelledby="define-title">
      <h2 id="define-title">{t(`admin:fields.new.${entity}`)}</h2>
      <FormOutcome done={done} failure={failure} errors={errors} placed={placed} />
      <div className="grid-2">
        <Field id="label" label={t("admin:fields.field.label")} errors={errors.label}>
          {(props) => <input {...props} value={label} onChange={(event) => setLabel(event.target.value)} />}
        </Field>
        <Field id="key" label={t("admin:fields.field.key")} errors={errors.key} hint={t("admin:fields.hint.key")}>
          {(props) => <input {...props} value={key} onChange={(event) => setKey(event.target.value)} />}
        </Field>
        <Field id="type" label={t("admin:fields.field.type")} errors={errors.type}>
          {(props) => (
            <select {...props} value={type} onChange={(event) => setType(event.target.value as CustomFieldType)}>
              {CUSTOM_FIELD_TYPES.map((item) => (
                <option key={item} value={item}>
                  {t(`admin:fields.type.${item}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="options" label={t("admin:fields.field.options")} errors={errorsUnder(errors, "options")} hint={t("admin:fields.hint.options")}>
          {(props) => <textarea {...props} rows={2} value={options} disabled={!hasOptions(type)} onChange={(event) => setOptions(event.target.value)} />}
        </Field>
      </div>
      <label className="check-row">
        <input type="checkbox" checked={required} onChange={(event) => setRequired(event.target.checked)} />
        <span>{t("admin:fields.field.required")}</span>
      </label>
      <SubmitActions saving={saving} label={t("admin:fields.define")} savingLabel={t("admin:fields.defining")} />
    </form>
  );
}
