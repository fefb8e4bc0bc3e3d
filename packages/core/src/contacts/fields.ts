import * as v from "valibot";
import { normalizePhone } from "./phone";
import { phoneTypes } from "./contact.entity";
import { coded } from "../field-codes";

/**
 * Values people type (and CRMs export) when they have nothing to type, in Russian, Romanian and
 * English: never stored (seed 000, field hygiene). THE one list: API create and update, web
 * forms, chats and imports all decide through `isPlaceholder` (docs/imports.md lists it).
 * Compared lower-cased with spaces collapsed; a value of only punctuation ("-", "—", "...")
 * is a placeholder too. Not "0": a custom number field may hold it, and a phone cell "0" is
 * dropped as an invalid phone anyway.
 */
export const PLACEHOLDERS: readonly string[] = [
  // English (and spreadsheet) forms
  "n/a", "n.a.", "n.a", "na", "n/d", "none", "null", "unknown", "undefined", "not available", "not specified", "no data", "#n/a",
  // Russian
  "нет", "н/д", "н.д.", "нд", "н/а", "нет данных", "не знаю", "не указан", "не указана", "не указано", "неизвестно", "нет информации",
  // Romanian
  "nu", "lipsă", "lipsa", "nu există", "nu exista", "nu este", "necunoscut", "nedeterminat",
  // Only punctuation (also caught by the rule below; listed so the docs show them)
  "-", "—", "–", ".", "?",
];
const placeholderWords = new Set(PLACEHOLDERS.map((word) => word.normalize("NFC")));

const placeholderMessage = coded("placeholder", "Leave the field out instead of a placeholder such as “-” or “n/a”.");

export function isPlaceholder(text: string): boolean {
  const trimmed = text.normalize("NFC").trim().toLowerCase().replace(/\s+/g, " ");
  if (trimmed === "") return true;
  if (placeholderWords.has(trimmed)) return true;
  // Only punctuation, symbols and spaces: "--", "...", "* * *".
  return /^[\p{P}\p{S}\s]+$/u.test(trimmed);
}

export const TextField = (maxLength: number) =>
  v.pipe(
    v.string("Must be text."),
    v.trim(),
    v.check((value) => !isPlaceholder(value), placeholderMessage),
    v.maxLength(maxLength, `At most ${maxLength} characters.`),
  );

const phoneLike = /^[+\d\s().-]{5,}$/;

export const EmailField = v.pipe(
  v.string("Must be text."),
  v.trim(),
  v.check((value) => !(phoneLike.test(value) && /\d{5,}/.test(value.replace(/\D/g, ""))), coded("wrong-field-kind", "This is a phone number: put it in a phone field, not an email field.", { expected: "email", received: "phone" })),
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
      addIssue({ message: result.message }); // coded by normalizePhone (invalid-phone + country)
      return NEVER;
    }
    return result.e164;
  }),
);

export const PhoneField = v.strictObject({
  number: PhoneNumberField,
  type: v.optional(v.picklist(phoneTypes, `One of: ${phoneTypes.join(", ")}.`), "mobile"),
});

export { UlidField } from "../validation";

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const notAnEmail = (what: string) =>
  v.check((value: string) => !emailShape.test(value.trim()), coded("wrong-field-kind", `This is an email address: put it in an email field, not ${what}.`, { received: "email" }));
const notAPhone = (what: string) =>
  v.check((value: string) => !(phoneLike.test(value.trim()) && /\d{5,}/.test(value.replace(/\D/g, ""))), coded("wrong-field-kind", `This is a phone number: put it in a phone field, not ${what}.`, { received: "phone" }));

/**
 * Free text of a person's name, position, address…: trimmed, no placeholders, and not an email
 * or phone typed into the wrong box (seed 000, field hygiene).
 */
export const PlainTextField = (maxLength: number, what = "this field") =>
  v.pipe(TextField(maxLength), notAnEmail(what), notAPhone(what));

