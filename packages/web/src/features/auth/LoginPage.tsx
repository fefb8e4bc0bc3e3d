import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isSignedIn, signIn } from "../../auth";
import { Link, paths } from "../../router";

export function LoginPage({ state }: { state: unknown }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const reason = (state as { reason?: string } | null)?.reason;
  const unreachable = failed || reason === "unreachable";
  const message = unreachable ? t("auth:unreachable") : reason === "signed-out" ? t("auth:signedOut") : undefined;

  const start = () => {
    setBusy(true);
    setFailed(false);
    signIn("/contacts").catch(() => {
      setBusy(false);
      setFailed(true);
    });
  };

  return (
    <main className="centered" id="main">
      <div className="card auth-card">
        <h1 className="brand-title">{t("common:appName")}</h1>
        <p className="muted">{t("auth:tagline")}</p>
        {message ? (
          <p className={unreachable ? "alert alert-error" : "alert alert-info"} role="status">
            {message}
          </p>
        ) : null}
        {isSignedIn() ? (
          <Link to={paths.contacts} className="button button-primary">
            {t("auth:continue")}
          </Link>
        ) : (
          <button type="button" className="button button-primary" onClick={start} disabled={busy}>
            {busy ? t("auth:redirecting") : t("auth:signIn")}
          </button>
        )}
      </div>
    </main>
  );
}
