import { useState } from "react";
import { api } from "../../api/client";
import type { PageSize } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { formatDateTime } from "../../format";
import { useReloadable } from "../../hooks";
import { Link, paths } from "../../router";

const PAGE_SIZE: PageSize = 20;

/** Admins: companies deleted in the last 30 days (`GET /v1/companies/trash`), each restorable. */
export function CompanyTrash() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useReloadable(() => api.listCompanyTrash({ limit: PAGE_SIZE, cursor }), [cursor]);
  const [restored, setRestored] = useState<{ companyId: string; name: string }>();
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<unknown>();

  const restore = async (companyId: string) => {
    setBusy(companyId);
    setFailure(undefined);
    try {
      const company = await api.restoreCompany(companyId);
      setRestored({ companyId: company.companyId, name: company.name });
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
    <section className="entries" aria-labelledby="company-trash-title">
      <h2 id="company-trash-title">Companies</h2>
      {restored ? (
        <div className="alert alert-success" role="status">
          <span>
            “{restored.name}” restored. <Link to={paths.company(restored.companyId)}>Open company</Link>
          </span>
        </div>
      ) : null}
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="company-trash">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Deleted</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((company) => (
              <tr key={company.companyId} data-testid={`company-trash-${company.companyId}`}>
                <th scope="row">{company.name}</th>
                <td>
                  <time dateTime={company.deletedAt}>{formatDateTime(company.deletedAt)}</time>
                </td>
                <td>
                  <button
                    type="button"
                    className="button"
                    disabled={busy !== undefined}
                    data-testid={`restore-company-${company.companyId}`}
                    onClick={() => void restore(company.companyId)}
                  >
                    {busy === company.companyId ? "Restoring…" : "Restore"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label="Loading deleted companies…" /> : null}
        {page.status === "ready" && items.length === 0 ? <p className="empty">No deleted companies.</p> : null}
      </div>
      {cursors.length > 1 || nextCursor ? (
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
      ) : null}
    </section>
  );
}
