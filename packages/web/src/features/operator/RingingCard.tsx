import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPhone } from "../../format";
import "./operator.css";
import { CARD_SHOWN_EVENT, INCOMING_CALL_EVENT } from "../../voice/phone";

export interface RingingEntry {
  listId: string;
  entryId: string;
  name?: string;
  number?: string;
}

/** How long the call's own card waits for the engine's card (a machine never gets one). */
const RINGING_CARD_MS = 15_000;

/** The entry of the call ringing the softphone right now, from the call itself. */
export function useRingingEntry(): [RingingEntry | null, () => void] {
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
export function RingingCard({ ringing }: { ringing: RingingEntry }) {
  const { t } = useTranslation();
  useEffect(() => {
    window.dispatchEvent(new CustomEvent(CARD_SHOWN_EVENT, { detail: { listId: ringing.listId, entryId: ringing.entryId } }));
  }, []);
  return (
    <div className="modal-backdrop operator-pop-backdrop">
      <div className="modal card operator-pop" role="dialog" aria-modal="true" aria-labelledby="pop-title" data-testid="operator-pop" data-pending="true" data-list-id={ringing.listId} data-entry-id={ringing.entryId}>
        <p className="muted pop-answered">{ringing.number ? t("operator:ringing.answeredFrom", { phone: formatPhone(ringing.number) }) : t("operator:ringing.answered")}</p>
        <h2 id="pop-title" className="pop-name" data-testid="pop-contact-name">
          {ringing.name ?? (ringing.number ? formatPhone(ringing.number) : t("operator:ringing.incoming"))}
        </h2>
        <p className="muted">{t("operator:ringing.loading")}</p>
      </div>
    </div>
  );
}
