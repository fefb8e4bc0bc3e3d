import { useState } from "react";
import { isSignedIn, signIn } from "../auth";
import { Link, paths } from "../router";

const reasons: Record<string, string> = {
  "signed-out": "You have signed out.",
  unreachable: "The sign-in service could not be reached. Try again in a moment.",
};

export function LoginPage({ state }: { state: unknown }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const reason = (state as { reason?: string } | null)?.reason;
  const message = failed ? reasons.unreachable : reason ? reasons[reason] : undefined;

  const start = () => {
    setBusy(true);
    setFailed(false);
    signIn("/contacts").catch(() => {
      setBusy(false);
      setFailed(true);
    });
  };

  return (
    <main className="centered">
      <div className="card auth-card">
        <h1 className="brand-title">Callboard</h1>
        <p className="muted">Contacts and call lists</p>
        {message ? (
          <p className={failed || reason === "unreachable" ? "alert alert-error" : "alert alert-info"} role="status">
            {message}
          </p>
        ) : null}
        {isSignedIn() ? (
          <Link to={paths.contacts} className="button button-primary">
            Continue to contacts
          </Link>
        ) : (
          <button type="button" className="button button-primary" onClick={start} disabled={busy}>
            {busy ? "Redirecting…" : "Sign in"}
          </button>
        )}
      </div>
    </main>
  );
}
