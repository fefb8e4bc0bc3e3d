import { ApiError, authFetch } from "../api/client";
import { API_URL } from "../config";
import { phoneProblemOf, type PhoneProblem } from "./phone-problem";

/**
 * The operator's softphone, whatever carries the voice: the simulator (the local host pushes
 * calls over server-sent events) or Twilio (the Voice JS SDK, loaded only then). The console
 * answers by itself: a call the engine reserved this operator for rings, then connects.
 */
export type PhoneCall = {
  callId: string;
  /** "dialing": a call the user placed (click-to-call) rings the callee. */
  state: "dialing" | "ringing" | "connected" | "ended";
  /** A call the user placed from a card (click-to-call), not one a list put through. */
  manual?: boolean;
  /** Who is on the line (the card's name), when the call carries it. */
  name?: string;
  number?: string;
  listId?: string;
  entryId?: string;
  connectedAt?: number;
  endedAt?: number;
  talkSeconds?: number;
  endedBy?: string;
  muted: boolean;
};

export type PhoneStatus = "connecting" | "online" | "offline" | "unavailable";
export interface Phone {
  subscribe(listener: () => void): () => void;
  readonly status: PhoneStatus;
  readonly problem: PhoneProblem | undefined;
  readonly call: PhoneCall | undefined;
  hangUp(): Promise<void>;
  setMuted(muted: boolean): void;
  close(): void;
}

/** The console's other parts react to a call arriving (the card pop asks for the card at once). */
export const INCOMING_CALL_EVENT = "callboard:incoming-call";
/**
 * The console placed a call from a card (click-to-call; detail: { callId, name?, number }): the
 * softphone shows it dialing at once, before the provider's first word about it.
 */
export const MANUAL_CALL_EVENT = "callboard:manual-call";
export type ManualCallDetail = { callId: string; name?: string; number: string };
/** The card pop says which entry's card is on screen (detail: { listId, entryId }). */
export const CARD_SHOWN_EVENT = "callboard:card-shown";
/** The console answers once the card is up, or after this long without it (never miss a call over a slow card). */
const CARD_WAIT_MS = 700;

/** Resolves when the card of this entry is on screen, or after `CARD_WAIT_MS`. */
function cardShown(entryId: string | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener(CARD_SHOWN_EVENT, onShown);
      resolve();
    };
    const onShown = (event: Event) => {
      if (!entryId || (event as CustomEvent<{ entryId?: string }>).detail?.entryId === entryId) done();
    };
    const timer = setTimeout(done, entryId ? CARD_WAIT_MS : 0);
    window.addEventListener(CARD_SHOWN_EVENT, onShown);
  });
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await authFetch(`${API_URL}${path}`, init);
  const body = response.headers.get("content-type")?.includes("json") ? await response.json() : undefined;
  if (!response.ok) throw new ApiError({ type: "about:blank", title: response.statusText, status: response.status, ...(body ?? {}) });
  return body as T;
}

export async function voiceConfig(): Promise<{ provider: "simulator" | "twilio"; identity: string }> {
  return json("/v1/operator/voice-config");
}

/** The softphone's status for the rest of the console (the call button says why it cannot call). */
let currentStatus: PhoneStatus | "none" = "none";
export const softphoneStatus = () => currentStatus;

abstract class BasePhone implements Phone {
  private listeners = new Set<() => void>();
  status: PhoneStatus = "connecting";
  problem: PhoneProblem | undefined;
  call: PhoneCall | undefined;
  protected closed = false;
  private readonly onManualCall = (event: Event) => this.showDialing((event as CustomEvent<ManualCallDetail>).detail);
  constructor() {
    window.addEventListener(MANUAL_CALL_EVENT, this.onManualCall);
  }
  /** A call the user just placed: "dialing" until it is answered or ends (a call in progress stays). */
  protected showDialing(detail: ManualCallDetail) {
    if (this.call && this.call.state !== "ended") return;
    this.update({ callId: detail.callId, state: "dialing", manual: true, ...(detail.name ? { name: detail.name } : {}), number: detail.number, muted: false });
  }
  subscribe(listener: () => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  protected emit() {
    for (const listener of this.listeners) listener();
  }
  protected update(call: PhoneCall | undefined) {
    this.call = call;
    this.emit();
  }
  protected setStatus(status: PhoneStatus, problem?: PhoneProblem) {
    this.status = status;
    this.problem = status === "online" ? undefined : (problem ?? this.problem);
    currentStatus = status;
    this.emit();
  }
  abstract hangUp(): Promise<void>;
  abstract setMuted(muted: boolean): void;
  close() {
    this.closed = true;
    this.listeners.clear();
    window.removeEventListener(MANUAL_CALL_EVENT, this.onManualCall);
    currentStatus = "none";
  }
}

type ConsoleVoiceEvent =
  | { type: "incoming"; callId: string; to: string; listId?: string; entryId?: string; subjectName?: string; at: string; replay?: boolean; manual?: boolean }
  | { type: "dialing"; callId: string; to: string; subjectName?: string; at: string }
  | { type: "connected"; callId: string; at: string; since?: string }
  | { type: "ended"; callId: string; by: string; talkSeconds: number; at: string };

/**
 * The simulator's calls arrive on `GET /v1/operator/events` (SSE). EventSource cannot send the
 * Authorization header, so each connection spends a single-use ticket that lives 30 s: no
 * long-lived token ends up in a URL. The stream reconnects with a new ticket when it drops.
 */
export class SimulatorPhone extends BasePhone {
  private source: EventSource | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    void this.connect();
  }

