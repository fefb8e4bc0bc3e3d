import { useEffect, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, authFetch, SignInRequired } from "../api/client";
import { API_URL } from "../config";
import { ErrorMessage } from "../components";
import "../features/operator/operator.css";
import { useNow } from "../features/operator/useNow";
import { formatClockDuration, formatPhone } from "../format";
import { i18n, t } from "../i18n";
import { SimulatorPhone, TwilioPhone, voiceConfig, type Phone, type PhoneCall } from "./phone";

/**
 * The operator bar (on every page, for everyone who can work call lists) and the softphone
 * panel. Presence is the engine's (docs/call-lists.md): the operator sets only ready and paused;
 * the console sends a heartbeat every 10 s while a page is open (30 s without one = offline).
 */

export const HEARTBEAT_MS = 10_000;
/** Reserved, on-call and wrap-up come from the engine: the bar asks again this often. */
const PRESENCE_REFRESH_MS = 3_000;

export type PresenceState = "offline" | "ready" | "paused" | "reserved" | "on-call" | "wrap-up";
export interface Presence {
  userId: string;
  state: PresenceState;
  since: string;
  reason?: string;
  wrapUpEndsAt?: string;
  pauseAfterCall?: boolean;
  current?: { listId?: string; entryId?: string; callId: string };
}

/**
 * A pause reason for people: the organization's defaults ("break", "training", …) come from the
 * server as words and are translated; reasons an admin made are shown as written.
 */
const labelOf = (reason: string) => (i18n.exists(`operator:pauseReason.${reason}`) ? t(`operator:pauseReason.${reason}`) : reason);

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await authFetch(`${API_URL}${path}`, init);
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : undefined;
  if (!response.ok) throw new ApiError({ type: "about:blank", title: response.statusText, status: response.status, ...(body ?? {}) });
  return body as T;
}
const putPresence = (body: { state: "ready" | "paused"; reason?: string; pauseAfterCall?: boolean }) =>
  call<Presence>("/v1/operator/presence", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** The operator's presence: heartbeats every 10 s, a refresh every few seconds, and setters. */
function usePresence() {
  const [presence, setPresence] = useState<Presence>();
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    let stopped = false;
    const accept = (next: Presence) => !stopped && setPresence(next);
    const quietly = (promise: Promise<Presence>) =>
      promise.then(accept).catch((error) => {
        if (!(error instanceof SignInRequired) && !stopped) setFailure(error);
      });
    void quietly(call<Presence>("/v1/operator/presence/heartbeat", { method: "POST" }));
    const beat = setInterval(() => void quietly(call<Presence>("/v1/operator/presence/heartbeat", { method: "POST" })), HEARTBEAT_MS);
    const refresh = setInterval(() => void quietly(call<Presence>("/v1/operator/presence")), PRESENCE_REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(beat);
      clearInterval(refresh);
    };
  }, []);
  const change = async (body: Parameters<typeof putPresence>[0]) => {
    setFailure(undefined);
    try {
      setPresence(await putPresence(body));
    } catch (error) {
      setFailure(error);
    }
  };
  const reload = () => void call<Presence>("/v1/operator/presence").then(setPresence, () => undefined);
  return { presence, failure, change, reload };
}

function usePauseReasons(): string[] {
  const [reasons, setReasons] = useState<string[]>(["break", "training", "after-call-work", "other"]);
  useEffect(() => {
    call<{ pauseReasons?: string[] }>("/v1/settings").then(
      (settings) => settings.pauseReasons?.length && setReasons(settings.pauseReasons),
      () => undefined,
    );
  }, []);
  return reasons;
}

/** The softphone for this console: the simulator's push channel, or Twilio's SDK (lazily). */
function usePhone(): Phone | undefined {
  const [phone, setPhone] = useState<Phone>();
  useEffect(() => {
    let made: Phone | undefined;
    let stopped = false;
    voiceConfig()
      .then((config) => {
        if (stopped) return;
        made = config.provider === "twilio" ? new TwilioPhone() : new SimulatorPhone();
        setPhone(made);
      })
      .catch(() => undefined);
    return () => {
      stopped = true;
      made?.close();
    };
  }, []);
  return phone;
}

