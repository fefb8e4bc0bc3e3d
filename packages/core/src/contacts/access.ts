import type { Actor } from "../actor";
import { roleHas } from "../users/roles";

/**
 * Object-level visibility. First slice: admins see every contact, everyone else the contacts
 * they are responsible for (any of
 * `ownerIds`). Sharing and teams extend this one function.
 */
export function canSeeContact(actor: Actor, contact: { ownerId: string; ownerIds?: string[] }): boolean {
  if (actor.type === "system") return true;
  if (roleHas(actor.role, "contacts:readAll")) return true;
  return contact.ownerId === actor.userId || Boolean(contact.ownerIds?.includes(actor.userId));
}
