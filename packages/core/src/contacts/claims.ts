/**
 * Value claims: how two writes that give contacts the same phone, email or messenger handle at
 * the same moment are serialized (issue 15, item 2). The duplicate check alone is a read before
 * the write, so 20 parallel creates all read "nobody" and all wrote.
 *
 * The protocol, for every write that ADDS a claimed value to a live contact:
 * 1. read the value's claim (one BatchGetItem for all values, consistent, in the same parallel
 *    round trip as the lookup Queries): its `version` and `holders`;
 * 2. decide on what was read (409, match the holder, skip, queue the pair, …);
 * 3. write the contact in ONE TransactWriteItems that also sets the claim to `version + 1` with
 *    the holders it had plus the contact, on the condition `version = <read>` (or
 *    `attribute_not_exists` when there was no claim).
 * Of two writes that read the same version, the second one's condition fails (TransactionCanceled,
 * ConditionalCheckFailed on the claim item): nothing of it is written, and it checks again, now
 * seeing the first one's contact among the holders. Writes that only REMOVE a value (trash,
 * update, merge) take the contact out of `holders` and bump the version without a condition
 * (they never need to wait, and a concurrent adder's condition then fails and re-reads).
 *
 * Holders are authoritative for values claimed since the claims exist; for a value stored
 * before (no claim yet, or a claim that does not list an old holder) the lookup Query still
 * finds the old holder, so a check unites both (`findClaimedMatches`). Migration 5 writes the
 * claims of every live contact's values (`npm run migrate`).
 */
import { useStorage } from "../storage";
import { appliedMigration } from "../storage/migration-marker";
import { TransactionConflictError } from "../storage/transaction";
import { messengerKey } from "./match-keys";
import type { ClaimKind } from "./value-claim.entity";

export type { ClaimKind } from "./value-claim.entity";

export interface ClaimKey {
  kind: ClaimKind;
  value: string;
}

/** What a claim held when it was read: no `version` means there was no claim item. */
export interface ClaimState {
  version?: number;
  holders: string[];
}

export type ClaimSnapshot = Map<string, ClaimState>;

export const claimId = (key: ClaimKey) => `${key.kind}:${key.value}`;

const messengerKinds = ["telegram", "whatsapp", "viber"] as const;

/** The claimed values of a contact (or of input about to become one): normalized, once each. */
export function claimKeysOf(contact: { phones?: readonly { number: string }[]; emails?: readonly ({ address: string } | string)[]; messengers?: { telegram?: string; whatsapp?: string; viber?: string } }): ClaimKey[] {
  const keys = new Map<string, ClaimKey>();
  const add = (kind: ClaimKind, value: string) => {
    if (value) keys.set(claimId({ kind, value }), { kind, value });
  };
  for (const phone of contact.phones ?? []) add("phone", phone.number);
  for (const email of contact.emails ?? []) add("email", (typeof email === "string" ? email : email.address).trim().toLowerCase());
  for (const kind of messengerKinds) {
    const handle = contact.messengers?.[kind];
    if (handle) add(kind, messengerKey(handle));
  }
  return [...keys.values()];
}

/** The data migration that made every live contact a holder of its values (migrations.ts). */
export const VALUE_CLAIMS_MIGRATION = 5;

// Tables known to have their claims complete (migrations never go back, so a yes is kept).
const completeTables = new Set<string>();

/**
 * Whether the claims alone answer "who holds this value?": once migration 5 has run, every live
 * contact is a holder of its values, and every write that adds a value since claims it in the
 * same transaction. Before (a deployed table `npm run migrate` has not seen yet), a value stored
 * earlier may have no claim, and only its lookup row finds its holder.
 */
export async function claimsAreComplete(): Promise<boolean> {
  const { table } = useStorage();
  if (completeTables.has(table)) return true;
  const complete = (await appliedMigration()) >= VALUE_CLAIMS_MIGRATION;
  if (complete) completeTables.add(table);
  return complete;
}

/** BatchGetItem requests of one claims read in flight at once (100 values each). */
const CLAIM_READ_CONCURRENCY = 8;

/** The claims of these values, read consistently (one BatchGetItem per 100 values, several in flight). */
export async function readClaims(keys: readonly ClaimKey[]): Promise<ClaimSnapshot> {
  const snapshot: ClaimSnapshot = new Map(keys.map((key) => [claimId(key), { holders: [] }]));
  if (keys.length === 0) return snapshot;
  const { service } = useStorage();
  const unique = [...new Map(keys.map((key) => [claimId(key), { kind: key.kind, value: key.value }])).values()];
  const result = await service.entities.valueClaim.get(unique).go({ consistent: true, concurrent: CLAIM_READ_CONCURRENCY });
  if (result.unprocessed.length > 0) {
    // Rare (throttling): read the rest one by one rather than decide on a partial snapshot.
    for (const key of result.unprocessed as ClaimKey[]) {
      const one = await service.entities.valueClaim.get(key).go({ consistent: true });
      if (one.data) result.data.push(one.data as never);
    }
  }
  for (const item of result.data as { kind: ClaimKind; value: string; version: number; holders?: string[] }[]) {
    snapshot.set(claimId(item), { version: item.version, holders: [...(item.holders ?? [])].sort() });
  }
  return snapshot;
}

