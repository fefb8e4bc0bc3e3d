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
  /** Runs one save of the section (`action`), then closes it; a failure keeps it open. */
  const attempt = async (action: () => Promise<unknown>) => {
    if (saving) return;
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    try {
      await action();
      onClose();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  /** Saves `patch`; nothing to save just closes the section. */
  const run = async (patch: UpdateContactInput | undefined) => {
    if (saving) return;
    if (!patch || Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    await attempt(() => save(patch));
  };
  const edit = (reset: () => void) => () => {
    reset();
    setErrors({});
    setFailure(undefined);
    onEdit();
  };
  return { errors, failure, saving, run, attempt, edit, setErrors, setFailure };
}
