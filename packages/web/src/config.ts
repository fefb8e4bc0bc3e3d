function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** OpenAuth issuer. Locally the server serves issuer, API and console on one origin. */
export const AUTH_URL = trimSlash(import.meta.env.VITE_AUTH_URL || location.origin);
/** API origin; routes live under /v1. */
export const API_URL = trimSlash(import.meta.env.VITE_API_URL || location.origin);
/** OAuth client id the issuer knows the console by. */
export const CLIENT_ID = "console";
/** Where the issuer sends the browser back with ?code=…&state=… */
export const redirectUri = (): string => `${location.origin}/callback`;
