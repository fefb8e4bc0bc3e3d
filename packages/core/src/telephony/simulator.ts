import { providerRequest, readJson } from "./http";
import type { CallOutcome, CallStatus, PlaceCallInput, PlacedCall, TelephonyProvider } from "./port";

export interface SimulatorTelephonyOptions {
  /** Base URL of the simulator, e.g. `http://localhost:53100`. */
  url: string;
  /** Shared secret: authenticates us to the simulator and signs its callbacks. */
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The adapter for the local telephony simulator (packages/functions/src/local/telephony-simulator.ts). */
export function simulatorTelephony(options: SimulatorTelephonyOptions): TelephonyProvider {
  const base = options.url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 5000;
  const headers = { authorization: `Bearer ${options.secret}` };
  return {
    name: "simulator",
    async placeCall(input: PlaceCallInput): Promise<PlacedCall> {
      const response = await providerRequest(
        "simulator",
        `${base}/calls`,
        {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({
            callId: input.callId,
            to: input.to,
            ringTimeoutSeconds: input.ringTimeoutSeconds,
            // The voice leg: whom to connect an answered person to, and what their console shows.
            ...(input.connectTo ? { connectTo: input.connectTo } : {}),
            ...(input.context ? { context: input.context } : {}),
            ...(input.manual ? { manual: input.manual } : {}),
            ...(input.voicemail ? { voicemail: input.voicemail } : {}),
            ...(input.companyName ? { companyName: input.companyName } : {}),
            ...(input.record ? { record: input.record } : {}),
          }),
          timeoutMs,
        },
        options.fetch,
      );
      const body = await readJson<{ providerCallId: string }>("simulator", response);
      return { providerCallId: body.providerCallId };
    },
    async getCall(providerCallId: string): Promise<CallStatus> {
      const response = await providerRequest(
        "simulator",
        `${base}/calls/${encodeURIComponent(providerCallId)}`,
        { method: "GET", headers, timeoutMs },
        options.fetch,
      );
      const body = await readJson<{ providerCallId: string; outcome?: CallOutcome }>("simulator", response);
      return { providerCallId: body.providerCallId, ...(body.outcome ? { outcome: body.outcome } : {}) };
    },
  };
}