  private async connect() {
    if (this.closed) return;
    try {
      const { ticket } = await json<{ ticket: string }>("/v1/operator/events/ticket", { method: "POST" });
      if (this.closed) return;
      const source = new EventSource(`${API_URL}/v1/operator/events?ticket=${encodeURIComponent(ticket)}`);
      this.source = source;
      source.addEventListener("ready", () => this.setStatus("online"));
      source.addEventListener("voice", (message) => this.onEvent(JSON.parse((message as MessageEvent<string>).data) as ConsoleVoiceEvent));
      source.onerror = () => {
        // A dropped stream does not come back with the spent ticket: open a new one.
        source.close();
        if (this.source === source) this.source = undefined;
        this.setStatus("offline");
        this.reconnectSoon();
      };
    } catch (error) {
      const problem = phoneProblemOf(error);
      this.setStatus("offline", problem);
      // A session that ended is not coming back by itself: signing in again opens a new console.
      if (problem !== "signed-out") this.reconnectSoon();
    }
  }

  private reconnectSoon() {
    if (this.closed) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), 1500);
  }

  private onEvent(event: ConsoleVoiceEvent) {
    const current = this.call?.callId === event.callId ? this.call : undefined;
    if (event.type === "dialing") {
      this.showDialing({ callId: event.callId, number: event.to, ...(event.subjectName ? { name: event.subjectName } : {}) });
    } else if (event.type === "incoming" && event.manual) {
      // The callee of the user's own call answered: put them through at once (the user is on the card).
      this.update({ ...(current ?? { muted: false }), callId: event.callId, state: "ringing", manual: true, number: event.to, ...(event.subjectName ? { name: event.subjectName } : {}) });
      if (!event.replay) void this.answer(event.callId);
    } else if (event.type === "incoming") {
      this.update({
        callId: event.callId,
        state: "ringing",
        ...(event.subjectName ? { name: event.subjectName } : {}),
        number: event.to,
        ...(event.listId ? { listId: event.listId } : {}),
        ...(event.entryId ? { entryId: event.entryId } : {}),
        muted: false,
      });
      const shown = cardShown(event.entryId);
      window.dispatchEvent(new CustomEvent(INCOMING_CALL_EVENT, { detail: { listId: event.listId, entryId: event.entryId, name: event.subjectName, number: event.to } }));
      // Auto-answer once the card is on screen: the operator never hears a voice without its card.
      // (A replay is the call this console was already on before a reload: nothing to answer.)
      if (!event.replay) void shown.then(() => this.answer(event.callId));
    } else if (event.type === "connected" && current) {
      this.update({ ...current, state: "connected", connectedAt: event.since ? Date.parse(event.since) : Date.now() });
    } else if (event.type === "ended" && current) {
      this.update({ ...current, state: "ended", endedAt: Date.now(), talkSeconds: event.talkSeconds, endedBy: event.by });
    }
  }

  private async answer(callId: string) {
    if (this.call?.callId !== callId || this.call.state !== "ringing") return;
    try {
      await json(`/v1/operator/calls/${encodeURIComponent(callId)}/answer`, { method: "POST" });
    } catch {
      // Too late (the callee heard the sorry message) or taken elsewhere: the call is gone.
      if (this.call?.callId === callId && this.call.state === "ringing") this.update({ ...this.call, state: "ended", endedAt: Date.now(), endedBy: "missed" });
    }
  }

  async hangUp() {
    const call = this.call;
    if (!call || call.state === "ended") return;
    // A call the user placed can be cancelled while it rings (the simulator ends it unanswered).
    try {
      await json(`/v1/operator/calls/${encodeURIComponent(call.callId)}/hangup`, { method: "POST" });
    } catch (error) {
      // Already over on the other side: the "ended" event is on its way, or was missed.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      if (this.call?.callId === call.callId && this.call.state !== "ended") this.update({ ...call, state: "ended", endedAt: Date.now() });
    }
  }

  setMuted(muted: boolean) {
    if (this.call) this.update({ ...this.call, muted });
  }

  override close() {
    super.close();
    clearTimeout(this.retry);
    this.source?.close();
  }
}