function usePhoneState(phone: Phone | undefined) {
  return useSyncExternalStore(
    (listener) => phone?.subscribe(listener) ?? (() => undefined),
    () => (phone ? `${phone.status}|${JSON.stringify(phone.call ?? null)}` : "none"),
  );
}

export function OperatorConsole() {
  const { t } = useTranslation();
  const { presence, failure, change, reload } = usePresence();
  const reasons = usePauseReasons();
  const phone = usePhone();
  usePhoneState(phone);
  const now = useNow();
  const [reason, setReason] = useState("");
  const chosenReason = reason || reasons[0] || "other";

  // A call's start and end move the engine's state: ask at once instead of at the next refresh.
  const callState = phone?.call ? `${phone.call.callId}:${phone.call.state}` : "";
  useEffect(() => {
    if (callState) reload();
  }, [callState]);

  const state = presence?.state ?? "offline";
  const busy = state === "reserved" || state === "on-call" || state === "wrap-up";
  const inState = presence ? (now - Date.parse(presence.since)) / 1000 : 0;
  const wrapUpLeft = presence?.wrapUpEndsAt ? (Date.parse(presence.wrapUpEndsAt) - now) / 1000 : undefined;

  return (
    <>
      <div className="operator-bar" role="region" aria-label={t("operator:bar.label")} data-testid="operator-bar" data-state={state}>
        <span className={`presence presence-${state}`} data-testid="operator-state">
          {state === "paused" && presence?.reason ? t("operator:presence.pausedFor", { reason: labelOf(presence.reason) }) : t(`operator:presence.${state}`)}
        </span>
        <span className="muted operator-time" data-testid="operator-time-in-state" title={t("operator:bar.timeInState")}>
          {presence ? formatClockDuration(inState) : "—"}
        </span>
        {state === "wrap-up" && wrapUpLeft !== undefined ? (
          <span className="wrap-up-countdown" data-testid="wrap-up-countdown">
            {t("operator:timer.wrapUpEndsIn", { time: formatClockDuration(wrapUpLeft) })}
          </span>
        ) : null}
        <span className="operator-bar-actions">
          <button type="button" className="button button-primary" data-testid="presence-ready" disabled={!presence || state === "ready" || busy} onClick={() => void change({ state: "ready" })}>
            {t("operator:bar.ready")}
          </button>
          <label className="visually-hidden" htmlFor="pause-reason">
            {t("operator:bar.pauseReason")}
          </label>
          <select id="pause-reason" className="operator-bar-select" value={chosenReason} onChange={(event) => setReason(event.target.value)} data-testid="pause-reason">
            {reasons.map((item) => (
              <option key={item} value={item}>
                {labelOf(item)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            data-testid="presence-pause"
            disabled={!presence || busy || (state === "paused" && presence.reason === chosenReason)}
            onClick={() => void change({ state: "paused", reason: chosenReason })}
          >
            {t("operator:bar.pause")}
          </button>
          <label className="pause-after">
            <input
              type="checkbox"
              data-testid="pause-after-call"
              checked={Boolean(presence?.pauseAfterCall)}
              disabled={!presence || (state !== "ready" && !busy)}
              onChange={(event) =>
                void change(event.target.checked ? (busy ? { state: "paused", reason: chosenReason } : { state: "ready", pauseAfterCall: true }) : { state: "ready", pauseAfterCall: false })
              }
            />{" "}
            {t("operator:bar.pauseAfterCall")}
          </label>
        </span>
        <CallsTo />
        {phone && phone.status !== "online" && phone.status !== "connecting" ? (
          <span className="muted" data-testid="softphone-status" data-problem={phone.problem}>
            {phone.problem ? t(`softphone:problem.${phone.problem}`) : phone.status === "unavailable" ? t("softphone:status.unavailable") : t("softphone:status.reconnecting")}
          </span>
        ) : null}
        {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      </div>
      {phone?.call ? <SoftphonePanel key={phone.call.callId} phone={phone} call={phone.call} now={now} /> : null}
    </>
  );
}

/**
 * Where list calls reach this operator: the console's softphone, or their own phone (E.164,
 * `PATCH /v1/me`; Twilio then bridges the callee to it with `<Dial><Number>`).
 */
function CallsTo() {
  const { t } = useTranslation();
  const [phone, setPhone] = useState<string | null>();
  const [draft, setDraft] = useState("");
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    call<{ phone?: string }>("/v1/me").then(
      (me) => {
        setPhone(me.phone ?? null);
        setDraft(me.phone ?? "");
      },
      () => undefined,
    );
  }, []);
  const save = async (next: string | null) => {
    setSaving(true);
    setFailure(undefined);
    try {
      const me = await call<{ phone?: string }>("/v1/me", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: next }) });
      setPhone(me.phone ?? null);
      setDraft(me.phone ?? "");
    } catch (error) {
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  if (phone === undefined) return null;
  return (
    <details className="calls-to">
      <summary data-testid="calls-to">{phone ? t("softphone:callsTo.phone", { phone: formatPhone(phone) }) : t("softphone:callsTo.console")}</summary>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void save(draft.trim() || null);
        }}
      >
        <label className="visually-hidden" htmlFor="own-phone">
          {t("softphone:callsTo.ownPhone")}
        </label>
        <input id="own-phone" type="tel" placeholder="+15551234567" value={draft} onChange={(event) => setDraft(event.target.value)} data-testid="own-phone" />
        <button type="submit" className="button" disabled={saving}>
          {t("common:action.save")}
        </button>
        {phone ? (
          <button type="button" className="button" disabled={saving} onClick={() => void save(null)}>
            {t("softphone:callsTo.useConsole")}
          </button>
        ) : null}
      </form>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
    </details>
  );
}

