import { ApiError } from "../../api/client";
import type { HiddenCandidate, VisibleCandidate } from "../../api/types";
import { formatList, formatPhone } from "../../format";
import { t } from "../../i18n";

/** The problem type of a 409 from `POST /v1/contacts` that found likely duplicates. */
export const DUPLICATE_PROBLEM = "https://callboard.dev/problems/duplicate-contact";

export interface DuplicateProblem {
  detail?: string;
  candidates: VisibleCandidate[];
  hidden: HiddenCandidate[];
}

export function duplicateProblemOf(error: unknown): DuplicateProblem | undefined {
  if (!(error instanceof ApiError) || error.status !== 409 || error.problem.type !== DUPLICATE_PROBLEM) return undefined;
  const problem = error.problem as unknown as Partial<DuplicateProblem> & { detail?: string };
  return { detail: problem.detail, candidates: problem.candidates ?? [], hidden: problem.hidden ?? [] };
}

/** One matched value as people read it: "phone 8 (916) 123-45-67", "similar name Anna Petrova". */
function signalText(signal: string, value: string): string {
  switch (signal) {
    case "phone":
      return t("duplicates:signal.phone", { value: formatPhone(value) });
    case "email":
      return t("duplicates:signal.email", { value });
    case "telegram":
      return t("duplicates:signal.telegram", { value });
    case "whatsapp":
      return t("duplicates:signal.whatsapp", { value });
    case "viber":
      return t("duplicates:signal.viber", { value });
    case "name":
      return t("duplicates:signal.name", { value });
    default:
      return t("duplicates:signal.other", { signal, value });
  }
}

/** What two contacts share: "phone 8 (916) 123-45-67 and email anna@example.com". */
export const matchedText = (on: readonly { signal: string; value: string }[]) => formatList(on.map((item) => signalText(item.signal, item.value)));
