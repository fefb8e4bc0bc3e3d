import * as v from "valibot";
import { presenceStates } from "@callboard/core/presence/presence.entity";

/** An operator's presence as the API answers it. */
export const PresenceView = v.object({
  userId: v.string(),
  state: v.picklist(presenceStates),
  since: v.string(),
  reason: v.optional(v.string()),
  heartbeatAt: v.optional(v.string()),
  wrapUpEndsAt: v.optional(v.string()),
  pauseAfterCall: v.optional(v.boolean()),
  current: v.optional(v.object({ listId: v.optional(v.string()), entryId: v.optional(v.string()), callId: v.string() })),
});
