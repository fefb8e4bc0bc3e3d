import { useRef, useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type { CallListSettings, CreateCallListInput } from "../api/types";
import { ErrorMessage, Spinner } from "../components";
import { capitalize } from "../format";
import { Field, FieldMessages, fieldErrorsOf, unplacedErrors, type FieldErrors } from "../form";
import { useResource } from "../hooks";
import { assignable } from "../people";
import { Link, navigate, paths } from "../router";
import { can, useMe } from "../session";
import { ScriptField } from "../features/operator/ScriptField";
import type { CallListNotice } from "./CallListPage";

/** A company on a new list: its contacts, or its own phone (one entry for the company). */
export type CompanyDial = "contacts" | "companyPhone";

/** What the contacts page (and a company's page) hands over with "Add to call list". */
export interface NewCallListState {
  contacts: { contactId: string; displayName: string }[];
  companies?: { companyId: string; name: string; dial: CompanyDial }[];
}

const dialLabels: Record<CompanyDial, string> = { contacts: "the company's contacts", companyPhone: "the company's own phone" };

/** The API's defaults (core/call-lists/settings.ts), shown so a user sees what they get. */
const DEFAULTS = {
  ringTimeoutSeconds: "30",
  maxAttempts: "3",
  retryBusy: "5",
  retryNoAnswer: "30",
  retryFailed: "15",
  retryMachine: "30",
  windowStart: "09:00",
  windowEnd: "21:00",
  wrapUpTimeoutSeconds: "300",
};
type SettingsDraft = typeof DEFAULTS;

/** Each input and the API path its errors come back under. */
const settingFields: { key: keyof SettingsDraft; label: string; path: string; unit?: string; type: "number" | "time" }[] = [
  { key: "ringTimeoutSeconds", label: "Ring timeout", unit: "seconds", path: "settings.ringTimeoutSeconds", type: "number" },
  { key: "maxAttempts", label: "Max attempts", path: "settings.maxAttempts", type: "number" },
  { key: "wrapUpTimeoutSeconds", label: "Wrap-up timeout", unit: "seconds", path: "settings.wrapUpTimeoutSeconds", type: "number" },
  { key: "retryBusy", label: "Retry after busy", unit: "minutes", path: "settings.retryDelayMinutes.busy", type: "number" },
  { key: "retryNoAnswer", label: "Retry after no answer", unit: "minutes", path: "settings.retryDelayMinutes.noAnswer", type: "number" },
  { key: "retryFailed", label: "Retry after failure", unit: "minutes", path: "settings.retryDelayMinutes.failed", type: "number" },
  { key: "retryMachine", label: "Retry after answering machine", unit: "minutes", path: "settings.retryDelayMinutes.machine", type: "number" },
  { key: "windowStart", label: "Call window from", path: "settings.callWindow.start", type: "time" },
  { key: "windowEnd", label: "Call window to", path: "settings.callWindow.end", type: "time" },
];

/** Text the user typed → the number the API expects; anything else goes as typed so the API names it. */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function settingsOf(draft: SettingsDraft): CallListSettings {
  return {
    ringTimeoutSeconds: numberOf(draft.ringTimeoutSeconds),
    maxAttempts: numberOf(draft.maxAttempts),
    wrapUpTimeoutSeconds: numberOf(draft.wrapUpTimeoutSeconds),
    retryDelayMinutes: {
      busy: numberOf(draft.retryBusy),
      noAnswer: numberOf(draft.retryNoAnswer),
      failed: numberOf(draft.retryFailed),
      machine: numberOf(draft.retryMachine),
    },
    callWindow: { start: draft.windowStart, end: draft.windowEnd },
  } as CallListSettings;
}

export function NewCallListPage({ state }: { state: unknown }) {
  const me = useMe();
  const [contacts] = useState(() => (state as Partial<NewCallListState> | null)?.contacts ?? []);
  const [companies, setCompanies] = useState(() => (state as Partial<NewCallListState> | null)?.companies ?? []);
  const [name, setName] = useState("");
  const [operatorIds, setOperatorIds] = useState<string[]>([]);
  const [settings, setSettings] = useState<SettingsDraft>(DEFAULTS);
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
        notice: {
          text: companies.length
            ? `Call list “${created.list.name}” created with ${created.added} ${created.added === 1 ? "entry" : "entries"}.`
            : `Call list “${created.list.name}” created with ${created.added} contact${created.added === 1 ? "" : "s"}.`,
          rejected: created.rejected.length,
        },
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
  const operatorErrors = Object.entries(errors)
    .filter(([path]) => path === "operatorIds" || path.startsWith("operatorIds["))
    .flatMap(([, messages]) => messages);

  return (
    <section className="page narrow" aria-labelledby="new-list-title">
      <div className="page-header">
        <h1 id="new-list-title">New call list</h1>
        <Link to={paths.callLists} className="button button-ghost">
          Back to call lists
        </Link>
      </div>

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
          <legend>List</legend>
          <Field id="name" label="Name" errors={errors.name} grow>
            {(props) => (
              <input {...props} value={name} placeholder="Spring promo" onChange={(event) => setName(event.target.value)} />
            )}
          </Field>
          <p className="muted" data-testid="new-list-contacts">
            {contacts.length
              ? `${contacts.length} contact${contacts.length === 1 ? "" : "s"}: ${contacts
                  .slice(0, 5)
                  .map((contact) => contact.displayName)
                  .join(", ")}${contacts.length > 5 ? ", …" : ""}`
              : companies.length
                ? ""
                : "No contacts selected: the list starts empty. Select contacts on the Contacts page and use “Add to call list”."}
          </p>
          {companies.length ? (
            <div className="checks" data-testid="new-list-companies">
              <FieldMessages id="companies-error" testId="error-companies" messages={errors.companies} />
              {companies.map((company, index) => (
                <label key={company.companyId} className="check-row">
                  <span>{company.name}: call</span>
                  <select
                    data-testid={`company-dial-${company.companyId}`}
                    value={company.dial}
                    aria-invalid={Boolean(errors[`companies[${index}].dial`])}
                    onChange={(event) =>
                      setCompanies((current) => current.map((item, at) => (at === index ? { ...item, dial: event.target.value as CompanyDial } : item)))
                    }
                  >
                    {(Object.keys(dialLabels) as CompanyDial[]).map((dial) => (
                      <option key={dial} value={dial}>
                        {dialLabels[dial]}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>

        <fieldset className="form-section">
          <legend>Operators</legend>
          <FieldMessages id="operators-error" testId="error-operatorIds" messages={operatorErrors.length ? operatorErrors : undefined} />
          {users.status === "loading" ? <Spinner label="Loading users…" /> : null}
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
                    {user.name || user.email} <span className="muted">· {capitalize(user.role)} · {user.email}</span>
                  </span>
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>

        <fieldset className="form-section">
          <legend>Settings</legend>
          <FieldMessages id="window-error" testId="error-settings.callWindow" messages={errors["settings.callWindow"]} />
          <div className="grid-3">
            {settingFields.map((field) => (
              <Field
                key={field.key}
                id={`setting-${field.key}`}
                label={field.unit ? `${field.label} (${field.unit})` : field.label}
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
          <p className="hint muted">The call window is the contact's local time (its time zone, or its number's).</p>
          <ScriptField id="setting-script" value={script} errors={errors["settings.script"]} onChange={setScript} />
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? "Creating…" : "Create call list"}
          </button>
          <Link to={paths.callLists} className="button button-ghost">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
