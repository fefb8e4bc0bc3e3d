import { createSubjects } from "@openauthjs/openauth/subject";
import * as v from "valibot";
import { RoleSchema } from "@callboard/core/users/roles";

/**
 * What an access token says about its bearer. The role and team ride in the token (15-minute
 * life), so a change by an admin takes effect at the next token refresh.
 */
export const subjects = createSubjects({
  user: v.object({ userId: v.string(), role: RoleSchema, teamId: v.optional(v.string()) }),
});
