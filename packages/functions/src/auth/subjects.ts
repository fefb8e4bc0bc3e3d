import { createSubjects } from "@openauthjs/openauth/subject";
import * as v from "valibot";
import { RoleSchema } from "@callboard/core/users/roles";

/** What an access token says about its bearer. The role rides in the token (15-minute life). */
export const subjects = createSubjects({
  user: v.object({ userId: v.string(), role: RoleSchema }),
});
