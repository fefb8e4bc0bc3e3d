import { useState } from "react";
import { api, ApiError } from "../api/client";
import type { Contact, PageSize } from "../api/types";
import { CursorPager, ErrorMessage, Spinner } from "../components";
import { formatDateTime } from "../format";
import { useResource } from "../hooks";
import { Link, navigate, paths } from "../router";
import { can, useMe } from "../session";
import { CompanyTimeline } from "./CompanyTimeline";
import { CompanyDetails, type CompanyFields } from "./company/CompanyDetails";
import { useUsers } from "../people";
import type { CompanyDial, NewCallListState } from "./NewCallListPage";

const PAGE_SIZE: PageSize = 20;

/** A company and all its contacts, paged (no cap). */
export function CompanyPage({ companyId }: { companyId: string }) {
  const me = useMe();
  const [attempt, setAttempt] = useState(0);
  const company = useResource(() => api.getCompanyForEdit(companyId), [companyId, attempt]);
  const definitions = useResource(() => api.listCustomFields("company"), []);
  const tags = useResource(() => api.listCompanyTags(), []);
  const { users } = useUsers();
  const [saved, setSaved] = useState<{ company: CompanyFields; etag: string }>();
  const [conflict, setConflict] = useState(false);
  const [dial, setDial] = useState<CompanyDial>("contacts");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const contacts = useResource(() => api.companyContacts(companyId, { limit: PAGE_SIZE, cursor }), [companyId, cursor]);

  if (company.status === "loading") return <Spinner label="Loading company…" />;
  if (company.status === "error") {
    const notFound = company.error instanceof ApiError && [400, 404].includes(company.error.status);
    return (
      <section className="page">
        <p className="breadcrumb">
          <Link to={paths.companies}>← Companies</Link>
        </p>
        {notFound ? (
          <div className="alert alert-error" role="alert">
            <strong>Company not found</strong>
            <p>It may have been deleted, or you may not have access to it.</p>
          </div>
        ) : (
          <ErrorMessage error={company.error} />
        )}
      </section>
    );
  }
  const loaded = company.data;
  // The last save wins over the load it started from (until the next reload).
  const current = saved && saved.company.companyId === loaded.company.companyId && saved.company.version > loaded.company.version ? saved : undefined;
  const data: CompanyFields = current?.company ?? loaded.company;
  const etag = current?.etag ?? loaded.etag ?? `"${loaded.company.version}"`;
  const reload = () => {
    setConflict(false);
    setSaved(undefined);
    setAttempt((value) => value + 1);
  };
  // The API types this page's items loosely (`unknown`); they are contacts as `GET /v1/contacts` lists them.
  const items = contacts.status === "ready" ? (contacts.data.items as Contact[]) : [];
  const nextCursor = contacts.status === "ready" ? contacts.data.cursor : null;
  const none = <span className="muted">—</span>;

  return (
    <section className="page" aria-labelledby="company-title">
      <p className="breadcrumb">
        <Link to={paths.companies}>← Companies</Link>
      </p>
      <div className="page-header">
        <h1 id="company-title">{data.name}</h1>
      </div>
      {conflict ? (
        <div className="alert alert-error" role="alert" data-testid="company-conflict">
          <strong>This company was changed by someone else.</strong>
          <p>
            Your changes were not saved.{" "}
            <button type="button" className="button" onClick={reload}>
              Reload the company
            </button>
          </p>
        </div>
      ) : null}
      {can(me, "manageCallLists") ? (
        <div className="card row" role="group" aria-labelledby="company-call-list">
          <span id="company-call-list">Call list:</span>
          <label className="check-row">
            <input type="radio" name="company-dial" data-testid="company-dial-contacts" checked={dial === "contacts"} onChange={() => setDial("contacts")} />
            <span>the company's contacts</span>
          </label>
          <label className="check-row">
            <input
              type="radio"
              name="company-dial"
              data-testid="company-dial-companyPhone"
              checked={dial === "companyPhone"}
              disabled={data.phones.length === 0}
              onChange={() => setDial("companyPhone")}
            />
            <span>the company's own phone{data.phones[0] ? ` (${data.phones[0].number})` : " (it has none)"}</span>
          </label>
          <button
            type="button"
            className="button button-primary"
            data-testid="company-add-to-call-list"
            onClick={() => {
              const handOver: NewCallListState = { contacts: [], companies: [{ companyId: data.companyId, name: data.name, dial }] };
              navigate(paths.newCallList, { state: handOver });
            }}
          >
            Add to call list
          </button>
        </div>
      ) : null}
      <div className="card-grid">
        {definitions.status === "error" ? <ErrorMessage error={definitions.error} /> : null}
        {definitions.status === "ready" ? (
          <CompanyDetails
            key={`${data.companyId}:${attempt}`}
            company={data}
            etag={etag}
            definitions={definitions.data}
            tags={tags.status === "ready" ? tags.data : []}
            users={users}
            onSaved={(company, next) => setSaved({ company, etag: next })}
            onConflict={() => setConflict(true)}
          />
        ) : (
          <Spinner label="Loading fields…" />
        )}
        <CompanyTimeline key={data.companyId} companyId={data.companyId} first={loaded.company.timeline} />
      </div>
      <section className="entries" aria-labelledby="company-contacts">
        <h2 id="company-contacts">Contacts</h2>
        {contacts.status === "error" ? <ErrorMessage error={contacts.error} /> : null}
        <div className="table-wrap">
          <table className="table" data-testid="company-contacts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Position</th>
                <th scope="col">Primary phone</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {items.map((contact) => (
                <tr key={contact.contactId}>
                  <th scope="row">
                    <Link to={paths.contact(contact.contactId)}>{contact.displayName}</Link>
                  </th>
                  <td>{contact.position ?? none}</td>
                  <td>{(contact.phones?.find((phone) => phone.primary) ?? contact.phones?.[0])?.number ?? none}</td>
                  <td>{contact.updatedAt ? <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time> : none}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {contacts.status === "loading" ? <Spinner label="Loading contacts…" /> : null}
          {contacts.status === "ready" && items.length === 0 ? <p className="empty">No contacts at this company.</p> : null}
        </div>
        <CursorPager cursors={cursors} onCursors={setCursors} nextCursor={nextCursor} />
      </section>
      {can(me, "admin") ? <DeleteCompany companyId={data.companyId} name={data.name} /> : null}
    </section>
  );
}

/** Admins: the company to the trash (restorable for 30 days from the Trash page); its contacts stay. */
function DeleteCompany({ companyId, name }: { companyId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const remove = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.deleteCompany(companyId);
      navigate(paths.companies);
    } catch (error) {
      setBusy(false);
      setFailure(error);
    }
  };
  return (
    <section className="card" aria-labelledby="delete-company-title">
      <h2 id="delete-company-title">Delete</h2>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      <div className="danger-zone">
        {confirming ? (
          <>
            <span>Move “{name}” to the trash? It can be restored for 30 days.</span>
            <button type="button" className="button button-danger" disabled={busy} data-testid="confirm-delete-company" onClick={() => void remove()}>
              {busy ? "Deleting…" : "Yes, delete"}
            </button>
            <button type="button" className="button button-ghost" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button button-danger" data-testid="delete-company" onClick={() => setConfirming(true)}>
            Delete company
          </button>
        )}
      </div>
    </section>
  );
}
