import * as v from "valibot";
import { normalizePhone } from "./phone";
import { phoneTypes } from "./contact.entity";

/** Values people type when they have nothing to type: never stored (seed 000, field hygiene). */
const placeholderWords = new Set(["n/a", "na", "none", "null", "нет", "не знаю", "unknown", "-", "—", "–", ".", "?"]);

export function isPlaceholder(text: string): boolean {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "") return true;
  if (placeholderWords.has(trimmed)) return true;
  // Only punctuation, symbols and spaces: "--", "...", "* * *".
  return /^[\p{P}\p{S}\s]+$/u.test(trimmed);
}

export const TextField = (maxLength: number) =>
  v.pipe(
    v.string("Must be text."),
    v.trim(),
    v.check((value) => !isPlaceholder(value), "Leave the field out instead of a placeholder such as “-” or “n/a”."),
    v.maxLength(maxLength, `At most ${maxLength} characters.`),
  );

const phoneLike = /^[+\d\s().-]{5,}$/;

export const EmailField = v.pipe(
  v.string("Must be text."),
  v.trim(),
  v.check((value) => !(phoneLike.test(value) && /\d{5,}/.test(value.replace(/\D/g, ""))), "This is a phone number: put it in a phone field, not an email field."),
  v.maxLength(254, "At most 254 characters."),
  v.email("Not a valid email address."),
  // Local parts are case-sensitive in theory; domains never are.
  v.transform((value) => {
    const at = value.lastIndexOf("@");
    return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
  }),
);

export const PhoneNumberField = v.pipe(
  v.string("Must be text."),
  v.maxLength(40, "At most 40 characters."),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const result = normalizePhone(dataset.value);
    if (!result.ok) {
      addIssue({ message: result.message });
      return NEVER;
    }
    return result.e164;
  }),
);

export const PhoneField = v.strictObject({
  number: PhoneNumberField,
  type: v.optional(v.picklist(phoneTypes, `One of: ${phoneTypes.join(", ")}.`), "mobile"),
});

export const UlidField = v.pipe(
  v.string(),
  v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not a valid ID."),
);
