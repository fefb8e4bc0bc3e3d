import type { ReactNode } from "react";
import { ApiError } from "../../api/client";
import { ErrorMessage } from "../../components";
import { Link } from "../../router";

/** The way back to a card's list, above everything on a card page. */
function Breadcrumb({ back }: { back: { to: string; label: string } }) {
  return (
    <p className="breadcrumb">
      <Link to={back.to}>{back.label}</Link>
    </p>
  );
}

/**
 * A card that did not load: "not there" for a 404 (a 400 here can only mean a malformed ID in
 * the address, which is "not found" to a user too), the problem otherwise.
 */
export function CardLoadFailure({ error, back, notFound, className = "page" }: { error: unknown; back: { to: string; label: string }; notFound: { title: string; text: string }; className?: string }) {
  const missing = error instanceof ApiError && [400, 404].includes(error.status);
  return (
    <section className={className}>
      <Breadcrumb back={back} />
      {missing ? (
        <div className="alert alert-error" role="alert">
          <strong>{notFound.title}</strong>
          <p>{notFound.text}</p>
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
    </section>
  );
}

/** A card's header: the way back, the title (`titleId` labels the page) and what stands beside it. */
export function CardHeader({ back, titleId, title, children }: { back: { to: string; label: string }; titleId: string; title: string; children?: ReactNode }) {
  return (
    <>
      <Breadcrumb back={back} />
      <div className="page-header" data-testid="card-header">
        <h1 id={titleId}>{title}</h1>
        {children}
      </div>
    </>
  );
}

/** Someone else saved the card meanwhile (a 412): what was not saved, and a reload. */
export function CardConflict({ title, text, reload, onReload, testId }: { title: string; text: string; reload: string; onReload: () => void; testId?: string }) {
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      <p>
        {text}{" "}
        <button type="button" className="button" onClick={onReload}>
          {reload}
        </button>
      </p>
    </div>
  );
}
