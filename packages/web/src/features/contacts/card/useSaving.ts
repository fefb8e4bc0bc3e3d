import { useState } from "react";
import type { UpdateContactInput } from "../../../api/types";
import { fieldErrorsOf, type FieldErrors } from "../../../form";
import type { Save } from "./sectionProps";

/** Runs a section's save; field errors stay on the form, anything else is shown above it. */
export function useSaving(save: Save, onClose: () => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const run = async (patch: UpdateContactInput | undefined) => {
    if (saving) return;
    if (!patch || Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    try {
      await save(patch);
      onClose();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  return { errors, failure, saving, run, setErrors };
}
