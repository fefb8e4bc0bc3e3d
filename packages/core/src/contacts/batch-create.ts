/**
 * Many new contacts at once, for imports: exactly the items `insert` (contacts.ts) writes for
 * each contact, written with BatchWriteItem instead of one TransactWriteItems per contact.
 * What the transaction guaranteed is kept by order and idempotency instead:
 * - every item is a put of a key fixed by the caller's contact ID (the `created` activity's ID
 *   derives from it), so writing a contact again writes the same items: a crashed batch is
 *   repaired by running it again;
 * - a batch goes in three waves: value claims with the lookup rows (so a re-run's duplicate
 *   check recognizes a half-written contact as its own), then the other satellites (audience
 *   and index rows, the activity), then the contact rows. A contact row therefore exists only
 *   once all its rows do, and "the contact row exists" means "complete" (`existingContactIds`);
 * - the first wave is NOT a BatchWriteItem: claiming a phone, email or handle must carry a
 *   condition (claims.ts), so the claims and lookup rows of a group of contacts go in one
 *   TransactWriteItems (≤ 100 items) conditioned on the claim versions read just before. A
 *   contact whose value another write claimed first is `lost` (duplicates "check": nothing of it
 *   is written, the caller checks it again) or takes its turn again ("allow");
 * - tag counts are not here: they are additions, not puts. The caller sums the batch's
 *   `tagDeltas` and applies them once per batch (`applyTagDeltasOnce` in tags.ts).
 */
import { createHash } from "node:crypto";
import { BatchGetCommand, BatchWriteCommand } from "../storage/libraries";
import * as v from "valibot";
import { useActor } from "../actor";
import { ConflictError, UnprocessableError, ValidationError } from "../errors";
import { useStorage } from "../storage";
import { cached as cachedSettings } from "../settings/settings";
import { committed, TransactionConflictError } from "../storage/transaction";
import { claimBackoff, claimChanges, claimId, claimKeysOf, claimWrites, CLAIM_ATTEMPTS, readClaims, type ClaimChange, type ClaimKey, type ClaimSnapshot } from "./claims";
import { tagDeltas, type TagDelta } from "../tags/tags";
import { newActivity } from "../timeline/activity";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import { buildNewContact, fromSource, newContactRowChanges, ownerTeams } from "./create";
import { resolveCompany } from "./company";
import type { Contact } from "./model";
import { audiences, lookupRows } from "./rows";
import { CreateFromSourceInput } from "./input";

type Item = Record<string, unknown>;

/** One new contact's items, split into the three waves, and its tag-count changes. */
export interface PlannedContact {
  contact: Contact;
  lookups: Item[];
  satellites: Item[];
  contactItem: Item;
  tagDeltas: TagDelta[];
}

export type PlanResult = { plan: PlannedContact } | { error: ValidationError | UnprocessableError };

/** BatchWriteItem takes at most 25 items; this many requests are in flight at once. */
export const BATCH_ITEMS = 25;
export const BATCH_CONCURRENCY = 16;
/** Unprocessed items are retried with backoff this many times before the batch fails. */
export const BATCH_ATTEMPTS = 10;

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The `created` activity's ID: the contact ID's time, then 80 bits of a hash of the contact ID. */
export function createdActivityId(contactId: string): string {
  const hash = createHash("sha256").update(`${contactId}:created`).digest();
  let random = "";
  for (let i = 0; i < 16; i++) random += CROCKFORD[hash[i]! % 32];
  return contactId.slice(0, 10) + random;
}

export type PlanInput = { input: v.InferInput<typeof CreateFromSourceInput>; contactId: string };

/**
 * The items of new contacts from intake input (as `createFromSource` takes it), each with the
 * caller's contact ID. Nothing is written. A row `createFromSource` would refuse gets the same
 * error (400 input, 422 too many rows for one contact) instead of a plan.
 */
export async function planFromSource(rows: PlanInput[], now = new Date()): Promise<PlanResult[]> {
  const plan = planner(now);
  return Promise.all(rows.map(plan));
}

/**
 * `planFromSource` one row at a time (an import plans each row as soon as its duplicate check
 * answers, while other rows' checks are in flight). The responsible managers are read once per
 * set of them, and a linked company once per company, not once per row (an import chunk's rows
 * share a few companies).
 */
