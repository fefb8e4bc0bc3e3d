/**
 * Who receives verified telephony events: the call-list engine, click-to-call's call log and
 * intake. A module of its own so the composition roots bind them without loading the webhooks'
 * verification code or the features behind the sinks.
 */
import type { CallEventSink } from "./port";
import { log } from "../runtime/observability";

const logAndDrop: CallEventSink = async (event) => {
  log.info("telephony: no call-event sink registered, event dropped", { provider: event.provider, callId: event.callId });
};
let sink: CallEventSink = logAndDrop;

/**
 * Registers who receives verified call events (the call-list engine). The sink must be
 * idempotent (duplicates and repeats after an outcome are normal) and must ignore calls it
 * does not know; it throws only for passing failures, which the provider is asked to retry.
 */
export function configureCallEventSink(next: CallEventSink | undefined): void {
  sink = next ?? logAndDrop;
}

/**
 * Registers who receives the events of manual (click-to-call) calls, told apart by their call ID
 * (`isManualCallId`). They never reach the call-list engine's sink; without a handler they are
 * logged and dropped like any event nobody waits for.
 */
export function configureManualCallSink(next: CallEventSink | undefined): void {
  manualSink = next ?? logAndDrop;
}
let manualSink: CallEventSink = logAndDrop;

export const callEventSink = (): CallEventSink => sink;
export const manualCallSink = (): CallEventSink => manualSink;

/** An inbound call as providers report it; intake receives it (bound in compose.ts). */
export interface InboundCallEvent {
  provider: string;
  providerCallId: string;
  from: string;
  to: string;
  status: "ringing" | "answered" | "completed" | "missed";
  occurredAt: string;
  durationSeconds?: number;
}
export type InboundCallSink = (event: InboundCallEvent) => Promise<void>;

let inboundSink: InboundCallSink | undefined;

/** Registers who receives verified inbound-call events (intake); without one they are refused. */
export function configureInboundCallSink(next: InboundCallSink | undefined): void {
  inboundSink = next;
}

export const inboundCallSink = (): InboundCallSink | undefined => inboundSink;
