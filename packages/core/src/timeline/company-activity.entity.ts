import { Entity } from "../storage/entity";
import { COMPANY_CARD_COLLECTION } from "../companies/company.entity";

export const companyActivityKinds = ["note", "call"] as const;
export type CompanyActivityKind = (typeof companyActivityKinds)[number];

/**
 * One entry of a company's timeline (calls to the company's own phone and their notes). It lives
 * in the company's partition (the `companyCard` collection), keyed by a time-ordered ULID, so the
 * company card is one Query: the company row first, then the newest activities. The entity is
 * named so its sort keys (`$companycard#activityofcompany_1#…`) sort before the company's
 * (`$companycard#company_1`): a descending Query returns the company first.
 */
export const CompanyActivityEntity = new Entity({
  model: { entity: "activityOfCompany", version: "1", service: "crm" },
  attributes: {
    companyId: { type: "string", required: true, readOnly: true },
    activityId: { type: "string", required: true, readOnly: true },
    kind: { type: companyActivityKinds, required: true, readOnly: true },
    at: { type: "string", required: true, readOnly: true },
    /** A user ID, or `system:<reason>` for the engine. */
    actorId: { type: "string", required: true, readOnly: true },
    text: { type: "string" },
    /** A system note as data (timeline/notes.ts): `{ kind, values }`, rendered in the reader's language. */
    note: { type: "any" },
    /** `call`: the outcome the call-list engine reported. */
    call: { type: "any" },
  },
  indexes: {
    primary: {
      collection: COMPANY_CARD_COLLECTION,
      pk: { field: "pk", composite: ["companyId"] },
      sk: { field: "sk", composite: ["activityId"] },
    },
  },
});
