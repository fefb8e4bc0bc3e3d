/**
 * A contact's storage rows besides the contact row (lookup, audience and index rows, value
 * claims) and how one contact is loaded, checked and written: the helpers every write of the
 * feature (create, update, trash, merge, import) shares. See docs/access-patterns.md.
 */
import { useActor } from "../actor";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { committed } from "../storage/transaction";
import { requireRight } from "../users/roles";
import { Users } from "../users";
import { contactAccess, type ContactAccess } from "./access";
import { contactIndexEntities, heaviestField, type IndexedContact, type RowChanges } from "./index-rows";
import { indexWrites as engineIndexWrites, loadRaw as loadEngineRaw, MAX_TRANSACTION_ITEMS, parseId as parseEngineId, requireTransactionFits as requireFits, versionChecked } from "../listing";
import type { LookupKind } from "./contact.entity";
import { messengerKey, nameTokens } from "./match-keys";
import { claimBackoff, ClaimLostError, CLAIM_ATTEMPTS, keysToRead, lostClaim, otherHolders, readClaims, type ClaimChange, type ClaimSnapshot } from "./claims";
import { queuePairs } from "./pair-queue";
import { emailKey, isExpired, type Contact, type StoredContact } from "./model";

export type LookupRow = { kind: LookupKind; value: string; contactId: string; ownerId: string; name?: string };

/** The tokens a contact's name is matched by: first and last name, else a name a person typed. */
export const contactNameTokens = (contact: Pick<Contact, "firstName" | "lastName" | "displayName" | "nameSource">) =>
  contact.firstName || contact.lastName ? nameTokens(contact.firstName, contact.lastName) : contact.nameSource === "manual" ? nameTokens(contact.displayName) : [];

/** The lookup rows of a contact (see matching.ts): phones, emails, messenger handles, name tokens. */
export function lookupRows(contact: Pick<Contact, "contactId" | "ownerId" | "phones" | "emails" | "messengers" | "firstName" | "lastName" | "displayName" | "nameSource">): LookupRow[] {
  const owned = { contactId: contact.contactId, ownerId: contact.ownerId };
  const tokens = contactNameTokens(contact);
  const messengers = (["telegram", "whatsapp", "viber"] as const).flatMap((kind) => {
    const handle = contact.messengers?.[kind];
    const value = handle ? messengerKey(handle) : "";
    return value ? [{ kind, value, ...owned }] : [];
  });
  return [
    ...contact.phones.map((phone) => ({ kind: "phone" as const, value: phone.number, ...owned })),
    ...contact.emails.map((email) => ({ kind: "email" as const, value: emailKey(email.address), ...owned })),
    ...messengers,
    ...tokens.map((token) => ({ kind: "name" as const, value: token, name: tokens.join(" "), ...owned })),
  ];
}

/** Who a contact is listed for besides shared lists: its responsible managers and their teams. */
export function audiences(contact: Pick<Contact, "contactId" | "ownerIds" | "teamIds">): { audience: string; contactId: string }[] {
  return [
    ...contact.ownerIds.map((userId) => `owner:${userId}`),
    ...(contact.teamIds ?? []).map((teamId) => `team:${teamId}`),
  ].map((audience) => ({ audience, contactId: contact.contactId }));
}

export { MAX_TRANSACTION_ITEMS, versionChecked };

/**
 * Refuses (422, nothing written) a contact write whose transaction would exceed DynamoDB's
 * limit; names the input field that contributes most rows (tags, ownerIds, phones, emails).
 */
export const requireTransactionFits = (otherItems: number, changes: RowChanges, contact: IndexedContact): void =>
  requireFits(otherItems, changes, () => heaviestField(contact));

/** The contact index rows' writes of one transaction (see index-rows.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const indexWrites = (tx: any, changes: RowChanges): unknown[] => engineIndexWrites(tx, contactIndexEntities, changes);

export const parseId = (contactId: unknown): string => parseEngineId(contactId, "contactId", "contact");
export const loadRaw = (contactId: string) => loadEngineRaw<StoredContact>("contact", { contactId });

/** Merges a contact can go through before a lookup gives up (more means a loop). */
const MAX_MERGE_HOPS = 5;

/**
 * Where a contact lives now: its own ID while it is live; for one merged away, the contact it was
 * merged into (following later merges); undefined when it is in the trash (not merged) or gone.
 * For records that keep a contact ID across merges: chat handles, call-list entries. No access check.
 */
export async function liveContactId(contactId: string): Promise<string | undefined> {
  let current = contactId;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
    const contact = await loadRaw(current);
    if (!contact) return undefined;
    if (!contact.deletedAt) return current;
    if (!contact.mergedInto) return undefined;
    current = contact.mergedInto;
  }
  return undefined;
}

