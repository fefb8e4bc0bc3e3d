import { useState, type FormEvent } from "react";
import { fieldErrorsOf, type FieldErrors } from "../../form";

/**
 * The state an admin form keeps around one submit: field errors from the API's problem+json,
 * any other failure, whether it is saving, and the success message the submit answered.
 * `submitWith(work)` is the form's onSubmit: it clears all of that, runs `work` and records the outcome.
 * `errorsOf` reads the field errors (default: form.tsx's, already in the user's language).
 */
export function useFormSubmission(errorsOf: (error: unknown) => FieldErrors = fieldErrorsOf) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<string>();
  const submitWith = (work: () => Promise<string>) => async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    setDone(undefined);
    try {
      setDone(await work());
    } catch (error) {
      setErrors(errorsOf(error));
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  return { errors, failure, saving, done, submitWith };
}
