import { Entity } from "../storage/entity";

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
 * List rows: one per (audience, active|inactive, facet) bucket the contact belongs to.
 * Key templates are spelled out (and case kept) because pages are read with hand-built
 * key conditions and signed sort-key cursors (find.ts).
 * - table: `pk = cix#<bucket>`, `sk = <contactId>` (creation order, ULID);
 * - gsi4 (`byName`): `sk = <normalized sort name>#<contactId>`;
 * - gsi5 (`byUpdated`): `sk = <updatedAt>#<contactId>`;
 * - gsi6 (`bySurname`): `sk = <surname sort key>#<contactId>` (index-rows.ts `surnameSortKey`:
 *   surname, then first and middle name; contacts without a surname after every surname).
 */
export const ContactIndexEntity = new Entity({
  model: { entity: "contactIndex", version: "1", service: "crm" },
  attributes: {
    bucket: { type: "string", required: true, readOnly: true },
    contactId: { type: "string", required: true, readOnly: true },
    nameKey: { type: "string", required: true },
    surnameKey: { type: "string", required: true },
    ...projected,
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["bucket"], template: "cix#${bucket}", casing: "none" },
      sk: { field: "sk", composite: ["contactId"], template: "${contactId}", casing: "none" },
    },
    byName: {
      index: "gsi4",
      pk: { field: "gsi4pk", composite: ["bucket"], template: "cix#${bucket}", casing: "none" },
      sk: { field: "gsi4sk", composite: ["nameKey", "contactId"], template: "${nameKey}#${contactId}", casing: "none" },
    },
    byUpdated: {
      index: "gsi5",
      pk: { field: "gsi5pk", composite: ["bucket"], template: "cix#${bucket}", casing: "none" },
      sk: { field: "gsi5sk", composite: ["updatedAt", "contactId"], template: "${updatedAt}#${contactId}", casing: "none" },
    },
    bySurname: {
      index: "gsi6",
      pk: { field: "gsi6pk", composite: ["bucket"], template: "cix#${bucket}", casing: "none" },
      sk: { field: "gsi6sk", composite: ["surnameKey", "contactId"], template: "${surnameKey}#${contactId}", casing: "none" },
    },
  },
});

/**
 * Search rows, one per searchable term: `pk = csx#<partition>`, `sk = <term>#<contactId>`,
 * read with `begins_with(sk, <typed prefix>)`.
 * - phone: partition `phone:<last 3 digits>`, term = the E.164 digits reversed (global);
 * - email: partition `email:<first character>`, term = the lower-cased address (global);
 * - name: partition `name:<audience>:<first character>`, term = one normalized word (per
 *   audience, like list rows, so a name search reads only what the user may see).
 * `words` (all normalized name words) lets a reader keep a contact once per name search.
 */
export const ContactSearchEntity = new Entity({
  model: { entity: "contactSearch", version: "1", service: "crm" },
  attributes: {
    partition: { type: "string", required: true, readOnly: true },
    term: { type: "string", required: true, readOnly: true },
    contactId: { type: "string", required: true, readOnly: true },
    words: { type: "any" },
    nameText: { type: "string" },
    ...projected,
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["partition"], template: "csx#${partition}", casing: "none" },
      sk: { field: "sk", composite: ["term", "contactId"], template: "${term}#${contactId}", casing: "none" },
    },
  },
});
