/** The operator's presence requests. */
import * as v from "valibot";

export const SetPresenceInput = v.pipe(
  v.strictObject(
    {
      state: v.picklist(["ready", "paused"] as const, "One of: ready, paused (the engine sets the other states)."),
      reason: v.optional(v.pipe(v.string("Must be text."), v.maxLength(40, "At most 40 characters."))),
      pauseAfterCall: v.optional(v.boolean("Must be true or false.")),
    },
    "Unknown field: use state, reason and pauseAfterCall.",
  ),
  v.forward(
    v.check((input) => input.state === "paused" || input.reason === undefined, "A reason goes with the paused state only."),
    ["reason"],
  ),
  v.forward(
    v.check((input) => input.state !== "paused" || Boolean(input.reason), "Say why: one of the organization's pause reasons."),
    ["reason"],
  ),
);
export type SetPresenceInput = v.InferInput<typeof SetPresenceInput>;
