import { useEffect, useRef, useState, type ReactNode } from "react";
import { api, ApiError, SignInRequired } from "./api/client";
import type { ActiveCall, Disposition, InboundCall } from "./api/types";
import { capitalize, formatDateTime } from "./format";
import { Link, paths } from "./router";
import { can, useMe } from "./session";
import { ErrorMessage } from "./components";
import { CARD_SHOWN_EVENT, INCOMING_CALL_EVENT } from "./voice/phone";

/** How often the console asks whether an answered call waits for this user. */
export const ACTIVE_CALL_POLL_MS = 1000;

const buttons: { disposition: Exclude<Disposition, "call-back">; label: string; className: string }[] = [
  { disposition: "interested", label: "Interested", className: "button button-primary" },
  { disposition: "not-interested", label: "Not interested", className: "button" },
  { disposition: "wrong-number", label: "Wrong number", className: "button" },
  { disposition: "do-not-call", label: "Do not call", className: "button button-danger" },
];

/**
 * The operator's card pop: polls `GET /v1/operator/active-call` every second from every page and,
 * when the call list hands this user an answered call, shows the contact over whatever page is
 * open (the company, for a call to a company's own phone), with the list's progress and the
 * disposition buttons. The disposition ends the wrap-up.
 */
export function OperatorPop() {
  const me = useMe();
  const active = useActiveCall(can(me, "workCallLists"));
  const inbound = usePolled(Boolean(me), () => api.inboundCall());
  const [closed, setClosed] = useState<Set<string>>(() => new Set());
  const [ringing, clearRinging] = useRingingEntry();
  // The engine's card for the ringing entry is here: the call's own card has done its job.
  const activeEntryId = active?.entry.entryId;
  useEffect(() => {
    if (activeEntryId && activeEntryId === ringing?.entryId) clearRinging();
  }, [activeEntryId, ringing?.entryId]);
  if (inbound && !closed.has(inbound.callKey)) {
    return <InboundCard key={inbound.callKey} call={inbound} onDone={() => setClosed((set) => new Set(set).add(inbound.callKey))} />;
  }
  if (!active) {
    // The call is here before the engine's card (Twilio reports the answer with the AMD verdict,
    // seconds after the voice): show what the call itself carries until the full card comes.
    return ringing ? <RingingCard key={ringing.entryId} ringing={ringing} /> : null;
  }
  const key = `${active.entry.listId}/${active.entry.entryId}/${active.entry.answeredAt ?? ""}`;
  if (closed.has(key)) return null;
  return <CallCard key={key} call={active} onDone={() => setClosed((set) => new Set(set).add(key))} />;
}

interface RingingEntry {
  listId: string;
  entryId: string;
  name?: string;
  number?: string;
}

/** How long the call's own card waits for the engine's card (a machine never gets one). */
const RINGING_CARD_MS = 15_000;

/** The entry of the call ringing the softphone right now, from the call itself. */
function useRingingEntry(): [RingingEntry | null, () => void] {
  const [ringing, setRinging] = useState<RingingEntry | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onIncoming = (event: Event) => {
      const detail = (event as CustomEvent<Partial<RingingEntry>>).detail;
      if (!detail?.listId || !detail.entryId) return;
      setRinging({ listId: detail.listId, entryId: detail.entryId, ...(detail.name ? { name: detail.name } : {}), ...(detail.number ? { number: detail.number } : {}) });
      clearTimeout(timer);
      timer = setTimeout(() => setRinging(null), RINGING_CARD_MS);
    };
    window.addEventListener(INCOMING_CALL_EVENT, onIncoming);
    return () => {
      clearTimeout(timer);
      window.removeEventListener(INCOMING_CALL_EVENT, onIncoming);
    };
  }, []);
  return [ringing, () => setRinging(null)];
}

/** The card as the call carries it (name, number): the full card replaces it when it comes. */
function RingingCard({ ringing }: { ringing: RingingEntry }) {
  useEffect(() => {
    window.dispatchEvent(new CustomEvent(CARD_SHOWN_EVENT, { detail: { listId: ringing.listId, entryId: ringing.entryId } }));
  }, []);
  return (
    <div className="modal-backdrop">
      <div className="modal card" role="dialog" aria-modal="true" aria-labelledby="pop-title" data-testid="operator-pop" data-pending="true" data-list-id={ringing.listId} data-entry-id={ringing.entryId}>
        <p className="muted pop-answered">Answered just now{ringing.number ? ` · ${ringing.number}` : ""}</p>
        <h2 id="pop-title" className="pop-name" data-testid="pop-contact-name">
          {ringing.name ?? ringing.number ?? "Incoming call"}
        </h2>
        <p className="muted">Loading the card…</p>
      </div>
    </div>
  );
}

