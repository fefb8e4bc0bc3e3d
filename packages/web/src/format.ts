// Formatting lives in i18n/format.ts (Intl in the user's language); this keeps older imports working.
export * from "./i18n/format";

export function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