/**
 * Twilio: the Voice JS SDK (loaded on demand, a separate chunk), registered with a short-lived
 * Access Token (identity = the user's ID) that it renews before it runs out. The answer TwiML
 * dials this client with the entry as custom parameters, so the card opens as the call arrives;
 * the console accepts it at once.
 */
export class TwilioPhone extends BasePhone {
  private device: import("@twilio/voice-sdk").Device | undefined;
  private live: import("@twilio/voice-sdk").Call | undefined;

  constructor() {
    super();
    void this.start().catch((error) => this.setStatus("unavailable", phoneProblemOf(error)));
  }

  private async start() {
    const [{ Device }, first] = await Promise.all([import("@twilio/voice-sdk"), json<{ token: string }>("/v1/operator/voice-token")]);
    if (this.closed) return;
    const device = new Device(first.token, { closeProtection: true });
    this.device = device;
    device.on("registered", () => this.setStatus("online"));
    device.on("unregistered", () => this.setStatus("offline"));
    device.on("error", (error: unknown) => this.setStatus("offline", phoneProblemOf(error)));
    device.on("tokenWillExpire", async () => {
      const next = await json<{ token: string }>("/v1/operator/voice-token");
      device.updateToken(next.token);
    });
    device.on("incoming", (call: import("@twilio/voice-sdk").Call) => {
      const parameters = call.customParameters;
      const callId = parameters.get("callId") ?? call.parameters.CallSid ?? "twilio-call";
      this.live = call;
      if (parameters.get("manual") === "1") {
        // The callee of the user's own call (click-to-call) answered: accept at once.
        const base: PhoneCall = { callId, state: "ringing", manual: true, muted: false, ...(parameters.get("name") ? { name: parameters.get("name")! } : {}) };
        this.update(base);
        call.on("accept", () => this.update({ ...base, state: "connected", connectedAt: Date.now() }));
        const over = () => {
          if (this.live === call) this.live = undefined;
          const current = this.call?.callId === callId ? this.call : base;
          this.update({ ...current, state: "ended", endedAt: Date.now(), talkSeconds: current.connectedAt ? Math.round((Date.now() - current.connectedAt) / 1000) : 0 });
        };
        call.on("disconnect", over);
        call.on("cancel", over);
        call.on("reject", over);
        call.on("mute", (muted: boolean) => this.call && this.update({ ...this.call, muted }));
        call.accept();
        return;
      }
      const base: PhoneCall = {
        callId,
        state: "ringing",
        muted: false,
        ...(parameters.get("name") ? { name: parameters.get("name")! } : {}),
        ...(parameters.get("listId") ? { listId: parameters.get("listId")! } : {}),
        ...(parameters.get("entryId") ? { entryId: parameters.get("entryId")! } : {}),
      };
      this.update(base);
      const shown = cardShown(base.entryId);
      window.dispatchEvent(new CustomEvent(INCOMING_CALL_EVENT, { detail: { listId: base.listId, entryId: base.entryId, name: base.name } }));
      call.on("accept", () => this.update({ ...base, state: "connected", connectedAt: Date.now() }));
      const ended = () => {
        const current = this.call?.callId === callId ? this.call : base;
        const talkSeconds = current.connectedAt ? Math.round((Date.now() - current.connectedAt) / 1000) : 0;
        this.update({ ...current, state: "ended", endedAt: Date.now(), talkSeconds });
      };
      call.on("disconnect", ended);
      call.on("cancel", ended);
      call.on("reject", ended);
      call.on("mute", (muted: boolean) => this.call && this.update({ ...this.call, muted }));
      // The engine reserved this operator for this call: answer as soon as its card is up.
      void shown.then(() => call.accept());
    });
    await device.register();
  }

  async hangUp() {
    if (this.live) return this.live.disconnect();
    // A call the user placed that has not reached the softphone yet: it ends on the provider's side.
    if (this.call?.state === "dialing") this.update({ ...this.call, state: "ended", endedAt: Date.now(), endedBy: "cancelled" });
  }

  setMuted(muted: boolean) {
    this.live?.mute(muted);
  }

  override close() {
    super.close();
    this.device?.destroy();
  }
}
