import { createHmac, timingSafeEqual } from "node:crypto";

/** Header names of the simulator's signed callbacks (Stripe-style: `t` and `v1`). */
export const SIMULATOR_TIMESTAMP_HEADER = "x-simulator-timestamp";
export const SIMULATOR_SIGNATURE_HEADER = "x-simulator-signature";

/** Callbacks signed longer ago than this are late: accepted and ignored (bounds replays too). */
export const LATE_AFTER_SECONDS = 5 * 60;

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the shared secret. */
export function signSimulatorEvent(secret: string, timestampSeconds: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex")}`;
}

export function verifySimulatorSignature(secret: string, timestampSeconds: number, body: string, signature: string): boolean {
  return safeEqual(signSimulatorEvent(secret, timestampSeconds, body), signature.trim());
}

/**
 * Twilio's documented request signature: the full URL Twilio requested, then each POST
 * parameter's name and value appended in name order (no separators), HMAC-SHA1 with the
 * account's auth token, base64.
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams | Record<string, string>): string {
  const grouped = new Map<string, string[]>();
  const entries = params instanceof URLSearchParams ? [...params] : Object.entries(params);
  for (const [name, value] of entries) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  let data = url;
  for (const name of [...grouped.keys()].sort()) {
    for (const value of grouped.get(name)!.sort()) data += name + value;
  }
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/**
 * The URL as Twilio may have signed it: as configured, and with the default port added or
 * removed (Twilio's own helpers accept both, since proxies differ in what they pass on).
 */
function urlVariants(url: string): string[] {
  const variants = new Set([url]);
  try {
    const parsed = new URL(url);
    const defaultPort = parsed.protocol === "https:" ? "443" : parsed.protocol === "http:" ? "80" : "";
    const withoutPort = new URL(url);
    withoutPort.port = "";
    variants.add(withoutPort.toString());
    if (defaultPort && !parsed.port) {
      // URL normalizes a default port away, so splice it in by hand.
      variants.add(url.replace(`${parsed.protocol}//${parsed.host}`, `${parsed.protocol}//${parsed.hostname}:${defaultPort}`));
    }
  } catch {
    // Not a URL: only the literal form can match.
  }
  return [...variants];
}

export function verifyTwilioSignature(authToken: string, url: string, params: URLSearchParams, signature: string): boolean {
  return urlVariants(url).some((candidate) => safeEqual(twilioSignature(authToken, candidate, params), signature.trim()));
}
