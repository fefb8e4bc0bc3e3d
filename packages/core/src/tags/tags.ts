import * as v from "valibot";
import { useUser } from "../actor";
import { isPlaceholder } from "../contacts/fields";
import { useStorage, type Storage } from "../storage";
import { committed, isConditionFailure, retryTransactionConflicts } from "../storage/transaction";
import { parse } from "../validation";
import { taggedEntityTypes, type TaggedEntityType } from "./tag-count.entity";
export { ListTagsInput } from "./schemas";
import { ListTagsInput } from "./schemas";

export { taggedEntityTypes, type TaggedEntityType };

/** The entities handed to a `service.transaction.write` callback. */
type TransactionEntities = Parameters<Parameters<Storage["service"]["transaction"]["write"]>[0]>[0];

export const TAG_MAX_LENGTH = 50;
export const TAGS_PER_RECORD = 20;

/** `  VIP   client ` → `VIP client`: what is stored on the record and shown. */
export function normalizeTag(text: string): string {
  return text.normalize("NFKC").trim().replace(/\s+/gu, " ");
}

/** Two spellings are the same tag when their keys match: case and spacing do not count. */
export function tagKey(text: string): string {
  return normalizeTag(text).toLocaleLowerCase("en-US");
}

export const TagField = v.pipe(
  v.string("Must be text."),
  v.transform(normalizeTag),
  v.check((value) => !isPlaceholder(value), "Leave the tag out instead of a placeholder such as “-” or “n/a”."),
  v.maxLength(TAG_MAX_LENGTH, `At most ${TAG_MAX_LENGTH} characters.`),
);

/** A record's tags: normalized, the first spelling of each key kept, at most 20. */
export const TagsField = v.pipe(
  v.array(TagField, "Must be a list of tags."),
  v.transform((tags) => tags.filter((tag, index) => tags.findIndex((other) => tagKey(other) === tagKey(tag)) === index)),
  v.maxLength(TAGS_PER_RECORD, `At most ${TAGS_PER_RECORD} tags.`),
);

/**
 * The count updates for a record whose tags go from `before` to `after` (either may be empty:
 * create, delete, restore). Add them to the record's own TransactWriteItems so counts and
 * record move together; a tag whose key is on both sides is not touched. `tx` is the entities
 * argument of `service.transaction.write((tx) => [...])`:
 *
 *     service.transaction.write((tx) => [tx.company.create(c).commit(), ...tagCountChanges(tx, "company", [], c.tags)])
 *
 * Run such a write through `retryTransactionConflicts`: two records changing the same tag at
 * once make DynamoDB cancel one transaction with `TransactionConflict`.
 */
export function tagCountChanges(tx: Pick<TransactionEntities, "tagCount">, entityType: TaggedEntityType, before: readonly string[], after: readonly string[]) {
  return tagCountAdds(tx, entityType, tagDeltas(before, after));
}

/** One tag count's change: +1 per record gaining the tag, -1 per record losing it. */
export interface TagDelta {
  key: string;
  label: string;
  delta: number;
}

/** The count changes of one record whose tags go from `before` to `after`. */
export function tagDeltas(before: readonly string[], after: readonly string[]): TagDelta[] {
  const keyed = (tags: readonly string[]) => new Map(tags.map((tag) => [tagKey(tag), normalizeTag(tag)]));
  const [was, now] = [keyed(before), keyed(after)];
  const deltas: TagDelta[] = [];
  for (const [key, label] of now) if (!was.has(key)) deltas.push({ key, label, delta: 1 });
  for (const [key, label] of was) if (!now.has(key)) deltas.push({ key, label, delta: -1 });
  return deltas;
}

/** Deltas of many records summed per tag (the first label seen is kept); zero sums left out. */
export function sumTagDeltas(deltas: Iterable<TagDelta>): TagDelta[] {
  const sums = new Map<string, TagDelta>();
  for (const { key, label, delta } of deltas) {
    const sum = sums.get(key);
    if (sum) sum.delta += delta;
    else sums.set(key, { key, label, delta });
  }
  return [...sums.values()].filter((sum) => sum.delta !== 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function tagCountAdds(tx: Pick<TransactionEntities, "tagCount">, entityType: TaggedEntityType, deltas: readonly TagDelta[]) {
  return deltas.map(({ key, label, delta }) =>
    tx.tagCount
      .update({ entityType, key })
      .data(({ count, label: labelAttribute }, { add, ifNotExists }) => {
        add(count, delta);
        ifNotExists(labelAttribute, label);
      })
      .commit(),
  );
}

/** Tag counts per TransactWriteItems of `applyTagDeltasOnce`, with its marker (DynamoDB's limit is 100). */
export const TAG_DELTAS_PER_TRANSACTION = 99;
const BATCH_MARKER_SECONDS = 7 * 24 * 3600;

/**
 * Adds many records' summed tag-count changes exactly once, however often it is called with the
 * same `batchKey` (a replayed import chunk): each TransactWriteItems carries the counts and a
 * marker item created with `attribute_not_exists`; a marker already there cancels the whole
 * transaction and nothing is added. Over 99 tags the deltas go in several transactions, each
 * with its own marker (`<batchKey>#<part>`), split the same way on every call (deltas sorted by
 * key), so each part is applied once. Returns how many parts were applied now (0 on a replay).
 */
export async function applyTagDeltasOnce(entityType: TaggedEntityType, batchKey: string, deltas: Iterable<TagDelta>): Promise<number> {
  const sums = sumTagDeltas(deltas);
  const { service } = useStorage();
  let applied = 0;
  for (let part = 0; part * TAG_DELTAS_PER_TRANSACTION < sums.length; part++) {
    const slice = sums.slice(part * TAG_DELTAS_PER_TRANSACTION, (part + 1) * TAG_DELTAS_PER_TRANSACTION);
    const at = new Date();
    const marker = { batchKey: `${batchKey}#${part}`, appliedAt: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) + BATCH_MARKER_SECONDS };
    try {
      await retryTransactionConflicts(async () =>
        committed(await service.transaction.write((tx) => [tx.tagCountBatch.create(marker).commit(), ...tagCountAdds(tx, entityType, slice)]).go()),
      );
      applied++;
    } catch (error) {
      // The marker exists: this part was applied by an earlier run of the same batch.
      if (!isConditionFailure(error)) throw error;
    }
  }
  return applied;
}

export interface TagWithCount {
  tag: string;
  /** Admins only: the count covers every record, including those others may not see. */
  count?: number;
}

/**
 * Every tag in use on one entity type, in name order (one Query; tags whose count fell to zero
 * are filtered out by DynamoDB). A partition holds far fewer than 1 MB of tags in practice; past
 * that the Query pages on. The counts are organization-wide: only admins, who see every record,
 * get them. Counting per caller would mean reading every record they may see, so others get the
 * names only.
 */
export async function list(input: v.InferInput<typeof ListTagsInput>): Promise<TagWithCount[]> {
  const actor = useUser();
  const { entity } = parse(ListTagsInput, input);
  const { service } = useStorage();
  const result = await service.entities.tagCount.query
    .primary({ entityType: entity })
    .where(({ count }, { gt }) => gt(count, 0))
    .go({ pages: "all" });
  if (actor.role !== "admin") return result.data.map((item) => ({ tag: item.label }));
  return result.data.map((item) => ({ tag: item.label, count: item.count }));
}
