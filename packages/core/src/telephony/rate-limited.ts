import { acquire, perSecond } from "../rate-limit/rate-limit";
import { TelephonyUnavailableError, type TelephonyProvider } from "./port";

export interface OutboundLimit {
  /** One counter per provider account, shared by every Lambda: e.g. `twilio:<AccountSid>`. */
  bucket: string;
  /** Calls placed per second across the account. */
  callsPerSecond: number;
  /** Wait at most this long for a slot, then fail retryably (the step retries later). */
  maxWaitMs?: number;
}

/**
 * The provider with outbound dialing held to the account's rate (Twilio: 1 call/s by default).
 * The count lives in DynamoDB, so it holds across concurrent executions. Status reads are not
 * limited: the rate is on placing calls.
 */
export function rateLimited(provider: TelephonyProvider, limit: OutboundLimit): TelephonyProvider {
  const rule = perSecond(limit.callsPerSecond);
  const maxWaitMs = limit.maxWaitMs ?? 10_000;
  return {
    name: provider.name,
    async placeCall(input) {
      const bucket = `outbound:${limit.bucket}`;
      if (!(await acquire(bucket, rule, { maxWaitMs }))) {
        throw new TelephonyUnavailableError(`${provider.name}: outbound rate limit (${limit.callsPerSecond}/s) still full after ${maxWaitMs} ms`, true);
      }
      return provider.placeCall(input);
    },
    getCall: (providerCallId) => provider.getCall(providerCallId),
  };
}
