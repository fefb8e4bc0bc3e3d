import { createClient, type Challenge, type Tokens } from "@openauthjs/openauth/client";
import { AUTH_URL, CLIENT_ID, redirectUri } from "./config";
import { browserLanguage, currentLanguage, rememberedLanguage, t } from "./i18n";

/**
 * OAuth 2 authorization-code flow with PKCE against the OpenAuth issuer.
 * Tokens live in sessionStorage: they die with the tab and are never shared between tabs.
 */

const TOKENS_KEY = "callboard.tokens";
const CHALLENGE_KEY = "callboard.challenge";
const RETURN_TO_KEY = "callboard.returnTo";

export interface StoredTokens {
  access: string;
  refresh: string;
}

let client: ReturnType<typeof createClient> | undefined;
function authClient() {
  client ??= createClient({ clientID: CLIENT_ID, issuer: AUTH_URL });
  return client;
}

function readJson<T>(key: string): T | undefined {
  const raw = sessionStorage.getItem(key);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    sessionStorage.removeItem(key);
    return undefined;
  }
}

export function getTokens(): StoredTokens | undefined {
  const tokens = readJson<StoredTokens>(TOKENS_KEY);
  return tokens?.access && tokens.refresh ? tokens : undefined;
}

function storeTokens(tokens: Tokens): void {
  sessionStorage.setItem(TOKENS_KEY, JSON.stringify({ access: tokens.access, refresh: tokens.refresh }));
}

export function clearTokens(): void {
  sessionStorage.removeItem(TOKENS_KEY);
}

export function isSignedIn(): boolean {
  return getTokens() !== undefined;
}

let leaving: Promise<void> | undefined;

/**
 * Starts the code flow: remembers the PKCE verifier and state, then leaves for the issuer.
 * Calls made while a redirect is already under way (e.g. several 401s at once) join it.
 */
export function signIn(returnTo: string = currentPath()): Promise<void> {
  leaving ??= (async () => {
    const { challenge, url } = await authClient().authorize(redirectUri(), "code", { pkce: true });
    sessionStorage.setItem(CHALLENGE_KEY, JSON.stringify(challenge));
    sessionStorage.setItem(RETURN_TO_KEY, safeReturnTo(returnTo));
    location.assign(withUiLocale(url));
  })().catch((error: unknown) => {
    leaving = undefined;
    throw error;
  });
  return leaving;
}

/**
 * OIDC's `ui_locales`: the issuer's sign-in page speaks the console's language, when the console
 * knows it (a choice made on this browser, or the browser's own); else the issuer falls back to
 * the organization's default, which the console cannot know before sign-in.
 */
function withUiLocale(url: string): string {
  if (!rememberedLanguage() && !browserLanguage()) return url;
  const target = new URL(url);
  target.searchParams.set("ui_locales", currentLanguage());
  return target.toString();
}

export function signOut(): void {
  clearTokens();
  sessionStorage.removeItem(CHALLENGE_KEY);
  sessionStorage.removeItem(RETURN_TO_KEY);
}

export class CallbackError extends Error {}

const exchanges = new Map<string, Promise<string>>();

/**
 * Finishes the code flow on /callback. Returns the path to go back to.
 * Memoised per code: React may run the effect twice, and a code can be exchanged only once.
 */
export function completeSignIn(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const key = params.get("code") ?? params.get("error") ?? "";
  let pending = exchanges.get(key);
  if (!pending) {
    pending = exchange(params);
    exchanges.set(key, pending);
  }
  return pending;
}

async function exchange(params: URLSearchParams): Promise<string> {
  const error = params.get("error");
  // The issuer's error_description is English: the console says it in the user's language.
  if (error === "access_denied") throw new CallbackError(t("auth:callback.denied"));
  if (error) throw new CallbackError(t("auth:callback.refused", { error }));
  const code = params.get("code");
  const challenge = readJson<Challenge>(CHALLENGE_KEY);
  if (!code) throw new CallbackError(t("auth:callback.noCode"));
  if (!challenge) throw new CallbackError(t("auth:callback.notStarted"));
  if (params.get("state") !== challenge.state) throw new CallbackError(t("auth:callback.stateMismatch"));
  const result = await authClient().exchange(code, redirectUri(), challenge.verifier);
  sessionStorage.removeItem(CHALLENGE_KEY);
  if (result.err) throw new CallbackError(t("auth:callback.rejected"));
  storeTokens(result.tokens);
  const returnTo = sessionStorage.getItem(RETURN_TO_KEY) ?? "/contacts";
  sessionStorage.removeItem(RETURN_TO_KEY);
  return safeReturnTo(returnTo);
}

let refreshing: Promise<boolean> | undefined;

/** Trades the refresh token for new tokens. Concurrent callers share one request. */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= doRefresh().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function doRefresh(): Promise<boolean> {
  const tokens = getTokens();
  if (!tokens) return false;
  try {
    const result = await authClient().refresh(tokens.refresh);
    if (result.err || !result.tokens) {
      clearTokens();
      return false;
    }
    storeTokens(result.tokens);
    return true;
  } catch {
    return false;
  }
}

function currentPath(): string {
  return location.pathname + location.search;
}

/** Only same-origin paths, never the callback or login pages themselves. */
function safeReturnTo(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//")) return "/contacts";
  if (path.startsWith("/callback") || path.startsWith("/login")) return "/contacts";
  return path;
}
