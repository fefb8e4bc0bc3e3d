import { ApiError } from "../../api/client";
import type { FieldErrors } from "../../form";
import { fieldErrorText, fieldPath } from "../../i18n/errors";
import { t } from "../../i18n";

/**
 * Field errors of an admin form in the user's language. A rule the API names only `invalid`
 * (a regex or a check: a team ID's shape, a custom field key's) gets this form's own sentence
 * for that field (`rules`, by the path without list indexes; also for `ruleCodes`); a list item's message is named by
 * the item (`itemLabel`: "Причина 2: …"), since it is shown next to the whole list's input.
 */
export function localizedFieldErrors(
  error: unknown,
  options: { rules?: Record<string, string>; ruleCodes?: readonly string[]; itemLabel?: (path: string, index: number) => string | undefined } = {},
): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const result: FieldErrors = {};
  for (const fieldError of error.problem.errors ?? []) {
    const path = fieldPath(fieldError.field);
    const rule = options.rules?.[path.replace(/\[\d+\]/g, "")];
    // `ruleCodes`: codes whose generic words say less than the form's rule ("at least 1 item" for a list's options).
    const ruleApplies = !fieldError.code || fieldError.code === "invalid" || options.ruleCodes?.includes(fieldError.code);
    const text = rule && ruleApplies ? rule : fieldErrorText(fieldError);
    const index = /\[(\d+)\]/.exec(path)?.[1];
    const item = index !== undefined ? options.itemLabel?.(path, Number(index)) : undefined;
    const message = item ? t("errors:labelled", { label: item, message: text }) : text;
    const messages = (result[path] ??= []);
    if (!messages.includes(message)) messages.push(message);
  }
  return result;
}

/** Every message whose path is `name` or lies under it (`fields.x`, `options[2]`), for one input. */
export function errorsUnder(errors: FieldErrors, name: string): string[] | undefined {
  const found = Object.entries(errors)
    .filter(([path]) => path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))
    .flatMap(([, messages]) => messages);
  return found.length ? found : undefined;
}
