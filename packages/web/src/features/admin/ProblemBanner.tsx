import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, SignInRequired } from "../../api/client";
import { ErrorMessage } from "../../components";
import { problemText } from "../../i18n/errors";

/** A failed request as a sentence in the user's language (never the API's English detail). */
export function ProblemBanner({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  // The shell's own handling: a spinner while the console redirects to sign in.
  if (error instanceof SignInRequired) return <ErrorMessage error={error} />;
  const text = error instanceof ApiError ? problemText(error.problem) : error instanceof TypeError ? problemText({ status: 0, title: "" }) : t("admin:failure.unexpected");
  return (
    <div className="alert alert-error" role="alert" data-testid="problem">
      <p>{text}</p>
      {children}
    </div>
  );
}
