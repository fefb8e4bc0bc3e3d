import { ApiError } from "../../api/client";
import { fieldErrorsOf } from "../../form";
import { fieldPath } from "../../i18n/errors";
import { t } from "../../i18n";

/**
 * The API's errors about a list's operators, in the user's language. An empty choice is said
 * as what to do ("Assign at least one operator"), not as the generic "at least 1 item".
 */
export function operatorErrors(failure: unknown): string[] {
  const none = failure instanceof ApiError && (failure.problem.errors ?? []).some((error) => fieldPath(error.field) === "operatorIds" && error.code === "too-few");
  return Object.entries(fieldErrorsOf(failure))
    .filter(([path]) => path === "operatorIds" || path.startsWith("operatorIds["))
    .flatMap(([path, messages]) => (path === "operatorIds" && none ? [t("callLists:operators.required")] : messages));
}
