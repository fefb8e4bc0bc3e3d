import * as v from "valibot";
import { useUser } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import { type UpdateContactInput } from "./input";
import { primaryEmail, primaryPhone, type Contact, type StoredContact } from "./model";
import { update } from "./update";
import { findMatches, type Match } from "./matching";
import { pairIdOf, queuePairs } from "./pair-queue";
import { loadMany, matchQueryOf, userNames } from "./duplicate-check";
export { ListQueueInput } from "./requests";
import { ListQueueInput } from "./requests";

/**
 * Duplicates around a person's create and change (the API and the console):
 * - `createChecked` (create.ts, with duplicate-check.ts): a likely duplicate is a 409 listing
 *   the candidates the user may see; a match they may not see is named only by its responsible
 *   manager, with an access request to offer. `duplicates: "allow"` creates anyway and queues
 *   the pairs for the admins.
 * - `updateAndQueue`: a change to a phone, email, handle or name that makes a match queues it.
 * - the admins' queue (`listQueue`, `dismiss`); merging a pair removes it (merge.ts).
 * - access requests (access-requests.ts), re-exported here.
 */

export { DUPLICATE_PROBLEM_TYPE, CreateOptionsInput, describeMatches, type VisibleCandidate, type HiddenCandidate } from "./duplicate-check";
export { createChecked } from "./create";
export { AccessRequestInput, requestAccess, answerAccessRequest, type AccessRequest } from "./access-requests";

const identityFields = ["phones", "emails", "messengers", "firstName", "lastName", "displayName"] as const;

/** `PATCH /v1/contacts/{id}`: the update, then any new match of a changed phone, email, handle or name is queued. */
export async function updateAndQueue(contactId: string, expectedVersion: number, input: UpdateContactInput): Promise<Contact> {
  const contact = await update(contactId, expectedVersion, input);
  if (input && typeof input === "object" && identityFields.some((field) => field in input)) await queueMatches(contact);
  return contact;
}

/**
 * For every intake that creates a contact despite a match (imports with "create anyway",
 * forms, calls, chats) and for changes: asks the matching rules about `contact` and queues each
 * match for the admins. Returns the matches.
 */
export async function queueMatches(contact: Contact): Promise<Match[]> {
  const matches = await findMatches(matchQueryOf(contact, contact.contactId));
  if (matches.length > 0) await queuePairs(contact.contactId, matches);
  return matches;
}

export { pairIdOf };

export interface QueuedPair {
  pairId: string;
  strength: Match["strength"];
  on: Match["on"];
  createdAt: string;
  contacts: { contactId: string; displayName: string; primaryPhone?: string; primaryEmail?: string; ownerId: string; ownerName: string; updatedAt: string }[];
}

/** Admins: open pairs, oldest first (gsi5, one Query, one BatchGetItem of the contacts). Pairs with a contact gone are left out. */
export async function listQueue(input: v.InferInput<typeof ListQueueInput>): Promise<{ items: QueuedPair[]; cursor: string | null }> {
  const actor = useUser();
  requireRight(actor, "contacts:readAll");
  const { limit, cursor } = parse(ListQueueInput, input);
  const { service } = useStorage();
  const page = await service.entities.duplicatePair.query.open({ scope: "duplicates" }).go({ limit: Number(limit), cursor: decodeCursor(cursor, "duplicates") ?? null });
  const pairs = page.data as unknown as { pairId: string; contactIds: string[]; on: Match["on"]; strength: Match["strength"]; createdAt: string }[];
  const rows = new Map((await loadMany([...new Set(pairs.flatMap((pair) => pair.contactIds))])).map((row) => [row.contactId, row]));
  const names = await userNames([...rows.values()].map((row) => row.ownerId));
  const items: QueuedPair[] = [];
  for (const pair of pairs) {
    const contacts = pair.contactIds.map((id) => rows.get(id));
    if (contacts.some((row) => !row)) continue;
    items.push({
      pairId: pair.pairId,
      strength: pair.strength,
      on: pair.on,
      createdAt: pair.createdAt,
      contacts: (contacts as StoredContact[]).map((row) => ({
        contactId: row.contactId,
        displayName: row.displayName,
        ...(primaryPhone(row) ? { primaryPhone: primaryPhone(row)!.number } : {}),
        ...(primaryEmail(row) ? { primaryEmail: primaryEmail(row)!.address } : {}),
        ownerId: row.ownerId,
        ownerName: names.get(row.ownerId) ?? "",
        updatedAt: row.updatedAt,
      })),
    });
  }
  return { items, cursor: encodeCursor(page.cursor, "duplicates") };
}

const PairIdField = v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}:[0-9A-HJKMNP-TV-Z]{26}$/u, "Not a valid pair ID (two contact IDs joined by “:”)."));

/** Admins: "not a duplicate" — the pair leaves the queue and is not queued again. */
export async function dismiss(pairId: unknown): Promise<void> {
  const actor = useUser();
  requireRight(actor, "contacts:readAll");
  if (!v.is(PairIdField, pairId)) throw new ValidationError([{ field: "pairId", message: "Not a valid pair ID (two contact IDs joined by “:”)." }]);
  const { service } = useStorage();
  const found = await service.entities.duplicatePair.get({ pairId }).go();
  if (!found.data || found.data.status !== "open") throw new NotFoundError("Duplicate pair");
  await service.entities.duplicatePair
    .patch({ pairId })
    .set({ status: "dismissed", dismissedBy: actor.userId })
    .composite({ scope: "duplicates", createdAt: found.data.createdAt } as never)
    .go();
}
