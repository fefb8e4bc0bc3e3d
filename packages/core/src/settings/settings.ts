import * as v from "valibot";
import { useActor } from "../actor";
import { ForbiddenError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { parse } from "../validation";

/**
 * Organization settings: the pause reasons operators choose from, the recording default, the
 * organization's language, the default wrap-up time for new call lists and the company name the
 * callee hears when no operator can be connected. One row; admins edit it, everyone reads it.
 */
export const defaultPauseReasons = ["break", "training", "after-call-work", "other"] as const;
export const languages = ["ru", "ro", "en"] as const;

export interface OrganizationSettings {
  pauseReasons: string[];
  recordingDefault: boolean;
  defaultLanguage: (typeof languages)[number];
  /** Default wrap-up time (seconds) of new call lists; a list's own setting wins. */
  wrapUpSeconds?: number;
  /** Named in the short message a callee hears when their operator cannot be connected. */
  companyName?: string;
  version: number;
  updatedAt?: string;
}

const PauseReason = v.pipe(
  v.string("Must be text."),
  v.trim(),
  v.minLength(1, "A pause reason cannot be empty."),
  v.maxLength(40, "At most 40 characters."),
  v.regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, "Letters, digits, spaces, - and _ only."),
);

export const UpdateSettingsInput = v.strictObject(
  {
    pauseReasons: v.optional(
      v.pipe(
        v.array(PauseReason, "Must be a list of reasons."),
        v.minLength(1, "Keep at least one pause reason."),
        v.maxLength(20, "At most 20 pause reasons."),
        v.check((reasons) => new Set(reasons).size === reasons.length, "Each reason once."),
      ),
    ),
    recordingDefault: v.optional(v.boolean("Must be true or false.")),
    defaultLanguage: v.optional(v.picklist(languages, `One of: ${languages.join(", ")}.`)),
    wrapUpSeconds: v.optional(v.pipe(v.number("Must be a number of seconds."), v.integer("Whole seconds."), v.minValue(10, "At least 10 seconds."), v.maxValue(3600, "At most an hour."))),
    companyName: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(120, "At most 120 characters."))),
  },
  "Unknown setting: use pauseReasons, recordingDefault, defaultLanguage, wrapUpSeconds or companyName.",
);
export type UpdateSettingsInput = v.InferInput<typeof UpdateSettingsInput>;

const KEY = { scope: "organization" };

/** The settings as stored, with defaults for what was never set. Anyone signed in may read them. */
export async function read(): Promise<OrganizationSettings> {
  const { data } = await useStorage().service.entities.organizationSettings.get(KEY).go();
  return {
    pauseReasons: data?.pauseReasons?.length ? data.pauseReasons : [...defaultPauseReasons],
    recordingDefault: data?.recordingDefault ?? false,
    defaultLanguage: data?.defaultLanguage ?? "ru",
    ...(data?.wrapUpSeconds ? { wrapUpSeconds: data.wrapUpSeconds } : {}),
    ...(data?.companyName ? { companyName: data.companyName } : {}),
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
