import { TelephonyUnavailableError } from "./port";

/**
 * One HTTP request to a provider, with provider failures sorted into retryable or not:
 * network errors, timeouts, 5xx and 429 may pass; any other 4xx is our mistake and will not.
 */
export async function providerRequest(
  provider: string,
  url: string,
  init: RequestInit & { timeoutMs: number },
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  const { timeoutMs, ...rest } = init;
  let response: Response;
  try {
    response = await fetchImpl(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    throw new TelephonyUnavailableError(`${provider}: ${reason}`, true);
  }
  if (response.ok) return response;
  const detail = (await response.text().catch(() => "")).slice(0, 300);
  const retryable = response.status >= 500 || response.status === 429;
  throw new TelephonyUnavailableError(`${provider} answered ${response.status}${detail ? `: ${detail}` : ""}`, retryable);
}

export async function readJson<T>(provider: string, response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new TelephonyUnavailableError(`${provider} answered with a body that is not JSON`, true);
  }
}
