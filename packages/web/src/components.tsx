import type { ReactNode } from "react";
import { ApiError, SignInRequired } from "./api/client";
import { PAGE_SIZES, type PageSize } from "./api/types";

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
  return (
    <div className="pager">
      {limit !== undefined && onLimit ? (
        <label className="inline-field">
          <span>Rows per page</span>
          <select aria-label="Rows per page" value={limit} onChange={(event) => onLimit(Number(event.target.value) as PageSize)}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <span className="muted" aria-live="polite">
        Page {cursors.length}
      </span>
      <div className="pager-buttons">
        <button type="button" className="button" onClick={() => onCursors(cursors.slice(0, -1))} disabled={cursors.length <= 1 || busy}>
          Previous
        </button>
        <button type="button" className="button" onClick={() => nextCursor && onCursors([...cursors, nextCursor])} disabled={!nextCursor || busy}>
          Next
        </button>
      </div>
    </div>
  );
}
