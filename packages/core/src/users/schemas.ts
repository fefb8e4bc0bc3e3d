/** Users: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";
import { EmailField, TextField } from "../contacts/fields";
import { RoleSchema } from "./roles";

/** A team is named by a short slug (`sales-north`); teams need no record of their own. */
export const TeamIdField = v.pipe(
  v.string("Must be text."),
  v.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "A team ID is 1–40 characters: lower-case letters, digits, - and _."),
);

export const PasswordField = v.pipe(
  v.string("Must be text."),
  v.minLength(10, "At least 10 characters."),
  v.maxLength(200, "At most 200 characters."),
);

/** The languages the console speaks (the same as the organization's `defaultLanguage`). */
export const consoleLanguages = ["ru", "ro", "en"] as const;

export const CreateUserInput = v.strictObject({
  email: EmailField,
  name: TextField(100),
  role: RoleSchema,
  password: PasswordField,
  teamId: v.optional(TeamIdField),
});

/**
 * `PATCH /v1/users/{userId}` (admins): any of a team (`null`: no team), a role, active or not.
 * Fields left out stay as they are.
 */
export const UpdateUserInput = v.strictObject(
  {
    teamId: v.optional(v.nullable(TeamIdField)),
    role: v.optional(RoleSchema),
    active: v.optional(v.boolean("true or false.")),
  },
  "Unknown field: leave it out.",
);
export type UpdateUserInput = v.InferInput<typeof UpdateUserInput>;

/**
 * `PATCH /v1/me`: what users set on their own profile. `phone` (E.164, `null` clears it): an
 * operator without a headset takes list calls there (Twilio bridges with `<Dial><Number>`).
 */
export const UpdateMeInput = v.strictObject(
  {
    phone: v.optional(v.nullable(v.pipe(v.string("Must be text."), v.trim(), v.regex(/^\+[1-9]\d{6,14}$/, "An E.164 number, e.g. +15551234567.")))),
    /** `null` goes back to the browser's language, then the organization default. */
    language: v.optional(v.nullable(v.picklist(consoleLanguages, `One of: ${consoleLanguages.join(", ")}.`))),
  },
  "Unknown field: use phone or language.",
);
export type UpdateMeInput = v.InferInput<typeof UpdateMeInput>;
