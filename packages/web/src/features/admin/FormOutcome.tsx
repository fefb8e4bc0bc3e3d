import type { FieldErrors } from "../../form";
import { FormFailure } from "../cards/FormFailure";

/**
 * What an admin form's last submit answered (useFormSubmission): its success message, or its
 * failure; field errors stand by their inputs, so the summary names only the ones no input
 * shows (`placed`: which paths the form's inputs show; by default all).
 */
export function FormOutcome({ done, failure, errors, placed = () => true }: { done: string | undefined; failure: unknown; errors: FieldErrors; placed?: (path: string) => boolean }) {
  return (
    <>
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      <FormFailure failure={failure} errors={errors} placed={placed} entity={null} fieldErrors={false} />
    </>
  );
}
