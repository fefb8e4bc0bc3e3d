import { useState } from "react";
import { api } from "../../api/client";
import { CUSTOM_FIELD_TYPES, type CustomFieldType, type DefineCustomFieldInput } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { capitalize } from "../../format";
import { Field, unplacedErrors } from "../../form";
import { useFormSubmission } from "../../features/admin/useFormSubmission";
import { useReloadable } from "../../hooks";

type Entity = DefineCustomFieldInput["entityType"];
const ENTITIES = ["contact", "company"] as const satisfies readonly Entity[];
const hasOptions = (type: CustomFieldType) => type === "select" || type === "multi-select";

/** Admins define the extra fields contacts and companies carry. */
export function CustomFieldsPage() {
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
    <section className="page" aria-labelledby="fields-title">
      <div className="page-header">
        <h1 id="fields-title">Custom fields</h1>
        <label className="inline-field">
          <span>For</span>
          <select value={entity} onChange={(event) => setEntity(event.target.value as Entity)} data-testid="fields-entity">
            {ENTITIES.map((item) => (
              <option key={item} value={item}>
                {capitalize(item)}s
              </option>
            ))}
          </select>
        </label>
      </div>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {definitions.status === "error" ? <ErrorMessage error={definitions.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="custom-fields">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Type</th>
              <th scope="col">Options</th>
              <th scope="col">Required</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(definitions.status === "ready" ? definitions.data : []).map((definition) => (
              <tr key={definition.key} data-testid={`field-${definition.key}`}>
                <th scope="row">{definition.label}</th>
                <td>
                  <code>{definition.key}</code>
                </td>
                <td>{definition.type}</td>
                <td>{definition.options?.join(", ") ?? <span className="muted">—</span>}</td>
                <td>{definition.required ? "Yes" : "No"}</td>
                <td>
                  <button type="button" className="button button-danger" onClick={() => void remove(definition.key)} aria-label={`Remove ${definition.label}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {definitions.status === "loading" ? <Spinner label="Loading definitions…" /> : null}
        {definitions.status === "ready" && definitions.data.length === 0 ? <p className="empty">No custom fields yet.</p> : null}
      </div>
      <DefineForm key={entity} entity={entity} onDefined={definitions.reload} />
    </section>
  );
}

function DefineForm({ entity, onDefined }: { entity: Entity; onDefined: () => void }) {
  const [key, setKey] = useState("");
  const [label, setLabel] = useState("");
  const [type, setType] = useState<CustomFieldType>("text");
  const [options, setOptions] = useState("");
  const [required, setRequired] = useState(false);
  const { errors, failure, saving, done, submitWith } = useFormSubmission();

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
    return `Field “${defined.label}” defined.`;
  });

  const placed = (path: string) => ["key", "label", "type", "options", "required"].some((name) => path === name || path.startsWith(`${name}[`));
  const stray = unplacedErrors(errors, placed);

  return (
    <form className="form card define-form" onSubmit={submit} noValidate aria-busy={saving} aria-labelledby="define-title">
      <h2 id="define-title">New {entity} field</h2>
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      {failure !== undefined && (stray.length > 0 || Object.keys(errors).length === 0) ? (
        <ErrorMessage error={failure}>
          {stray.length ? (
            <ul data-testid="form-errors">
              {stray.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </ErrorMessage>
      ) : null}
      <div className="grid-2">
        <Field id="label" label="Label" errors={errors.label}>
          {(props) => <input {...props} value={label} onChange={(event) => setLabel(event.target.value)} />}
        </Field>
        <Field id="key" label="Key" errors={errors.key} hint="Lower-case letters, digits and _, e.g. budget_rub">
          {(props) => <input {...props} value={key} onChange={(event) => setKey(event.target.value)} />}
        </Field>
        <Field id="type" label="Type" errors={errors.type}>
          {(props) => (
            <select {...props} value={type} onChange={(event) => setType(event.target.value as CustomFieldType)}>
              {CUSTOM_FIELD_TYPES.map((item) => (
                <option key={item} value={item}>
                  {item}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="options" label="Options" errors={errors.options ?? Object.entries(errors).find(([path]) => path.startsWith("options["))?.[1]} hint="For select fields: one per line or comma-separated">
          {(props) => <textarea {...props} rows={2} value={options} disabled={!hasOptions(type)} onChange={(event) => setOptions(event.target.value)} />}
        </Field>
      </div>
      <label className="check-row">
        <input type="checkbox" checked={required} onChange={(event) => setRequired(event.target.checked)} />
        <span>Required</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Defining…" : "Define field"}
        </button>
      </div>
    </form>
  );
}
