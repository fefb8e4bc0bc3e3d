import { ConflictError } from "../errors";
import { Contacts } from "../contacts";
import { claimBackoff, CLAIM_ATTEMPTS, ClaimLostError, type ClaimSnapshot } from "../contacts/claims";
import { findClaimedMatches } from "../contacts/matching";

/**
 * Who this is, by the shared rule set: the best match that is a live contact, or undefined.
 * Checked against the contact row (one GetItem, usually for the first match only) because lookup
 * rows and claim holders can outlive their contact: an import that failed for good between its
 * claim wave and its contact wave (contacts/batch-create.ts) leaves values of contacts never
 * written, and a lead matched to one would be lost. Intake does not check access: it writes on
 * the matched card as the system and tells the sender nothing about it.
 */
export async function matchContact(query: { phones?: string[]; emails?: string[] }): Promise<string | undefined> {
  return (await matchWithClaims(query)).contactId;
}

/** `matchContact`, with the claims the match was decided on (the lookup Queries and claims read in parallel). */
async function matchWithClaims(query: { phones?: string[]; emails?: string[] }): Promise<{ contactId?: string; claims: ClaimSnapshot }> {
  if (!query.phones?.length && !query.emails?.length) return { claims: new Map() };
  const { matches, claims } = await findClaimedMatches(query);
  for (const match of matches) {
    if (match.strength !== "strong") continue;
    const contact = await Contacts.loadRaw(match.contactId);
    if (contact && !contact.deletedAt) return { contactId: match.contactId, claims };
  }
  return { claims };
}

/**
 * Intake's duplicate policy (web forms, chats, inbound calls): the live contact with this phone
 * or email, else the one `create` makes, conditioned on the claims the match read (claims.ts).
 * A create that lost the race to another (a parallel submission of the same lead) matches again
 * and gets the winner: one contact per person, however many leads arrive at once.
 */
export async function matchOrCreate(query: { phones?: string[]; emails?: string[] }, create: (claims: ClaimSnapshot) => Promise<string>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const { contactId, claims } = await matchWithClaims(query);
    if (contactId) return contactId;
    try {
      return await create(claims);
    } catch (error) {
      if (!(error instanceof ClaimLostError)) throw error;
      if (attempt >= CLAIM_ATTEMPTS) throw new ConflictError("Too many leads with the same phone or email at once: try again.");
      await claimBackoff(attempt);
    }
  }
}
