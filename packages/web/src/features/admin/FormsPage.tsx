import { ErrorMessage } from "../../components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { WebForm } from "../../api/types";
import { Spinner } from "../../components";
import { API_URL } from "../../config";
import { Field, SubmitActions } from "../../form";
import { formatList } from "../../format";
import { t } from "../../i18n";
import { errorsUnder, localizedFieldErrors } from "./fieldErrors";
import { FormOutcome } from "./FormOutcome";
import { useFormSubmission } from "./useFormSubmission";
import { useReloadable } from "../../hooks";
import { assignable, pickerLabel } from "../../people";
import { PageFrame } from "../shell/PageFrame";

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

/** A mapped field's name for the site's visitors, in the admin's language (`custom:<key>` as its key). */
const targetLabel = (target: string) => (TARGETS.includes(target) ? t(`admin:forms.target.${target}`) : target.replace(/^custom:/, ""));

/** A plain HTML form (no script) for the site: it posts urlencoded and follows the 303. Its words are in the admin's language. */
export function embedSnippet(form: WebForm): string {
  const inputs = Object.entries(form.fields).map(([name, target]) => {
    const type = target === "email" ? "email" : target === "phone" ? "tel" : "text";
    const control = target === "comment" ? `<textarea name="${name}"></textarea>` : `<input type="${type}" name="${name}">`;
    return `  <label>${targetLabel(target)}\n    ${control}\n  </label>`;
  });
  return [
    `<form method="post" action="${endpointOf(form.formId)}">`,
    ...inputs,
    `  <!-- ${t("admin:forms.snippet.honeypot")} -->`,
    `  <input type="text" name="${form.honeypotField}" tabindex="-1" autocomplete="off" style="position:absolute;left:-9999px" aria-hidden="true">`,
    `  <button type="submit">${t("admin:forms.snippet.send")}</button>`,
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
  const { t } = useTranslation();
  const forms = useReloadable(() => api.listForms(), []);
  const [selected, setSelected] = useState<string>();
  const items = forms.status === "ready" ? forms.data : [];
  const current = items.find((form) => form.formId === selected);
  return (
    <PageFrame id="forms" title={t("admin:forms.title")}>
      {forms.status === "error" ? <ErrorMessage error={forms.error} fieldErrors={false} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="forms">
          <thead>
            <tr>
              <th scope="col">{t("admin:forms.column.name")}</th>
              <th scope="col">{t("admin:forms.column.origins")}</th>
              <th scope="col">{t("admin:forms.column.signed")}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {items.map((form) => (
              <tr key={form.formId} data-testid={`form-${form.formId}`}>
                <th scope="row">{form.name}</th>
                <td data-label={t("admin:forms.column.origins")}>{form.allowedOrigins.length ? formatList(form.allowedOrigins) : "—"}</td>
                <td data-label={t("admin:forms.column.signed")}>{form.hasSecret ? t("admin:forms.secretSet") : "—"}</td>
                <td>
                  <button type="button" className="button" onClick={() => setSelected(form.formId)} data-testid="form-open">
                    {t("admin:forms.open")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {forms.status === "loading" ? <Spinner label={t("admin:forms.loading")} /> : null}
        {forms.status === "ready" && items.length === 0 ? <p className="empty">{t("admin:forms.empty")}</p> : null}
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
    </PageFrame>
  );
}

function Embed({ form }: { form: WebForm }) {
  const { t } = useTranslation();
  return (
    <div className="card" data-testid="form-embed">
      <h2>{t("admin:forms.embed.title", { name: form.name })}</h2>
      <p className="muted">{t("admin:forms.embed.intro")}</p>
      <pre data-testid="embed-snippet">{embedSnippet(form)}</pre>
      <h3>{t("admin:forms.embed.server")}</h3>
      <pre data-testid="curl-example">{curlExample(form)}</pre>
    </div>
  );
}

/** The rules the API names only `invalid`, in this form's words. */
const formRules = () => ({ fields: t("admin:forms.rule.fields"), allowedOrigins: t("admin:forms.rule.origin"), redirectUrl: t("admin:forms.rule.redirect") });
/** A list item's error, named by the item: "Origin 2: …". */
const formItemLabel = (path: string, index: number) =>
  path.startsWith("allowedOrigins") ? t("admin:forms.originN", { n: index + 1 }) : path.startsWith("tags") ? t("errors:listLabel.tags", { n: index + 1 }) : undefined;

function FormEditor({ form, onSaved }: { form?: WebForm; onSaved: (form: WebForm) => void }) {
  const { t } = useTranslation();
  const users = useReloadable(() => api.listUsers(), []);
  const [name, setName] = useState(form?.name ?? "");
  const [mapping, setMapping] = useState(form ? mappingText(form.fields) : "name = firstName\nphone = phone\nemail = email\nmessage = comment");
  const [origins, setOrigins] = useState(form?.allowedOrigins.join("\n") ?? "");
  const [ownerId, setOwnerId] = useState(form?.ownerId ?? "");
  const [tags, setTags] = useState(form?.tags.join(", ") ?? "");
  const [redirectUrl, setRedirectUrl] = useState(form?.redirectUrl ?? "");
  const [secret, setSecret] = useState("");
  const { errors, failure, saving, done, submitWith } = useFormSubmission((error) => localizedFieldErrors(error, { rules: formRules(), itemLabel: formItemLabel }));

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
    return t("admin:forms.saved", { name: saved.name });
  });

  const mappingErrors = errorsUnder(errors, "fields");
  const originErrors = errorsUnder(errors, "allowedOrigins");

  return (
    <form className="form card define-form" onSubmit={submit} noValidate aria-busy={saving} aria-labelledby="form-editor-title" data-testid="form-editor">
      <h2 id="form-editor-title">{form ? t("admin:forms.edit", { name: form.name }) : t("admin:forms.new")}</h2>
      <FormOutcome done={done} failure={failure} errors={errors} />
      <div className="grid-2">
        <Field id="form-name" label={t("admin:forms.field.name")} errors={errors.name}>
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field id="form-owner" label={t("admin:forms.field.owner")} errors={errors.ownerId}>
          {(props) => (
            <select {...props} value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
              <option value="">{t("admin:forms.choose")}</option>
              {assignable(users.status === "ready" ? users.data : [], form ? [form.ownerId] : []).map((user) => (
                <option key={user.userId} value={user.userId}>
                  {t("admin:forms.ownerOption", { name: pickerLabel(user), role: t(`common:role.${user.role}`) })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="form-mapping" label={t("admin:forms.field.mapping")} errors={mappingErrors} hint={t("admin:forms.hint.mapping", { targets: [...TARGETS, "custom:<key>"].join(" | ") })}>
          {(props) => <textarea {...props} rows={5} value={mapping} onChange={(event) => setMapping(event.target.value)} />}
        </Field>
        <Field id="form-origins" label={t("admin:forms.field.origins")} errors={originErrors} hint={t("admin:forms.hint.origins")}>
          {(props) => <textarea {...props} rows={3} value={origins} onChange={(event) => setOrigins(event.target.value)} />}
        </Field>
        <Field id="form-tags" label={t("admin:forms.field.tags")} errors={errorsUnder(errors, "tags")} hint={t("admin:forms.hint.tags")}>
          {(props) => <input {...props} value={tags} onChange={(event) => setTags(event.target.value)} />}
        </Field>
        <Field id="form-redirect" label={t("admin:forms.field.redirect")} errors={errors.redirectUrl} hint={t("admin:forms.hint.redirect")}>
          {(props) => <input {...props} type="url" value={redirectUrl} onChange={(event) => setRedirectUrl(event.target.value)} />}
        </Field>
        <Field id="form-secret" label={form?.hasSecret ? t("admin:forms.field.secretSet") : t("admin:forms.field.secret")} errors={errors.secret} hint={t("admin:forms.hint.secret")}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={secret} onChange={(event) => setSecret(event.target.value)} />}
        </Field>
      </div>
      <SubmitActions saving={saving} label={form ? t("admin:forms.save") : t("admin:forms.create")} savingLabel={t("common:action.saving")} testId="form-save" />
    </form>
  );
}