/** What the panel says the call is doing; a call the user placed reads "Calling…" while it rings. */
function softphoneStateLabel(call: PhoneCall): string {
  if (call.state === "dialing") return t("softphone:state.dialing");
  if (call.state === "ringing") return call.manual ? t("softphone:state.connecting") : t("softphone:state.ringing");
  if (call.state === "connected") return t("softphone:state.connected");
  if (call.endedBy === "not-answered") return t("softphone:state.notAnswered");
  if (call.endedBy === "cancelled") return t("softphone:state.cancelled");
  return t("softphone:state.ended");
}

function SoftphonePanel({ phone, call, now }: { phone: Phone; call: PhoneCall; now: number }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>();
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    if (call.state !== "ended") return;
    // The ended call stays in view a moment, then the panel gets out of the way.
    const timer = setTimeout(() => setHidden(true), 8000);
    return () => clearTimeout(timer);
  }, [call.state]);
  if (hidden) return null;
  const talk = call.state === "connected" && call.connectedAt ? (now - call.connectedAt) / 1000 : (call.talkSeconds ?? 0);
  return (
    <div className="softphone card" role="region" aria-label={t("softphone:label")} data-testid="softphone" data-state={call.state} data-call-id={call.callId} data-manual={call.manual ? "true" : undefined}>
      <p className="muted softphone-state" data-testid="softphone-state">
        {softphoneStateLabel(call)}
      </p>
      <p className="softphone-name" data-testid="softphone-name">
        {call.name ?? (call.number ? formatPhone(call.number) : t("softphone:unknownCaller"))}
      </p>
      <p className="softphone-timer" data-testid="softphone-timer">
        {formatClockDuration(talk)}
      </p>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {call.state !== "ended" ? (
        <div className="row softphone-actions">
          <button type="button" className="button" aria-pressed={call.muted} data-testid="softphone-mute" disabled={call.state !== "connected"} onClick={() => phone.setMuted(!call.muted)}>
            {call.muted ? t("softphone:unmute") : t("softphone:mute")}
          </button>
          <button
            type="button"
            className="button button-danger"
            data-testid="softphone-hangup"
            onClick={() => {
              setFailure(undefined);
              phone.hangUp().catch(setFailure);
            }}
          >
            {t("softphone:hangUp")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
