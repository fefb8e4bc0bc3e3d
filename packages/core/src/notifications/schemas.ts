/** Notifications: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";

export const ListNotificationsInput = v.strictObject(
  {
    limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,2}$/u, "A number from 1 to 50."), v.transform(Number), v.minValue(1, "At least 1."), v.maxValue(50, "At most 50.")), "20"),
    unread: v.optional(v.picklist(["true", "false"], "true or false.")),
  },
  "Unknown parameter: leave it out.",
);
