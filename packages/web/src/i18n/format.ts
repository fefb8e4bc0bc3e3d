import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { currentLanguage, i18n } from "./index";

/**
 * Dates, numbers, durations and phones as people read them (issue 19): Intl in the console's
 * language and the browser's time zone; phones with libphonenumber-js, national for the
 * organization's country (8 (495) 111-22-39), international for others (+373 69 123 456).
 * Nothing here shows an ISO timestamp or a raw E.164 number.
 */

/**
 * The locale formats follow: the browser's own tag when it is a variant of the console's
 * language (en-GB writes 05/12/2026, ro-MD its own way), else the language itself.
 */
function formattingLocale(): string {
  const language = currentLanguage();
  const preferred = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
  return preferred.find((tag) => tag.toLowerCase().split("-")[0] === language) ?? language;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat | Intl.RelativeTimeFormat>(key: string, make: (language: string) => T): T {
  const language = formattingLocale();
  const full = `${language}|${key}`;
  let format = cache.get(full) as T | undefined;
  if (!format) cache.set(full, (format = make(language)));
  return format;
}

const dateOf = (value: string | number | Date | undefined): Date | undefined => {
  if (value === undefined || value === "") return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/** "5 дек. 2026 г., 14:30" */
export function formatDateTime(value: string | number | Date | undefined): string {
  const date = dateOf(value);
  return date ? cached("dateTime", (l) => new Intl.DateTimeFormat(l, { dateStyle: "medium", timeStyle: "short" })).format(date) : "";
}

/** "5 дек. 2026 г." */
export function formatDate(value: string | number | Date | undefined): string {
  const date = dateOf(value);
  return date ? cached("date", (l) => new Intl.DateTimeFormat(l, { dateStyle: "medium" })).format(date) : "";
}

/** A calendar date stored as `YYYY-MM-DD` (a birthday): no time zone shift. */
export function formatCalendarDate(value: string | undefined): string {
  if (!value || !/^\d{4}-\d\d-\d\d$/.test(value)) return value ?? "";
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  return cached("calendarDate", (l) => new Intl.DateTimeFormat(l, { dateStyle: "long", timeZone: "UTC" })).format(new Date(Date.UTC(year, month - 1, day)));
}

/** "14:30" */
export function formatTime(value: string | number | Date | undefined): string {
  const date = dateOf(value);
  return date ? cached("time", (l) => new Intl.DateTimeFormat(l, { timeStyle: "short" })).format(date) : "";
}

/** A wall-clock time of day given as `HH:MM` (call windows): in the language's own style. */
export function formatClock(value: string | undefined): string {
  const match = value ? /^(\d\d):(\d\d)$/.exec(value) : null;
  if (!match) return value ?? "";
  return cached("clock", (l) => new Intl.DateTimeFormat(l, { hour: "numeric", minute: "2-digit", timeZone: "UTC" })).format(new Date(Date.UTC(2000, 0, 1, Number(match[1]), Number(match[2]))));
}

/** "1 234,5" */
export function formatNumber(value: number | undefined, options: Intl.NumberFormatOptions = {}): string {
  if (value === undefined || !Number.isFinite(value)) return "";
  return cached(`number${JSON.stringify(options)}`, (l) => new Intl.NumberFormat(l, options)).format(value);
}

/** A share 0..1 as "42 %" (the language's own spacing). */
export function formatPercent(share: number | undefined, fractionDigits = 0): string {
  if (share === undefined || !Number.isFinite(share)) return "";
  return cached(`percent${fractionDigits}`, (l) => new Intl.NumberFormat(l, { style: "percent", maximumFractionDigits: fractionDigits })).format(share);
}

/** Seconds as "1 ч 5 мин", "2 min 5 s", "45 s": the largest two units, short names. */
export function formatDuration(totalSeconds: number | undefined): string {
  if (totalSeconds === undefined || !Number.isFinite(totalSeconds)) return "";
  const seconds = Math.max(0, Math.round(totalSeconds));
  const parts: [number, "hour" | "minute" | "second"][] = [
    [Math.floor(seconds / 3600), "hour"],
    [Math.floor((seconds % 3600) / 60), "minute"],
    [seconds % 60, "second"],
  ];
  const first = parts.findIndex(([amount]) => amount > 0);
  const shown = first < 0 ? [parts[2]!] : parts.slice(first, first + 2).filter(([amount], index) => index === 0 || amount > 0);
  const unit = (amount: number, name: string) => cached(`unit-${name}`, (l) => new Intl.NumberFormat(l, { style: "unit", unit: name, unitDisplay: "short" })).format(amount);
  return cached("units", (l) => new Intl.ListFormat(l, { style: "narrow", type: "unit" })).format(shown.map(([amount, name]) => unit(amount, name)));
}

/** A running timer, "4:05" or "1:02:03" (the same in every language). */
export function formatClockDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** "in 5 minutes" / "через 5 минут", "2 hours ago" / "2 часа назад". */
export function formatRelative(value: string | number | Date | undefined, now: number = Date.now()): string {
  const date = dateOf(value);
  if (!date) return "";
  const seconds = Math.round((date.getTime() - now) / 1000);
  const format = cached("relative", (l) => new Intl.RelativeTimeFormat(l, { numeric: "auto" }));
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, "second");
  if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), "hour");
  return format.format(Math.round(seconds / 86_400), "day");
}

/** A list of names, "Анна, Борис и Вера". */
export function formatList(items: readonly string[]): string {
  return cached("list", (l) => new Intl.ListFormat(l, { style: "long", type: "conjunction" })).format(items);
}

/** A country's name in the console's language ("RU" → "Россия"). */
export function countryName(code: string | undefined): string {
  if (!code) return "";
  try {
    return new Intl.DisplayNames([formattingLocale()], { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

let organizationCountry = "RU";
/** Set from GET /v1/settings once signed in (the Layout). */
export function setOrganizationCountry(country: string | undefined): void {
  if (country) organizationCountry = country.toUpperCase();
}

/**
 * An E.164 number for people: national in the organization's country, international elsewhere.
 * What cannot be read is shown as given (never dropped).
 */
export function formatPhone(e164: string | undefined): string {
  if (!e164) return "";
  const phone = parsePhoneNumberFromString(e164);
  if (!phone || !phone.isPossible()) return e164;
  return phone.country === organizationCountry ? phone.formatNational() : phone.formatInternational();
}

/** Formatters follow language changes: components re-render through useTranslation; this is for the rest. */
export const onLanguageChanged = (listener: () => void) => {
  i18n.on("languageChanged", listener);
  return () => i18n.off("languageChanged", listener);
};
