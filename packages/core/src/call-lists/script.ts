/**
 * A call list's script: what the operator says, with `{placeholder}`s filled in for the call on
 * screen. Pure (no storage, no runtime): the API validates a script with it and the console's
 * pop fills one with it, so both sides agree on the placeholders.
 */

export const SCRIPT_MAX_LENGTH = 4000;

export const scriptPlaceholders = ["firstName", "lastName", "name", "company", "operatorName", "listName"] as const;
export type ScriptPlaceholder = (typeof scriptPlaceholders)[number];
export type ScriptValues = Partial<Record<ScriptPlaceholder, string | undefined>>;

/** `{word}`: a placeholder; braces around anything else (spaces, punctuation) are plain text. */
const PLACEHOLDER = /\{([A-Za-z_][\w.-]*)\}/g;

const known = new Set<string>(scriptPlaceholders);

/** The placeholders in `script` that are not ours, each once, in order of appearance. */
export function unknownPlaceholders(script: string): string[] {
  const unknown = new Set<string>();
  for (const match of script.matchAll(PLACEHOLDER)) if (!known.has(match[1]!)) unknown.add(match[1]!);
  return [...unknown];
}

/** The message a script with unknown placeholders is refused with (400, `settings.script`). */
export function unknownPlaceholderMessage(unknown: readonly string[]): string {
  const named = unknown.map((name) => `{${name}}`).join(", ");
  return `Unknown placeholder${unknown.length > 1 ? "s" : ""} ${named}: use ${scriptPlaceholders.map((name) => `{${name}}`).join(", ")}.`;
}

/**
 * The script with every placeholder replaced by its value; a value that is missing or empty
 * (a contact without a company) leaves an empty string, so the operator never reads "{company}".
 * An unknown placeholder (a script stored before validation) stays as written.
 */
export function fillScript(script: string, values: ScriptValues): string {
  return script.replace(PLACEHOLDER, (whole, name: string) => (known.has(name) ? (values[name as ScriptPlaceholder] ?? "").trim() : whole));
}
