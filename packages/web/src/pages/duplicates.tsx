import { useState } from "react";
import { api, ApiError } from "../api/client";
import type { AppNotification, Contact, HiddenCandidate, VisibleCandidate } from "../api/types";
import { ErrorMessage, Spinner } from "../components";
import { formatDateTime } from "../format";
import { useReloadable, useResource } from "../hooks";
import { Link, navigate, paths } from "../router";

/** The problem type of a 409 from `POST /v1/contacts` that found likely duplicates. */
export const DUPLICATE_PROBLEM = "https://callboard.dev/problems/duplicate-contact";

export interface DuplicateProblem {
  detail?: string;
  candidates: VisibleCandidate[];
  hidden: HiddenCandidate[];
}

export function duplicateProblemOf(error: unknown): DuplicateProblem | undefined {
  if (!(error instanceof ApiError) || error.status !== 409 || error.problem.type !== DUPLICATE_PROBLEM) return undefined;
  const problem = error.problem as unknown as Partial<DuplicateProblem> & { detail?: string };
  return { detail: problem.detail, candidates: problem.candidates ?? [], hidden: problem.hidden ?? [] };
}

const signalLabel: Record<string, string> = { phone: "phone", email: "email", telegram: "Telegram", whatsapp: "WhatsApp", viber: "Viber", name: "similar name" };
const matched = (on: { signal: string; value: string }[]) => on.map((item) => `${signalLabel[item.signal] ?? item.signal} ${item.value}`).join(", ");

/** The 409 of a create: the candidates the user may see, who to ask for hidden ones, and "create anyway". */
export function DuplicateDialog({ problem, onCreateAnyway, onClose, busy }: { problem: DuplicateProblem; onCreateAnyway: () => void; onClose: () => void; busy: boolean }) {
  const [asked, setAsked] = useState<Record<string, "sending" | "sent" | unknown>>({});
  const ask = async (contactId: string, matched: string) => {
    setAsked((current) => ({ ...current, [contactId]: "sending" }));
    try {
      await api.requestAccess(contactId, matched);
      setAsked((current) => ({ ...current, [contactId]: "sent" }));
    } catch (error) {
      setAsked((current) => ({ ...current, [contactId]: error }));
    }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal card" role="dialog" aria-modal="true" aria-labelledby="duplicates-title" data-testid="duplicates-dialog">
        <h2 id="duplicates-title">This contact may already exist</h2>
        {problem.candidates.length > 0 ? (
          <ul className="candidates" data-testid="duplicate-candidates">
            {problem.candidates.map((candidate) => (
              <li key={candidate.contactId} data-testid={`candidate-${candidate.contactId}`}>
                <Link to={paths.contact(candidate.contactId)}>{candidate.displayName}</Link>
                {candidate.primaryPhone ? ` · ${candidate.primaryPhone}` : ""}
                {candidate.primaryEmail ? ` · ${candidate.primaryEmail}` : ""}
                <div className="muted">
                  Responsible: {candidate.ownerName} · same {matched(candidate.on)}
                </div>
              </li>
            ))}
          </ul>
        ) : null}
        {problem.hidden.map((hidden) => {
          const state = asked[hidden.contactId];
          return (
            <div key={hidden.contactId} className="alert" data-testid={`hidden-${hidden.contactId}`}>
              <p>
                A contact with the same {matched(hidden.on)} exists but is not shared with you. Ask <strong>{hidden.ownerName}</strong>.
              </p>
              {state === "sent" ? (
                <p role="status">Access requested: {hidden.ownerName} has been notified.</p>
              ) : (
                <button type="button" className="button" disabled={state === "sending"} data-testid="request-access" onClick={() => void ask(hidden.contactId, hidden.on[0]?.value ?? "")}>
                  {state === "sending" ? "Requesting…" : "Request access"}
                </button>
              )}
              {state !== undefined && state !== "sent" && state !== "sending" ? <ErrorMessage error={state} /> : null}
            </div>
          );
        })}
        <div className="section-actions">
          <button type="button" className="button button-primary" disabled={busy} data-testid="create-anyway" onClick={onCreateAnyway}>
            {busy ? "Creating…" : "Create anyway"}
          </button>
          <button type="button" className="button button-ghost" onClick={onClose}>
            Back to the form
          </button>
        </div>
      </div>
    </div>
  );
}

/** Fields the merge screen offers a choice for (the API's `pick`), with their labels. */
const PICKABLE: [keyof Contact & string, string][] = [
  ["firstName", "First name"],
  ["lastName", "Last name"],
  ["middleName", "Middle name"],
  ["birthday", "Birthday"],
  ["position", "Position"],
  ["companyId", "Company"],
  ["contactType", "Type"],
  ["address", "Address"],
  ["website", "Website"],
  ["comment", "Comment"],
  ["preferredContactMethod", "Preferred contact method"],
  ["timeZone", "Time zone"],
  ["currency", "Currency"],
  ["sharing", "Sharing"],
  ["messengers", "Messengers"],
];

