import { TelephonyUnavailableError, type PlaceCallInput, type PlacedCall, type TelephonyProvider } from "./port";

export interface RetryOptions {
  /** Tries in total, the first included. */
  attempts: number;
  /** Wait before the second try; doubles each time after. */
  backoffMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Places a call, retrying provider outages (retryable `TelephonyUnavailableError`) with
 * exponential backoff. Every try reuses the same `callId`, the adapters' idempotency key, so
 * a try that reached the provider after all never rings a second time. The last error is
 * thrown for the caller to record the attempt as `failed`; other errors are thrown at once.
 */
export async function placeCallWithRetry(
  provider: TelephonyProvider,
  input: PlaceCallInput,
  options: RetryOptions = { attempts: 3, backoffMs: 500 },
): Promise<PlacedCall> {
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await provider.placeCall(input);
    } catch (error) {
      const retryable = error instanceof TelephonyUnavailableError && error.retryable;
      if (!retryable || attempt >= options.attempts) throw error;
      await sleep(options.backoffMs * 2 ** (attempt - 1));
    }
  }
}
