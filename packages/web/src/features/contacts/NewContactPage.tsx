import { ErrorMessage } from "../../components";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import { PHONE_TYPES, type CreateContactInput, type FieldError, type PhoneType } from "../../api/types";
import { Field, FieldMessages, fieldPath, SubmitActions } from "../../form";
import { t as translate } from "../../i18n";
import { fieldErrorText, labelledFieldError } from "../../i18n/errors";
import { Link, navigate, paths } from "../../router";
import { DuplicateDialog, duplicateProblemOf, type DuplicateProblem } from "../duplicates";
import type { ContactsNotice } from "./ContactsPage";
import { phoneTypeLabel } from "./labels";
import { PageFrame } from "../shell/PageFrame";

interface PhoneRow {
  key: number;
  number: string;
  type: PhoneType;
}
interface EmailRow {
  key: number;
  value: string;
}

/**
 * Field errors are keyed by input, not by array index, so they stay next to the right row when
 * rows are added or removed: `firstName`, `lastName`, `phones`, `phone:<key>`, `phone:<key>:type`,
 * `emails`, `email:<key>`. Anything else ends up in the summary at the top.
 */
type Errors = Record<string, string[]>;

let nextKey = 1;
const newPhone = (): PhoneRow => ({ key: nextKey++, number: "", type: "mobile" });
const newEmail = (): EmailRow => ({ key: nextKey++, value: "" });

