import { Entity } from "../storage/entity";
import { roles } from "./roles";

export const UserEntity = new Entity({
  model: { entity: "user", version: "1", service: "crm" },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    email: { type: "string", required: true },
    name: { type: "string", required: true },
    role: { type: roles, required: true },
    /** The team a user belongs to (set by an admin); managers see their team's contacts. */
    teamId: { type: "string" },
    /**
     * false: deactivated by an admin, so no sign-in and every API request a 401. Rows written
     * before deactivation existed have no value: read absent as active.
     */
    active: { type: "boolean", default: true },
    /** E.164: an operator without a headset takes list calls on this phone (`<Dial><Number>`). */
    phone: { type: "string" },
    /** The console's language the user chose (profile menu); absent: the browser's, then the organization's. */
    language: { type: ["ru", "ro", "en"] as const },
    passwordHash: { type: "string", required: true, hidden: false },
    createdAt: { type: "string", required: true, readOnly: true },
    /** Constant partition for the admin's user list (a few hundred users at most). */
    directory: { type: "string", required: true, default: () => "users", hidden: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["userId"] }, sk: { field: "sk", composite: [] } },
    directory: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["directory"] },
      sk: { field: "gsi1sk", composite: ["email"] },
    },
  },
});

/** Claims an email for one user: written in the same transaction, so two users can't share it. */
export const UserEmailEntity = new Entity({
  model: { entity: "userEmail", version: "1", service: "crm" },
  attributes: {
    email: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["email"] }, sk: { field: "sk", composite: [] } },
  },
});
