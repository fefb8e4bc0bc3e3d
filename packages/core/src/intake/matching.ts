import { Contacts } from "../contacts";
import { findMatches } from "../contacts/matching";

/**
 * Who this is, by the shared rule set: the best match that is a live contact, or undefined.
 * Checked against the contact row (one GetItem, usually for the first match only) because lookup
 * rows can outlive their contact: an import that failed for good between its lookup wave and its
 * contact wave (contacts/batch-create.ts) leaves lookups of contacts never written, and a lead
 * matched to one would be lost. Intake does not check access: it writes on the matched card as
 * the system and tells the sender nothing about it.
 */
export async function matchContact(query: { phones?: string[]; emails?: string[] }): Promise<string | undefined> {
  if (!query.phones?.length && !query.emails?.length) return undefined;
  for (const match of await findMatches(query)) {
    const contact = await Contacts.loadRaw(match.contactId);
    if (contact && !contact.deletedAt) return match.contactId;
  }
  return undefined;
}
