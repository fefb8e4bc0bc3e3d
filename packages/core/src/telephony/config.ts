import { rateLimited } from "./rate-limited";
import type { TelephonyProvider } from "./port";
import { simulatorTelephony } from "./simulator";
import { twilioTelephony } from "./twilio";

export const telephonyProviders = ["simulator", "twilio"] as const;
export type TelephonyProviderName = (typeof telephonyProviders)[number];

export class TelephonyConfigError extends Error {
  override name = "TelephonyConfigError";
}

function required(env: NodeJS.ProcessEnv, names: string[], provider: string): Record<string, string> {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) throw new TelephonyConfigError(`TELEPHONY_PROVIDER=${provider} needs ${missing.join(", ")}.`);
  return Object.fromEntries(names.map((name) => [name, env[name]!]));
}

/** Outbound calls per second: TELEPHONY_CALLS_PER_SECOND, else the provider's default (0 = unlimited). */
function callsPerSecond(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.TELEPHONY_CALLS_PER_SECOND;
  if (raw === undefined || raw === "") return fallback;
  const rate = Number(raw);
  if (!Number.isFinite(rate) || rate < 0) throw new TelephonyConfigError(`TELEPHONY_CALLS_PER_SECOND must be a number ≥ 0, got ${JSON.stringify(raw)}.`);
  return rate;
}

/**
 * The provider the environment names, behind the outbound rate limit:
 * `TELEPHONY_PROVIDER=simulator` (default) with SIMULATOR_URL, SIMULATOR_SECRET; or
 * `twilio` with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, PUBLIC_URL.
 */
export function telephonyFromEnv(env: NodeJS.ProcessEnv = process.env): TelephonyProvider {
  const name = env.TELEPHONY_PROVIDER || "simulator";
  if (name === "simulator") {
    const { SIMULATOR_URL, SIMULATOR_SECRET } = required(env, ["SIMULATOR_URL", "SIMULATOR_SECRET"], name);
    const provider = simulatorTelephony({ url: SIMULATOR_URL!, secret: SIMULATOR_SECRET! });
    const rate = callsPerSecond(env, 0);
    return rate > 0 ? rateLimited(provider, { bucket: `simulator:${SIMULATOR_URL}`, callsPerSecond: rate }) : provider;
  }
  if (name === "twilio") {
    const vars = required(env, ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "PUBLIC_URL"], name);
    const provider = twilioTelephony({
      accountSid: vars.TWILIO_ACCOUNT_SID!,
      authToken: vars.TWILIO_AUTH_TOKEN!,
      from: vars.TWILIO_FROM!,
      publicUrl: vars.PUBLIC_URL!,
      answerTwiml: env.TWILIO_ANSWER_TWIML || undefined,
      apiBaseUrl: env.TWILIO_API_URL || undefined,
    });
    const rate = callsPerSecond(env, 1);
    return rate > 0 ? rateLimited(provider, { bucket: `twilio:${vars.TWILIO_ACCOUNT_SID}`, callsPerSecond: rate }) : provider;
  }
  throw new TelephonyConfigError(`TELEPHONY_PROVIDER must be one of ${telephonyProviders.join(", ")}, got ${JSON.stringify(name)}.`);
}

let current: TelephonyProvider | undefined;

/** Sets the provider the engine dials through (the local host and tests); undefined resets to the env. */
export function configureTelephony(provider: TelephonyProvider | undefined): void {
  current = provider;
}

/** The configured provider; on Lambda, built from the environment on first use. */
export function useTelephony(): TelephonyProvider {
  return (current ??= telephonyFromEnv());
}

/** The provider the environment names (`TELEPHONY_PROVIDER`, default simulator), without building it. */
export function telephonyProviderName(env: NodeJS.ProcessEnv = process.env): string {
  return env.TELEPHONY_PROVIDER || "simulator";
}

/** Twilio's Calls API for the voice-leg webhooks (the voicemail drop redirects a live call). */
export function twilioFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const vars = required(env, ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM", "PUBLIC_URL"], "twilio");
  return twilioTelephony({
    accountSid: vars.TWILIO_ACCOUNT_SID!,
    authToken: vars.TWILIO_AUTH_TOKEN!,
    from: vars.TWILIO_FROM!,
    publicUrl: vars.PUBLIC_URL!,
    apiBaseUrl: env.TWILIO_API_URL || undefined,
  });
}

/** What the console's softphone needs to mint Access Tokens (docs/telephony.md, "Twilio setup"). */
export const twilioVoiceTokenSettings = ["TWILIO_ACCOUNT_SID", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET", "TWILIO_TWIML_APP_SID"] as const;

/** The settings for Twilio Access Tokens, or the names of those missing. */
export function twilioVoiceTokenConfig(env: NodeJS.ProcessEnv = process.env):
  | { ok: true; accountSid: string; apiKeySid: string; apiKeySecret: string; twimlAppSid: string }
  | { ok: false; missing: string[] } {
  const missing: string[] = twilioVoiceTokenSettings.filter((name) => !env[name]);
  if (telephonyProviderName(env) !== "twilio") missing.unshift("TELEPHONY_PROVIDER=twilio");
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, accountSid: env.TWILIO_ACCOUNT_SID!, apiKeySid: env.TWILIO_API_KEY_SID!, apiKeySecret: env.TWILIO_API_KEY_SECRET!, twimlAppSid: env.TWILIO_TWIML_APP_SID! };
}
