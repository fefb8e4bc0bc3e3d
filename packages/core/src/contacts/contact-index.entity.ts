import { Entity } from "../storage/entity";
import { listingModels } from "../listing/definition";

/**
 * The columns a contacts page shows, copied onto every index row so a page is only the
 * Queries (no BatchGetItem). Written by `indexRows` (index-rows.ts) in the contact's own
 * transactions; `custom` is stored by field ID, like on the contact row.
 */
const projected = {
  displayName: { type: "string", required: true },
  firstName: { type: "string" },
  lastName: { type: "string" },
  middleName: { type: "string" },
  phone: { type: "string" },
  email: { type: "string" },
  company: { type: "any" },
  companyId: { type: "string" },
  tags: { type: "any" },
  /** Lower-cased tags, for tag filters applied as FilterExpressions. */
  tagKeys: { type: "any" },
  ownerIds: { type: "any", required: true },
  teamIds: { type: "any" },
  sharing: { type: "string", required: true },
  sourceKind: { type: "string", required: true },
  contactType: { type: "string" },
  doNotCall: { type: "boolean", required: true },
  doNotEmail: { type: "boolean", required: true },
  active: { type: "boolean", required: true },
  createdAt: { type: "string", required: true },
  updatedAt: { type: "string", required: true },
  version: { type: "number", required: true },
  custom: { type: "any" },
} as const;

/**
 * The contact's list and search rows (listing/definition.ts):
 * - list rows, one per (audience, active|inactive, facet) bucket: `pk = cix#<bucket>`,
 *   `sk = <contactId>`; gsi4 (`byName`) `sk = <normalized sort name>#<contactId>`, gsi5
 *   (`byUpdated`) `sk = <updatedAt>#<contactId>`, gsi6 (`bySurname`)
 *   `sk = <surname sort key>#<contactId>` (index-rows.ts `surnameSortKey`: surname, then first
 *   and middle name; contacts without a surname after every surname);
 * - search rows, one per searchable term: `pk = csx#<partition>`, `sk = <term>#<contactId>`,
 *   read with `begins_with(sk, <typed prefix>)`: phone `phone:<last 3 digits>`, term = the E.164
 *   digits reversed (global); email `email:<first character>`, term = the lower-cased address
 *   (global); name `name:<audience>:<first character>`, term = one normalized word (per
 *   audience, like list rows). `words` (all normalized name words) lets a reader keep a
 *   contact once per name search.
 */
const models = listingModels({
  // The names storage/index.ts gives them too (index-rows.ts `contactIndexEntityNames`).
  entities: { list: "contactIndex", search: "contactSearch" },
  id: "contactId",
  prefixes: { list: "cix", search: "csx" },
  projected,
  sorted: { byName: { index: "gsi4", key: "nameKey" }, byUpdated: { index: "gsi5", key: "updatedAt" }, bySurname: { index: "gsi6", key: "surnameKey" } },
  searchOnly: { words: { type: "any" }, nameText: { type: "string" } },
});

export const ContactIndexEntity = new Entity(models.list);
export const ContactSearchEntity = new Entity(models.search);
