import { useState, type ReactNode } from "react";
import type { PageSize } from "../api/types";
import { CursorPager, ErrorMessage, Spinner } from "../components";
import { useReloadable } from "../hooks";
import { Link } from "../router";

const PAGE_SIZE: PageSize = 20;

interface TrashPage<T> {
  items: T[];
  cursor: string | null;
}

/** One kind of deleted record (contacts, companies) as the trash shows and restores it. */
export interface TrashKind<T> {
  /** `data-testid` of the table; rows are `<testId>-<id>`, their buttons `<restoreTestId>-<id>`. */
  testId: string;
  restoreTestId: string;
  load: (page: { limit: PageSize; cursor: string | null }) => Promise<TrashPage<T>>;
  /** Restores one; answers what the success message names and where it links. */
  restore: (id: string) => Promise<{ id: string; name: string }>;
  idOf: (item: T) => string;
  nameOf: (item: T) => string;
  /** Columns between the name and the restore button. */
  columns: { header: string; cell: (item: T) => ReactNode }[];
  linkTo: (id: string) => string;
  linkLabel: string;
  loadingLabel: string;
  emptyText: string;
}

/** A paged table of deleted records, newest first, each with a Restore button. */
export function TrashTable<T>({ kind }: { kind: TrashKind<T> }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useReloadable(() => kind.load({ limit: PAGE_SIZE, cursor }), [cursor]);
  const [restored, setRestored] = useState<{ id: string; name: string }>();
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<unknown>();

  const restore = async (id: string) => {
    setBusy(id);
    setFailure(undefined);
    try {
      setRestored(await kind.restore(id));
      page.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };

  const items = page.status === "ready" ? page.data.items : [];
  const nextCursor = page.status === "ready" ? page.data.cursor : null;
  return (
    <>
      {restored ? (
        <div className="alert alert-success" role="status">
          <span>
            “{restored.name}” restored. <Link to={kind.linkTo(restored.id)}>{kind.linkLabel}</Link>
          </span>
          <button type="button" className="button-link" aria-label="Dismiss" onClick={() => setRestored(undefined)}>
            ×
          </button>
        </div>
      ) : null}
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid={kind.testId}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {kind.columns.map((column) => (
                <th key={column.header} scope="col">
                  {column.header}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const id = kind.idOf(item);
              return (
                <tr key={id} data-testid={`${kind.testId}-${id}`}>
                  <th scope="row">{kind.nameOf(item)}</th>
                  {kind.columns.map((column) => (
                    <td key={column.header}>{column.cell(item)}</td>
                  ))}
                  <td>
                    <button type="button" className="button" disabled={busy !== undefined} data-testid={`${kind.restoreTestId}-${id}`} onClick={() => void restore(id)}>
                      {busy === id ? "Restoring…" : "Restore"}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label={kind.loadingLabel} /> : null}
        {page.status === "ready" && items.length === 0 ? <p className="empty">{kind.emptyText}</p> : null}
      </div>
      {cursors.length > 1 || nextCursor ? <CursorPager cursors={cursors} onCursors={setCursors} nextCursor={nextCursor} /> : null}
    </>
  );
}
