import { createSubjects } from "@openauthjs/openauth/subject";
import * as v from "valibot";

/**
 * What an access token says about its bearer: who they are, nothing more. Role, team and
 * whether the account is still active are read from the users table on each request (cached
 * briefly per process: core/src/users/current.ts), so an admin's change does not wait for the
 * token to expire. Older tokens also carried `role`/`teamId`; they are ignored.
 */
export const subjects = createSubjects({
  user: v.object({ userId: v.string() }),
});

/** The token's `sub`: fixed per user, so the issuer can tell whose refresh token it is. */
export const userSubject = (userId: string) => `user:${userId}`;
export const userIdOfSubject = (subject: string): string | undefined => /^user:([0-9A-HJKMNP-TV-Z]{26})$/.exec(subject)?.[1];
