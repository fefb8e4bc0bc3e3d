import * as v from "valibot";
import { useActor, useUser } from "../actor";
import { ConflictError, ConflictWithDetailsError, ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed, isConditionFailure } from "../storage/transaction";
import { requireRight } from "../users/roles";
import { Users } from "../users";
import { parse } from "../validation";
import { newNotification } from "../notifications/notifications";
import { contactAccess, readable } from "./access";
import {
  createAsUser,
  CreateContactInput,
  loadRaw,
  parseId,
  primaryEmail,
  primaryPhone,
  update,
  type Contact,
  type StoredContact,
  type UpdateContactInput,
} from "./contacts";
import { findClaimedMatches, findMatches, type Match, type MatchQuery } from "./matching";
import { loadLive, pairIdOf, queuePairs } from "./pair-queue";
import { ClaimLostError, claimBackoff, CLAIM_ATTEMPTS } from "./claims";

/**
 * Duplicates around a person's create and change (the API and the console):
 * - `createChecked`: a likely duplicate is a 409 listing the candidates the user may see; a
 *   match they may not see is named only by its responsible manager, with an access request
 *   to offer. `duplicates: "allow"` creates anyway and queues the pairs for the admins.
 * - `updateAndQueue`: a change to a phone, email, handle or name that makes a match queues it.
 * - the admins' queue (`listQueue`, `dismiss`); merging a pair removes it (merge.ts).
 * - access requests: ask → the owner is notified → grant (the requester becomes an extra
 *   responsible manager) or decline; nothing about the contact is shown before the grant.
 */

export const DUPLICATE_PROBLEM_TYPE = "https://callboard.dev/problems/duplicate-contact";

export const CreateOptionsInput = v.strictObject(
  { duplicates: v.optional(v.picklist(["check", "allow"], "check (default: a likely duplicate is a 409) or allow (create anyway)."), "check") },
  "Unknown parameter: leave it out.",
);

/** A candidate the user may see: enough to recognise it, and what matched. */
export interface VisibleCandidate {
  contactId: string;
  displayName: string;
  primaryPhone?: string;
  primaryEmail?: string;
  ownerId: string;
  ownerName: string;
  strength: Match["strength"];
  on: Match["on"];
}

/** A match the user may not see: who to ask, and only which of THEIR values matched. */
export interface HiddenCandidate {
  contactId: string;
  ownerName: string;
  on: Match["on"];
  requestAccess: string;
}

type CreateFields = v.InferOutput<typeof CreateContactInput>;

const matchQueryOf = (contact: Pick<Contact, "phones" | "emails" | "messengers" | "firstName" | "lastName" | "displayName" | "nameSource">, excludeContactId?: string): MatchQuery => ({
  phones: contact.phones.map((phone) => phone.number),
  emails: contact.emails.map((email) => email.address),
  ...(contact.messengers ? { messengers: contact.messengers } : {}),
  name: contact.firstName || contact.lastName ? { firstName: contact.firstName, lastName: contact.lastName } : contact.nameSource === "manual" ? contact.displayName : undefined,
  ...(excludeContactId ? { excludeContactId } : {}),
});

function queryOfInput(fields: CreateFields): MatchQuery {
  return {
    phones: (fields.phones ?? []).map((phone) => phone.number),
    emails: (fields.emails ?? []).map((email) => (typeof email === "string" ? email : email.address)),
    ...(fields.messengers ? { messengers: fields.messengers as MatchQuery["messengers"] } : {}),
    name: fields.firstName || fields.lastName ? { firstName: fields.firstName, lastName: fields.lastName } : (fields.displayName ?? undefined),
  };
}

const loadMany = (contactIds: string[]) => loadLive<StoredContact>(contactIds);

async function userNames(userIds: string[]): Promise<Map<string, string>> {
  const users = await Users.getMany([...new Set(userIds)]);
  return new Map(users.map((user) => [user.userId, user.name]));
}

/**
 * What the actor may be told about `matches`: visible candidates in full; hidden ones only if
 * the match is strong (a name alone says too little to send someone asking), without data.
 */
