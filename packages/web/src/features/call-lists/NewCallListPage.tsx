import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import type { CreateCallListInput } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { formatList } from "../../format";
import { Field, FieldMessages, fieldErrorsOf, SubmitActions, unplacedErrors, type FieldErrors } from "../../form";
import { useResource } from "../../hooks";
import { assignable } from "../../people";
import { Link, navigate, paths } from "../../router";
import { can, useMe } from "../../session";
import { ScriptField } from "../operator/ScriptField";
import { DEFAULT_SETTINGS, settingFields, settingsOf, type SettingsDraft } from "./newListSettings";
import { operatorErrors } from "./operatorErrors";
import type { CallListNotice, CompanyDial, NewCallListState } from "./types";
import { PageFrame } from "../shell/PageFrame";

const dials: CompanyDial[] = ["contacts", "companyPhone"];
/** The names shown of the contacts handed over (the rest are counted). */
const NAMES_SHOWN = 5;

export function NewCallListPage({ state }: { state: unknown }) {
  const { t } = useTranslation();
  const me = useMe();
  const [contacts] = useState(() => (state as Partial<NewCallListState> | null)?.contacts ?? []);
  const [companies, setCompanies] = useState(() => (state as Partial<NewCallListState> | null)?.companies ?? []);
  const [name, setName] = useState("");
  const [operatorIds, setOperatorIds] = useState<string[]>([]);
  const [settings, setSettings] = useState<SettingsDraft>(DEFAULT_SETTINGS);
  const [script, setScript] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Roles that read the user directory (admins, managers, sales) choose among all users; others only themselves.
  const users = useResource(async () => (can(me, "readUsers") ? api.listUsers() : me ? [me] : []), [me?.userId]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    const body: CreateCallListInput = {
      name,
      operatorIds,
      settings: { ...settingsOf(settings), ...(script.trim() ? { script } : {}) },
      ...(contacts.length ? { entries: contacts.map((contact) => ({ contactId: contact.contactId })) } : {}),
      ...(companies.length ? { companies: companies.map(({ companyId, dial }) => ({ companyId, dial })) } : {}),
    };
    setSaving(true);
    setFailure(undefined);
    setErrors({});
    try {
      const created = await api.createCallList(body);
      const notice: CallListNotice = {
        notice: { name: created.list.name, added: created.added, withCompanies: companies.length > 0, rejected: created.rejected.length },
      };
      navigate(paths.callList(created.list.listId), { state: notice });
    } catch (error) {
      setSaving(false);
      setFailure(error);
      setErrors(fieldErrorsOf(error));
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
    }
  };

  const placed = (path: string) =>
    path === "name" || path === "companies" || path === "operatorIds" || /^operatorIds\[/.test(path) || settingFields.some((field) => field.path === path) || path === "settings.callWindow" || path === "settings.script";
  const unplaced = unplacedErrors(errors, placed);
  const detail = failure instanceof ApiError ? (failure.problem.detail ?? "") : "";
  const operatorMessages = operatorErrors(failure);

  return (
    <PageFrame
      id="new-list"
      title={t("callLists:new.title")}
      narrow
      actions={
        <Link to={paths.callLists} className="button button-ghost">
          {t("callLists:new.back")}
        </Link>
      }
    >

      {failure !== undefined ? (
        <ErrorMessage error={failure}>
          {unplaced.filter((message) => !detail.includes(message)).length ? (
            <ul data-testid="form-errors">
              {unplaced.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </ErrorMessage>
      ) : null}

      <form ref={formRef} className="form card" onSubmit={onSubmit} noValidate aria-busy={saving}>
        <fieldset className="form-section">
          <legend>{t("callLists:new.list")}</legend>
          <Field id="name" label={t("callLists:new.name")} errors={errors.name} grow>
            {(props) => (
              <input {...props} value={name} placeholder={t("callLists:new.namePlaceholder")} onChange={(event) => setName(event.target.value)} />
            )}
          </Field>
          <p className="muted" data-testid="new-list-contacts">
            {contacts.length
              ? t(contacts.length > NAMES_SHOWN ? "callLists:new.contactsMore" : "callLists:new.contacts", {
                  count: contacts.length,
                  names: formatList(contacts.slice(0, NAMES_SHOWN).map((contact) => contact.displayName)),
                })
              : companies.length
                ? ""
                : t("callLists:new.noContacts")}
          </p>
          {companies.length ? (
            <div className="checks" data-testid="new-list-companies">
              <FieldMessages id="companies-error" testId="error-companies" messages={errors.companies} />
              {companies.map((company, index) => (
                <label key={company.companyId} className="check-row">
                  <span>{t("callLists:new.companyCall", { company: company.name })}</span>
                  <select
                    data-testid={`company-dial-${company.companyId}`}
                    value={company.dial}
                    aria-invalid={Boolean(errors[`companies[${index}].dial`])}
                    onChange={(event) =>
                      setCompanies((current) => current.map((item, at) => (at === index ? { ...item, dial: event.target.value as CompanyDial } : item)))
                    }
                  >
                    {dials.map((dial) => (
                      <option key={dial} value={dial}>
                        {t(`callLists:new.dial.${dial}`)}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("callLists:new.operators")}</legend>
          <FieldMessages id="operators-error" testId="error-operatorIds" messages={operatorMessages.length ? operatorMessages : undefined} />
          {users.status === "loading" ? <Spinner label={t("callLists:new.loadingUsers")} /> : null}
          {users.status === "error" ? <ErrorMessage error={users.error} /> : null}
          {users.status === "ready" ? (
            <div className="checks">
              {assignable(users.data).map((user) => (
                <label key={user.userId} className="check-row">
                  <input
                    type="checkbox"
                    data-testid={`operator-${user.userId}`}
                    checked={operatorIds.includes(user.userId)}
                    onChange={(event) =>
                      setOperatorIds((ids) => (event.target.checked ? [...ids, user.userId] : ids.filter((id) => id !== user.userId)))
                    }
                  />
                  <span>
                    {user.name || user.email} <span className="muted">· {t(`common:role.${user.role}`)} · {user.email}</span>
                  </span>
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("callLists:new.settings")}</legend>
          <FieldMessages id="window-error" testId="error-settings.callWindow" messages={errors["settings.callWindow"]} />
          <div className="grid-3">
            {settingFields.map((field) => (
              <Field
                key={field.key}
                id={`setting-${field.key}`}
                label={t(`callLists:new.field.${field.key}`)}
                errors={errors[field.path]}
                testId={`error-${field.path}`}
              >
                {(props) => (
                  <input
                    {...props}
                    type={field.type === "time" ? "time" : "number"}
                    inputMode={field.type === "number" ? "numeric" : undefined}
                    value={settings[field.key]}
                    onChange={(event) => setSettings((draft) => ({ ...draft, [field.key]: event.target.value }))}
                  />
                )}
              </Field>
            ))}
          </div>
          <p className="hint muted">{t("callLists:new.windowHint")}</p>
          <ScriptField id="setting-script" value={script} errors={errors["settings.script"]} onChange={setScript} />
        </fieldset>

        <SubmitActions saving={saving} label={t("callLists:new.create")} savingLabel={t("callLists:new.creating")} cancel={{ to: paths.callLists, label: t("common:action.cancel") }} />
      </form>
    </PageFrame>
  );
}