function show(contact: Contact, field: string): string {
  if (field === "companyId") return contact.company?.name ?? "—";
  const value = (contact as unknown as Record<string, unknown>)[field];
  if (value === undefined || value === null || value === "") return "—";
  return typeof value === "object" ? Object.entries(value as object).map(([key, item]) => `${key}: ${String(item)}`).join(", ") : String(value);
}

/** `/contacts/{id}/merge?with={otherId}`: side by side, a radio per differing field, confirm. */
export function MergePage({ survivorId, otherId }: { survivorId: string; otherId?: string }) {
  const [other, setOther] = useState(otherId ?? "");
  const [picked, setPicked] = useState<Record<string, "survivor" | "other">>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const pair = useResource(async () => {
    if (!otherId) return undefined;
    const [survivor, second] = await Promise.all([api.getContact(survivorId), api.getContact(otherId)]);
    return { survivor: survivor.contact, other: second.contact };
  }, [survivorId, otherId]);

  if (!otherId) {
    return (
      <section className="page narrow" aria-labelledby="merge-title">
        <h1 id="merge-title">Merge with another contact</h1>
        <form
          className="form card"
          onSubmit={(event) => {
            event.preventDefault();
            const id = other.trim().split("/").pop() ?? "";
            if (id) navigate(`${paths.merge(survivorId)}?with=${encodeURIComponent(id)}`);
          }}
        >
          <div className="field">
            <label htmlFor="merge-other">The other contact (its ID or card address)</label>
            <input id="merge-other" value={other} onChange={(event) => setOther(event.target.value)} />
          </div>
          <button type="submit" className="button button-primary">
            Compare
          </button>
        </form>
      </section>
    );
  }
  if (pair.status === "loading") return <Spinner label="Loading both contacts…" />;
  if (pair.status === "error") return <ErrorMessage error={pair.error} />;
  const { survivor, other: second } = pair.data!;
  const differing = PICKABLE.filter(([field]) => show(survivor, field) !== show(second, field));

  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.mergeContacts(survivorId, { otherId, pick: picked });
      navigate(paths.contact(survivorId));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <section className="page" aria-labelledby="merge-title">
      <div className="page-header">
        <h1 id="merge-title">Merge contacts</h1>
        <Link to={`${paths.merge(otherId)}?with=${encodeURIComponent(survivorId)}`} className="button button-ghost">
          Keep the other one instead
        </Link>
      </div>
      <p className="muted">
        «{survivor.displayName}» stays; «{second.displayName}» goes to the trash for 30 days (the merge can be undone from the timeline). Phones, emails, tags,
        social links, responsible managers and timelines are united; “do not call” and “do not email” keep the most restrictive value.
      </p>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="merge-fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">{survivor.displayName} (stays)</th>
              <th scope="col">{second.displayName}</th>
            </tr>
          </thead>
          <tbody>
            {differing.map(([field, label]) => {
              const side = picked[field] ?? (show(survivor, field) === "—" ? "other" : "survivor");
              return (
                <tr key={field} data-testid={`merge-field-${field}`}>
                  <th scope="row">{label}</th>
                  {(["survivor", "other"] as const).map((which) => (
                    <td key={which}>
                      <label>
                        <input type="radio" name={`pick-${field}`} value={which} checked={side === which} onChange={() => setPicked((current) => ({ ...current, [field]: which }))} />{" "}
                        {show(which === "survivor" ? survivor : second, field)}
                      </label>
                    </td>
                  ))}
                </tr>
              );
            })}
            <tr>
              <th scope="row">Phones</th>
              <td colSpan={2}>{[...new Set([...survivor.phones, ...second.phones].map((phone) => phone.number))].join(", ") || "—"} (united)</td>
            </tr>
            <tr>
              <th scope="row">Emails</th>
              <td colSpan={2}>{[...new Set([...survivor.emails, ...second.emails].map((email) => email.address))].join(", ") || "—"} (united)</td>
            </tr>
            <tr>
              <th scope="row">Do not call / email</th>
              <td colSpan={2}>
                {survivor.doNotCall || second.doNotCall ? "Do not call" : "May call"} · {survivor.doNotEmail || second.doNotEmail ? "Do not email" : "May email"}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="section-actions">
        <button type="button" className="button button-primary" disabled={busy} data-testid="confirm-merge" onClick={() => void confirm()}>
          {busy ? "Merging…" : "Merge"}
        </button>
        <Link to={paths.contact(survivorId)} className="button button-ghost">
          Cancel
        </Link>
      </div>
    </section>
  );
}

