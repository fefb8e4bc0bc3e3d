// "min" metadata still validates against each country's number patterns and lengths; "max" only
// adds number-type detection (mobile, fixed line), which nothing here uses, for 73 KB more in the Lambda.
// The parser is loaded with the table's libraries, out of the cold start (storage/libraries.ts).
import type { CountryCode } from "libphonenumber-js/min";
import { assertStorageLoaded, parsePhoneNumberFromString } from "../storage/libraries";
import { coded, type FieldCode } from "../field-codes";
import { organizationCountry } from "../settings/settings";

/** The organization's country (settings.ts: DEFAULT_COUNTRY), for numbers written without +code. */
export const defaultCountry = (): CountryCode => organizationCountry() as CountryCode;

/** A failed check carries its field error code (`invalid-phone` with the country it was read for). */
export type PhoneCheck = { ok: true; e164: string } | { ok: false; message: string; code: FieldCode; values?: Record<string, unknown> };

const emailShape = /^[^\s@]+@[^\s@]+$/;
const emailInPhone = "This is an email address: put it in an email field, not a phone field.";

/** `8 (916) 123-45-67`, `+7 916 1234567` and `89161234567` all become `+79161234567`. */
export function normalizePhone(input: string, country: CountryCode = defaultCountry()): PhoneCheck {
  const text = input.trim();
  if (emailShape.test(text)) return { ok: false, message: coded("wrong-field-kind", emailInPhone, { expected: "phone", received: "email" }), code: "wrong-field-kind", values: { expected: "phone", received: "email" } };
  if (!/\d/.test(text)) return { ok: false, message: coded("invalid-phone", "Not a phone number."), code: "invalid-phone" };
  assertStorageLoaded();
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed || !parsed.isValid()) {
    const values = { country };
    return { ok: false, message: coded("invalid-phone", `Not a valid phone number (read with default country ${country}).`, values), code: "invalid-phone", values };
  }
  return { ok: true, e164: parsed.number };
}
