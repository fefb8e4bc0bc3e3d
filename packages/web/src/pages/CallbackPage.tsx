import { useEffect, useState } from "react";
import { completeSignIn, signIn } from "../auth";
import { Spinner } from "../components";
import { navigate } from "../router";

export function CallbackPage({ search }: { search: string }) {
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    completeSignIn(search).then(
      (returnTo) => current && navigate(returnTo, { replace: true }),
      (reason: unknown) => current && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      current = false;
    };
  }, [search]);

  return (
    <main className="centered">
      <div className="card auth-card">
        <h1 className="brand-title">Callboard</h1>
        {error ? (
          <>
            <div className="alert alert-error" role="alert">
              <strong>Sign-in failed</strong>
              <p>{error}</p>
            </div>
            <button type="button" className="button button-primary" onClick={() => void signIn("/contacts")}>
              Try again
            </button>
          </>
        ) : (
          <Spinner label="Signing you in…" />
        )}
      </div>
    </main>
  );
}
