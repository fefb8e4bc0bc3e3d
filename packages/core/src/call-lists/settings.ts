import * as v from "valibot";
import { SCRIPT_MAX_LENGTH, unknownPlaceholderMessage, unknownPlaceholders } from "./script";

const clockTime = v.pipe(
  v.string("Must be a time such as 09:00."),
  v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Must be a time such as 09:00 (24-hour clock)."),
);

const minutes = (fallback: number) =>
  v.optional(v.pipe(v.number("Must be a number of minutes."), v.integer("Whole minutes."), v.minValue(1, "At least 1 minute."), v.maxValue(7 * 24 * 60, "At most a week.")), fallback);

/** The list's call script (script.ts): at most 4000 characters, only our placeholders. */
export const ScriptSetting = v.pipe(
  v.string("Must be text."),
  v.maxLength(SCRIPT_MAX_LENGTH, `At most ${SCRIPT_MAX_LENGTH} characters.`),
  v.rawCheck<string>(({ dataset, addIssue }) => {
    const unknown = dataset.typed ? unknownPlaceholders(dataset.value) : [];
    if (unknown.length) addIssue({ message: unknownPlaceholderMessage(unknown) });
  }),
);

/** A list's dialing rules; every field has the default a call centre would expect. */
export const CallListSettings = v.pipe(
  v.strictObject(
    {
      ringTimeoutSeconds: v.optional(v.pipe(v.number("Must be a number of seconds."), v.integer("Whole seconds."), v.minValue(5, "At least 5 seconds."), v.maxValue(120, "At most 120 seconds.")), 30),
      maxAttempts: v.optional(v.pipe(v.number("Must be a number."), v.integer("A whole number."), v.minValue(1, "At least 1."), v.maxValue(10, "At most 10.")), 3),
      retryDelayMinutes: v.optional(
        v.strictObject(
          { busy: minutes(5), noAnswer: minutes(30), failed: minutes(15), machine: minutes(30) },
          "Unknown outcome: use busy, noAnswer, failed or machine.",
        ),
        {},
      ),
      callWindow: v.optional(
        v.pipe(
          v.strictObject({ start: clockTime, end: clockTime }, "Unknown field: use start and end."),
          v.check((window) => window.start < window.end, "The window must start before it ends."),
        ),
        { start: "09:00", end: "21:00" },
      ),
      wrapUpTimeoutSeconds: v.optional(v.pipe(v.number("Must be a number of seconds."), v.integer("Whole seconds."), v.minValue(10, "At least 10 seconds."), v.maxValue(3600, "At most an hour.")), 300),
      /**
       * At most this many calls at once (one line per ready operator). Absent: as many as the list
       * has operators (at most 40, Step Functions' inline Map concurrency); 1 dials one at a time.
       */
      maxLines: v.optional(v.pipe(v.number("Must be a number."), v.integer("A whole number."), v.minValue(1, "At least 1."), v.maxValue(40, "At most 40."))),
      /** Record this list's calls; absent: the organization's `recordingDefault`. */
      record: v.optional(v.boolean("Must be true or false.")),
      /**
       * What the operator says, shown in the pop with `{firstName}`, `{company}`… filled in
       * (script.ts); an unknown placeholder is refused so a typo never reaches a call.
       */
      script: v.optional(ScriptSetting),
      /** Entries one Step Functions execution handles before it starts its successor (history limit). */
      entriesPerExecution: v.optional(v.pipe(v.number("Must be a number."), v.integer("A whole number."), v.minValue(1, "At least 1."), v.maxValue(500, "At most 500.")), 200),
    },
    "Unknown setting.",
  ),
);
export type CallListSettings = v.InferOutput<typeof CallListSettings>;

export function defaultSettings(): CallListSettings {
  return v.parse(CallListSettings, {});
}

/** Minutes to wait before retrying after this outcome. */
export function retryDelayMinutes(settings: CallListSettings, outcome: "no-answer" | "busy" | "failed" | "machine"): number {
  const delays = settings.retryDelayMinutes as Required<CallListSettings["retryDelayMinutes"]>;
  return { "no-answer": delays.noAnswer, busy: delays.busy, failed: delays.failed, machine: delays.machine }[outcome];
}
