/** The call log's request schemas (the API validates with them; listing.ts and click-to-call.ts run them). */
import * as v from "valibot";

/** A ULID query parameter, named in its error. */
const id = (field: string) => v.pipe(v.string(`${field} must be text.`), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, `Not a valid ${field}.`));

/** `2026-05-01` (the whole day) or a full ISO time. */
const time = v.pipe(
  v.string("Must be a date (2026-05-01) or an ISO time."),
  v.check((text) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) && Number.isFinite(Date.parse(text)), "Must be a date (2026-05-01) or an ISO time (2026-05-01T10:00:00Z)."),
);

export const ListCallsInput = v.strictObject(
  {
    contactId: v.optional(id("contactId")),
    companyId: v.optional(id("companyId")),
    operatorId: v.optional(id("operatorId")),
    listId: v.optional(id("listId")),
    from: v.optional(time),
    to: v.optional(time),
    cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
    limit: v.optional(
      v.pipe(
        v.union([v.number(), v.string()], "Page size must be a whole number from 1 to 100."),
        v.transform(Number),
        v.number("Page size must be a whole number from 1 to 100."),
        v.integer("Page size must be a whole number from 1 to 100."),
        v.minValue(1, "Page size must be a whole number from 1 to 100."),
        v.maxValue(100, "Page size must be a whole number from 1 to 100."),
      ),
      50,
    ),
  },
  "Unknown parameter: use contactId, companyId, operatorId, listId, from, to, cursor or limit.",
);
export type ListCallsInput = v.InferInput<typeof ListCallsInput>;

export const ClickToCallInput = v.strictObject(
  {
    phone: v.pipe(v.string("Must be a phone number."), v.trim(), v.nonEmpty("Say which number to call."), v.maxLength(40, "At most 40 characters.")),
    via: v.optional(v.picklist(["softphone", "phone"] as const, "One of: softphone, phone."), "softphone"),
    overrideCallWindow: v.optional(v.boolean("Must be true or false."), false),
  },
  "Unknown field: use phone, via and overrideCallWindow.",
);
export type ClickToCallInput = v.InferInput<typeof ClickToCallInput>;

/** Why a call was refused (409 problem+json `reason`). */
export const refusalReasons = ["do-not-call", "blocked", "outside-call-window", "no-softphone", "no-own-phone", "operator-busy"] as const;
