/** Custom fields: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";
import { TextField } from "../contacts/fields";
import { safeKey } from "../safe-keys";
import { customFieldEntityTypes, customFieldTypes } from "./custom-field.entity";
import type { CustomFieldType } from "./value-types";

export const MAX_OPTIONS = 100;

export const EntityTypeField = v.picklist(customFieldEntityTypes, `One of: ${customFieldEntityTypes.join(", ")}.`);

export const KeyField = v.pipe(
  v.string("Must be text."),
  v.regex(/^[a-z][a-z0-9_]{0,39}$/, "A key is 1–40 characters: lower-case letters, digits and _, starting with a letter."),
  // A key becomes an object key in every `custom` object: never one that reaches the prototype.
  safeKey(),
);

const OptionsField = v.pipe(
  v.array(TextField(100), "Must be a list of options."),
  v.minLength(1, "A select field needs at least one option."),
  v.maxLength(MAX_OPTIONS, `At most ${MAX_OPTIONS} options.`),
  v.check(
    (options) => new Set(options.map((option) => option.toLocaleLowerCase("en-US"))).size === options.length,
    "Options must differ (case does not count).",
  ),
);

export const isSelect = (type: CustomFieldType) => type === "select" || type === "multi-select";

const unknownField = "Unknown field: leave it out.";

export const DefineCustomFieldInput = v.pipe(
  v.strictObject(
    {
      entityType: EntityTypeField,
      key: KeyField,
      label: TextField(100),
      type: v.picklist(customFieldTypes, `One of: ${customFieldTypes.join(", ")}.`),
      options: v.optional(OptionsField),
      required: v.optional(v.boolean("Must be true or false."), false),
    },
    unknownField,
  ),
  v.forward(
    v.check((input) => isSelect(input.type) === (input.options !== undefined), "Select and multi-select fields need options; other types take none."),
    ["options"],
  ),
);
export type DefineCustomFieldInput = v.InferInput<typeof DefineCustomFieldInput>;

/** Key and type never change: a field of another type is a new definition (see `remove`). */
export const UpdateCustomFieldInput = v.strictObject(
  {
    label: v.optional(TextField(100)),
    options: v.optional(OptionsField),
    required: v.optional(v.boolean("Must be true or false.")),
  },
  unknownField,
);
export type UpdateCustomFieldInput = v.InferInput<typeof UpdateCustomFieldInput>;

export const ListCustomFieldsInput = v.strictObject({ entity: v.optional(EntityTypeField) }, "Unknown parameter: leave it out.");
