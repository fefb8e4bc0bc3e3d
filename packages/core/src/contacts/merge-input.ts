/**
 * What a merge request may say, apart from the merge itself: the API validates with it at load
 * and loads merge.ts (rarely used, large) on the first merge (issue 17: out of the cold start).
 */
import * as v from "valibot";
import { UlidField } from "./fields";
import type { Contact } from "./model";

/** Fields the user picks one side of; everything else is united or decided by a rule. */
export const pickableFields = [
  "displayName", "firstName", "lastName", "middleName", "birthday", "position", "address", "website", "comment",
  "contactType", "currency", "preferredContactMethod", "active", "timeZone", "companyId", "sharing", "custom", "messengers", "photo",
] as const satisfies readonly (keyof Contact)[];
export type PickableField = (typeof pickableFields)[number];

const Side = v.picklist(["survivor", "other"], "survivor or other.");
export const MergeInput = v.strictObject(
  {
    otherId: v.pipe(v.string("Must be a contact ID."), v.check((value) => v.is(UlidField, value), "Not a valid contact ID.")),
    pick: v.optional(
      v.strictObject(
        Object.fromEntries(pickableFields.map((field) => [field, v.optional(Side)])) as Record<PickableField, v.OptionalSchema<typeof Side, undefined>>,
        `Unknown field: pick one of ${pickableFields.join(", ")}. Phones, emails, tags, social links and responsible managers are united; doNotCall and doNotEmail keep the most restrictive value.`,
      ),
      {},
    ),
  },
  "Unknown field: leave it out.",
);
export type MergeInput = v.InferInput<typeof MergeInput>;