export function NewContactPage() {
  const { t } = useTranslation();
  const [firstName, setFirstName] = useState("");
  const [lastName, setLastName] = useState("");
  const [phones, setPhones] = useState<PhoneRow[]>(() => [newPhone()]);
  const [emails, setEmails] = useState<EmailRow[]>(() => [newEmail()]);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const clearError = (...keys: string[]) =>
    setErrors((current) => {
      if (!keys.some((key) => key in current)) return current;
      const rest = { ...current };
      for (const key of keys) delete rest[key];
      return rest;
    });

  const [duplicates, setDuplicates] = useState<DuplicateProblem>();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit(false);
  };

  const submit = async (allowDuplicates: boolean) => {
    if (saving) return;
    // Blank rows are left out; remember which row each sent item came from to place errors.
    const sentPhones = phones.filter((row) => row.number.trim() !== "");
    const sentEmails = emails.filter((row) => row.value.trim() !== "");
    const body: CreateContactInput = {};
    if (firstName.trim()) body.firstName = firstName.trim();
    if (lastName.trim()) body.lastName = lastName.trim();
    if (sentPhones.length) body.phones = sentPhones.map((row) => ({ number: row.number.trim(), type: row.type }));
    if (sentEmails.length) body.emails = sentEmails.map((row) => row.value.trim());
    // Nothing to know the contact by: say so here (the API would answer the same, in English).
    if (Object.keys(body).length === 0) {
      setFailure(undefined);
      setErrors({ [UNPLACED]: [t("contacts:new.needsIdentity")] });
      return;
    }

    setSaving(true);
    setFailure(undefined);
    setErrors({});
    try {
      const contact = await api.createContact(body, { allowDuplicates });
      const state: ContactsNotice = { notice: { kind: "created", name: contact.displayName, contactId: contact.contactId } };
      navigate(paths.contacts, { state });
    } catch (error) {
      setSaving(false);
      const duplicate = duplicateProblemOf(error);
      if (duplicate) {
        setDuplicates(duplicate);
        return;
      }
      setDuplicates(undefined);
      setFailure(error);
      if (error instanceof ApiError && error.problem.errors?.length) {
        const keyed = keyErrors(error.problem.errors, sentPhones, sentEmails, phones, emails);
        setErrors(keyed);
        // Move focus to the first field the server complained about.
        requestAnimationFrame(() => {
          formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
        });
      }
    }
  };

  // Errors with no input of their own: in the summary at the top, named by their field.
  const unplaced = errors[UNPLACED] ?? [];
  const unplacedList = unplaced.length ? (
    <ul data-testid="form-errors">
      {unplaced.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  ) : null;

  return (
    <PageFrame
      id="new-contact"
      title={t("contacts:new.title")}
      narrow
      actions={
        <Link to={paths.contacts} className="button button-ghost">
          {t("contacts:new.back")}
        </Link>
      }
    >

      {duplicates ? (
        <DuplicateDialog problem={duplicates} busy={saving} onClose={() => setDuplicates(undefined)} onCreateAnyway={() => void submit(true)} />
      ) : null}
      {failure !== undefined ? (
        <ErrorMessage error={failure} fieldErrors={false}>
          {unplacedList}
        </ErrorMessage>
      ) : unplacedList ? (
        <div className="alert alert-error" role="alert">
          {unplacedList}
        </div>
      ) : null}

      <form ref={formRef} className="form card" onSubmit={onSubmit} noValidate aria-busy={saving}>
        <fieldset className="form-section">
          <legend>{t("contacts:new.name")}</legend>
          <div className="grid-2">
            <Field id="firstName" label={t("contacts:new.firstName")} errors={errors.firstName}>
              {(props) => (
                <input
                  {...props}
                  autoComplete="given-name"
                  value={firstName}
                  onChange={(event) => {
                    setFirstName(event.target.value);
                    clearError("firstName");
                  }}
                />
              )}
            </Field>
            <Field id="lastName" label={t("contacts:new.lastName")} errors={errors.lastName}>
              {(props) => (
                <input
                  {...props}
                  autoComplete="family-name"
                  value={lastName}
                  onChange={(event) => {
                    setLastName(event.target.value);
                    clearError("lastName");
                  }}
                />
              )}
            </Field>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("contacts:new.phones")}</legend>
          <FieldMessages id="phones-error" testId="error-phones" messages={errors.phones} />
          {phones.map((row, index) => {
            const n = index + 1;
            const update = (patch: Partial<PhoneRow>) =>
              setPhones((rows) => rows.map((r) => (r.key === row.key ? { ...r, ...patch } : r)));
            return (
              <div className="row" key={row.key}>
                <Field
                  id={`phone-${row.key}`}
                  label={t("contacts:new.phone", { n })}
                  errors={errors[`phone:${row.key}`]}
                  testId={`error-phones[${index}].number`}
                  hint={n === 1 ? t("contacts:new.phoneHint") : undefined}
                  grow
                >
                  {(props) => (
                    <input
                      {...props}
                      type="tel"
                      autoComplete="tel"
                      value={row.number}
                      onChange={(event) => {
                        update({ number: event.target.value });
                        clearError(`phone:${row.key}`);
                      }}
                    />
                  )}
                </Field>
                <Field
                  id={`phone-type-${row.key}`}
                  label={t("contacts:new.phoneType", { n })}
                  errors={errors[`phone:${row.key}:type`]}
                  testId={`error-phones[${index}].type`}
                >
                  {(props) => (
                    <select
                      {...props}
                      value={row.type}
                      onChange={(event) => {
                        update({ type: event.target.value as PhoneType });
                        clearError(`phone:${row.key}:type`);
                      }}
                    >
                      {PHONE_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {phoneTypeLabel(type)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <button
                  type="button"
                  className="button button-ghost row-remove"
                  aria-label={t("contacts:new.removePhone", { n })}
                  onClick={() => {
                    setPhones((rows) => rows.filter((r) => r.key !== row.key));
                    clearError(`phone:${row.key}`, `phone:${row.key}:type`);
                  }}
                >
                  {t("common:action.remove")}
                </button>
              </div>
            );
          })}
          <button type="button" className="button button-ghost" onClick={() => setPhones((rows) => [...rows, newPhone()])}>
            {t("contacts:new.addPhone")}
          </button>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t("contacts:new.emails")}</legend>
          <FieldMessages id="emails-error" testId="error-emails" messages={errors.emails} />
          {emails.map((row, index) => {
            const n = index + 1;
            return (
              <div className="row" key={row.key}>
                <Field
                  id={`email-${row.key}`}
                  label={t("contacts:new.email", { n })}
                  errors={errors[`email:${row.key}`]}
                  testId={`error-emails[${index}]`}
                  hint={n === 1 ? t("contacts:new.primary") : undefined}
                  grow
                >
                  {(props) => (
                    <input
                      {...props}
                      type="email"
                      autoComplete="email"
                      value={row.value}
                      onChange={(event) => {
                        const value = event.target.value;
                        setEmails((rows) => rows.map((r) => (r.key === row.key ? { ...r, value } : r)));
                        clearError(`email:${row.key}`);
                      }}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  className="button button-ghost row-remove"
                  aria-label={t("contacts:new.removeEmail", { n })}
                  onClick={() => {
                    setEmails((rows) => rows.filter((r) => r.key !== row.key));
                    clearError(`email:${row.key}`);
                  }}
                >
                  {t("common:action.remove")}
                </button>
              </div>
            );
          })}
          <button type="button" className="button button-ghost" onClick={() => setEmails((rows) => [...rows, newEmail()])}>
            {t("contacts:new.addEmail")}
          </button>
        </fieldset>

        <SubmitActions saving={saving} label={t("contacts:new.create")} savingLabel={t("common:action.saving")} cancel={{ to: paths.contacts, label: t("common:action.cancel") }} />
      </form>
    </PageFrame>
  );
}

const UNPLACED = "";

/**
 * Maps server paths (`phones[0].number`, `emails[1]`) to the keys of the rows that were sent, each
 * message in the user's language and, for a row, named by the row's label on screen ("Телефон 2:
 * неверный номер…"), never by its path.
 */
function keyErrors(fieldErrors: FieldError[], sentPhones: PhoneRow[], sentEmails: EmailRow[], phones: PhoneRow[], emails: EmailRow[]): Errors {
  const result: Errors = {};
  const add = (key: string, message: string) => {
    const messages = (result[key] ??= []);
    if (!messages.includes(message)) messages.push(message);
  };
  const labelled = (label: string, error: FieldError) => translate("errors:labelled", { label, message: fieldErrorText(error) });
  for (const error of fieldErrors) {
    const path = fieldPath(error.field);
    if (path === "firstName" || path === "lastName" || path === "phones" || path === "emails") {
      add(path, fieldErrorText(error));
      continue;
    }
    const item = /^(phones|emails)(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?$/.exec(path);
    if (item) {
      const index = Number(item[2] ?? item[3]);
      const prop = item[4];
      if (item[1] === "phones") {
        const row = sentPhones[index];
        if (row) {
          const n = phones.indexOf(row) + 1;
          if (prop === "type") add(`phone:${row.key}:type`, labelled(translate("contacts:new.phoneType", { n }), error));
          else add(`phone:${row.key}`, labelled(translate("contacts:new.phone", { n }), error));
          continue;
        }
      } else {
        const row = sentEmails[index];
        if (row) {
          add(`email:${row.key}`, labelled(translate("contacts:new.email", { n: emails.indexOf(row) + 1 }), error));
          continue;
        }
      }
    }
    // Whole-body problems read best without a label in front.
    add(UNPLACED, path === "body" ? fieldErrorText(error) : labelledFieldError(error));
  }
  return result;
}
