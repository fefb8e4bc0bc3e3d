import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { ErrorMessage } from "../../components";
import { labelledFieldError, problemText } from "../../i18n/errors";

/**
 * A failed request in the user's language: what the status means and each field error named by
 * its label ("Телефон 1: …"), never the API's English detail or a JSON path. Failures that are
 * not API answers (network, sign-in) go to the console's ErrorMessage.
 */
export function ProblemMessage({ error, fieldErrors = true, children }: { error: unknown; /** List field errors here (off when the form shows them by their inputs). */ fieldErrors?: boolean; children?: ReactNode }) {
  useTranslation();
  if (!(error instanceof ApiError)) return <ErrorMessage error={error}>{children}</ErrorMessage>;
  const listed = fieldErrors ? (error.problem.errors ?? []) : [];
  return (
    <div className="alert alert-error" role="alert">
      <strong>{problemText(error.problem)}</strong>
      {listed.length ? (
        <ul>
          {listed.map((fieldError) => (
            <li key={`${fieldError.field}:${fieldError.message}`}>{labelledFieldError(fieldError)}</li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}
