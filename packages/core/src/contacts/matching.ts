import { useStorage } from "../storage";
import type { LookupKind } from "./contact.entity";
import { findByEmail, findByPhone } from "./read";
import { messengerKey, nameSimilarity, nameTokens } from "./match-keys";
import { claimId, claimKeysOf, readClaims, type ClaimSnapshot } from "./claims";

export { nameTokens, nameSimilarity, messengerKey } from "./match-keys";

/**
 * The one duplicate rule set: manual create, the API, imports, web forms, inbound calls and
 * chats all ask it "who is this?".
 * - Strong signals: phones (E.164) and emails exactly after normalization; messenger handles
 *   (telegram / whatsapp / viber) after `messengerKey`.
 * - Weak signal: a similar name (`nameSimilarity` ≥ `NAME_MATCH_THRESHOLD`) among the contacts
 *   sharing at least one normalized name token (case, accents and ё/е ignored). Only names of
 *   two or more tokens are matched: «Иван» alone says nothing.
 * Every signal is a Query on the lookup rows (one per value; at most `NAME_CANDIDATES` rows per
 * name token), never a Scan. Access is NOT checked here: callers decide what the user may be told.
 */
export interface MatchQuery {
  /** E.164 numbers (parse typed numbers with `PhoneField` / libphonenumber-js first). */
  phones?: string[];
  emails?: string[];
  /** Messenger handles as typed (`@ivan`, `t.me/ivan`, a number). */
  messengers?: { telegram?: string; whatsapp?: string; viber?: string };
  /** A person's name, whole (`"Иван Петров"`) or in parts; matched as a weak signal. */
  name?: string | { firstName?: string; lastName?: string };
  /** Leave this contact out (the one just written, when asking "who else is this?"). */
  excludeContactId?: string;
}

export type MatchSignal = "phone" | "email" | "telegram" | "whatsapp" | "viber" | "name";

export interface Match {
  contactId: string;
  /** Which values matched, strongest kind first. */
  on: { signal: MatchSignal; value: string }[];
  /** `strong`: a phone, email or messenger handle; `weak`: only the name is alike. */
  strength: "strong" | "weak";
  /** For a name match: how alike the names are, 0..1. */
  nameScore?: number;
}

export const NAME_MATCH_THRESHOLD = 0.75;
export const NAME_CANDIDATES = 100;

const messengerKinds = ["telegram", "whatsapp", "viber"] as const;

async function findByKey(kind: LookupKind, value: string): Promise<{ contactId: string; name?: string }[]> {
  const { service } = useStorage();
  const rows = await service.entities.contactLookup.query.primary({ kind, value }).go(kind === "name" ? { limit: NAME_CANDIDATES } : { pages: "all" });
  return rows.data.map((row) => ({ contactId: row.contactId, ...(row.name ? { name: row.name } : {}) }));
}

