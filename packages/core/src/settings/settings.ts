import { useActor } from "../actor";
import { ForbiddenError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { parse } from "../validation";
export { languages, UpdateSettingsInput } from "./schemas";
import { languages, UpdateSettingsInput } from "./schemas";

/**
 * Organization settings: the pause reasons operators choose from, the recording default, the
 * organization's language, the default wrap-up time for new call lists and the company name the
 * callee hears when no operator can be connected. One row; admins edit it, everyone reads it.
 */
export const defaultPauseReasons = ["break", "training", "after-call-work", "other"] as const;
/** How long call recordings are kept unless an admin sets otherwise. */
export const DEFAULT_RECORDING_RETENTION_DAYS = 365;

export interface OrganizationSettings {
  pauseReasons: string[];
  recordingDefault: boolean;
  /** Call recordings older than this many days are deleted (the recordings retention job). */
  recordingRetentionDays: number;
  /** Played to both parties once the operator is connected, on recorded calls ("this call may be recorded"). */
  recordingAnnouncement?: string;
  defaultLanguage: (typeof languages)[number];
  /** ISO 3166 country of the organization's phone numbers (DEFAULT_COUNTRY at deploy; read-only): the console shows them in national format. */
  country: string;
  /** Default wrap-up time (seconds) of new call lists; a list's own setting wins. */
  wrapUpSeconds?: number;
  /** Named in the short message a callee hears when their operator cannot be connected. */
  companyName?: string;
  /** Days a call stays in the call log (calls/). */
  callLogRetentionDays: number;
  version: number;
  updatedAt?: string;
}

const KEY = { scope: "organization" };

/** The country numbers are read for when they carry no +code: a deployment setting, not an admin's. */
export function organizationCountry(): string {
  return (process.env.DEFAULT_COUNTRY || "RU").toUpperCase();
}
/** Two years: the call log outlives the 30-day inbound-call rows by far. */
export const DEFAULT_CALL_LOG_RETENTION_DAYS = 730;

/** The settings as stored, with defaults for what was never set. Anyone signed in may read them. */
export async function read(): Promise<OrganizationSettings> {
  const { data } = await useStorage().service.entities.organizationSettings.get(KEY).go();
  return {
    pauseReasons: data?.pauseReasons?.length ? data.pauseReasons : [...defaultPauseReasons],
    recordingDefault: data?.recordingDefault ?? false,
    recordingRetentionDays: data?.recordingRetentionDays ?? DEFAULT_RECORDING_RETENTION_DAYS,
    ...(data?.recordingAnnouncement ? { recordingAnnouncement: data.recordingAnnouncement } : {}),
    defaultLanguage: data?.defaultLanguage ?? "ru",
    country: organizationCountry(),
    ...(data?.wrapUpSeconds ? { wrapUpSeconds: data.wrapUpSeconds } : {}),
    ...(data?.companyName ? { companyName: data.companyName } : {}),
    callLogRetentionDays: data?.callLogRetentionDays ?? DEFAULT_CALL_LOG_RETENTION_DAYS,
    version: data?.version ?? 0,
    ...(data?.updatedAt ? { updatedAt: data.updatedAt } : {}),
  };
}

let cache: { atMs: number; settings: Promise<OrganizationSettings> } | undefined;
/** For the engine (one read per dial otherwise): the settings as read within the last 30 s. */
export function cached(): Promise<OrganizationSettings> {
  const at = Date.now();
  if (!cache || at - cache.atMs > 30_000) cache = { atMs: at, settings: read() };
  return cache.settings;
}

export async function get(): Promise<OrganizationSettings> {
  useActor();
  return read();
}

/** Admins change any subset; the write is an upsert that moves the version (last writer wins per field). */
export async function update(input: UpdateSettingsInput): Promise<OrganizationSettings> {
  const actor = useActor();
  if (actor.type === "user" && actor.role !== "admin") throw new ForbiddenError("Only admins change the organization's settings.");
  const parsed = parse(UpdateSettingsInput, input);
  const changes = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
  await useStorage()
    .service.entities.organizationSettings.update(KEY)
    .set({ ...changes, updatedAt: now().toISOString(), ...(actor.type === "user" ? { updatedBy: actor.userId } : {}) })
    .add({ version: 1 })
    .go();
  cache = undefined;
  return read();
}
