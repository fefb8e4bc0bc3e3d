import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, SignInRequired } from "./api/client";
import { PAGE_SIZES, type PageSize } from "./api/types";
import { labelledFieldError, problemText } from "./i18n/errors";

export function Spinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="muted loading" role="status">
      {label ?? t("common:state.loading")}
    </p>
  );
}

/** Shows any error from an API call in words a user can act on, in their language (never the API's English). */
/**
 * A failed request in the user's language: what the status means and each field error named by
 * its label, never the API's English detail or a JSON path. `fieldErrors={false}` when the form
 * shows them next to their inputs.
 */
export function ErrorMessage({ error, fieldErrors = true, children }: { error: unknown; fieldErrors?: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  if (error instanceof SignInRequired) return <Spinner label={error.message} />;
  let title = t("shell:error.generic");
  let detail: ReactNode = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    const listed = fieldErrors ? (error.problem.errors ?? []) : [];
    title = listed.length ? t("shell:error.fields") : problemText(error.problem);
    detail = listed.length ? (
      <ul>
        {listed.map((fieldError, index) => (
          <li key={index}>{labelledFieldError(fieldError)}</li>
        ))}
      </ul>
    ) : null;
  } else if (error instanceof TypeError) {
    title = t("shell:error.unreachable");
    detail = t("shell:error.checkConnection");
  }
  return (
    <div className="alert alert-error" role="alert" data-testid="problem">
      <strong>{title}</strong>
      {typeof detail === "string" ? detail && detail !== title ? <p>{detail}</p> : null : detail}
      {children}
    </div>
  );
}

/**
 * Previous / Next over cursor pages: `cursors` is the stack of page starts (the first is null),
 * `nextCursor` the API's cursor after the current page. With `limit` it offers the page sizes
 * (a new size starts again on the first page); `busy` holds the buttons while a page loads.
 */
export function CursorPager({
  cursors,
  onCursors,
  nextCursor,
  limit,
  onLimit,
  busy = false,
}: {
  cursors: (string | null)[];
  onCursors: (next: (string | null)[]) => void;
  nextCursor: string | null;
  limit?: PageSize;
  onLimit?: (limit: PageSize) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="pager">
      {limit !== undefined && onLimit ? (
        <label className="inline-field">
          <span>{t("common:pager.rowsPerPage")}</span>
          <select value={limit} onChange={(event) => onLimit(Number(event.target.value) as PageSize)}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <span className="muted" aria-live="polite">
        {t("common:pager.page", { page: cursors.length })}
      </span>
      <div className="pager-buttons">
        <button type="button" className="button" onClick={() => onCursors(cursors.slice(0, -1))} disabled={cursors.length <= 1 || busy}>
          {t("common:pager.previous")}
        </button>
        <button type="button" className="button" onClick={() => nextCursor && onCursors([...cursors, nextCursor])} disabled={!nextCursor || busy}>
          {t("common:pager.next")}
        </button>
      </div>
    </div>
  );
}
