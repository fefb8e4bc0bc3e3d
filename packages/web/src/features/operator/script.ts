/**
 * A call list's script for the console (issue 17: the console imports nothing from core at
 * runtime). The API validates scripts with core's call-lists/script.ts; this is the console's own
 * copy of the placeholders and of the filling, held equal to core's by tests/unit/operator-script.
 */

export const SCRIPT_MAX_LENGTH = 4000;

export const scriptPlaceholders = ["firstName", "lastName", "name", "company", "operatorName", "listName"] as const;
export type ScriptPlaceholder = (typeof scriptPlaceholders)[number];
export type ScriptValues = Partial<Record<ScriptPlaceholder, string | undefined>>;

/** `{word}`: a placeholder; braces around anything else (spaces, punctuation) are plain text. */
const PLACEHOLDER = /\{([A-Za-z_][\w.-]*)\}/g;
const known = new Set<string>(scriptPlaceholders);

/**
 * The script with every placeholder replaced by its value; a missing or empty value (a contact
 * without a company) leaves nothing, so the operator never reads "{company}". An unknown
 * placeholder (a script stored before validation) stays as written.
 */
export function fillScript(script: string, values: ScriptValues): string {
  return script.replace(PLACEHOLDER, (whole, name: string) => (known.has(name) ? (values[name as ScriptPlaceholder] ?? "").trim() : whole));
}
