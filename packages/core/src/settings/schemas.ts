/** Organization settings: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";

const PauseReason = v.pipe(
  v.string("Must be text."),
  v.trim(),
  v.minLength(1, "A pause reason cannot be empty."),
  v.maxLength(40, "At most 40 characters."),
  v.regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, "Letters, digits, spaces, - and _ only."),
);

export const languages = ["ru", "ro", "en"] as const;

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
    recordingRetentionDays: v.optional(v.pipe(v.number("Must be a number of days."), v.integer("Whole days."), v.minValue(1, "At least 1 day."), v.maxValue(3650, "At most 10 years."))),
    /** Empty text clears the announcement. */
    recordingAnnouncement: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(500, "At most 500 characters."))),
    defaultLanguage: v.optional(v.picklist(languages, `One of: ${languages.join(", ")}.`)),
    wrapUpSeconds: v.optional(v.pipe(v.number("Must be a number of seconds."), v.integer("Whole seconds."), v.minValue(10, "At least 10 seconds."), v.maxValue(3600, "At most an hour."))),
    companyName: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(120, "At most 120 characters."))),
    callLogRetentionDays: v.optional(v.pipe(v.number("Must be a number of days."), v.integer("Whole days."), v.minValue(30, "At least 30 days (inbound call rows are kept that long)."), v.maxValue(3650, "At most 10 years."))),
  },
  "Unknown setting: use pauseReasons, recordingDefault, recordingRetentionDays, recordingAnnouncement, defaultLanguage, wrapUpSeconds, companyName or callLogRetentionDays.",
);
export type UpdateSettingsInput = v.InferInput<typeof UpdateSettingsInput>;
