import { Entity } from "../storage/entity";

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
 * List rows: one per (audience, facet) bucket the company belongs to. Partitions never touch
 * the company's own (`companyCard` collection). Key templates are spelled out (and case kept)
 * because pages are read with hand-built key conditions and signed sort-key cursors (find.ts).
 * - table: `pk = cox#<bucket>`, `sk = <companyId>` (creation order, ULID);
 * - gsi4 (`byName`): `sk = <normalized name>#<companyId>`;
 * - gsi5 (`byUpdated`): `sk = <updatedAt>#<companyId>`.
 */
export const CompanyIndexEntity = new Entity({
  model: { entity: "companyIndex", version: "1", service: "crm" },
  attributes: {
    bucket: { type: "string", required: true, readOnly: true },
    companyId: { type: "string", required: true, readOnly: true },
    nameKey: { type: "string", required: true },
    ...projected,
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["bucket"], template: "cox#${bucket}", casing: "none" },
      sk: { field: "sk", composite: ["companyId"], template: "${companyId}", casing: "none" },
    },
    byName: {
      index: "gsi4",
      pk: { field: "gsi4pk", composite: ["bucket"], template: "cox#${bucket}", casing: "none" },
      sk: { field: "gsi4sk", composite: ["nameKey", "companyId"], template: "${nameKey}#${companyId}", casing: "none" },
    },
    byUpdated: {
      index: "gsi5",
      pk: { field: "gsi5pk", composite: ["bucket"], template: "cox#${bucket}", casing: "none" },
      sk: { field: "gsi5sk", composite: ["updatedAt", "companyId"], template: "${updatedAt}#${companyId}", casing: "none" },
    },
  },
});

/**
 * Name search rows, one per (audience, word): `pk = cos#name:<audience>:<first character>`,
 * `sk = <word>#<companyId>`, read with `begins_with(sk, <typed prefix>)`. Per audience, like
 * list rows, so a search reads only what the user may see. `words` lets a reader keep a company
 * once; `nameText` (` w1 w2 …`) checks further typed words.
 */
export const CompanySearchEntity = new Entity({
  model: { entity: "companySearch", version: "1", service: "crm" },
  attributes: {
    partition: { type: "string", required: true, readOnly: true },
    term: { type: "string", required: true, readOnly: true },
    companyId: { type: "string", required: true, readOnly: true },
    words: { type: "any", required: true },
    nameText: { type: "string", required: true },
    ...projected,
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["partition"], template: "cos#${partition}", casing: "none" },
      sk: { field: "sk", composite: ["term", "companyId"], template: "${term}#${companyId}", casing: "none" },
    },
  },
});
