import * as v from "valibot";
import { consoleLanguages } from "@callboard/core/users/schemas";
import { roles } from "@callboard/core/users/roles";

/** A user as the API answers it. */
export const UserView = v.object({
  userId: v.string(),
  email: v.string(),
  name: v.string(),
  role: v.picklist(roles),
  teamId: v.optional(v.string()),
  active: v.boolean(),
  createdAt: v.string(),
  phone: v.optional(v.string()),
  /** The console's language the user chose (absent: the browser's, then the organization default). */
  language: v.optional(v.picklist(consoleLanguages)),
});

/** A colleague in the directory every signed-in role may read. */
export const ColleagueView = v.object({ userId: v.string(), name: v.string(), email: v.string(), active: v.boolean() });
