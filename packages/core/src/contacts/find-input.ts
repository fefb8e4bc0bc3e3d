/**
 * What a contacts page asks for, apart from the finder (find.ts) so the routes, bulk actions,
 * saved views and the export validate it without loading the finder.
 */
import * as v from "valibot";
import { PAGE_SIZES, pagingFields } from "../storage/paging";
import { SORT_FIELDS } from "../listing/sort-fields";
import { tagKey } from "../listing/text";
import { contactTypes, sourceKinds } from "./contact.entity";
import { UlidField } from "./fields";

export const pageSizes = PAGE_SIZES;
/** The listing's orders, and for contacts the surname order (gsi6, index-rows.ts `surnameSortKey`). */
export const sortFields = [...SORT_FIELDS, "surname"] as const;
export type SortField = (typeof sortFields)[number];

const booleanText = (field: string) =>
  v.optional(
    v.union(
      [v.boolean(), v.pipe(v.picklist(["true", "false"], `${field} must be true or false.`), v.transform((text) => text === "true"))],
      `${field} must be true or false.`,
    ),
  );

/** `2026-01-31` or a full ISO time. */
const TimeText = v.pipe(
  v.string("Must be a date (YYYY-MM-DD) or an ISO time."),
  v.trim(),
  v.check((text) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text) && !Number.isNaN(new Date(text).getTime()), "Must be a date (YYYY-MM-DD) or an ISO time."),
);

const CustomCondition = v.strictObject(
  {
    eq: v.optional(v.pipe(v.string("Must be text."), v.maxLength(200, "At most 200 characters."))),
    min: v.optional(v.pipe(v.string("Must be text."), v.maxLength(40, "At most 40 characters."))),
    max: v.optional(v.pipe(v.string("Must be text."), v.maxLength(40, "At most 40 characters."))),
  },
  "Use cf.<key>, cf.<key>.min or cf.<key>.max.",
);

/**
 * What a contacts page asks for. The API passes its query string here; bulk actions and the CSV
 * export pass the same object (`findContacts`). Text forms of booleans and numbers are accepted.
 */
export const FindContactsInput = v.strictObject(
  {
    q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, "At most 200 characters."))),
    owner: v.optional(UlidField),
    company: v.optional(UlidField),
    tag: v.optional(
      v.pipe(
        v.union([v.string(), v.array(v.string())], "Must be a tag or a list of tags."),
        v.transform((tags) => [...new Set((Array.isArray(tags) ? tags : [tags]).map(tagKey).filter(Boolean))]),
        v.maxLength(5, "At most 5 tags."),
        v.check((tags) => tags.every((tag) => tag.length <= 100), "Tags are at most 100 characters."),
      ),
    ),
    source: v.optional(v.picklist(sourceKinds, `One of: ${sourceKinds.join(", ")}.`)),
    type: v.optional(v.picklist(contactTypes, `One of: ${contactTypes.join(", ")}.`)),
    doNotCall: booleanText("doNotCall"),
    doNotEmail: booleanText("doNotEmail"),
    active: v.optional(v.union([v.boolean(), v.picklist(["true", "false", "any"])], "Must be true, false or any."), "true"),
    createdFrom: v.optional(TimeText),
    createdTo: v.optional(TimeText),
    updatedFrom: v.optional(TimeText),
    updatedTo: v.optional(TimeText),
    custom: v.optional(
      v.pipe(
        v.record(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/, "Not a custom field key.")), CustomCondition),
        v.check((custom) => Object.keys(custom).length <= 10, "At most 10 custom field conditions."),
      ),
    ),
    sort: v.optional(v.picklist(sortFields, `One of: ${sortFields.join(", ")}.`), "created"),
    ...pagingFields,
  },
  "Unknown parameter: leave it out.",
);
export type FindContactsInput = v.InferInput<typeof FindContactsInput>;
