import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import type { InboundCall } from "../../api/types";
import { ErrorMessage } from "../../components";
import { formatDateTime, formatPhone } from "../../format";
import { Link, paths } from "../../router";
import { useMe } from "../../session";
import { Prop } from "./Prop";
import "./operator.css";

/** An answered inbound call put through to this user: who is calling, and their card. */
export function InboundCard({ call, onDone }: { call: InboundCall; onDone: () => void }) {
  const { t } = useTranslation();
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
    <div className="modal-backdrop operator-pop-backdrop">
      <div ref={dialogRef} className="modal card operator-pop" role="dialog" aria-modal="true" aria-labelledby="inbound-title" tabIndex={-1} data-testid="inbound-pop">
        <p className="muted pop-answered">
          {call.answeredAt ? t("operator:inbound.answeredAt", { from: formatPhone(call.from), when: formatDateTime(call.answeredAt) }) : t("operator:inbound.answeredNow", { from: formatPhone(call.from) })}
          {call.status === "completed" ? (
            <>
              {" · "}
              <span data-testid="inbound-ended">{t("operator:inbound.ended")}</span>
            </>
          ) : null}
        </p>
        <h2 id="inbound-title" className="pop-name" data-testid="inbound-contact-name">
          {contact?.displayName ?? call.contactName ?? formatPhone(call.from)}
        </h2>
        {contact ? (
          <dl className="props">
            {contact.company ? <Prop label={t("operator:props.company")}>{contact.company.name}</Prop> : null}
            <Prop label={t("operator:props.phones")}>{contact.phones.map((phone) => formatPhone(phone.number)).join(", ") || "—"}</Prop>
            <Prop label={t("operator:props.emails")}>{contact.emails.map((email) => email.address).join(", ") || "—"}</Prop>
            {contact.comment ? <Prop label={t("operator:props.comment")}>{contact.comment}</Prop> : null}
          </dl>
        ) : null}
        {contact && me?.role !== "operator" ? (
          <p>
            <Link to={paths.contact(contact.contactId)}>{t("operator:pop.openCard")}</Link>
          </p>
        ) : null}
        {failure !== undefined ? <ErrorMessage error={failure} /> : null}
        <div className="pop-actions">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void close()} data-testid="inbound-close">
            {t("common:action.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
