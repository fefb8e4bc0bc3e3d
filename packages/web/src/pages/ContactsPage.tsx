import { useEffect, useState } from "react";
import { api } from "../api/client";
import { PAGE_SIZES, type ContactListItem as Contact, type PageSize } from "../api/types";
import { ErrorMessage, Spinner } from "../components";
import { formatDateTime } from "../format";
import { useResource } from "../hooks";
import { Link, navigate, paths } from "../router";
import { can, useMe } from "../session";
import type { NewCallListState } from "./NewCallListPage";

/** One-off message handed over by the page that navigated here (e.g. after creating a contact). */
export interface ContactsNotice {
  notice: { text: string; contactId?: string };
}

interface ListState {
  limit: PageSize;
  /** Cursor of every page visited so far; the last one is the current page (null = first page). */
  cursors: (string | null)[];
}

function isPageSize(value: unknown): value is PageSize {
  return PAGE_SIZES.includes(Number(value) as PageSize);
}

/** Restores paging from the history entry, so Back from a card returns to the same page. */
function initialState(): ListState {
  const saved = (history.state as { list?: ListState } | null)?.list;
  const fromUrl = new URLSearchParams(location.search).get("limit");
  const limit: PageSize = isPageSize(fromUrl) ? (Number(fromUrl) as PageSize) : 20;
  if (saved && saved.limit === limit && Array.isArray(saved.cursors) && saved.cursors.length > 0) return saved;
  return { limit, cursors: [null] };
}

function noticeOf(state: unknown): ContactsNotice["notice"] | undefined {
  return (state as Partial<ContactsNotice> | null)?.notice;
}

export function ContactsPage({ state }: { state: unknown }) {
  const [list, setList] = useState<ListState>(initialState);
  const [notice, setNotice] = useState(() => noticeOf(state));
  const me = useMe();
  const selectable = can(me, "manageCallLists");
  /** Chosen contacts across pages, in the order they were ticked (ID → name). */
  const [selected, setSelected] = useState<Map<string, string>>(() => new Map());
  const cursor = list.cursors[list.cursors.length - 1] ?? null;
  const page = useResource(() => api.listContacts({ limit: String(list.limit), cursor: cursor ?? undefined }), [list.limit, cursor]);

  useEffect(() => {
    // Keep the URL shareable (?limit) and the history entry restorable (cursor stack), without the notice.
    const url = list.limit === 20 ? location.pathname : `${location.pathname}?limit=${list.limit}`;
    history.replaceState({ list }, "", url);
  }, [list]);

  const setLimit = (limit: PageSize) => setList({ limit, cursors: [null] });
  const next = (nextCursor: string) => setList({ ...list, cursors: [...list.cursors, nextCursor] });
  const previous = () => setList({ ...list, cursors: list.cursors.slice(0, -1) });

  const items = page.status === "ready" ? page.data.items : [];
  const nextCursor = page.status === "ready" ? page.data.cursor : null;

  const toggle = (contact: Contact, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(contact.contactId, contact.displayName);
      else next.delete(contact.contactId);
      return next;
    });
  const allOnPage = items.length > 0 && items.every((contact) => selected.has(contact.contactId));
  const togglePage = (on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const contact of items) {
        if (on) next.set(contact.contactId, contact.displayName);
        else next.delete(contact.contactId);
      }
      return next;
    });
  const addToCallList = () => {
    const handOver: NewCallListState = {
      contacts: [...selected].map(([contactId, displayName]) => ({ contactId, displayName })),
    };
    navigate(paths.newCallList, { state: handOver });
  };

  return (
    <section className="page" aria-labelledby="contacts-title">
      <div className="page-header">
        <h1 id="contacts-title">Contacts</h1>
        <Link to={paths.newContact} className="button button-primary">
          New contact
        </Link>
      </div>

      {notice ? (
        <div className="alert alert-success" role="status">
          <span>
            {notice.text}
            {notice.contactId ? (
              <>
                {" "}
                <Link to={paths.contact(notice.contactId)}>Open card</Link>
              </>
            ) : null}
          </span>
          <button type="button" className="button-link" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      ) : null}

      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}

      {selectable && selected.size > 0 ? (
        <div className="toolbar" role="region" aria-label="Selection">
          <span data-testid="selection-count">{selected.size} selected</span>
          <button type="button" className="button button-primary" data-testid="add-to-call-list" onClick={addToCallList}>
            Add to call list
          </button>
          <button type="button" className="button button-ghost" onClick={() => setSelected(new Map())}>
            Clear selection
          </button>
        </div>
      ) : null}

      <div className="table-wrap" aria-busy={page.refreshing}>
        <table className="table">
          <thead>
            <tr>
              {selectable ? (
                <th scope="col" className="check">
                  <input
                    type="checkbox"
                    aria-label="Select all contacts on this page"
                    data-testid="select-page"
                    checked={allOnPage}
                    onChange={(event) => togglePage(event.target.checked)}
                  />
                </th>
              ) : null}
              <th scope="col">Name</th>
              <th scope="col">Primary phone</th>
              <th scope="col">Primary email</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((contact) => (
              <ContactRow
                key={contact.contactId}
                contact={contact}
                selected={selectable ? selected.has(contact.contactId) : undefined}
                onSelect={(on) => toggle(contact, on)}
              />
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label="Loading contacts…" /> : null}
        {page.status === "ready" && items.length === 0 ? (
          <p className="empty">
            {list.cursors.length > 1 ? "No more contacts." : "No contacts yet. Create the first one with “New contact”."}
          </p>
        ) : null}
      </div>

      <div className="pager">
        <label className="inline-field">
          <span>Rows per page</span>
          <select value={list.limit} onChange={(event) => setLimit(Number(event.target.value) as PageSize)}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" aria-live="polite">
          Page {list.cursors.length}
        </span>
        <div className="pager-buttons">
          <button type="button" className="button" onClick={previous} disabled={list.cursors.length <= 1 || page.refreshing}>
            Previous
          </button>
          <button
            type="button"
            className="button"
            onClick={() => nextCursor && next(nextCursor)}
            disabled={!nextCursor || page.refreshing}
          >
            Next
          </button>
        </div>
      </div>
    </section>
  );
}

function ContactRow({ contact, selected, onSelect }: { contact: Contact; selected?: boolean; onSelect: (on: boolean) => void }) {
  const phone = contact.phone;
  const email = contact.email;
  return (
    <tr>
      {selected !== undefined ? (
        <td className="check">
          <input
            type="checkbox"
            aria-label={`Select ${contact.displayName}`}
            data-testid={`select-${contact.contactId}`}
            checked={selected}
            onChange={(event) => onSelect(event.target.checked)}
          />
        </td>
      ) : null}
      <th scope="row">
        <Link to={paths.contact(contact.contactId)}>{contact.displayName}</Link>
      </th>
      <td>{phone ? <span className="nowrap">{phone}</span> : <span className="muted">—</span>}</td>
      <td>{email ?? <span className="muted">—</span>}</td>
      <td>
        <time dateTime={contact.createdAt}>{formatDateTime(contact.createdAt)}</time>
      </td>
    </tr>
  );
}
