import * as v from "valibot";
import { CustomFields, type LiveDefinitions, type StoredCustomValues } from "../custom-fields";
import { StorableNumber } from "../custom-fields/value-types";
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
    StorableNumber,
    v.boolean(),
    v.pipe(v.array(v.pipe(CustomText, v.maxLength(200, "At most 200 characters per option."))), v.maxLength(50, "At most 50 options.")),
  ],
  "Must be text, a number, true/false or a list of texts.",
);

/** The shape every custom value has, whatever its definition says (checked at the API edge). */
export const CustomValuesField = v.pipe(
  v.record(v.pipe(v.string(), v.regex(keyShape, "Custom field keys are lower-case letters, digits and _, up to 40 characters.")), v.nullable(CustomValue)),
  v.check((values) => Object.keys(values).length <= MAX_CUSTOM_FIELDS, `At most ${MAX_CUSTOM_FIELDS} custom fields.`),
);

/**
 * Custom values against the admins' contact definitions (type, options, required), through the
 * short per-process definitions cache so a create stays one request when warm. Returns what to
 * store (keyed by the definition's `fieldId`) and the definitions used. Issues name
 * `custom.<key>`. `current`: the stored values, merged and rid of removed definitions' values.
 */
export async function validateCustomValues(
  values: Record<string, CustomValue | null> | undefined,
  options: { partial: boolean; current?: StoredCustomValues },
): Promise<{ stored: StoredCustomValues; definitions: LiveDefinitions }> {
  const definitions = await CustomFields.cachedDefinitions("contact");
  const stored = await CustomFields.validateCustomValues("contact", values ?? {}, { ...options, definitions });
  return { stored, definitions };
}

/** Stored values as clients see them, by key; values of removed definitions are left out. */
export const presentCustomValues = (definitions: LiveDefinitions, stored: StoredCustomValues | undefined): CustomValues =>
  CustomFields.presentCustomValues(definitions, stored);

export const contactDefinitions = () => CustomFields.cachedDefinitions("contact");
