import { useState } from "react";
import { api } from "../../api/client";
import type { WebForm } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { API_URL } from "../../config";
import { Field } from "../../form";
import { useFormSubmission } from "../../features/admin/useFormSubmission";
import { useReloadable } from "../../hooks";
import { assignable, pickerLabel } from "../../people";

const TARGETS = ["firstName", "lastName", "middleName", "phone", "email", "comment", "position", "companyName"];

/** `name = target` lines ↔ the mapping object. */
const mappingText = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([name, target]) => `${name} = ${target}`)
    .join("\n");
function parseMapping(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const [name, target] = line.split("=").map((part) => part.trim());
    if (name) fields[name] = target ?? "";
  }
  return fields;
}
const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);

const endpointOf = (formId: string) => `${API_URL}/v1/forms/${formId}/submissions`;

/** A plain HTML form (no script) for the site: it posts urlencoded and follows the 303. */
export function embedSnippet(form: WebForm): string {
  const inputs = Object.entries(form.fields).map(([name, target]) => {
    const type = target === "email" ? "email" : target === "phone" ? "tel" : "text";
    const control = target === "comment" ? `<textarea name="${name}"></textarea>` : `<input type="${type}" name="${name}">`;
    return `  <label>${target}\n    ${control}\n  </label>`;
  });
  return [
    `<form method="post" action="${endpointOf(form.formId)}">`,
    ...inputs,
    `  <!-- Honeypot: people never see it; bots fill it in. -->`,
    `  <input type="text" name="${form.honeypotField}" tabindex="-1" autocomplete="off" style="position:absolute;left:-9999px" aria-hidden="true">`,
    `  <button type="submit">Send</button>`,
    `</form>`,
  ].join("\n");
}

export function curlExample(form: WebForm): string {
  const body = Object.fromEntries(Object.entries(form.fields).map(([name, target]) => [name, target === "email" ? "anna@example.com" : target === "phone" ? "+79161234567" : "…"]));
  const json = JSON.stringify(body);
  if (!form.hasSecret) {
    return `curl -X POST '${endpointOf(form.formId)}' \\\n  -H 'content-type: application/json' \\\n  -H "idempotency-key: $(uuidgen)" \\\n  -d '${json}'`;
  }
  return [
    `BODY='${json}'`,
    `TS=$(date +%s)`,
    `SIG="v1=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$FORM_SECRET" -hex | sed 's/^.* //')"`,
    `curl -X POST '${endpointOf(form.formId)}' \\\n  -H 'content-type: application/json' \\\n  -H "x-callboard-timestamp: $TS" -H "x-callboard-signature: $SIG" \\\n  -H "idempotency-key: $(uuidgen)" \\\n  -d "$BODY"`,
  ].join("\n");
}

