import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { ErrorMessage } from "../../components";
import { unplacedErrors, type FieldErrors } from "../../form";

/**
 * A failed save: field errors sit next to their inputs; a summary only for the rest (and, for a
 * contact or a company, a 412's note). `fieldErrors={false}`: the summary lists only the field
 * errors no input shows (ErrorMessage's option), as the admin forms do.
 */
export function FormFailure({
  failure,
  errors,
  placed,
  entity = "contact",
  fieldErrors = true,
}: {
  failure: unknown;
  errors: FieldErrors;
  placed: (path: string) => boolean;
  /** Whose 412 note to show; null: none (the problem's own text says it). */
  entity?: "contact" | "company" | null;
  fieldErrors?: boolean;
}) {
  const { t } = useTranslation();
  if (failure === undefined) return null;
  // Named by the field's label, never by its path.
  const stray = unplacedErrors(errors, placed);
  // Field errors next to their inputs say it all; a summary only for the rest.
  if (failure instanceof ApiError && Object.keys(errors).length > 0 && stray.length === 0) return null;
  const conflict = entity !== null && failure instanceof ApiError && failure.status === 412;
  return (
    <ErrorMessage error={failure} fieldErrors={fieldErrors}>
      {conflict ? <p>{entity === "company" ? t("cards:conflict.company") : t("cards:conflict.contact")}</p> : null}
      {stray.length ? (
        <ul data-testid="form-errors">
          {stray.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </ErrorMessage>
  );
}
