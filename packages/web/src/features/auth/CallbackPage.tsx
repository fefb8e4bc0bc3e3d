import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { completeSignIn, signIn } from "../../auth";
import { Spinner } from "../../components";
import { navigate } from "../../router";

export function CallbackPage({ search }: { search: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    completeSignIn(search).then(
      (returnTo) => current && navigate(returnTo, { replace: true }),
      // CallbackError messages are already in the user's language (auth.ts).
      (reason: unknown) => current && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      current = false;
    };
  }, [search]);

  return (
    <main className="centered" id="main">
      <div className="card auth-card">
        <h1 className="brand-title">{t("common:appName")}</h1>
        {error ? (
          <>
            <div className="alert alert-error" role="alert">
              <strong>{t("auth:failed")}</strong>
              <p>{error}</p>
            </div>
            <button type="button" className="button button-primary" onClick={() => void signIn("/contacts")}>
              {t("common:action.retry")}
            </button>
          </>
        ) : (
          <Spinner label={t("auth:signingIn")} />
        )}
      </div>
    </main>
  );
}