function useActiveCall(enabled: boolean): ActiveCall | null {
  return usePolled(enabled, () => api.activeCall(), INCOMING_CALL_EVENT);
}

/**
 * Polls `load` every second while enabled (the call-list pop and the inbound-call pop), and at
 * once when `wakeOn` fires (a call rings the softphone: its card comes with the voice).
 */
function usePolled<T>(enabled: boolean, load: () => Promise<T | null>, wakeOn?: string): T | null {
  const [active, setActive] = useState<T | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const call = await load();
        if (!stopped) setActive(call);
      } catch (error) {
        // A session that ended redirects by itself; anything else: try again next second.
        if (error instanceof SignInRequired) return;
      }
      if (!stopped) timer = setTimeout(poll, ACTIVE_CALL_POLL_MS);
    };
    void poll();
    const wake = () => {
      clearTimeout(timer);
      void poll();
    };
    if (wakeOn) window.addEventListener(wakeOn, wake);
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (wakeOn) window.removeEventListener(wakeOn, wake);
    };
  }, [enabled]);
  return enabled ? active : null;
}

/** `datetime-local` value for an hour from now, in the browser's time zone. */
function inAnHour(): string {
  const date = new Date(Date.now() + 60 * 60 * 1000);
  date.setSeconds(0, 0);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function CallCard({ call, onDone }: { call: ActiveCall; onDone: () => void }) {
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [note, setNote] = useState("");
  const [callbackAt, setCallbackAt] = useState(inAnHour);
  const [fieldError, setFieldError] = useState<string>();
  const dialogRef = useRef<HTMLDivElement>(null);
  const { entry, contact, company, list, progress } = call;
  // A company entry dials the company's own phone: the pop shows the company card instead.
  const isCompany = call.subject.kind === "company";

  useEffect(() => {
    dialogRef.current?.focus();
    // The softphone answers the ringing call once its card is on screen.
    window.dispatchEvent(new CustomEvent(CARD_SHOWN_EVENT, { detail: { listId: entry.listId, entryId: entry.entryId } }));
  }, []);

  const send = async (disposition: Disposition) => {
    if (busy) return;
    setFailure(undefined);
    setFieldError(undefined);
    let at: string | undefined;
    if (disposition === "call-back") {
      const date = new Date(callbackAt);
      if (!callbackAt || Number.isNaN(date.getTime())) {
        setFieldError("Choose when to call back.");
        return;
      }
      at = date.toISOString();
    }
    setBusy(true);
    try {
      await api.dispose(entry.listId, entry.entryId, {
        disposition,
        ...(at ? { callbackAt: at } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone();
    } catch (error) {
      setBusy(false);
      // The wrap-up already ended (timed out, or disposed in another tab): nothing left to do here.
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
        onDone();
        return;
      }
      const issue = error instanceof ApiError ? error.problem.errors?.find((item) => item.field === "callbackAt") : undefined;
      if (issue) setFieldError(issue.message);
      else setFailure(error);
    }
  };

  const percent = progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
  const name = (isCompany ? company?.name : contact?.displayName) ?? entry.contactName;

  return (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className="modal card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pop-title"
        tabIndex={-1}
        data-testid="operator-pop"
        data-list-id={entry.listId}
        data-entry-id={entry.entryId}
        data-subject-kind={call.subject.kind}
      >
        <div className="pop-list">
          <span data-testid="pop-list-name">
            Call list «{list.name}» · {capitalize(list.status)}
          </span>
          <span data-testid="pop-progress">
            {progress.done} / {progress.total} done
          </span>
        </div>
        <div className="progress" aria-hidden="true">
          <div className="progress-bar" style={{ width: `${percent}%` }} />
        </div>
        <p className="muted pop-answered">
          Answered {entry.answeredAt ? formatDateTime(entry.answeredAt) : "just now"} · {entry.phone ?? "no number"} · attempt{" "}
          {entry.attempts}
        </p>
        <h2 id="pop-title" className="pop-name" data-testid="pop-contact-name">
          {name}
        </h2>
        {isCompany ? (
          company ? (
            <>
              <dl className="props" data-testid="pop-company">
                <Prop label="Company">{company.shortName ? `${company.name} (${company.shortName})` : company.name}</Prop>
                <Prop label="Phones">{company.phones.map((phone, index) => `${phone.number}${index === 0 ? " (primary)" : ""}`).join(", ") || "—"}</Prop>
                <Prop label="Emails">{company.emails.join(", ") || "—"}</Prop>
                {company.address ? <Prop label="Address">{company.address}</Prop> : null}
                {company.tags.length ? <Prop label="Tags">{company.tags.join(", ")}</Prop> : null}
              </dl>
              {company.timeline.items.length ? (
                <ul className="changes" aria-label="Latest on the company's timeline">
                  {company.timeline.items.slice(0, 3).map((activity) => (
                    <li key={activity.activityId}>{activity.text ?? activity.kind}</li>
                  ))}
                </ul>
              ) : null}
              {me?.role !== "operator" ? (
                <p>
                  <Link to={paths.company(company.companyId)}>Open the company</Link>
                </p>
              ) : null}
            </>
          ) : (
            <p className="muted">The company's details are not available (it may have been deleted).</p>
          )
        ) : contact ? (
          <dl className="props">
            {contact.position ? <Prop label="Position">{contact.position}</Prop> : null}
            {contact.company ? <Prop label="Company">{contact.company.name}</Prop> : null}
            <Prop label="Phones">
              {contact.phones.map((phone) => `${phone.number}${phone.primary ? " (primary)" : ""}`).join(", ") || "—"}
            </Prop>
            <Prop label="Emails">{contact.emails.map((email) => email.address).join(", ") || "—"}</Prop>
            {contact.tags?.length ? <Prop label="Tags">{contact.tags.join(", ")}</Prop> : null}
            {contact.comment ? <Prop label="Comment">{contact.comment}</Prop> : null}
          </dl>
        ) : (
          <p className="muted">The contact's details are not available (it may have been deleted).</p>
        )}
        {!isCompany && contact && me?.role !== "operator" ? (
          <p>
            <Link to={paths.contact(contact.contactId)}>Open the full card</Link>
          </p>
        ) : null}

        {failure !== undefined ? <ErrorMessage error={failure} /> : null}

        <div className="field">
          <label htmlFor="pop-note">Note (optional)</label>
          <textarea id="pop-note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
        </div>
        <div className="pop-actions" role="group" aria-label="Disposition">
          {buttons.map((button) => (
            <button
              key={button.disposition}
              type="button"
              className={button.className}
              disabled={busy}
              data-testid={`disposition-${button.disposition}`}
              onClick={() => void send(button.disposition)}
            >
              {button.label}
            </button>
          ))}
        </div>
        <div className={`row pop-callback${fieldError ? " invalid" : ""}`}>
          <div className={`field grow${fieldError ? " invalid" : ""}`}>
            <label htmlFor="pop-callback-at">Call back at</label>
            <input
              id="pop-callback-at"
              type="datetime-local"
              value={callbackAt}
              aria-invalid={Boolean(fieldError)}
              onChange={(event) => setCallbackAt(event.target.value)}
            />
            {fieldError ? (
              <p className="field-error" data-testid="error-callbackAt">
                {fieldError}
              </p>
            ) : null}
          </div>
          <button
            type="button"
            className="button row-remove"
            disabled={busy}
            data-testid="disposition-call-back"
            onClick={() => void send("call-back")}
          >
            Call back
          </button>
        </div>
      </div>
    </div>
  );
}

function Prop({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="prop">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** An answered inbound call put through to this user: who is calling, and their card. */
function InboundCard({ call, onDone }: { call: InboundCall; onDone: () => void }) {
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => dialogRef.current?.focus(), []);
  const { contact } = call;
  const close = async () => {
    setBusy(true);
    try {
      await api.dismissInboundCall(call.callKey);
      onDone();
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 404) onDone();
      else setFailure(error);
    }
  };
  return (
    <div className="modal-backdrop">
      <div ref={dialogRef} className="modal card" role="dialog" aria-modal="true" aria-labelledby="inbound-title" tabIndex={-1} data-testid="inbound-pop">
        <p className="muted pop-answered">
          Inbound call from {call.from} · answered {call.answeredAt ? formatDateTime(call.answeredAt) : "just now"}
          {call.status === "completed" ? " · ended" : ""}
        </p>
        <h2 id="inbound-title" className="pop-name" data-testid="inbound-contact-name">
          {contact?.displayName ?? call.contactName ?? call.from}
        </h2>
        {contact ? (
          <dl className="props">
            {contact.company ? <Prop label="Company">{contact.company.name}</Prop> : null}
            <Prop label="Phones">{contact.phones.map((phone) => phone.number).join(", ") || "—"}</Prop>
            <Prop label="Emails">{contact.emails.map((email) => email.address).join(", ") || "—"}</Prop>
            {contact.comment ? <Prop label="Comment">{contact.comment}</Prop> : null}
          </dl>
        ) : null}
        {contact && me?.role !== "operator" ? (
          <p>
            <Link to={paths.contact(contact.contactId)}>Open the full card</Link>
          </p>
        ) : null}
        {failure !== undefined ? <ErrorMessage error={failure} /> : null}
        <div className="pop-actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void close()} data-testid="inbound-close">
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
