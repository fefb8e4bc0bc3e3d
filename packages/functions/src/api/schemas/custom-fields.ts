import * as v from "valibot";
import { CustomFields } from "@callboard/core/custom-fields";

/** A custom field definition as the API answers it. */
export const CustomFieldView = v.object({
  entityType: v.picklist(CustomFields.customFieldEntityTypes),
  key: v.string(),
  label: v.string(),
  type: v.picklist(CustomFields.customFieldTypes),
  options: v.optional(v.array(v.string())),
  required: v.boolean(),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
