import { providerRequest } from "./http";

/** A recording's audio as the provider serves it. */
export interface RecordingAudio {
  bytes: Uint8Array;
  contentType: string;
}

/**
 * The provider side of call recordings: fetch the audio once (we keep our own copy) and delete it
 * there, so no recording stays at the provider longer than the copy takes.
 */
export interface ProviderRecordings {
  readonly provider: string;
  download(recordingId: string): Promise<RecordingAudio>;
  /** Deletes the provider's copy; one already gone counts as deleted. */
  delete(recordingId: string): Promise<void>;
}

/** Twilio's Recordings API (`/Recordings/{Sid}.wav`, DELETE `/Recordings/{Sid}.json`), basic auth. */
export function twilioRecordings(options: { accountSid: string; authToken: string; apiBaseUrl?: string; timeoutMs?: number; fetch?: typeof fetch }): ProviderRecordings {
  const base = `${(options.apiBaseUrl ?? "https://api.twilio.com").replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Recordings`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
  // Built from the SID, never from the callback's RecordingUrl: our credentials go to Twilio only.
  const url = (recordingId: string, extension: string) => `${base}/${encodeURIComponent(recordingId)}.${extension}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    provider: "twilio",
    async download(recordingId) {
      const response = await providerRequest("twilio", url(recordingId, "wav"), { method: "GET", headers: { authorization }, timeoutMs }, options.fetch);
      return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: "audio/wav" };
    },
    async delete(recordingId) {
      try {
        await providerRequest("twilio", url(recordingId, "json"), { method: "DELETE", headers: { authorization }, timeoutMs }, options.fetch);
      } catch (error) {
        if (/answered 404/.test((error as Error).message)) return;
        throw error;
      }
    },
  };
}

/** The local simulator's recordings (`GET`/`DELETE /recordings/{id}`), bearer secret. */
export function simulatorRecordings(options: { url: string; secret: string; timeoutMs?: number; fetch?: typeof fetch }): ProviderRecordings {
  const base = `${options.url.replace(/\/+$/, "")}/recordings`;
  const headers = { authorization: `Bearer ${options.secret}` };
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    provider: "simulator",
    async download(recordingId) {
      const response = await providerRequest("simulator", `${base}/${encodeURIComponent(recordingId)}`, { method: "GET", headers, timeoutMs }, options.fetch);
      return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get("content-type") ?? "audio/wav" };
    },
    async delete(recordingId) {
      try {
        await providerRequest("simulator", `${base}/${encodeURIComponent(recordingId)}`, { method: "DELETE", headers, timeoutMs }, options.fetch);
      } catch (error) {
        if (/answered 404/.test((error as Error).message)) return;
        throw error;
      }
    },
  };
}

const configured = new Map<string, ProviderRecordings>();

/** Sets a provider's recordings client (the local host, tests); undefined goes back to the env. */
export function configureProviderRecordings(provider: string, recordings: ProviderRecordings | undefined): void {
  if (recordings) configured.set(provider, recordings);
  else configured.delete(provider);
}

/** The provider's recordings client: configured, else built from the environment (Lambda). */
export function providerRecordings(provider: string, env: NodeJS.ProcessEnv = process.env): ProviderRecordings {
  const known = configured.get(provider);
  if (known) return known;
  if (provider === "twilio" && env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN) {
    return twilioRecordings({ accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, apiBaseUrl: env.TWILIO_API_URL || undefined });
  }
  if (provider === "simulator" && env.SIMULATOR_URL && env.SIMULATOR_SECRET) return simulatorRecordings({ url: env.SIMULATOR_URL, secret: env.SIMULATOR_SECRET });
  throw new Error(`No recordings client for telephony provider ${provider}.`);
}
