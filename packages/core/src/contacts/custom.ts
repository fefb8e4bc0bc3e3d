import * as v from "valibot";
import { parse } from "../validation";
import { isPlaceholder } from "./fields";

export type CustomValue = string | number | boolean | string[];
export type CustomValues = Record<string, CustomValue>;

export const MAX_CUSTOM_FIELDS = 50;
const keyShape = /^[a-z][a-z0-9_]{0,39}$/;

const CustomText = v.pipe(
  v.string(),
  v.trim(),
  v.check((value) => !isPlaceholder(value), "Leave the value out instead of a placeholder such as “-” or “n/a”."),
  v.maxLength(1000, "At most 1000 characters."),
);
const CustomValue = v.union(
  [
    CustomText,
    v.pipe(v.number(), v.finite("Must be a finite number.")),
    v.boolean(),
    v.pipe(v.array(v.pipe(CustomText, v.maxLength(200, "At most 200 characters per option."))), v.maxLength(50, "At most 50 options.")),
  ],
  "Must be text, a number, true/false or a list of texts.",
);

/** The shape every custom value has, whatever its definition says. */
export const CustomValuesField = v.pipe(
  v.record(v.pipe(v.string(), v.regex(keyShape, "Custom field keys are lower-case letters, digits and _, up to 40 characters.")), v.nullable(CustomValue)),
  v.check((values) => Object.keys(values).length <= MAX_CUSTOM_FIELDS, `At most ${MAX_CUSTOM_FIELDS} custom fields.`),
);

/**
 * Checks custom values before they are stored. Today: the generic shape above. The custom-field
 * definitions module replaces the body with `CustomFields.validateValues` (types, options,
 * required), keeping this one signature; issues must name `custom.<key>`.
 */
export async function validateCustomValues(values: Record<string, CustomValue | null>, _entity: "contact" = "contact"): Promise<Record<string, CustomValue | null>> {
  return parse(v.object({ custom: CustomValuesField }), { custom: values }).custom;
}
