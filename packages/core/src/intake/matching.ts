import { findMatches } from "../contacts/matching";

/**
 * Who this is, by the shared rule set: the best match's ID, or undefined. Intake does not check
 * access: it writes on the matched card as the system and tells the sender nothing about it.
 */
export async function matchContact(query: { phones?: string[]; emails?: string[] }): Promise<string | undefined> {
  if (!query.phones?.length && !query.emails?.length) return undefined;
  const matches = await findMatches(query);
  return matches[0]?.contactId;
}
