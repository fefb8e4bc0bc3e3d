import { Entity } from "../storage/entity";
import { listingModels } from "../listing/definition";

/**
 * The columns a companies page shows, copied onto every index row so a page is only its Query.
 * Written by `rowChanges` (index-rows.ts) in the company's own transactions.
 */
const projected = {
  name: { type: "string", required: true },
  shortName: { type: "string" },
  primaryPhone: { type: "string" },
  primaryEmail: { type: "string" },
  tags: { type: "any", required: true },
  /** Lower-cased tags, for tag filters applied as FilterExpressions. */
  tagKeys: { type: "any", required: true },
  managerIds: { type: "any", required: true },
  version: { type: "number", required: true },
  createdAt: { type: "string", required: true },
  updatedAt: { type: "string", required: true },
} as const;

/**
 * The company's list and search rows (listing/definition.ts):
 * - list rows, one per (audience, facet) bucket: `pk = cox#<bucket>`, `sk = <companyId>`;
 *   gsi4 (`byName`) `sk = <normalized name>#<companyId>`, gsi5 (`byUpdated`)
 *   `sk = <updatedAt>#<companyId>`. Partitions never touch the company's own (`companyCard`);
 * - name search rows, one per (audience, word): `pk = cos#name:<audience>:<first character>`,
 *   `sk = <word>#<companyId>`, read with `begins_with(sk, <typed prefix>)`. Per audience, like
 *   list rows, so a search reads only what the user may see. `words` lets a reader keep a
 *   company once; `nameText` (` w1 w2 …`) checks further typed words.
 */
const models = listingModels({
  // The names storage/index.ts gives them too (index-rows.ts `companyIndexEntityNames`).
  entities: { list: "companyIndex", search: "companySearch" },
  id: "companyId",
  prefixes: { list: "cox", search: "cos" },
  projected,
  sorted: { byName: { index: "gsi4", key: "nameKey" }, byUpdated: { index: "gsi5", key: "updatedAt" } },
  searchOnly: { words: { type: "any", required: true }, nameText: { type: "string", required: true } },
});

export const CompanyIndexEntity = new Entity(models.list);
export const CompanySearchEntity = new Entity(models.search);
