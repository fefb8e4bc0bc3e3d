import * as v from "valibot";
import { ForbiddenError } from "../errors";

export const roles = ["admin", "manager", "sales", "marketeer", "operator"] as const;
export type Role = (typeof roles)[number];
export const RoleSchema = v.picklist(roles);

/** What each role may do, by action. Object-level visibility is decided per record elsewhere. */
const rights = {
  "users:manage": ["admin"],
  // Sales make call lists and pick their operators, so they read the user directory too.
  "users:read": ["admin", "manager", "sales"],
  "contacts:create": ["admin", "manager", "sales", "marketeer", "operator"],
  "contacts:read": ["admin", "manager", "sales", "marketeer", "operator"],
  "contacts:update": ["admin", "manager", "sales", "operator"],
  "contacts:delete": ["admin"],
  "contacts:restore": ["admin"],
  "contacts:readAll": ["admin"],
  "callLists:manage": ["admin", "manager", "sales"],
  "callLists:readAll": ["admin", "manager"],
  "callLists:work": ["admin", "manager", "sales", "operator"],
  "blockedNumbers:manage": ["admin", "manager"],
  /** Call reports across lists: managers (their team's calls) and admins (everyone's). */
  "reports:read": ["admin", "manager"],
} as const satisfies Record<string, readonly Role[]>;

export type Right = keyof typeof rights;

export function roleHas(role: Role, right: Right): boolean {
  return (rights[right] as readonly Role[]).includes(role);
}

/**
 * A role-level right; the object-level check (may this user see this record?) comes first.
 * Takes any actor by shape: actor.ts imports Role from here, so this file does not import it back.
 */
export function requireRight(actor: { type: "user"; role: Role } | { type: "system" }, right: Right): void {
  if (actor.type === "user" && !roleHas(actor.role, right)) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (${right}).`);
  }
}
