/**
 * One definition of a listed feature's storage (contacts, companies): the ElectroDB models of
 * its list and search rows (`listingModels`, turned into entities by the feature's
 * `*-index.entity.ts`) and where its rows are written (`listingDesign`). A feature names its ID
 * attribute, key prefixes, columns and sorted indexes; the keys are the same for every feature.
 * Key templates are spelled out (and case kept) because pages are read with hand-built key
 * conditions and signed sort-key cursors (query.ts). The stored items are pinned by
 * tests/integration/storage-items.test.ts.
 */
import type { Attribute } from "electrodb";
import { rowChangesOf, type IndexEntities, type RowDesign } from "./rows";

type Attributes = Record<string, Attribute>;

interface Key<F extends readonly string[]> {
  readonly field: string;
  readonly composite: F;
  readonly template: string;
  readonly casing: "none";
}

/** `prefix${a}#${b}`: the composites joined by `#`, case kept. */
function key<const F extends readonly string[]>(field: string, prefix: string, composite: F): Key<F> {
  return { field, composite, template: prefix + composite.map((name) => "${" + name + "}").join("#"), casing: "none" };
}

const requiredString = { type: "string", required: true } as const;
const keyString = { type: "string", required: true, readOnly: true } as const;

/**
 * - list rows: `pk = <list prefix>#<bucket>`, `sk = <id>` (creation order, ULID), and per sorted
 *   index `<gsi>pk = <list prefix>#<bucket>`, `<gsi>sk = <sort key>#<id>`;
 * - search rows: `pk = <search prefix>#<partition>`, `sk = <term>#<id>`.
 */
export function listingModels<
  const Id extends string,
  const Projected extends Attributes,
  const Sorted extends Record<string, { index: string; key: string }>,
  const SearchOnly extends Attributes,
>(definition: {
  entities: { list: string; search: string };
  id: Id;
  prefixes: { list: string; search: string };
  /** The columns a page shows, copied onto every row so a page is only its Queries. */
  projected: Projected;
  /** The sorted list indexes by access pattern: their GSI and the attribute their sort key starts with. */
  sorted: Sorted;
  /** What only search rows carry (the words a reader keeps an item once by). */
  searchOnly: SearchOnly;
}) {
  const { entities, id, prefixes, projected, sorted, searchOnly } = definition;
  type SortKey = Sorted[keyof Sorted]["key"];
  const idAttribute = { [id]: keyString } as { [K in Id]: typeof keyString };
  const sortAttributes = Object.fromEntries(Object.values(sorted).map(({ key: name }) => [name, requiredString])) as { [K in SortKey]: typeof requiredString };
  const sortedIndexes = Object.fromEntries(
    Object.entries(sorted).map(([name, { index, key: sortKey }]) => [
      name,
      { index, pk: key(`${index}pk`, `${prefixes.list}#`, ["bucket"] as const), sk: key(`${index}sk`, "", [sortKey, id] as const) },
    ]),
  ) as { [N in keyof Sorted]: { index: Sorted[N]["index"]; pk: Key<readonly ["bucket"]>; sk: Key<readonly [Sorted[N]["key"], Id]> } };
  const model = (entity: string) => ({ entity, version: "1", service: "crm" });
  return {
    list: {
      model: model(entities.list),
      attributes: { bucket: keyString, ...idAttribute, ...sortAttributes, ...projected },
      indexes: {
        primary: { pk: key("pk", `${prefixes.list}#`, ["bucket"] as const), sk: key("sk", "", [id] as const) },
        ...sortedIndexes,
      },
    },
    search: {
      model: model(entities.search),
      attributes: { partition: keyString, term: keyString, ...idAttribute, ...searchOnly, ...projected },
      indexes: {
        primary: { pk: key("pk", `${prefixes.search}#`, ["partition"] as const), sk: key("sk", "", ["term", id] as const) },
      },
    },
  };
}

/**
 * A feature's row design (rows.ts) and index entities (transaction.ts) from its rows and its ID
 * attribute: rows are told apart by bucket (list) or partition and term (search), and the item.
 */
export function listingDesign<T, Id extends string, L extends { bucket: string } & Record<Id, string>, S extends { partition: string; term: string } & Record<Id, string>>(
  id: Id,
  entities: { list: string; search: string },
  rows: { listRows(item: T): L[]; searchRows(item: T): S[] },
) {
  const design: RowDesign<T, L, S> = {
    ...rows,
    listKey: (row) => `${row.bucket}\n${row[id]}`,
    searchKey: (row) => `${row.partition}\n${row.term}\n${row[id]}`,
  };
  const indexEntities: IndexEntities<L, S> = {
    ...entities,
    listKey: (row) => ({ bucket: row.bucket, [id]: row[id] }),
    searchKey: (row) => ({ partition: row.partition, term: row.term, [id]: row[id] }),
  };
  /** What a write does to the item's rows (rows.ts); either side may be undefined. */
  const rowChanges = (current: T | undefined, next: T | undefined) => rowChangesOf(design, current, next);
  return { rowChanges, indexEntities };
}