/** `YYYY-MM-DD`, a real calendar date, not in the future and not before 1900. */
export const BirthdayField = v.pipe(
  v.string("Must be a date as YYYY-MM-DD."),
  v.trim(),
  v.isoDate("Must be a date as YYYY-MM-DD."),
  v.check((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, coded("invalid-date", "Not a real calendar date.")),
  v.check((value) => value >= "1900-01-01", coded("too-small", "Must be 1900 or later.", { min: "1900-01-01" })),
  v.check((value) => value <= new Date().toISOString().slice(0, 10), coded("in-the-future", "A birthday cannot be in the future.")),
);

/** http(s) URLs only; the host must have a dot (no `localhost`, no bare words). */
export const UrlField = v.pipe(
  v.string("Must be a web address."),
  v.trim(),
  v.check((value) => !isPlaceholder(value), placeholderMessage),
  notAnEmail("a web address field"),
  v.maxLength(500, "At most 500 characters."),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(dataset.value) ? dataset.value : `https://${dataset.value}`;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      addIssue({ message: coded("invalid-url", "Not a valid web address.") });
      return NEVER;
    }
    if (!["http:", "https:"].includes(url.protocol) || !/^[^.\s]+(\.[^.\s]+)+$/.test(url.hostname)) {
      addIssue({ message: coded("invalid-url", "Must be an http(s) web address such as https://example.com.") });
      return NEVER;
    }
    return url.toString();
  }),
);

/** Telegram usernames: 5–32 letters, digits and underscores, starting with a letter; stored without `@`. */
export const TelegramField = v.pipe(
  v.string("Must be text."),
  v.trim(),
  notAnEmail("the Telegram field"),
  v.transform((value) => value.replace(/^@/, "").replace(/^https?:\/\/t\.me\//i, "")),
  v.regex(/^[a-zA-Z][a-zA-Z0-9_]{4,31}$/, "Not a Telegram username: 5–32 letters, digits or _, starting with a letter (e.g. @anna_p)."),
);

/** WhatsApp and Viber accounts are phone numbers: same rules and E.164 form as phones. */
export const MessengerPhoneField = PhoneNumberField;

export const MessengersField = v.pipe(
  v.strictObject(
    {
      telegram: v.optional(v.nullable(TelegramField)),
      whatsapp: v.optional(v.nullable(MessengerPhoneField)),
      viber: v.optional(v.nullable(MessengerPhoneField)),
    },
    "Unknown messenger: use telegram, whatsapp or viber.",
  ),
  // `null` clears one messenger; the stored map only has the ones set.
  v.transform((messengers) =>
    Object.fromEntries(Object.entries(messengers).filter(([, handle]) => handle != null)) as { telegram?: string; whatsapp?: string; viber?: string },
  ),
);

const currencies = new Set(Intl.supportedValuesOf("currency"));
/** ISO 4217 code, e.g. RUB, EUR, USD (case-insensitive in, upper case stored). */
export const CurrencyField = v.pipe(
  v.string("Must be a currency code such as RUB."),
  v.trim(),
  v.toUpperCase(),
  v.check((value) => /^[A-Z]{3}$/.test(value) && currencies.has(value), "Not an ISO 4217 currency code (e.g. RUB, EUR, USD)."),
);

/** An IANA time zone such as Europe/Moscow, as the call-list engine needs for calling hours. */
export const TimeZoneField = v.pipe(
  v.string("Must be a time zone such as Europe/Moscow."),
  v.trim(),
  v.maxLength(64, "At most 64 characters."),
  v.check((value) => {
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }, "Not an IANA time zone (e.g. Europe/Moscow, Asia/Yekaterinburg, UTC)."),
);

/** Tags: trimmed, inner spaces collapsed, at most 50 characters. */
export const TagField = v.pipe(TextField(50), v.transform((value) => value.replace(/\s+/g, " ")));
