import type { ReactNode } from "react";
import { ApiError, SignInRequired } from "./api/client";

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="muted loading" role="status">
      {label}
    </p>
  );
}

/** Shows any error from an API call in words a user can act on. */
export function ErrorMessage({ error, children }: { error: unknown; children?: ReactNode }) {
  if (error instanceof SignInRequired) return <Spinner label={error.message} />;
  let title = "Something went wrong";
  let detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    title = error.problem.title || title;
    detail = error.problem.detail ?? "";
  } else if (error instanceof TypeError) {
    title = "The server could not be reached";
    detail = "Check your connection and try again.";
  }
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}</strong>
      {detail && detail !== title ? <p>{detail}</p> : null}
      {children}
    </div>
  );
}