/** Admins: web forms sites post leads to, their embed snippet and a curl example. */
export function FormsPage() {
  const forms = useReloadable(() => api.listForms(), []);
  const [selected, setSelected] = useState<string>();
  const items = forms.status === "ready" ? forms.data : [];
  const current = items.find((form) => form.formId === selected);
  return (
    <section className="page" aria-labelledby="forms-title">
      <div className="page-header">
        <h1 id="forms-title">Web forms</h1>
      </div>
      {forms.status === "error" ? <ErrorMessage error={forms.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="forms">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Allowed origins</th>
              <th scope="col">Signed posts</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {items.map((form) => (
              <tr key={form.formId} data-testid={`form-${form.formId}`}>
                <th scope="row">{form.name}</th>
                <td>{form.allowedOrigins.join(", ") || "—"}</td>
                <td>{form.hasSecret ? "HMAC secret set" : "—"}</td>
                <td>
                  <button type="button" className="button" onClick={() => setSelected(form.formId)} data-testid="form-open">
                    Edit / embed
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {forms.status === "loading" ? <Spinner label="Loading forms…" /> : null}
        {forms.status === "ready" && items.length === 0 ? <p className="empty">No forms yet.</p> : null}
      </div>
      {current ? (
        <>
          <Embed form={current} />
          <FormEditor key={current.formId} form={current} onSaved={forms.reload} />
        </>
      ) : (
        <FormEditor
          key="new"
          onSaved={(form) => {
            forms.reload();
            setSelected(form.formId);
          }}
        />
      )}
    </section>
  );
}

function Embed({ form }: { form: WebForm }) {
  return (
    <div className="card" data-testid="form-embed">
      <h2>Embed «{form.name}»</h2>
      <p className="muted">Paste this HTML into the site; it works without JavaScript. The hidden field is a honeypot for bots.</p>
      <pre data-testid="embed-snippet">{embedSnippet(form)}</pre>
      <h3>Server to server</h3>
      <pre data-testid="curl-example">{curlExample(form)}</pre>
    </div>
  );
}

function FormEditor({ form, onSaved }: { form?: WebForm; onSaved: (form: WebForm) => void }) {
  const users = useReloadable(() => api.listUsers(), []);
  const [name, setName] = useState(form?.name ?? "");
  const [mapping, setMapping] = useState(form ? mappingText(form.fields) : "name = firstName\nphone = phone\nemail = email\nmessage = comment");
  const [origins, setOrigins] = useState(form?.allowedOrigins.join("\n") ?? "");
  const [ownerId, setOwnerId] = useState(form?.ownerId ?? "");
  const [tags, setTags] = useState(form?.tags.join(", ") ?? "");
  const [redirectUrl, setRedirectUrl] = useState(form?.redirectUrl ?? "");
  const [secret, setSecret] = useState("");
  const { errors, failure, saving, done, submitWith } = useFormSubmission();

  const submit = submitWith(async () => {
    const input = {
      name,
      fields: parseMapping(mapping),
      allowedOrigins: lines(origins),
      ownerId,
      tags: lines(tags),
      ...(secret ? { secret } : {}),
    };
    const saved = form
      ? await api.updateForm(form.formId, { ...input, redirectUrl: redirectUrl.trim() || null })
      : await api.createForm({ ...input, ...(redirectUrl.trim() ? { redirectUrl: redirectUrl.trim() } : {}) });
    setSecret("");
    onSaved(saved);
    return `Saved «${saved.name}».`;
  });

  const mappingErrors = Object.entries(errors)
    .filter(([path]) => path === "fields" || path.startsWith("fields."))
    .flatMap(([, messages]) => messages);
  const originErrors = Object.entries(errors)
    .filter(([path]) => path.startsWith("allowedOrigins"))
    .flatMap(([, messages]) => messages);

  return (
    <form className="form card define-form" onSubmit={submit} noValidate aria-busy={saving} aria-labelledby="form-editor-title" data-testid="form-editor">
      <h2 id="form-editor-title">{form ? `Edit «${form.name}»` : "New web form"}</h2>
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      {failure !== undefined && Object.keys(errors).length === 0 ? <ErrorMessage error={failure} /> : null}
      <div className="grid-2">
        <Field id="form-name" label="Name" errors={errors.name}>
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field id="form-owner" label="Responsible manager for new contacts" errors={errors.ownerId}>
          {(props) => (
            <select {...props} value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
              <option value="">Choose…</option>
              {assignable(users.status === "ready" ? users.data : [], form ? [form.ownerId] : []).map((user) => (
                <option key={user.userId} value={user.userId}>
                  {pickerLabel(user)} ({user.role})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="form-mapping" label="Field mapping" errors={mappingErrors} hint={`One per line: form field = ${TARGETS.join(" | ")} | custom:<key>`}>
          {(props) => <textarea {...props} rows={5} value={mapping} onChange={(event) => setMapping(event.target.value)} />}
        </Field>
        <Field id="form-origins" label="Allowed origins" errors={originErrors} hint="One per line, e.g. https://shop.example.com">
          {(props) => <textarea {...props} rows={3} value={origins} onChange={(event) => setOrigins(event.target.value)} />}
        </Field>
        <Field id="form-tags" label="Tags for new contacts" errors={errors.tags} hint="Comma-separated">
          {(props) => <input {...props} value={tags} onChange={(event) => setTags(event.target.value)} />}
        </Field>
        <Field id="form-redirect" label="Thank-you page" errors={errors.redirectUrl} hint="Where a plain HTML form goes after sending">
          {(props) => <input {...props} type="url" value={redirectUrl} onChange={(event) => setRedirectUrl(event.target.value)} />}
        </Field>
        <Field id="form-secret" label={form?.hasSecret ? "HMAC secret (set; type to replace)" : "HMAC secret (optional)"} errors={errors.secret} hint="For server-to-server posts; at least 16 characters">
          {(props) => <input {...props} type="password" autoComplete="new-password" value={secret} onChange={(event) => setSecret(event.target.value)} />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving} data-testid="form-save">
          {saving ? "Saving…" : form ? "Save form" : "Create form"}
        </button>
      </div>
    </form>
  );
}