/**
 * A contact the actor may see and that is not in the trash, else NotFound (never Forbidden:
 * a contact the user may not see answers exactly like a missing one). With `needed: "write"`,
 * a contact the actor may only read is a 403 (they can see it, so nothing leaks).
 */
export async function loadVisible(contactId: string, needed: "read" | "write" = "read"): Promise<StoredContact> {
  return (await loadChecked(contactId, needed)).item;
}

export async function loadChecked(contactId: string, needed: "read" | "write"): Promise<{ item: StoredContact; access: ContactAccess }> {
  const actor = useActor();
  const item = await loadRaw(contactId);
  if (!item || item.deletedAt || isExpired(item)) throw new NotFoundError("Contact");
  const access = await contactAccess(actor, item, needed);
  if (!access.read) throw new NotFoundError("Contact");
  // Visibility first, then the role: a contact the user may not see is a 404 on every route.
  if (needed === "write") {
    requireRight(actor, "contacts:update");
    if (!access.write) throw new ForbiddenError("This contact is shared with you read-only.");
  }
  return { item, access };
}

/**
 * Responsible managers must be real, active users (one BatchGetItem); returns their teams.
 * `kept`: the contact's current managers, who stay valid even if deactivated since.
 */
export async function requireUsers(userIds: string[], field: string, kept: readonly string[] = []): Promise<string[]> {
  if (userIds.length === 0) return [];
  return teamsOf(await Users.requireAssignable(userIds, (index) => `${field}[${index}]`, { kept }));
}

export const teamsOf = (users: { teamId?: string }[]) => [...new Set(users.flatMap((user) => (user.teamId ? [user.teamId] : [])))].sort();

/** The composite attributes ElectroDB needs to keep the conditional list indexes right on a patch. */
export const indexComposites = (contact: Pick<Contact, "ownerId" | "companyId">) => ({
  scope: "contacts",
  ownerId: contact.ownerId,
  ...(contact.companyId ? { companyId: contact.companyId } : {}),
});

/**
 * The index composites an update does NOT set, as they are stored. ElectroDB needs them to
 * rebuild index keys, and it turns every composite into a condition (`attr = :value`), so
 * passing a new value here (a new primary owner, another company) would make the write fail.
 */
export const unchangedComposites = (current: Pick<Contact, "companyId">, set: Record<string, unknown>, remove: string[]) => ({
  scope: "contacts",
  ...(current.companyId && !("companyId" in set) && !remove.includes("companyId") ? { companyId: current.companyId } : {}),
});

/**
 * A TransactWriteItems whose first items are `claims` (claims.ts): a claim another write changed
 * since it was read is a ClaimLostError (nothing written); other failed conditions are a
 * VersionConflictError, contention on tag counts is retried (versionChecked).
 */
export async function claimedWrite(claims: readonly ClaimChange[], write: () => Promise<{ canceled: boolean; data: { rejected: boolean; code?: string }[] }>): Promise<void> {
  await versionChecked(async () => {
    try {
      return committed(await write());
    } catch (error) {
      throw lostClaim(error, claims);
    }
  });
}

/** Many writers kept taking the same value first: the caller may simply try again. */
export const tooManyClaimants = () => new ConflictError("Too many simultaneous changes give contacts the same phone, email or handle: try again.");

/**
 * A write that gives a contact values others may hold (update, restore, merge, undo): the
 * claims are read, the transaction is conditioned on them, and a claim another write took
 * meanwhile is read again and the transaction retried (the duplicate policy of these writes is
 * to queue the pair, never to refuse). Returns the snapshot the committed write was checked on.
 */
export async function claimedTransaction(
  claims: readonly ClaimChange[],
  write: (snapshot: ClaimSnapshot) => Promise<{ canceled: boolean; data: { rejected: boolean; code?: string }[] }>,
): Promise<ClaimSnapshot> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await readClaims(keysToRead(claims));
    try {
      await claimedWrite(claims, () => write(snapshot));
      return snapshot;
    } catch (error) {
      if (!(error instanceof ClaimLostError)) throw error;
      if (attempt >= CLAIM_ATTEMPTS) throw tooManyClaimants();
      await claimBackoff(attempt);
    }
  }
}

/** The other holders of values `contactId` just gained go to the admins' duplicate queue. */
export async function queueHolders(contactId: string, snapshot: ClaimSnapshot, claims: readonly ClaimChange[], except: readonly string[] = []): Promise<void> {
  const others = otherHolders(snapshot, claims, contactId).filter((holder) => !except.includes(holder.contactId));
  if (others.length === 0) return;
  await queuePairs(contactId, others.map(({ contactId: holder, on }) => ({ contactId: holder, strength: "strong" as const, on: on.map((key) => ({ signal: key.kind, value: key.value })) })));
}
