import * as v from "valibot";
import { useUser } from "../actor";
import { isPlaceholder } from "../contacts/fields";
import { useStorage, type Storage } from "../storage";
import { parse } from "../validation";
import { taggedEntityTypes, type TaggedEntityType } from "./tag-count.entity";

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
  const keyed = (tags: readonly string[]) => new Map(tags.map((tag) => [tagKey(tag), normalizeTag(tag)]));
  const [was, now] = [keyed(before), keyed(after)];
  const deltas: { key: string; label: string; delta: number }[] = [];
  for (const [key, label] of now) if (!was.has(key)) deltas.push({ key, label, delta: 1 });
  for (const [key, label] of was) if (!now.has(key)) deltas.push({ key, label, delta: -1 });
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

export const ListTagsInput = v.strictObject(
  { entity: v.picklist(taggedEntityTypes, `One of: ${taggedEntityTypes.join(", ")}.`) },
  "Unknown parameter: leave it out.",
);

export interface TagWithCount {
  tag: string;
  count: number;
}

/**
 * Every tag in use on one entity type, in name order, with its count (one Query; tags whose
 * count fell to zero are filtered out by DynamoDB). A partition holds far fewer than 1 MB of
 * tags in practice; past that the Query pages on.
 */
export async function list(input: v.InferInput<typeof ListTagsInput>): Promise<TagWithCount[]> {
  useUser();
  const { entity } = parse(ListTagsInput, input);
  const { service } = useStorage();
  const result = await service.entities.tagCount.query
    .primary({ entityType: entity })
    .where(({ count }, { gt }) => gt(count, 0))
    .go({ pages: "all" });
  return result.data.map((item) => ({ tag: item.label, count: item.count }));
}
