/** Jobs: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";

export const ListJobsInput = v.strictObject({
  limit: v.optional(v.pipe(v.unknown(), v.transform(Number), v.number("Must be a number."), v.integer("Must be a whole number."), v.minValue(1, "At least 1."), v.maxValue(50, "At most 50.")), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  /** `system`: housekeeping jobs (trash expiry, restore, the daily sweep); admins only. */
  scope: v.optional(v.picklist(["users", "system"], "Must be users or system."), "users"),
});
