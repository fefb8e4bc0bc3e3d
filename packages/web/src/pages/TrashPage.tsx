import { useState } from "react";
import { api } from "../api/client";
import type { PageSize } from "../api/types";
import { ErrorMessage, Spinner } from "../components";
import { formatDateTime } from "../format";
import { useReloadable } from "../hooks";
import { Link, paths } from "../router";
import { CompanyTrash } from "./company/CompanyTrash";

const PAGE_SIZE: PageSize = 20;

/** Admins: contacts deleted in the last 30 days, newest first, each restorable. */
export function TrashPage() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useReloadable(() => api.listTrash({ limit: PAGE_SIZE, cursor }), [cursor]);
  const [restored, setRestored] = useState<{ contactId: string; displayName: string }>();
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<unknown>();

  const restore = async (contactId: string) => {
    setBusy(contactId);
    setFailure(undefined);
    try {
      const contact = await api.restoreContact(contactId);
      setRestored({ contactId: contact.contactId, displayName: contact.displayName });
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
    <section className="page" aria-labelledby="trash-title">
      <div className="page-header">
        <h1 id="trash-title">Trash</h1>
      </div>
      <p className="muted">Deleted contacts stay here for 30 days with their timeline; restoring brings everything back.</p>
      {restored ? (
        <div className="alert alert-success" role="status">
          <span>
            “{restored.displayName}” restored. <Link to={paths.contact(restored.contactId)}>Open card</Link>
          </span>
          <button type="button" className="button-link" aria-label="Dismiss" onClick={() => setRestored(undefined)}>
            ×
          </button>
        </div>
      ) : null}
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="trash">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Primary phone</th>
              <th scope="col">Deleted</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((contact) => (
              <tr key={contact.contactId} data-testid={`trash-${contact.contactId}`}>
                <th scope="row">{contact.displayName}</th>
                <td>{(contact.phones.find((phone) => phone.primary) ?? contact.phones[0])?.number ?? <span className="muted">—</span>}</td>
                <td>{contact.deletedAt ? <time dateTime={contact.deletedAt}>{formatDateTime(contact.deletedAt)}</time> : null}</td>
                <td>
                  <button
                    type="button"
                    className="button"
                    disabled={busy !== undefined}
                    data-testid={`restore-${contact.contactId}`}
                    onClick={() => void restore(contact.contactId)}
                  >
                    {busy === contact.contactId ? "Restoring…" : "Restore"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label="Loading the trash…" /> : null}
        {page.status === "ready" && items.length === 0 ? <p className="empty">The trash is empty.</p> : null}
      </div>
      <div className="pager">
        <span className="muted">Page {cursors.length}</span>
        <div className="pager-buttons">
          <button type="button" className="button" onClick={() => setCursors(cursors.slice(0, -1))} disabled={cursors.length <= 1}>
            Previous
          </button>
          <button type="button" className="button" onClick={() => nextCursor && setCursors([...cursors, nextCursor])} disabled={!nextCursor}>
            Next
          </button>
        </div>
      </div>
      <CompanyTrash />
    </section>
  );
}
