import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { can, useMe } from "../../session";
import { INCOMING_CALL_EVENT } from "../../voice/phone";
import { CallCard } from "./CallCard";
import { InboundCard } from "./InboundCard";
import { NextCall } from "./NextCall";
import { RingingCard, useRingingEntry } from "./RingingCard";
import { usePolled } from "./usePolled";

/**
 * The operator's card pop: polls `GET /v1/operator/active-call` every second from every page and,
 * when the call list hands this user an answered call, shows whom it calls over whatever page is
 * open (a contact, or the company for a call to a company's own phone): summary, recent history,
 * script, timers and the dispositions. Between calls, when the next one comes.
 */
export function OperatorPop() {
  const me = useMe();
  const worksLists = can(me, "workCallLists");
  const active = usePolled(worksLists, () => api.activeCall(), { wakeOn: INCOMING_CALL_EVENT });
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
  const key = active ? `${active.entry.listId}/${active.entry.entryId}/${active.entry.answeredAt ?? ""}` : "";
  if (!active || closed.has(key)) {
    // The call is here before the engine's card (Twilio reports the answer with the AMD verdict,
    // seconds after the voice): show what the call itself carries until the full card comes.
    if (ringing) return <RingingCard key={ringing.entryId} ringing={ringing} />;
    return worksLists && me?.role === "operator" ? <NextCall /> : null;
  }
  return <CallCard key={key} call={active} onDone={() => setClosed((set) => new Set(set).add(key))} />;
}
