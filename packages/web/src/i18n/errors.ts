import type { FieldError, Problem } from "../api/types";
import { formatCalendarDate, formatList, formatNumber, countryName } from "./format";
import { i18n, t } from "./index";

/**
 * API errors in the user's language (issue 19). The API gives every field error a stable `code`
 * and its `values` (docs/api-errors.md) beside an English message; the console says it with the
 * field's label and never shows a JSON path ("Телефон 1: номер не читается как номер (Россия)").
 */

/** `/body.phones[0].number` or `body.phones[0].number` → `phones[0].number`; the bare body is `body`. */
export function fieldPath(field: string): string {
  return field.replace(/^\/+/, "").replace(/^body\.?/, "") || "body";
}

/** The field's name for people: `phones[0].number` → "Телефон 1", `firstName` → "Имя". */
export function fieldLabel(field: string): string {
  const path = fieldPath(field);
  const list = /^([A-Za-z]+)\[(\d+)\]/.exec(path);
  if (list && i18n.exists(`errors:listLabel.${list[1]}`)) return t(`errors:listLabel.${list[1]}`, { n: Number(list[2]) + 1 });
  const segments = path.replace(/\[\d+\]/g, "").split(".");
  for (let i = segments.length - 1; i >= 0; i--) {
    const key = `errors:label.${segments[i]}`;
    if (i18n.exists(key)) return t(key);
  }
  return t("errors:label.fallback");
}

function localizedValues(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (name === "country" && typeof value === "string") result[name] = countryName(value);
    else if (typeof value === "number") result[name] = formatNumber(value);
    else if (typeof value === "string" && /^\d{4}-\d\d-\d\d$/.test(value)) result[name] = formatCalendarDate(value);
    else if (Array.isArray(value)) result[name] = formatList(value.map(String));
    else if (name === "expected" || name === "received") result[name] = t(`errors:kind.${String(value)}`, { defaultValue: String(value) });
    else result[name] = value;
  }
  if (typeof values?.max === "number") result.count = values.max;
  else if (typeof values?.min === "number") result.count = values.min;
  return result;
}

/** What is wrong with the value, in the user's language (without the field's name). */
export function fieldErrorText(error: Pick<FieldError, "message"> & { code?: string; values?: Record<string, unknown> }): string {
  const code = error.code;
  const values = localizedValues(error.values);
  // Plural messages ("at most 200 characters") exist only with a count.
  if (code && code !== "invalid" && i18n.exists(`errors:code.${code}`, values)) {
    // `invalid-phone` read for a country says which; without one it is just not a number.
    if (code === "invalid-phone" && !values.country) return t("errors:code.invalid-phone-anywhere");
    return t(`errors:code.${code}`, values);
  }
  // `invalid` (a rule with no code of its own): the API's sentence is all there is.
  return i18n.language === "en" ? error.message : t("errors:code.invalid", { message: error.message });
}

/** One field error as a whole sentence, label first: for summaries and list items. */
export function labelledFieldError(error: FieldError): string {
  return withLabel(error.field, fieldErrorText(error));
}

/** "Телефон 1: неверный номер …": a message already in the user's language, named by its field. */
export function withLabel(field: string, message: string): string {
  return t("errors:labelled", { label: fieldLabel(field), message });
}

/** The whole answer of a failed request, for a banner: by status, never the API's English. */
export function problemText(problem: Pick<Problem, "status" | "title" | "detail" | "errors">): string {
  const status = problem.status;
  if (problem.errors?.length) return t("errors:problem.fields", { count: problem.errors.length });
  const key = `errors:status.${status}`;
  if (i18n.exists(key)) return t(key);
  if (status >= 500) return t("errors:status.5xx");
  if (status === 0) return t("errors:status.network");
  return t("errors:status.other", { status });
}
