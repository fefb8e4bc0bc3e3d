/**
 * The index rows of one listed item (a contact, a company), as a feature describes them: its
 * list rows (one per bucket) and search rows (one per term), each with a key. The engine turns
 * two states of the item into the writes that move the rows from one to the other, which the
 * feature puts into the item's own TransactWriteItems (transaction.ts), so lists and search
 * never disagree with the item. See docs/access-patterns.md, "Finding contacts / companies".
 */

/** What a feature tells the engine about its rows. `L`, `S`: its list and search row types. */
export interface RowDesign<T, L, S> {
  listRows(item: T): L[];
  searchRows(item: T): S[];
  listKey(row: L): string;
  searchKey(row: S): string;
}

/** Where a feature's index rows live: its two index entities and the key of each row. */
export interface IndexEntities<L, S> {
  list: string;
  search: string;
  listKey(row: L): Record<string, unknown>;
  searchKey(row: S): Record<string, unknown>;
}

export interface RowChanges<L, S> {
  putList: L[];
  deleteList: L[];
  putSearch: S[];
  deleteSearch: S[];
}

/**
 * What a write does to the rows: every row of `next` is put (the projection carries
 * `updatedAt`, so every write rewrites it) and every row of `current` that `next` lacks is
 * deleted. Either side may be undefined (create, trash).
 */
export function rowChangesOf<T, L, S>(design: RowDesign<T, L, S>, current: T | undefined, next: T | undefined): RowChanges<L, S> {
  const [listBefore, listAfter] = [current ? design.listRows(current) : [], next ? design.listRows(next) : []];
  const [searchBefore, searchAfter] = [current ? design.searchRows(current) : [], next ? design.searchRows(next) : []];
  const listKeep = new Set(listAfter.map(design.listKey));
  const searchKeep = new Set(searchAfter.map(design.searchKey));
  return {
    putList: listAfter,
    deleteList: listBefore.filter((row) => !listKeep.has(design.listKey(row))),
    putSearch: searchAfter,
    deleteSearch: searchBefore.filter((row) => !searchKeep.has(design.searchKey(row))),
  };
}

export const rowChangeCount = (changes: RowChanges<unknown, unknown>) =>
  changes.putList.length + changes.deleteList.length + changes.putSearch.length + changes.deleteSearch.length;

/** List rows of every (audience, facet) pair: `bucket(audience, facet)` names the row's partition. */
export function bucketRows<R extends object>(
  audiences: string[],
  facets: (audience: string) => string[],
  bucket: (audience: string, facet: string) => string,
  row: R,
): (R & { bucket: string })[] {
  return audiences.flatMap((audience) => facets(audience).map((facet) => ({ ...row, bucket: bucket(audience, facet) })));
}

/** One name search row per (audience, word): `name:<audience>:<first character>`, term = the word. */
export function nameSearchRows<R extends object>(audiences: string[], words: string[], row: R): (R & { partition: string; term: string; words: string[]; nameText: string })[] {
  const nameText = ` ${words.join(" ")}`;
  return audiences.flatMap((audience) => words.map((word) => ({ ...row, partition: `name:${audience}:${word[0]}`, term: word, words, nameText })));
}
