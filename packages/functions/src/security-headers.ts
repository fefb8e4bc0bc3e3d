import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * The one place the browser security policy is written: the console, the sign-in pages and
 * /docs get it from Hono's `secureHeaders` (locally, and the API and issuer on Lambda), and the
 * console on AWS from a CloudFront response-headers policy built from the same values
 * (infra/web.ts). Widen it here, and only here.
 */

/** A CSP directive name (kebab-case, as sent) and its sources. */
export type CspDirectives = Record<string, string[]>;

/**
 * The Twilio Voice JS SDK (the operator's softphone): signalling over wss, its event gateway
 * and edge look-ups over https (`*.twilio.com`), its ring and dial tones from sdk.twilio.com.
 * The call audio itself is WebRTC, which CSP does not govern.
 */
export const TWILIO_VOICE_SOURCES = {
  connect: ["https://*.twilio.com", "wss://*.twilio.com"],
  media: ["https://sdk.twilio.com"],
};

export interface PolicyOrigins {
  /** Other origins the page's scripts call (on AWS: the API, the issuer, the files bucket). */
  connect?: string[];
  /** Other origins audio and video load from (recordings). */
  media?: string[];
  /**
   * Where a form may submit, redirects included (Chrome checks the redirect after a sign-in
   * POST too). Omitted: not restricted, which the issuer needs on AWS, where the console's
   * origin is known only at run time.
   */
  formAction?: string[] | false;
}

/**
 * What every page of ours actually needs (checked by tests/browser/security-headers.test.ts):
 * - scripts: only our own files (the Vite build has no inline script; the sign-in page and
 *   /docs have none at all);
 * - styles: our files plus inline `<style>` blocks, which the sign-in page and /docs are built
 *   with (no CDN: both work offline). React's `style={…}` goes through the CSSOM, which CSP
 *   does not block;
 * - images: contact photos are shown from `blob:` URLs;
 * - nobody may frame any of it (the sign-in page could be clickjacked).
 */
export function contentSecurityPolicy(origins: PolicyOrigins = {}): CspDirectives {
  const directives: CspDirectives = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...TWILIO_VOICE_SOURCES.connect, ...(origins.connect ?? [])],
    "media-src": ["'self'", "blob:", ...TWILIO_VOICE_SOURCES.media, ...(origins.media ?? [])],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  if (origins.formAction !== false) directives["form-action"] = ["'self'", ...(origins.formAction ?? [])];
  return directives;
}

/** The header value: `default-src 'self'; script-src 'self'; …`. */
export function cspHeaderValue(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

/** The other headers, as sent. */
export const SECURITY_HEADERS = {
  contentTypeOptions: "nosniff",
  /** Old browsers without `frame-ancestors`. */
  frameOptions: "DENY",
  /** Addresses of our pages carry IDs (contacts, lists): never send them to other sites. */
  referrerPolicy: "no-referrer",
  strictTransportSecurity: { maxAgeSeconds: 180 * 24 * 3600, includeSubdomains: true },
} as const;

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * Hono's secureHeaders with our policy. `crossOriginResourcePolicy`: the API is read from the
 * console's own origin on AWS (CORS decides who may); pages stay same-origin.
 */
export function securityHeaders(origins: PolicyOrigins = {}, options: { crossOriginResourcePolicy?: "same-origin" | "cross-origin" } = {}): MiddlewareHandler {
  const directives = contentSecurityPolicy(origins);
  return secureHeaders({
    contentSecurityPolicy: Object.fromEntries(Object.entries(directives).map(([name, sources]) => [camelCase(name), sources])),
    xContentTypeOptions: SECURITY_HEADERS.contentTypeOptions,
    xFrameOptions: SECURITY_HEADERS.frameOptions,
    referrerPolicy: SECURITY_HEADERS.referrerPolicy,
    strictTransportSecurity: `max-age=${SECURITY_HEADERS.strictTransportSecurity.maxAgeSeconds}; includeSubDomains`,
    crossOriginResourcePolicy: options.crossOriginResourcePolicy ?? "same-origin",
  });
}
