import { useState } from "react";
import type { UpdateContactInput } from "../../../api/types";
import { fieldErrorsOf, type FieldErrors } from "../../../form";
import type { Save } from "./sectionProps";

/**
 * A card section's editor: `edit(reset)` opens it (`reset` fills the draft from the contact; an
 * earlier save's errors are cleared), `run(patch)` saves; field errors stay on the form,
 * anything else is shown above it.
 */
export function useSaving(save: Save, onClose: () => void, onEdit: () => void) {
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
  const edit = (reset: () => void) => () => {
    reset();
    setErrors({});
    setFailure(undefined);
    onEdit();
  };
  return { errors, failure, saving, run, edit, setErrors };
}
