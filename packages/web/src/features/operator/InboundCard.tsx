import { useEffect, useRef, useState } from "react";
import { api, ApiError } from "../../api/client";
import type { InboundCall } from "../../api/types";
import { ErrorMessage } from "../../components";
import { formatDateTime } from "../../format";
import { Link, paths } from "../../router";
import { useMe } from "../../session";
import { Prop } from "./Prop";

/** An answered inbound call put through to this user: who is calling, and their card. */
export function InboundCard({ call, onDone }: { call: InboundCall; onDone: () => void }) {
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
