/**
 * The duplicate check of a person's create (create.ts `createChecked`): the match query of the
 * typed values, what the user may be told about the matches (candidates they may see, and for
 * the others only whom to ask), and the 409 that lists them.
 */
import * as v from "valibot";
import { useActor } from "../actor";
import { ConflictWithDetailsError } from "../errors";
import { Users } from "../users";
import { readable } from "./access";
import { CreateContactInput } from "./input";
import { primaryEmail, primaryPhone, type Contact, type StoredContact } from "./model";
import { type Match, type MatchQuery } from "./matching";
import { loadLive } from "./pair-queue";
export { CreateOptionsInput } from "./requests";

export const DUPLICATE_PROBLEM_TYPE = "https://callboard.dev/problems/duplicate-contact";

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

export const matchQueryOf = (contact: Pick<Contact, "phones" | "emails" | "messengers" | "firstName" | "lastName" | "displayName" | "nameSource">, excludeContactId?: string): MatchQuery => ({
  phones: contact.phones.map((phone) => phone.number),
  emails: contact.emails.map((email) => email.address),
  ...(contact.messengers ? { messengers: contact.messengers } : {}),
  name: contact.firstName || contact.lastName ? { firstName: contact.firstName, lastName: contact.lastName } : contact.nameSource === "manual" ? contact.displayName : undefined,
  ...(excludeContactId ? { excludeContactId } : {}),
});

export function queryOfInput(fields: CreateFields): MatchQuery {
  return {
    phones: (fields.phones ?? []).map((phone) => phone.number),
    emails: (fields.emails ?? []).map((email) => (typeof email === "string" ? email : email.address)),
    ...(fields.messengers ? { messengers: fields.messengers as MatchQuery["messengers"] } : {}),
    name: fields.firstName || fields.lastName ? { firstName: fields.firstName, lastName: fields.lastName } : (fields.displayName ?? undefined),
  };
}

export const loadMany = (contactIds: string[]) => loadLive<StoredContact>(contactIds);

export async function userNames(userIds: string[]): Promise<Map<string, string>> {
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

/** With `duplicates: "check"`, matches the user may be told about are a 409 (DUPLICATE_PROBLEM_TYPE). */
export async function refuseDuplicates(matches: Match[], duplicates: "check" | "allow"): Promise<void> {
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