export function planner(now = new Date()): (row: PlanInput) => Promise<PlanResult> {
  const actor = useActor();
  requireRight(actor, "contacts:create");
  const { service } = useStorage();
  const { entities } = service;
  const teams = new Map<string, Promise<string[]>>();
  const companies = new Map<string, ReturnType<typeof resolveCompany>>();
  const companyOf = (companyId: string) => {
    if (!companies.has(companyId)) companies.set(companyId, resolveCompany(companyId));
    return companies.get(companyId)!;
  };
  const teamsOf = (ownerIds: string[]) => {
    const key = ownerIds.join(",");
    if (!teams.has(key)) teams.set(key, ownerTeams(ownerIds));
    return teams.get(key)!;
  };
  const put = (entity: { put(item: never): { params(): unknown } }, item: unknown) => (entity.put(item as never).params() as { Item: Item }).Item;
  return async ({ input, contactId }) => {
    try {
      const parsed = parse(CreateFromSourceInput, input);
      // Automatic names ("Imported from «file»") in the organization's default language (issue 19).
      const { fields, options } = fromSource(parsed, await teamsOf(parsed.ownerIds), contactId, (await cachedSettings()).defaultLanguage);
      const { contact } = await buildNewContact(fields, options, now, companyOf);
      const indexChanges = newContactRowChanges(contact);
      const activity = { ...newActivity(contact.contactId, actor, "created", { source: options.activitySource, text: contact.displayName }, now), activityId: createdActivityId(contact.contactId) };
      return {
        plan: {
          contact,
          lookups: lookupRows(contact).map((row) => put(entities.contactLookup, row)),
          satellites: [
            ...audiences(contact).map((row) => put(entities.contactAudience, row)),
            ...indexChanges.putList.map((row) => put(entities.contactIndex, row)),
            ...indexChanges.putSearch.map((row) => put(entities.contactSearch, row)),
            put(entities.activity, activity),
          ],
          contactItem: put(entities.contact, contact),
          tagDeltas: tagDeltas([], contact.tags ?? []),
        },
      };
    } catch (error) {
      if (error instanceof ValidationError || error instanceof UnprocessableError) return { error };
      throw error;
    }
  };
}

