// "min" metadata still validates against each country's number patterns and lengths; "max" only
// adds number-type detection (mobile, fixed line), which nothing here uses, for 73 KB more in the Lambda.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

export function defaultCountry(): CountryCode {
  return ((process.env.DEFAULT_COUNTRY || "RU").toUpperCase() as CountryCode);
}

export type PhoneCheck = { ok: true; e164: string } | { ok: false; message: string };

const emailShape = /^[^\s@]+@[^\s@]+$/;

/** `8 (916) 123-45-67`, `+7 916 1234567` and `89161234567` all become `+79161234567`. */
export function normalizePhone(input: string, country: CountryCode = defaultCountry()): PhoneCheck {
  const text = input.trim();
  if (emailShape.test(text)) return { ok: false, message: "This is an email address: put it in an email field, not a phone field." };
  if (!/\d/.test(text)) return { ok: false, message: "Not a phone number." };
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed || !parsed.isValid()) return { ok: false, message: `Not a valid phone number (read with default country ${country}).` };
  return { ok: true, e164: parsed.number };
}
