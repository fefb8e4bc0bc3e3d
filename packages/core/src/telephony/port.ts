/**
 * The telephony port: what the call-list engine needs from a phone provider. Adapters
 * (the local simulator, Twilio) live beside this file; the engine never sees provider types.
 */

/** How one outbound call ended, as far as the call list cares. */
export const callOutcomes = ["answered", "no-answer", "busy", "failed", "machine"] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export interface PlaceCallInput {
  /**
   * Our ID for this call attempt, unique per attempt and stable across retries of the same
   * attempt: adapters use it as the idempotency key so a retried step never rings twice.
   */
  callId: string;
  /** E.164 number to dial. */
  to: string;
  /** How long to let it ring before the provider gives up with `no-answer`. */
  ringTimeoutSeconds: number;
  /**
   * Set when an earlier run of this same attempt began dialing (epoch ms) and may have reached
   * the provider before it died, its provider ID unstored. A provider without an idempotency key
   * must look for that call and adopt it before ringing again.
   */
  resumedSince?: number;
  /** The reserved operator the answered person is connected to (absent: no voice leg, as before). */
  connectTo?: { userId: string; /** E.164: bridge to the operator's own phone instead of the console. */ phone?: string };
  /** What the operator's console needs when the call arrives (Twilio: `<Parameter>`s of `<Client>`). */
  context?: { listId: string; entryId: string; attempt: number; subjectName?: string };
  /**
   * A call a user placed from a card (click-to-call), not a list attempt: no answering-machine
   * detection, no voicemail drop; the console shows who is called as it dials.
   */
  manual?: ManualCallContext;
  /** What to do on an answering machine: hang up, or play this (text to speech or audio) then hang up. */
  voicemail?: { text?: string; audioUrl?: string };
  /** Company name for the short "sorry" message when the operator cannot be connected. */
  companyName?: string;
  /**
   * Record the call (the list's `record` setting, else the organization's `recordingDefault`);
   * the announcement is played to both parties once the operator is connected.
   */
  record?: { announcement?: string };
}

/** What a manual call carries to the user's softphone (and back on its events). */
export interface ManualCallContext {
  subjectName?: string;
  contactId?: string;
  companyId?: string;
}

/**
 * Manual (click-to-call) call IDs carry this prefix, so a provider's event reaches the call log's
 * manual-call handler without a read, and never the call-list engine.
 */
export const MANUAL_CALL_PREFIX = "manual-";
export const isManualCallId = (callId: string) => callId.startsWith(MANUAL_CALL_PREFIX);

export interface PlacedCall {
  providerCallId: string;
}

/** The provider's current view of a call, for reconciliation after a lost callback or a crash. */
export interface CallStatus {
  providerCallId: string;
  /** `undefined` while the call is still queued or ringing. */
  outcome?: CallOutcome;
}

export interface TelephonyProvider {
  readonly name: string;
  /** Places the call. Throws `TelephonyUnavailableError` on a provider 5xx or timeout. */
  placeCall(input: PlaceCallInput): Promise<PlacedCall>;
  /** Asks the provider how a call ended (or that it has not ended yet). */
  getCall(providerCallId: string): Promise<CallStatus>;
}

/** A verified, parsed provider callback. Duplicates and late repeats are possible. */
export interface CallEvent {
  provider: string;
  callId: string;
  providerCallId: string;
  /** Set on the event that decides the outcome; progress events (ringing, …) leave it out. */
  outcome?: CallOutcome;
  occurredAt: string;
  /** "connected": the callee is bridged to the operator; "ended": the call is over. Never with `outcome`. */
  phase?: CallPhase;
  /** For an "ended" event: seconds of talk (connect → end) and of ring (placed → answer). */
  talkSeconds?: number;
  ringSeconds?: number;
  /** Set on "ended" when a person answered and no operator was connected within 2 s. */
  abandoned?: boolean;
}

export const callPhases = ["connected", "ended"] as const;
export type CallPhase = (typeof callPhases)[number];

/** A person who answers must hear an operator within this long, or the call counts as abandoned. */
export const CONNECT_DEADLINE_MS = 2000;

/** Who gets verified call events: the call-list engine registers itself here. */
export type CallEventSink = (event: CallEvent) => Promise<void>;

export class TelephonyUnavailableError extends Error {
  constructor(message: string, readonly retryable = true) {
    super(message);
    this.name = "TelephonyUnavailableError";
  }
}
