import { DomainError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthenticatedError, UnavailableError, ValidationError } from "../errors";
import { hit } from "../rate-limit/rate-limit";
import { parse } from "../validation";
import { isManualCallId, type CallEvent } from "./port";
import { callEventSink, inboundCallSink, manualCallSink, type InboundCallEvent } from "./sinks";
import { LATE_AFTER_SECONDS, verifySimulatorSignature } from "./signature";
import { countMetric, log, MetricName } from "../runtime/observability";
export { Id, SimulatorEventBody, SimulatorInboundBody } from "./schemas";
import { SimulatorEventBody, SimulatorInboundBody } from "./schemas";

// The sinks live in sinks.ts (compose.ts binds them without loading this module).
export { configureCallEventSink, configureManualCallSink, configureInboundCallSink, type InboundCallEvent, type InboundCallSink } from "./sinks";

// ---- signature failures (counted: the "webhook signature failures" alarm, infra/alarms.ts) -------

export function signatureFailure<E extends Error>(error: E): E {
  countMetric(MetricName.webhookSignatureFailures);
  log.warn("telephony webhook refused: bad or missing signature", { reason: error.message });
  return error;
}

/** Hands a verified event to its sink (the engine's, or the manual calls'); other telephony modules use it too. */
export async function deliver(event: CallEvent): Promise<void> {
  // Ties the webhook's request (its requestId) to the call: a call is followed by its ID end to end.
  log.info("telephony event", { callId: event.callId, provider: event.provider, outcome: event.outcome, phase: event.phase, providerCallId: event.providerCallId });
  try {
    await (isManualCallId(event.callId) ? manualCallSink() : callEventSink())(event);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    log.error("telephony: the call-event sink failed", { callId: event.callId, error });
    throw new UnavailableError("The event could not be recorded just now; send it again.");
  }
}

export async function deliverInbound(event: InboundCallEvent): Promise<void> {
  const sink = inboundCallSink();
  if (!sink) throw new NotFoundError("Inbound call handling");
  try {
    await sink(event);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    log.error("telephony: the inbound-call sink failed", { providerCallId: event.providerCallId, error });
    throw new UnavailableError("The event could not be recorded just now; send it again.");
  }
}

// ---- settings --------------------------------------------------------------------------------

export interface WebhookSettings {
  /** Shared with the simulator; without it the simulator endpoint answers 404. */
  simulatorSecret?: string;
  /** Twilio account auth token; without it the Twilio endpoint answers 404. */
  twilioAuthToken?: string;
  /** Public origin Twilio calls (its signature covers the full URL as Twilio saw it). */
  publicUrl?: string;
  /** Callbacks per source address per minute. */
  perAddressPerMinute: number;
}

export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const limit = Number(env.TELEPHONY_WEBHOOK_LIMIT_PER_MINUTE || 600);
  return {
    simulatorSecret: env.SIMULATOR_SECRET || undefined,
    twilioAuthToken: env.TWILIO_AUTH_TOKEN || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    perAddressPerMinute: Number.isFinite(limit) && limit > 0 ? limit : 600,
  };
}

let settings: WebhookSettings | undefined;

/** Overrides the environment (the local host, tests); undefined goes back to it. */
export function configureTelephonyWebhooks(next: Partial<WebhookSettings> | undefined): void {
  settings = next ? { ...webhookSettingsFromEnv(), ...next } : undefined;
}

export const useSettings = () => (settings ??= webhookSettingsFromEnv());

// ---- receiving -------------------------------------------------------------------------------

export type Receipt = { delivered: true } | { delivered: false; ignored: "late" };

export async function admit(provider: string, sourceAddress: string, now: number) {
  const decision = await hit(`webhook:${provider}:${sourceAddress}`, { limit: useSettings().perAddressPerMinute, windowMs: 60_000 }, now);
  if (!decision.allowed) throw new TooManyRequestsError(decision.retryAfterMs / 1000, "Too many callbacks from this address; retry later.");
}

export const isLate = (occurredAtMs: number, now: number) => now - occurredAtMs > LATE_AFTER_SECONDS * 1000;

/** The optional voice-leg fields of an event, without the undefined ones. */
export function phaseFields(input: Pick<CallEvent, "phase" | "talkSeconds" | "ringSeconds" | "abandoned">): Pick<CallEvent, "phase" | "talkSeconds" | "ringSeconds" | "abandoned"> {
  return {
    ...(input.phase ? { phase: input.phase } : {}),
    ...(input.talkSeconds !== undefined ? { talkSeconds: input.talkSeconds } : {}),
    ...(input.ringSeconds !== undefined ? { ringSeconds: input.ringSeconds } : {}),
    ...(input.abandoned !== undefined ? { abandoned: input.abandoned } : {}),
  };
}

export interface SimulatorDelivery {
  sourceAddress: string;
  rawBody: string;
  timestamp?: string;
  signature?: string;
  now?: number;
}

/**
 * Every simulator callback's checks, in order: configured (else 404), rate limit, signature over
 * timestamp + body (401 missing, 403 wrong or in the future), lateness, then the body as JSON.
 * Nothing is parsed or written before the signature holds.
 */
export async function verifiedSimulatorRequest(input: SimulatorDelivery): Promise<{ late: true } | { late: false; json: unknown; now: number }> {
  const now = input.now ?? Date.now();
  const secret = useSettings().simulatorSecret;
  if (!secret) throw new NotFoundError("Telephony provider");
  await admit("simulator", input.sourceAddress, now);
  if (!input.signature || !input.timestamp) throw signatureFailure(new UnauthenticatedError("Signed callbacks only: x-simulator-timestamp and x-simulator-signature are required."));
  if (!/^\d{1,12}$/.test(input.timestamp)) throw new UnauthenticatedError("x-simulator-timestamp must be Unix seconds.");
  const timestamp = Number(input.timestamp);
  if (!verifySimulatorSignature(secret, timestamp, input.rawBody, input.signature)) throw signatureFailure(new ForbiddenError("The signature does not match."));
  if (timestamp * 1000 - now > LATE_AFTER_SECONDS * 1000) throw new ForbiddenError("The timestamp is in the future.");
  if (isLate(timestamp * 1000, now)) return { late: true };
  try {
    return { late: false, json: JSON.parse(input.rawBody), now };
  } catch {
    throw new ValidationError([{ field: "body", message: "Must be JSON." }]);
  }
}

/** A callback from the simulator: signature over timestamp + body (HMAC-SHA256), then the sink. */
export async function receiveSimulatorEvent(input: SimulatorDelivery): Promise<Receipt> {
  const verified = await verifiedSimulatorRequest(input);
  if (verified.late) return { delivered: false, ignored: "late" };
  const json = verified.json;
  if (typeof json === "object" && json !== null && (json as { type?: unknown }).type === "inbound") {
    const inbound = parse(SimulatorInboundBody, json);
    await deliverInbound({
      provider: "simulator",
      providerCallId: inbound.providerCallId,
      from: inbound.from,
      to: inbound.to,
      status: inbound.status,
      occurredAt: inbound.occurredAt,
      ...(inbound.durationSeconds !== undefined ? { durationSeconds: inbound.durationSeconds } : {}),
    });
    return { delivered: true };
  }
  const body = parse(SimulatorEventBody, json);
  await deliver({
    provider: "simulator",
    callId: body.callId,
    providerCallId: body.providerCallId,
    ...(body.outcome ? { outcome: body.outcome } : {}),
    occurredAt: body.occurredAt,
    ...phaseFields(body),
  });
  return { delivered: true };
}
