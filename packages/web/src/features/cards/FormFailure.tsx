import { ApiError } from "../../api/client";
import { ErrorMessage } from "../../components";
import type { FieldErrors } from "../../form";

/** A failed save: field errors sit next to their inputs; a summary only for the rest (and a 412). */
export function FormFailure({
  failure,
  errors,
  placed,
  entity = "contact",
}: {
  failure: unknown;
  errors: FieldErrors;
  placed: (path: string) => boolean;
  entity?: "contact" | "company";
}) {
  if (failure === undefined) return null;
  const stray = Object.entries(errors).filter(([path]) => !placed(path));
  // Field errors next to their inputs say it all; a summary only for the rest.
  if (failure instanceof ApiError && Object.keys(errors).length > 0 && stray.length === 0) return null;
  const conflict = failure instanceof ApiError && failure.status === 412;
  return (
    <ErrorMessage error={failure}>
      {conflict ? <p>Someone changed this {entity} meanwhile: reload the page to see their changes, then edit again.</p> : null}
      {stray.length ? (
        <ul data-testid="form-errors">
          {stray.flatMap(([path, messages]) => messages.map((message) => <li key={path + message}>{path === "body" ? message : `${path}: ${message}`}</li>))}
        </ul>
      ) : null}
    </ErrorMessage>
  );
}
