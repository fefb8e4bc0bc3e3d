import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";

/** A stored contact row as the list reads it (the caller presents it). */
type Row = { contactId: string; deletedAt?: string } & Record<string, unknown>;

/**
 * One page of the union of several newest-first sources of contact IDs: the user's audience
 * partitions (`contactAudience`, pk `owner:<userId>` / `team:<teamId>`) and the shared
 * contacts (`byShare`, gsi6). Every source is sorted by contactId (a ULID: creation order), so
 * the union is a k-way merge and the cursor is simply the last contactId returned (signed):
 * the next page asks every source for IDs below it. No duplicates (a contact in several
 * sources is taken once), no gaps (every source is read from the same point), stable under
 * concurrent writes (an ID's position never moves).
 *
 * Each source is asked for `limit + 1` IDs, so "is there more?" is exact: if the merged,
 * distinct IDs number `limit` or fewer, every source is exhausted. Requests per page: one
 * Query per source, in parallel, then one BatchGetItem for the page's contacts that the shared
 * index (which projects whole items) did not already return.
 */
export async function listVisible(audiences: string[], options: { limit: number; cursor: string | null; context: string }): Promise<{ items: Row[]; cursor: string | null }> {
  const { service } = useStorage();
  const { limit, context } = options;
  const before = decodeCursor(options.cursor ?? undefined, context) ?? undefined;
  const window = { limit: limit + 1, order: "desc" as const };

  const [shared, ...owned] = await Promise.all([
    (before
      ? service.entities.contact.query.byShare({ scope: "contacts" }).lt({ contactId: before })
      : service.entities.contact.query.byShare({ scope: "contacts" })
    ).go(window),
    ...audiences.map((audience) =>
      (before
        ? service.entities.contactAudience.query.primary({ audience }).lt({ contactId: before })
        : service.entities.contactAudience.query.primary({ audience })
      ).go(window),
    ),
  ]);

  const sharedRows = new Map((shared.data as Row[]).map((row) => [row.contactId, row]));
  const ids = [...new Set([...sharedRows.keys(), ...owned.flatMap((page) => page.data.map((row) => row.contactId))])].sort().reverse();
  const pageIds = ids.slice(0, limit);
  const missing = pageIds.filter((contactId) => !sharedRows.has(contactId));
  const fetched = new Map<string, Row>();
  let keys = missing.map((contactId) => ({ contactId }));
  // Audience rows are written in the contact's transactions, so each names a live contact; a
  // row read just before a concurrent delete may point at a trashed one, which is left out.
  for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
    const result = await service.entities.contact.get(keys).go();
    for (const row of result.data as (Row | null)[]) if (row) fetched.set(row.contactId, row);
    keys = result.unprocessed as typeof keys;
  }
  const items = pageIds.flatMap((contactId) => {
    const row = sharedRows.get(contactId) ?? fetched.get(contactId);
    return row && !row.deletedAt ? [row] : [];
  });
  return { items, cursor: ids.length > limit ? encodeCursor(pageIds[pageIds.length - 1]!, context) : null };
}
