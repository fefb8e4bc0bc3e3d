// Loaded with the table's libraries, out of the cold start (storage/libraries.ts).
import { assertStorageLoaded, parsePhoneNumberFromString } from "../storage/libraries";

/**
 * "May I call this number now?" for the call window: the time must be inside the window in every
 * zone the contact may be in. A contact with its own zone has one; otherwise the number's zones
 * (a Moscow mobile has one, a country-wide service number may have eleven): never call at night.
 */
export async function timeZonesFor(contactTimeZone: string | undefined, phone: string | undefined): Promise<string[]> {
  if (contactTimeZone && isTimeZone(contactTimeZone)) return [contactTimeZone];
  if (!phone) return [];
  assertStorageLoaded();
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed) return [];
  // Loaded on first use: its tables cost ~100 ms to load, and only list building needs them.
  const { timezones: timeZonesOfNumber } = await import("libphonenumber-geo-carrier");
  const zones = (await timeZonesOfNumber(parsed)) ?? [];
  return zones.filter(isTimeZone);
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes since local midnight at `at` in `zone`. */
function localMinutes(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const hour = Number(parts.find((part) => part.type === "hour")?.value);
  const minute = Number(parts.find((part) => part.type === "minute")?.value);
  return hour * 60 + minute;
}

const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export function insideWindow(at: Date, zones: string[], window: { start: string; end: string }): boolean {
  // Unknown zone: nothing to check against; the list's own window applies as written in UTC.
  const checked = zones.length > 0 ? zones : ["UTC"];
  const [start, end] = [toMinutes(window.start), toMinutes(window.end)];
  return checked.every((zone) => {
    const minutes = localMinutes(at, zone);
    return minutes >= start && minutes < end;
  });
}

/**
 * The earliest moment from `at` on when the window holds in every zone, searched minute by
 * minute over the next two days at 5-minute steps (zones never differ by a fraction finer than
 * 15 minutes). `undefined` if zones spread so wide that no common window exists.
 */
export function nextWindowOpening(at: Date, zones: string[], window: { start: string; end: string }): Date | undefined {
  const step = 5 * 60_000;
  const first = new Date(Math.ceil(at.getTime() / step) * step);
  for (let time = first.getTime(); time < at.getTime() + 2 * 24 * 3600_000; time += step) {
    const candidate = new Date(time);
    if (insideWindow(candidate, zones, window)) return candidate;
  }
  return undefined;
}