export async function describeMatches(matches: Match[]): Promise<{ visible: VisibleCandidate[]; hidden: HiddenCandidate[] }> {
  const actor = useActor();
  const rows = await loadMany(matches.map((match) => match.contactId));
  const seen = new Set((await readable(actor, rows)).map((row) => row.contactId));
  const byId = new Map(rows.map((row) => [row.contactId, row]));
  const names = await userNames(rows.map((row) => row.ownerId));
  const visible: VisibleCandidate[] = [];
  const hidden: HiddenCandidate[] = [];
  for (const match of matches) {
    const row = byId.get(match.contactId);
    if (!row) continue;
    const ownerName = names.get(row.ownerId) ?? "its responsible manager";
    if (seen.has(row.contactId)) {
      visible.push({
        contactId: row.contactId,
        displayName: row.displayName,
        ...(primaryPhone(row) ? { primaryPhone: primaryPhone(row)!.number } : {}),
        ...(primaryEmail(row) ? { primaryEmail: primaryEmail(row)!.address } : {}),
        ownerId: row.ownerId,
        ownerName,
        strength: match.strength,
        on: match.on,
      });
    } else if (match.strength === "strong") {
      // Only the caller's own values that matched, never the contact's other data.
      hidden.push({ contactId: row.contactId, ownerName, on: match.on.filter((item) => item.signal !== "name"), requestAccess: `/v1/contacts/${row.contactId}/access-requests` });
    }
  }
  return { visible, hidden };
}

/**
 * Manual create and `POST /v1/contacts`: the duplicate check, then the create. Matches answer
 * 409 (problem type `DUPLICATE_PROBLEM_TYPE`, members `candidates` and `hidden`) unless
 * `duplicates: "allow"`; then the contact is created and each match is queued for the admins.
 */
export async function createChecked(input: v.InferInput<typeof CreateContactInput>, options: v.InferInput<typeof CreateOptionsInput> = {}): Promise<Contact> {
  const actor = useUser();
  requireRight(actor, "contacts:create");
  const fields = parse(CreateContactInput, input);
  const { duplicates } = parse(CreateOptionsInput, options);
  // The check and the create decide on the same claims: a create that got there first makes this
  // one's transaction fail, and it checks again (claims.ts). With "allow" that only takes turns.
  for (let attempt = 1; ; attempt++) {
    const { matches, claims } = await findClaimedMatches(queryOfInput(fields));
    await refuseDuplicates(matches, duplicates);
    try {
      const contact = await createAsUser(fields, { claims });
      if (matches.length > 0) await queuePairs(contact.contactId, matches);
      return contact;
    } catch (error) {
      if (!(error instanceof ClaimLostError)) throw error;
      if (attempt >= CLAIM_ATTEMPTS) throw new ConflictError("Too many simultaneous creates with the same phone, email or handle: try again.");
      await claimBackoff(attempt);
    }
  }
}

/** With `duplicates: "check"`, matches the user may be told about are a 409 (DUPLICATE_PROBLEM_TYPE). */
async function refuseDuplicates(matches: Match[], duplicates: "check" | "allow"): Promise<void> {
  if (matches.length > 0 && duplicates === "check") {
    const { visible, hidden } = await describeMatches(matches);
    if (visible.length > 0 || hidden.length > 0) {
      const owners = [...new Set(hidden.map((item) => item.ownerName))];
      const detail =
        visible.length > 0
          ? `${visible.length === 1 ? "A contact" : `${visible.length} contacts`} like this one already exist${visible.length === 1 ? "s" : ""}${hidden.length > 0 ? `, and ${hidden.length} you may not see (ask ${owners.join(", ")})` : ""}. Open one, or create anyway with ?duplicates=allow.`
          : `A contact with the same ${[...new Set(hidden.flatMap((item) => item.on.map((on) => on.signal)))].join(" and ")} already exists, but it is not shared with you. Ask ${owners.join(", ")} for access (POST the requestAccess link), or create anyway with ?duplicates=allow.`;
      throw new ConflictWithDetailsError(detail, DUPLICATE_PROBLEM_TYPE, { candidates: visible, hidden });
    }
  }
}

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

export const ListQueueInput = v.strictObject(
  {
    limit: v.optional(v.picklist(["10", "20", "50"], "Page size must be 10, 20 or 50."), "20"),
    cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  },
  "Unknown parameter: leave it out.",
);

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

// ---------------------------------------------------------------------------------------------
// Access requests.

export const AccessRequestInput = v.strictObject(
  {
    /** The phone, email or messenger handle the 409 said matched (`hidden[].on[].value`): proof the caller knows it. */
    matched: v.pipe(v.string("Must be the matched phone, email or handle."), v.trim(), v.minLength(1, "Give the phone, email or handle that matched."), v.maxLength(320, "At most 320 characters.")),
    message: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(500, "At most 500 characters."))),
  },
  "Unknown field: leave it out.",
);

export interface AccessRequest {
  contactId: string;
  requesterId: string;
  status: "pending" | "granted" | "declined";
  /** Who was asked (the contact's primary responsible manager). */
  ownerName: string;
  createdAt: string;
}

/**
 * A user asks for a contact they may not see (found by a duplicate check). Its primary
 * responsible manager gets a notification naming the requester and the contact; the requester
 * learns only who was asked. A missing or trashed contact, or a `matched` value that is not one
 * of its phones, emails or handles, is a 404; one the user already sees, a 409.
 * Asking again while pending notifies nobody again.
 */
