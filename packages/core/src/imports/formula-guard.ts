/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK(…)`, DDE). Every CSV
 * we write (export, import report) prefixes such a cell with a single quote, which spreadsheets
 * show as text. Cells that are only a number or phone numbers (`+7 916 123-45-67`, `-12.5`,
 * `+1 (212) 555-0101, +7 495 …`) stay as they are: they can call no function, and guarding
 * them would break every exported phone. The import strips the quote only where it stands
 * before one of those characters, so an export re-imports to the same values.
 */
const TRIGGER = /^[=+\-@\t\r]/;
/** Digits with the signs, spaces and punctuation of numbers and phones; comma-separated lists of them. */
const NUMBER_OR_PHONES = /^[+-]?[\d\s().-]*\d[\d\s().-]*(\s*[,;]\s*[+-]?[\d\s().-]*\d[\d\s().-]*)*$/;
/** A value that already looks guarded: quotes before a trigger (guarded once more, so it survives). */
const GUARDED = /^'+[=+\-@\t\r]/;

/** The cell as written to a CSV: quoted when a spreadsheet would run it. */
export function neutralizeCell(value: string): string {
  if (GUARDED.test(value)) return `'${value}`;
  if (TRIGGER.test(value) && !NUMBER_OR_PHONES.test(value)) return `'${value}`;
  return value;
}

/** The cell as read from a CSV: one guard quote removed where it stands before a trigger. */
export function unguardCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}
