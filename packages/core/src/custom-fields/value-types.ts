import * as v from "valibot";
import { EmailField, PhoneNumberField, TextField } from "../contacts/fields";
import type { customFieldTypes } from "./custom-field.entity";

export type CustomFieldType = (typeof customFieldTypes)[number];
export type CustomValue = string | number | boolean | string[];

/**
 * A number DynamoDB takes as it is: the SDK refuses integers past ±2^53 (they would lose digits)
 * and DynamoDB fractions under 1e-130 ("Number underflow"). Either used to answer 500.
 */
export const isStorableNumber = (value: number) =>
  Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && (value === 0 || Math.abs(value) >= 1e-130);
export const STORABLE_NUMBER_MESSAGE = `Must be a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, and 0 or at least 1e-130 in size.`;
export const StorableNumber = v.pipe(v.number("Must be a number."), v.check(isStorableNumber, STORABLE_NUMBER_MESSAGE));

/** `acme.ru` → `https://acme.ru`; only http(s) addresses, so no `javascript:` link is stored. */
export const UrlField = v.pipe(
  v.string("Must be text."),
  v.trim(),
  v.maxLength(2048, "At most 2048 characters."),
  v.transform((value) => (/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`)),
  v.check((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && /^[^.\s]+(\.[^.\s]+)+$/.test(url.hostname);
    } catch {
      return false;
    }
  }, "Not a web address (e.g. https://example.com)."),
);

/** `YYYY-MM-DD` of a real calendar day (no 2025-02-30). */
export const DateField = v.pipe(
  v.string("Must be a date as YYYY-MM-DD."),
  v.trim(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "Must be a date as YYYY-MM-DD."),
  v.check((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, "Not a real calendar date."),
);

/** Options match case-insensitively and are stored in the definition's spelling. */
function optionOf(options: readonly string[], value: string): string | undefined {
  const wanted = value.trim().toLocaleLowerCase("en-US");
  return options.find((option) => option.toLocaleLowerCase("en-US") === wanted);
}

const SelectField = (options: readonly string[]) =>
  v.pipe(
    v.string("Must be one of the options, as text."),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const option = optionOf(options, dataset.value);
      if (option === undefined) {
        addIssue({ message: `Not an option. One of: ${options.join(", ")}.` });
        return NEVER;
      }
      return option;
    }),
  );

const MultiSelectField = (options: readonly string[]) =>
  v.pipe(
    v.array(SelectField(options), "Must be a list of options."),
    v.minLength(1, "Pick at least one option, or send null to clear the field."),
    v.transform((values) => [...new Set(values)]),
  );

/** The schema a value of one custom field must pass; its output is what gets stored. */
export function valueSchema(definition: { type: CustomFieldType; options?: readonly string[] }): v.GenericSchema<unknown, CustomValue> {
  switch (definition.type) {
    case "text":
      return TextField(1000);
    case "number":
      return StorableNumber;
    case "date":
      return DateField;
    case "boolean":
      return v.boolean("Must be true or false.");
    case "select":
      return SelectField(definition.options ?? []);
    case "multi-select":
      return MultiSelectField(definition.options ?? []);
    case "url":
      return UrlField;
    case "phone":
      return PhoneNumberField;
    case "email":
      return EmailField;
  }
}

/** Whether a stored value still fits its definition (an option may have been dropped since). */
export function storedValueFits(definition: { type: CustomFieldType; options?: readonly string[] }, value: CustomValue): CustomValue | undefined {
  if (definition.type === "select") return typeof value === "string" && definition.options?.includes(value) ? value : undefined;
  if (definition.type === "multi-select") {
    if (!Array.isArray(value)) return undefined;
    const kept = value.filter((item) => definition.options?.includes(item));
    return kept.length > 0 ? kept : undefined;
  }
  return value;
}