/** Live (non-trashed) contacts sharing a phone, email or handle with the query, or with a similar name. */
export async function findMatches(query: MatchQuery): Promise<Match[]> {
  const phones = [...new Set(query.phones ?? [])];
  const emails = [...new Set((query.emails ?? []).map((email) => email.trim().toLowerCase()))];
  const handles = messengerKinds.flatMap((kind) => {
    const handle = query.messengers?.[kind];
    const value = handle ? messengerKey(handle) : "";
    return value ? [{ kind, value }] : [];
  });
  const tokens = typeof query.name === "string" ? nameTokens(query.name) : nameTokens(query.name?.firstName, query.name?.lastName);
  const nameTokensToAsk = tokens.length >= 2 ? tokens : [];
  const [strong, named] = await Promise.all([
    Promise.all([
      ...phones.map(async (value) => ({ signal: "phone" as MatchSignal, value, ids: await findByPhone(value) })),
      ...emails.map(async (value) => ({ signal: "email" as MatchSignal, value, ids: await findByEmail(value) })),
      ...handles.map(async ({ kind, value }) => ({ signal: kind as MatchSignal, value, ids: (await findByKey(kind, value)).map((row) => row.contactId) })),
    ]),
    Promise.all(nameTokensToAsk.map((token) => findByKey("name", token))),
  ]);
  const matches = new Map<string, Match>();
  const matchOf = (contactId: string) => {
    const match = matches.get(contactId) ?? { contactId, on: [], strength: "weak" as const };
    matches.set(contactId, match);
    return match;
  };
  for (const { signal, value, ids } of strong) {
    for (const contactId of ids) {
      if (contactId === query.excludeContactId) continue;
      const match = matchOf(contactId);
      match.on.push({ signal, value });
      match.strength = "strong";
    }
  }
  const scored = new Map<string, { score: number; name: string }>();
  for (const row of named.flat()) {
    if (row.contactId === query.excludeContactId || scored.has(row.contactId) || !row.name) continue;
    scored.set(row.contactId, { score: nameSimilarity(tokens, row.name.split(" ")), name: row.name });
  }
  for (const [contactId, { score, name }] of scored) {
    if (score < NAME_MATCH_THRESHOLD) continue;
    const match = matchOf(contactId);
    match.on.push({ signal: "name", value: name });
    match.nameScore = Math.round(score * 100) / 100;
  }
  return ranked([...matches.values()]);
}

const rank = (match: Match) => (match.strength === "strong" ? 10 : 0) + match.on.length;
/** Strong first, then more matching values, then the oldest contact (ULIDs sort by creation). */
const ranked = (matches: Match[]) => matches.sort((a, b) => rank(b) - rank(a) || a.contactId.localeCompare(b.contactId));

/** Which of these contacts have a live (non-trashed) contact row, read consistently. */
export async function liveIds(contactIds: string[]): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const { service } = useStorage();
  const result = await service.entities.contact.get(contactIds.map((contactId) => ({ contactId }))).go({ consistent: true, concurrent: 8 });
  return (result.data as { contactId: string; deletedAt?: string }[]).filter((row) => !row.deletedAt).map((row) => row.contactId);
}

/**
 * The duplicate check of a write that adds values (claims.ts): the lookup Queries and the
 * claims' BatchGetItem in ONE parallel round trip. The claims' holders join the matches (a
 * holder the Queries did not return was written after they read, or is not yet visible to an
 * eventually consistent Query); the lookup rows still find holders of values stored before
 * their claim existed. The write then passes `claims` on, and is conditioned on them.
 */
export async function findClaimedMatches(query: MatchQuery): Promise<{ matches: Match[]; claims: ClaimSnapshot }> {
  const keys = claimKeysOf({ phones: (query.phones ?? []).map((number) => ({ number })), emails: query.emails ?? [], ...(query.messengers ? { messengers: query.messengers } : {}) });
  const [found, claims] = await Promise.all([findMatches(query), readClaims(keys)]);
  const matches = new Map(found.map((match) => [match.contactId, match]));
  // A holder the Queries did not return is either newer than they read, or no longer a live
  // contact (trashed while a migration added it back, an import that failed for good): its row,
  // read consistently (rare: only then), tells which.
  const unseen = [...new Set(keys.flatMap((key) => claims.get(claimId(key))?.holders ?? []))].filter((holder) => !matches.has(holder) && holder !== query.excludeContactId);
  const live = new Set(unseen.length > 0 ? await liveIds(unseen) : []);
  for (const key of keys) {
    for (const holder of claims.get(claimId(key))?.holders ?? []) {
      if (holder === query.excludeContactId || (!matches.has(holder) && !live.has(holder))) continue;
      const match = matches.get(holder) ?? { contactId: holder, on: [], strength: "strong" as const };
      matches.set(holder, match);
      if (!match.on.some((on) => on.signal === key.kind && on.value === key.value)) match.on.unshift({ signal: key.kind, value: key.value });
      match.strength = "strong";
    }
  }
  return { matches: ranked([...matches.values()]), claims };
}
