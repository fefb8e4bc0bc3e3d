import { findByEmail, findByPhone } from "./contacts";

/**
 * The one duplicate rule set: manual create, the API, imports, web forms, inbound calls and
 * chats all ask it "who is this?". Phones (E.164) and emails match exactly after normalization
 * and are strong signals. Access is NOT checked here: callers decide what the user may be told.
 */
export interface MatchQuery {
  /** E.164 numbers (parse typed numbers with `PhoneField` / libphonenumber-js first). */
  phones?: string[];
  emails?: string[];
}

export type MatchSignal = "phone" | "email";

export interface Match {
  contactId: string;
  /** Which values matched, strongest kind first. */
  on: { signal: MatchSignal; value: string }[];
  strength: "strong" | "weak";
}

/** Live (non-trashed) contacts sharing a phone or an email with the query; one Query per value. */
export async function findMatches(query: MatchQuery): Promise<Match[]> {
  const phones = [...new Set(query.phones ?? [])];
  const emails = [...new Set((query.emails ?? []).map((email) => email.trim().toLowerCase()))];
  const found = await Promise.all([
    ...phones.map(async (value) => ({ signal: "phone" as const, value, ids: await findByPhone(value) })),
    ...emails.map(async (value) => ({ signal: "email" as const, value, ids: await findByEmail(value) })),
  ]);
  const matches = new Map<string, Match>();
  for (const { signal, value, ids } of found) {
    for (const contactId of ids) {
      const match = matches.get(contactId) ?? { contactId, on: [], strength: "strong" as const };
      match.on.push({ signal, value });
      matches.set(contactId, match);
    }
  }
  // More matching values first, then the oldest contact (ULIDs sort by creation).
  return [...matches.values()].sort((a, b) => b.on.length - a.on.length || a.contactId.localeCompare(b.contactId));
}