/** One claim's change in a transaction: contacts that gain the value and contacts that lose it. */
export interface ClaimChange {
  key: ClaimKey;
  add: string[];
  remove: string[];
}

/**
 * The claim changes of contacts whose values go from `before` to `after` (a create: no
 * `before`; a trash: no `after`), one change per value however many contacts it concerns.
 */
export function claimChanges(sides: { contactId: string; before?: readonly ClaimKey[]; after?: readonly ClaimKey[] }[]): ClaimChange[] {
  const changes = new Map<string, ClaimChange>();
  const changeOf = (key: ClaimKey) => {
    const id = claimId(key);
    if (!changes.has(id)) changes.set(id, { key, add: [], remove: [] });
    return changes.get(id)!;
  };
  for (const { contactId, before = [], after = [] } of sides) {
    const had = new Set(before.map(claimId));
    const has = new Set(after.map(claimId));
    for (const key of after) if (!had.has(claimId(key))) changeOf(key).add.push(contactId);
    for (const key of before) if (!has.has(claimId(key))) changeOf(key).remove.push(contactId);
  }
  // A contact that loses and another that gains the same value in one write (a merge) is one change.
  return [...changes.values()].filter((change) => change.add.length > 0 || change.remove.length > 0);
}

/** The values whose claims must be read before the write (the ones some contact gains). */
export const keysToRead = (changes: readonly ClaimChange[]) => changes.filter((change) => change.add.length > 0).map((change) => change.key);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Tx = any;

/**
 * The claim items of one transaction, to be placed FIRST in it (so `lostClaim` can tell a lost
 * claim from the other conditions by position). A change whose claim is in `snapshot` is
 * conditioned on the version read and sets the holders it computes from it. A change not read
 * is unconditioned — `ADD version 1` and `ADD`/`DELETE holders` — for writes that decide
 * nothing on the holders (removing a value; a create with no duplicate policy): it still bumps
 * the version, so a concurrent write that did decide fails its condition and checks again.
 */
export function claimWrites(tx: Tx, changes: readonly ClaimChange[], snapshot: ClaimSnapshot = new Map()): unknown[] {
  return changes.map((change) => {
    const { kind, value } = change.key;
    const read = snapshot.get(claimId(change.key));
    if (!read) {
      if (change.add.length > 0 && change.remove.length > 0) throw new Error(`The claim on ${claimId(change.key)} must be read before a write that moves it between contacts.`);
      const bump = tx.valueClaim.update({ kind, value }).add(change.add.length > 0 ? { version: 1, holders: change.add } : { version: 1 });
      return (change.remove.length > 0 ? bump.delete({ holders: change.remove }) : bump).commit();
    }
    const holders = [...new Set([...read.holders.filter((id) => !change.remove.includes(id)), ...change.add])].sort();
    const write = tx.valueClaim.update({ kind, value }).set({ version: (read.version ?? 0) + 1, holders });
    return (read.version === undefined
      ? write.where(({ version }: Tx, { notExists }: Tx) => notExists(version))
      : write.where(({ version }: Tx, { eq }: Tx) => eq(version, read.version))
    ).commit();
  });
}

/** A write lost the race for a value: another write changed its claim after the check read it. */
export class ClaimLostError extends Error {
  override name = "ClaimLostError";
  constructor(readonly keys: ClaimKey[]) {
    super(`Another write claimed ${keys.map(claimId).join(", ")} first.`);
  }
}

/**
 * A cancelled transaction whose first `changes.length` items are claim writes: the claims whose
 * condition failed, as a ClaimLostError; any other error is returned as it was.
 */
export function lostClaim(error: unknown, changes: readonly ClaimChange[]): unknown {
  if (!(error instanceof TransactionConflictError)) return error;
  const lost = changes.filter((_, index) => error.reasons[index] === "ConditionalCheckFailed").map((change) => change.key);
  return lost.length > 0 ? new ClaimLostError(lost) : error;
}

/**
 * Who else held the values `contactId` gains, by the snapshot its write was conditioned on
 * (so nobody who got there first is missed): for the duplicate queue.
 */
export function otherHolders(snapshot: ClaimSnapshot, changes: readonly ClaimChange[], contactId: string): { contactId: string; on: ClaimKey[] }[] {
  const others = new Map<string, ClaimKey[]>();
  for (const change of changes) {
    if (!change.add.includes(contactId)) continue;
    for (const holder of snapshot.get(claimId(change.key))?.holders ?? []) {
      if (holder === contactId || change.remove.includes(holder)) continue;
      others.set(holder, [...(others.get(holder) ?? []), change.key]);
    }
  }
  return [...others].map(([holder, on]) => ({ contactId: holder, on }));
}

/** Jittered wait before a write that lost a claim checks again (many writers for one value take turns). */
export const claimBackoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/** How often a write re-checks after losing a claim before it answers 409 "try again" (never forever). */
export const CLAIM_ATTEMPTS = 40;
