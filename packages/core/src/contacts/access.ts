import type { Actor } from "../actor";
import { roleHas } from "../users/roles";
import type { sharingModes } from "./contact.entity";
import { operatorReachable } from "./operator-access";

export type Sharing = (typeof sharingModes)[number];

/** What the access rules look at on a contact (all on the contact row: no extra request). */
export interface AccessFacts {
  contactId: string;
  ownerId: string;
  ownerIds?: string[];
  teamIds?: string[];
  sharing?: Sharing;
}

/**
 * What an actor may do with one contact:
 * - `read`: open the card, timeline and photo, comment;
 * - `write`: change fields and the photo;
 * - `manage`: also change who is responsible and how it is shared.
 * Deleting and restoring are role rights (admins) on top of this.
 */
export interface ContactAccess {
  read: boolean;
  write: boolean;
  manage: boolean;
}

const none: ContactAccess = { read: false, write: false, manage: false };
const readOnly: ContactAccess = { read: true, write: false, manage: false };
const readWrite: ContactAccess = { read: true, write: true, manage: false };
const full: ContactAccess = { read: true, write: true, manage: true };

/**
 * The rules that need nothing but the contact row and the token (seeds 001, 003, 004):
 * admins everything; responsible managers everything; a manager everything on contacts whose
 * responsible managers are in the manager's team; a shared contact is readable by everyone
 * and, when shared read-write, writable by everyone but operators (who get shared contacts
 * read-only). The operator's call-list rule needs a lookup: see `contactAccess`.
 */
export function directAccess(actor: Actor, contact: AccessFacts): ContactAccess {
  if (actor.type === "system") return full;
  if (roleHas(actor.role, "contacts:readAll")) return full;
  if (contact.ownerId === actor.userId || contact.ownerIds?.includes(actor.userId)) return full;
  if (actor.role === "manager" && actor.teamId && contact.teamIds?.includes(actor.teamId)) return full;
  if (contact.sharing === "write") return actor.role === "operator" ? readOnly : readWrite;
  if (contact.sharing === "read") return readOnly;
  return none;
}

/** Visible without any lookup (lists use it before the operator batch check). */
export function canSeeContact(actor: Actor, contact: AccessFacts): boolean {
  return directAccess(actor, contact).read;
}

/**
 * `directAccess` plus the operator rule: an operator may read and write a contact that is an
 * entry of a call list they are assigned to. That costs two requests (the operator's lists,
 * then one BatchGetItem of the entries), so it runs only for operators and only when the
 * direct rules do not already grant what is `needed`.
 */
export async function contactAccess(actor: Actor, contact: AccessFacts, needed: "read" | "write"): Promise<ContactAccess> {
  const direct = directAccess(actor, contact);
  if (direct[needed] || actor.type !== "user" || actor.role !== "operator") return direct;
  const reachable = await operatorReachable(actor.userId, [contact.contactId]);
  return reachable.has(contact.contactId) ? readWrite : direct;
}

/** The subset of `contacts` the actor may read, in order (one batch of operator lookups at most). */
export async function readable<T extends AccessFacts>(actor: Actor, contacts: T[]): Promise<T[]> {
  const hidden = contacts.filter((contact) => !canSeeContact(actor, contact));
  if (hidden.length === 0 || actor.type !== "user" || actor.role !== "operator") return contacts.filter((contact) => canSeeContact(actor, contact));
  const reachable = await operatorReachable(actor.userId, hidden.map((contact) => contact.contactId));
  return contacts.filter((contact) => canSeeContact(actor, contact) || reachable.has(contact.contactId));
}
