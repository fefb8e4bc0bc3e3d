import { Entity } from "../storage/entity";

/** The values a claim can be held on: the strong duplicate signals (see matching.ts). */
export const claimKinds = ["phone", "email", "telegram", "whatsapp", "viber"] as const;
export type ClaimKind = (typeof claimKinds)[number];

/**
 * One item per normalized phone (E.164), email (lower case) and messenger handle
 * (`messengerKey`): the serialization point of every write that gives a live contact this value.
 * - `version` goes up on every change of `holders`; a write that adds the value carries the
 *   condition `version = <the version its duplicate check read>` (or `attribute_not_exists`
 *   when there was none), so of two writes that checked at the same moment one fails and
 *   checks again (claims.ts);
 * - `holders`: the live contacts holding the value, changed in the same transactions as their
 *   lookup rows (create, update, trash, restore, merge, undo). Usually one; several after
 *   `?duplicates=allow`, an import with `create`, or a merge that was not made.
 * `pk = claim#<kind>#<value>`, `sk = claim` (spelled out, case kept: values are normalized).
 */
export const ValueClaimEntity = new Entity({
  model: { entity: "valueClaim", version: "1", service: "crm" },
  attributes: {
    kind: { type: claimKinds, required: true, readOnly: true },
    value: { type: "string", required: true, readOnly: true },
    version: { type: "number", required: true },
    holders: { type: "set", items: "string" },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["kind", "value"], template: "claim#${kind}#${value}", casing: "none" },
      sk: { field: "sk", composite: [], template: "claim", casing: "none" },
    },
  },
});