/** Admins: pairs found alike, each to merge or dismiss. */
export function DuplicatesPage() {
  const page = useReloadable(() => api.listDuplicates({ limit: 50 }), []);
  const [failure, setFailure] = useState<unknown>();
  const dismiss = async (pairId: string) => {
    setFailure(undefined);
    try {
      await api.dismissDuplicate(pairId);
      page.reload();
    } catch (error) {
      setFailure(error);
    }
  };
  const items = page.status === "ready" ? page.data.items : [];
  return (
    <section className="page" aria-labelledby="duplicates-title">
      <div className="page-header">
        <h1 id="duplicates-title">Duplicates</h1>
      </div>
      <p className="muted">Contacts created anyway, or changed, while matching another. Merge them, or dismiss a pair that is not the same person.</p>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="duplicates">
          <thead>
            <tr>
              <th scope="col">Contacts</th>
              <th scope="col">Matched on</th>
              <th scope="col">Found</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((pair) => (
              <tr key={pair.pairId} data-testid={`pair-${pair.pairId}`}>
                <td>
                  {pair.contacts.map((contact, index) => (
                    <span key={contact.contactId}>
                      {index > 0 ? " ↔ " : ""}
                      <Link to={paths.contact(contact.contactId)}>{contact.displayName}</Link> <span className="muted">({contact.ownerName})</span>
                    </span>
                  ))}
                </td>
                <td>{matched(pair.on)}</td>
                <td>
                  <time dateTime={pair.createdAt}>{formatDateTime(pair.createdAt)}</time>
                </td>
                <td>
                  <Link className="button" data-testid="merge-pair" to={`${paths.merge(pair.contacts[0]!.contactId)}?with=${encodeURIComponent(pair.contacts[1]!.contactId)}`}>
                    Merge…
                  </Link>{" "}
                  <button type="button" className="button button-ghost" data-testid="dismiss-pair" onClick={() => void dismiss(pair.pairId)}>
                    Not a duplicate
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label="Loading duplicates…" /> : null}
        {page.status === "ready" && items.length === 0 ? <p className="empty">No duplicates waiting.</p> : null}
      </div>
    </section>
  );
}

/** The top bar's bell: unread count; the inbox with grant/decline on access requests. */
export function NotificationsBell() {
  const [open, setOpen] = useState(false);
  const inbox = useReloadable(() => api.notifications(), [], 30_000);
  const [failure, setFailure] = useState<unknown>();
  const unread = inbox.status === "ready" ? inbox.data.unread : 0;

  const act = async (notification: AppNotification, answer?: "grant" | "decline") => {
    setFailure(undefined);
    try {
      const data = (notification.data ?? {}) as { contactId?: string; requesterId?: string };
      if (answer && data.contactId && data.requesterId) await api.answerAccessRequest(data.contactId, data.requesterId, answer);
      if (!notification.read) await api.markNotificationRead(notification.notificationId);
      inbox.reload();
    } catch (error) {
      setFailure(error);
      inbox.reload();
    }
  };

  return (
    <div className="bell">
      <button type="button" className="button button-ghost" aria-expanded={open} data-testid="notifications-bell" onClick={() => setOpen(!open)}>
        🔔 <span className="visually-hidden">Notifications</span>
        {unread > 0 ? (
          <span className="badge" data-testid="unread-count">
            {unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="bell-panel card" role="region" aria-label="Notifications" data-testid="notifications">
          {failure !== undefined ? <ErrorMessage error={failure} /> : null}
          {inbox.status === "ready" && inbox.data.items.length === 0 ? <p className="empty">Nothing new.</p> : null}
          <ul>
            {(inbox.status === "ready" ? inbox.data.items : []).map((notification) => {
              const data = (notification.data ?? {}) as { contactId?: string };
              return (
                <li key={notification.notificationId} className={notification.read ? "muted" : ""} data-testid="notification">
                  <p>{notification.text}</p>
                  <div className="section-actions">
                    {notification.kind === "access-requested" && !notification.read ? (
                      <>
                        <button type="button" className="button button-primary" data-testid="grant-access" onClick={() => void act(notification, "grant")}>
                          Grant
                        </button>
                        <button type="button" className="button" data-testid="decline-access" onClick={() => void act(notification, "decline")}>
                          Decline
                        </button>
                      </>
                    ) : null}
                    {data.contactId && notification.kind !== "access-declined" ? (
                      <Link
                        to={paths.contact(data.contactId)}
                        onClick={() => {
                          // Opening what it points at is reading it (an access request still waits for an answer).
                          setOpen(false);
                          if (notification.kind !== "access-requested") void act(notification);
                        }}
                      >
                        Open
                      </Link>
                    ) : null}
                    {!notification.read && notification.kind !== "access-requested" ? (
                      <button type="button" className="button-link" onClick={() => void act(notification)}>
                        Mark read
                      </button>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