export async function requestAccess(contactId: string, input: v.InferInput<typeof AccessRequestInput>): Promise<AccessRequest> {
  const actor = useUser();
  const id = parseId(contactId);
  const { matched, message } = parse(AccessRequestInput, input ?? {});
  // Only someone who knows one of its phones, emails or handles may ask: anyone else gets the
  // same 404 as for a missing contact, so the endpoint tells nothing about a guessed ID.
  const proof = await findMatches({ phones: [matched], emails: matched.includes("@") ? [matched] : [], messengers: { telegram: matched, whatsapp: matched, viber: matched } });
  const contact = proof.some((match) => match.contactId === id && match.strength === "strong") ? await loadRaw(id) : undefined;
  if (!contact || contact.deletedAt) throw new NotFoundError("Contact");
  if ((await contactAccess(actor, contact, "read")).read) throw new ConflictError("You can already see this contact.");
  const { service } = useStorage();
  const [requester, owner] = await Promise.all([Users.get(actor.userId), Users.get(contact.ownerId)]);
  const existing = (await service.entities.accessRequest.get({ contactId: id, requesterId: actor.userId }).go()).data;
  if (existing?.status === "pending") return { contactId: id, requesterId: actor.userId, status: "pending", ownerName: owner.name, createdAt: existing.createdAt };
  const createdAt = now().toISOString();
  const notification = newNotification(contact.ownerId, "access-requested", `${requester.name} asks for access to ${contact.displayName}.`, {
    contactId: id,
    requesterId: actor.userId,
    requesterName: requester.name,
    contactName: contact.displayName,
    ...(message ? { message } : {}),
  });
  committed(
    await service.transaction
      .write((tx) => [
        tx.accessRequest.put({ contactId: id, requesterId: actor.userId, ownerId: contact.ownerId, status: "pending", createdAt, ...(message ? { message } : {}) }).commit(),
        tx.notification.create(notification).commit(),
      ])
      .go(),
  );
  return { contactId: id, requesterId: actor.userId, status: "pending", ownerName: owner.name, createdAt };
}

const UserIdField = v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/u, "Not a valid user ID."));

/**
 * The contact's manager answers a pending request: `grant` adds the requester as an extra
 * responsible manager (through the contact's own update, so lookup and audience rows follow);
 * `decline` changes nothing. Either way the requester is notified. Only someone who may change
 * who is responsible for the contact (its managers, their team's managers, admins) may answer.
 */
export async function answerAccessRequest(contactId: string, requesterId: string, answer: "grant" | "decline"): Promise<AccessRequest> {
  const actor = useUser();
  const id = parseId(contactId);
  if (!v.is(UserIdField, requesterId)) throw new ValidationError([{ field: "requesterId", message: "Not a valid user ID." }]);
  const contact = await loadRaw(id);
  if (!contact || contact.deletedAt) throw new NotFoundError("Contact");
  const access = await contactAccess(actor, contact, "write");
  if (!access.read) throw new NotFoundError("Contact");
  if (!access.manage) throw new ForbiddenError("Only the contact's responsible managers, their team's managers and admins may answer access requests.");
  const { service } = useStorage();
  const request = (await service.entities.accessRequest.get({ contactId: id, requesterId }).go()).data;
  if (!request) throw new NotFoundError("Access request");
  if (request.status !== "pending") throw new ConflictError(`This request was already ${request.status}.`);
  if (answer === "grant") {
    for (let attempt = 0; ; attempt++) {
      const current = await loadRaw(id);
      if (!current || current.deletedAt) throw new NotFoundError("Contact");
      if (current.ownerIds.includes(requesterId)) break;
      try {
        await update(id, current.version, { ownerIds: [...current.ownerIds, requesterId] });
        break;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 4) throw error;
      }
    }
  }
  const decidedAt = now().toISOString();
  const status = answer === "grant" ? ("granted" as const) : ("declined" as const);
  const me = await Users.get(actor.userId);
  const notification =
    status === "granted"
      ? newNotification(requesterId, "access-granted", `${me.name} gave you access to ${contact.displayName}.`, { contactId: id, contactName: contact.displayName })
      : newNotification(requesterId, "access-declined", `${me.name} declined your access request.`, {});
  committed(
    await service.transaction
      .write((tx) => [
        tx.accessRequest
          .patch({ contactId: id, requesterId })
          .set({ status, decidedBy: actor.userId, decidedAt })
          .where(({ status: current }, { eq }) => eq(current, "pending"))
          .commit(),
        tx.notification.create(notification).commit(),
      ])
      .go(),
  );
  const owner = await Users.get(contact.ownerId);
  return { contactId: id, requesterId, status, ownerName: owner.name, createdAt: request.createdAt };
}