/** Which of these contacts have their contact row (BatchGetItem, keys only): those are complete. */
export async function existingContactIds(contactIds: string[]): Promise<Set<string>> {
  const { service, table, clients } = useStorage();
  const found = new Set<string>();
  const keyOf = (contactId: string) => {
    const { Key } = service.entities.contact.get({ contactId }).params() as { Key: Item };
    return Key;
  };
  const idOf = new Map(contactIds.map((contactId) => [JSON.stringify(keyOf(contactId)), contactId]));
  const keys = [...idOf.keys()].map((key) => JSON.parse(key) as Item);
  await inParallel(chunks(keys, 100), BATCH_CONCURRENCY, async (batch) => {
    let pending: Item[] = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= BATCH_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${BATCH_ATTEMPTS} attempts.`);
      if (attempt > 0) await backoff(attempt);
      const result = await clients.doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ProjectionExpression: "pk, sk" } } }));
      for (const item of result.Responses?.[table] ?? []) {
        const contactId = idOf.get(JSON.stringify({ pk: item.pk, sk: item.sk }));
        if (contactId) found.add(contactId);
      }
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
    }
  });
  return found;
}

/**
 * Writes planned contacts in three waves (claims with lookups, other satellites, contact rows).
 * Wave 1 is conditional TransactWriteItems (`claimValues`); waves 2 and 3 are 25 items per
 * BatchWriteItem, 16 requests in flight, unprocessed items retried with backoff. On an error,
 * requests in flight settle first, then it is thrown; running the same plans again completes
 * the write. `duplicates`: "check" (default "allow") leaves out — and returns as `lost` — every
 * contact whose phone, email or handle another contact holds (by the claims read in wave 1);
 * the caller checks those again. `beforeContact` is called just before a contact row's request
 * is sent (tests use it to crash mid-batch). `claims`: a snapshot the caller's check already read
 * (consistently) for these contacts' values; the first round decides and conditions on it
 * instead of reading again (a claim changed since fails its condition, and the next round reads).
 */
export async function writePlanned(plans: PlannedContact[], options: { beforeContact?: (contactId: string) => void; duplicates?: "check" | "allow"; claims?: ClaimSnapshot } = {}): Promise<{ lost: Set<string> }> {
  const lost = await claimValues(plans, options.duplicates ?? "allow", options.claims);
  const kept = plans.filter((plan) => !lost.has(plan.contact.contactId));
  await putAll(kept.flatMap((plan) => plan.satellites));
  const contactIdOf = new Map(kept.map((plan) => [plan.contactItem, plan.contact.contactId]));
  await putAll(
    kept.map((plan) => plan.contactItem),
    options.beforeContact ? (batch) => batch.forEach((item) => options.beforeContact!(contactIdOf.get(item)!)) : undefined,
  );
  return { lost };
}

/** Items of one claims-and-lookups transaction (DynamoDB's limit). */
const CLAIM_GROUP_ITEMS = 100;

/**
 * Wave 1: the contacts' claims and lookup rows, a group of contacts per TransactWriteItems,
 * each claim conditioned on the version read at the start of the round. Contacts sharing a
 * value in one group make one claim change (all of them join the holders). A group cancelled
 * by a claim someone else changed: with "check", the contacts gaining that value are lost;
 * every other contact of the group (and, with "allow", those too) goes to the next round,
 * which reads the claims again. Returns the lost contacts' IDs.
 */
async function claimValues(plans: PlannedContact[], duplicates: "check" | "allow", alreadyRead?: ClaimSnapshot): Promise<Set<string>> {
  const lost = new Set<string>();
  const keysOf = new Map(plans.map((plan) => [plan.contact.contactId, claimKeysOf(plan.contact)]));
  let pending = plans;
  for (let round = 1; pending.length > 0; round++) {
    if (round > CLAIM_ATTEMPTS) throw new ConflictError("Too many simultaneous writes claim the same phones, emails or handles: run the import again.");
    if (round > 1) await claimBackoff(round);
    const keys = [...new Map(pending.flatMap((plan) => keysOf.get(plan.contact.contactId)!).map((key) => [claimId(key), key])).values()];
    const snapshot = round === 1 && alreadyRead && keys.every((key) => alreadyRead.has(claimId(key))) ? alreadyRead : await readClaims(keys);
    const ready: PlannedContact[] = [];
    const claimedHere = new Set<string>();
    for (const plan of pending) {
      const keys = keysOf.get(plan.contact.contactId)!;
      // Another contact holds one of its values, or an earlier row of this batch claims it: checked again by the caller.
      const taken = (key: ClaimKey) => (snapshot.get(claimId(key))?.holders ?? []).some((holder) => holder !== plan.contact.contactId) || claimedHere.has(claimId(key));
      if (duplicates === "check" && keys.some(taken)) lost.add(plan.contact.contactId);
      else ready.push(plan);
      if (duplicates === "check") keys.forEach((key) => claimedHere.add(claimId(key)));
    }
    const retry: PlannedContact[] = [];
    await inParallel(claimGroups(ready, keysOf), BATCH_CONCURRENCY, async (group) => {
      const claims = claimChanges(group.map((plan) => ({ contactId: plan.contact.contactId, after: keysOf.get(plan.contact.contactId)! })));
      const failed = await writeClaimGroup(group, claims, snapshot);
      if (failed === undefined) return;
      for (const plan of group) {
        const losing = failed.some((change) => change.add.includes(plan.contact.contactId));
        if (losing && duplicates === "check") lost.add(plan.contact.contactId);
        else retry.push(plan);
      }
    });
    pending = retry;
  }
  return lost;
}

/** Contacts in groups whose claims and lookup rows fit one transaction. */
function claimGroups(plans: PlannedContact[], keysOf: Map<string, ClaimKey[]>): PlannedContact[][] {
  const groups: PlannedContact[][] = [];
  let group: PlannedContact[] = [];
  let claimed = new Set<string>();
  let lookups = 0;
  for (const plan of plans) {
    const keys = keysOf.get(plan.contact.contactId)!.map(claimId);
    const adds = keys.filter((key) => !claimed.has(key)).length + plan.lookups.length;
    if (group.length > 0 && claimed.size + lookups + adds > CLAIM_GROUP_ITEMS) {
      groups.push(group);
      [group, claimed, lookups] = [[], new Set(), 0];
    }
    group.push(plan);
    keys.forEach((key) => claimed.add(key));
    lookups += plan.lookups.length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** One group's claims and lookup rows; the claim changes whose condition failed, or undefined when written. */
async function writeClaimGroup(group: PlannedContact[], claims: ClaimChange[], snapshot: ClaimSnapshot): Promise<ClaimChange[] | undefined> {
  const { service } = useStorage();
  for (let attempt = 1; ; attempt++) {
    try {
      committed(
        await service.transaction
          .write((tx) => [...(claimWrites(tx, claims, snapshot) as never[]), ...group.flatMap((plan) => lookupRows(plan.contact).map((row) => tx.contactLookup.put(row).commit()))])
          .go(),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionConflictError)) throw error;
      const failed = claims.filter((_, index) => error.reasons[index] === "ConditionalCheckFailed");
      if (failed.length > 0) return failed;
      // Contention only (another transaction on the same claim at that moment): try again shortly.
      if (attempt >= BATCH_ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
}

async function putAll(items: Item[], beforeBatch?: (batch: Item[]) => void): Promise<void> {
  const { table, clients } = useStorage();
  // One request must not name a key twice; the last put of a key wins, as it would in order.
  const unique = [...new Map(items.map((item) => [`${item.pk}\n${item.sk}`, item])).values()];
  await inParallel(chunks(unique, BATCH_ITEMS), BATCH_CONCURRENCY, async (batch) => {
    beforeBatch?.(batch);
    let pending: Item[] = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= BATCH_ATTEMPTS) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${BATCH_ATTEMPTS} attempts.`);
      if (attempt > 0) await backoff(attempt);
      const result = await clients.doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as Item[];
    }
  });
}

/** Full jitter, 25 ms doubling per attempt, at most 2 s. */
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2000, 25 * 2 ** attempt)));

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `work` over `items`, `limit` at a time; after a failure none starts, and the first error is thrown once all in flight settled. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length && !failure) {
        try {
          await work(items[next++]!);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw failure.error;
}
