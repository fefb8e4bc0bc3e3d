/**
 * The duplicate check of many new contacts at once (an import chunk), on the strong signals
 * only: phones, emails and messenger handles (names are not asked; `findMatches` is the rule set).
 * Once the claims are complete (`claimsAreComplete`: migration 5 has run), it reads the claims
 * of every value of every query, consistently, 100 values per BatchGetItem, instead of a Query
 * per value: a chunk of 500 rows with 3 values each is 15 requests instead of 1,500. Before,
 * it asks `findMatches` per query, as the single path does.
 */
import { inParallel } from "./batch-create";
import { claimId, claimKeysOf, claimsAreComplete, readClaims, type ClaimSnapshot } from "./claims";
import { findMatches, liveIds, type Match, type MatchQuery } from "./matching";

export interface BatchMatch {
  /** Live contacts other than the query's `excludeContactId` that hold one of its values. */
  matches: Match[];
  /** The excluded contact itself holds one of the values: an earlier run wrote it, at least in part. */
  excludedHolds: boolean;
}

/**
 * One result per query, in order; `claims`: the snapshot the check decided on (claims path only),
 * for the write to be conditioned on (`writePlanned`), so it need not read them again.
 */
export async function findStrongMatchesOfMany(queries: MatchQuery[], concurrency: number): Promise<{ results: BatchMatch[]; claims?: ClaimSnapshot }> {
  const strongOnly = queries.map(({ name: _name, ...query }) => query);
  return (await claimsAreComplete()) ? byClaims(strongOnly) : { results: await byLookups(strongOnly, concurrency) };
}

async function byClaims(queries: MatchQuery[]): Promise<{ results: BatchMatch[]; claims: ClaimSnapshot }> {
  const keysOf = queries.map((query) => claimKeysOf({ phones: (query.phones ?? []).map((number) => ({ number })), emails: query.emails ?? [], ...(query.messengers ? { messengers: query.messengers } : {}) }));
  const claims = await readClaims(keysOf.flat());
  const holdersOf = (key: (typeof keysOf)[number][number]) => claims.get(claimId(key))?.holders ?? [];
  // A holder whose contact row is missing or trashed is no match (an import that failed for
  // good left it): one consistent read of the chunk's holders, only those some row meets.
  const others = new Set(queries.flatMap((query, at) => keysOf[at]!.flatMap(holdersOf).filter((holder) => holder !== query.excludeContactId)));
  const live = new Set(await liveIds([...others]));
  const results = queries.map((query, at) => {
    const matches = new Map<string, Match>();
    for (const key of keysOf[at]!) {
      for (const holder of holdersOf(key)) {
        if (holder === query.excludeContactId || !live.has(holder)) continue;
        const match = matches.get(holder) ?? { contactId: holder, on: [], strength: "strong" as const };
        match.on.push({ signal: key.kind, value: key.value });
        matches.set(holder, match);
      }
    }
    const excludedHolds = query.excludeContactId !== undefined && keysOf[at]!.some((key) => holdersOf(key).includes(query.excludeContactId!));
    return { matches: [...matches.values()].sort((a, b) => b.on.length - a.on.length || a.contactId.localeCompare(b.contactId)), excludedHolds };
  });
  return { results, claims };
}

/** Before migration 5: a Query per value (lookup rows), `concurrency` queries at once. */
async function byLookups(queries: MatchQuery[], concurrency: number): Promise<BatchMatch[]> {
  const results: BatchMatch[] = new Array(queries.length);
  await inParallel([...queries.keys()], concurrency, async (at) => {
    const { excludeContactId, ...query } = queries[at]!;
    const found = await findMatches(query);
    results[at] = { matches: found.filter((match) => match.contactId !== excludeContactId), excludedHolds: found.some((match) => match.contactId === excludeContactId) };
  });
  return results;
}
