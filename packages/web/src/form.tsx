import type { ReactNode } from "react";
import { ApiError } from "./api/client";
import type { FieldError } from "./api/types";
import { Link } from "./router";
import { fieldErrorText, fieldPath, labelledFieldError, withLabel } from "./i18n/errors";

export { fieldPath };

/**
 * Field errors by the API's path (`firstName`, `phones[0].number`, `settings.callWindow.start`),
 * each message already in the user's language. A message for an item of a list names the item
 * ("Телефон 1: …"); one for a plain field is shown under that field's own label.
 */
export type FieldErrors = Record<string, string[]>;

export function errorsOf(fieldErrors: readonly FieldError[] | undefined): FieldErrors {
  const result: FieldErrors = {};
  for (const error of fieldErrors ?? []) {
    const path = fieldPath(error.field);
    const message = /\[\d+\]/.test(path) ? labelledFieldError(error) : fieldErrorText(error);
    const messages = (result[path] ??= []);
    if (!messages.includes(message)) messages.push(message);
  }
  return result;
}

/** The field errors an API failure carries (none for other failures). */
export function fieldErrorsOf(error: unknown): FieldErrors {
  return error instanceof ApiError ? errorsOf(error.problem.errors) : {};
}

/** Messages whose field has no input of its own on the form (shown in a summary, named by label, never by path). */
export function unplacedErrors(errors: FieldErrors, placed: (path: string) => boolean): string[] {
  return Object.entries(errors)
    .filter(([path]) => !placed(path))
    .flatMap(([path, messages]) => messages.map((message) => (path === "body" || /\[\d+\]/.test(path) ? message : withLabel(path, message))));
}

export interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
}

export function Field({
  id,
  label,
  errors,
  hint,
  testId,
  grow,
  children,
}: {
  id: string;
  label: string;
  errors?: string[];
  hint?: string;
  testId?: string;
  grow?: boolean;
  children: (props: ControlProps) => ReactNode;
}) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [errors?.length ? errorId : "", hint ? hintId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${grow ? " grow" : ""}${errors?.length ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": Boolean(errors?.length), "aria-describedby": describedBy })}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldMessages id={errorId} testId={testId ?? `error-${id}`} messages={errors} />
    </div>
  );
}

export function FieldMessages({ id, testId, messages }: { id: string; testId: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={id} data-testid={testId}>
      {messages.join(" ")}
    </p>
  );
}

/**
 * A form's footer: its submit button (held and relabelled while saving) and, where the form is a
 * page of its own, the way back (`cancel`).
 */
export function SubmitActions({ saving, label, savingLabel, cancel, testId }: { saving: boolean; label: string; savingLabel: string; cancel?: { to: string; label: string }; testId?: string }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={saving} data-testid={testId}>
        {saving ? savingLabel : label}
      </button>
      {cancel ? (
        <Link to={cancel.to} className="button button-ghost">
          {cancel.label}
        </Link>
      ) : null}
    </div>
  );
}
