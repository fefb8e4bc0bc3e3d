import * as v from "valibot";
import { customFieldEntityTypes, customFieldTypes } from "@callboard/core/custom-fields/custom-field.entity";

/** A custom field definition as the API answers it. */
export const CustomFieldView = v.object({
  entityType: v.picklist(customFieldEntityTypes),
  key: v.string(),
  label: v.string(),
  type: v.picklist(customFieldTypes),
  options: v.optional(v.array(v.string())),
  required: v.boolean(),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});
