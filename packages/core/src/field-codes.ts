import type * as v from "valibot";

/**
 * Stable codes for field errors (issue 19): the console translates `code` + `values`, the English
 * `message` stays for people reading the API. docs/api-errors.md lists every code. Codes are
 * derived in one place from valibot issues (their type and requirement), so the schemas keep
 * their English messages; a rule whose valibot type says nothing (a `check`, a `regex`, a
 * `rawTransform`) names its code with `coded()`.
 */
export type FieldCode =
  | "required"
  | "unknown-field"
  | "not-text"
  | "not-a-number"
  | "not-a-boolean"
  | "not-a-list"
  | "not-an-object"
  | "not-an-integer"
  | "one-of"
  | "too-long"
  | "too-short"
  | "too-many"
  | "too-few"
  | "too-large"
  | "too-small"
  | "invalid-email"
  | "invalid-phone"
  | "invalid-url"
  | "invalid-date"
  | "not-an-id"
  | "placeholder"
  | "in-the-past"
  | "in-the-future"
  | "unknown-user"
  | "inactive-user"
  | "unknown-company"
  | "wrong-field-kind"
  | "invalid-json"
  | "invalid-cursor"
  | "invalid";

export interface FieldCodeInfo {
  code: FieldCode;
  values?: Record<string, unknown>;
}

const byMessage = new Map<string, FieldCodeInfo>();

/**
 * The message, remembered with its code: `v.check(rule, coded("placeholder", "Leave the field out…"))`.
 * Keyed by the message text, so a message must mean one thing (they are per rule).
 */
export function coded(code: FieldCode, message: string, values?: Record<string, unknown>): string {
  byMessage.set(message, values ? { code, values } : { code });
  return message;
}

/** Messages written by hand in `new ValidationError([...])` across the domain, by their shape. */
const messagePatterns: [RegExp, FieldCode][] = [
  [/^Not a valid (.+ )?ID\b/, "not-an-id"],
  [/^Must be in the future/, "in-the-past"],
  [/^Must be text/, "not-text"],
  [/^(Must be|Not valid) JSON/, "invalid-json"],
  [/^Invalid cursor/, "invalid-cursor"],
  [/unknown users?\b/i, "unknown-user"],
  [/^No such user/, "unknown-user"],
  [/is deactivated; choose an active user/, "inactive-user"],
  [/^No such company/, "unknown-company"],
  [/^Required\.?$/, "required"],
  [/^Unknown field/, "unknown-field"],
  [/placeholder such as/, "placeholder"],
];

/** The code of a message given without one (explicit domain errors); `invalid` when nothing fits. */
export function codeOfMessage(message: string): FieldCodeInfo {
  const known = byMessage.get(message);
  if (known) return known;
  for (const [pattern, code] of messagePatterns) if (pattern.test(message)) return { code };
  return { code: "invalid" };
}

const schemaTypeCodes: Record<string, FieldCode> = {
  string: "not-text",
  number: "not-a-number",
  boolean: "not-a-boolean",
  array: "not-a-list",
  object: "not-an-object",
  strict_object: "not-an-object",
  loose_object: "not-an-object",
  object_with_rest: "not-an-object",
  record: "not-an-object",
};

/** `(\"a\" | \"b\")` (valibot's expected of a picklist) → ["a", "b"]. */
function optionsOf(expected: string | null): unknown[] | undefined {
  if (!expected) return undefined;
  const parts = expected.replace(/^\(|\)$/g, "").split(" | ");
  try {
    return parts.map((part) => JSON.parse(part) as unknown);
  } catch {
    return undefined;
  }
}

/** The code of one valibot issue; `missing` when the key was absent (named `required`). */
export function codeOfIssue(issue: v.BaseIssue<unknown>, missing: boolean): FieldCodeInfo {
  if (missing) return { code: "required" };
  const known = byMessage.get(issue.message);
  if (known) return known;
  const requirement = (issue as { requirement?: unknown }).requirement;
  switch (issue.type) {
    case "max_length":
    case "max_graphemes":
      return { code: "too-long", values: { max: requirement } };
    case "min_length":
    case "min_graphemes":
      return typeof issue.input === "string" ? { code: "too-short", values: { min: requirement } } : { code: "too-few", values: { min: requirement } };
    case "non_empty":
      return typeof issue.input === "string" ? { code: "required" } : { code: "too-few", values: { min: 1 } };
    case "max_value":
      return { code: "too-large", values: { max: requirement instanceof Date ? requirement.toISOString() : requirement } };
    case "min_value":
      return { code: "too-small", values: { min: requirement instanceof Date ? requirement.toISOString() : requirement } };
    case "email":
    case "rfc_email":
      return { code: "invalid-email" };
    case "url":
      return { code: "invalid-url" };
    case "integer":
    case "safe_integer":
      return { code: "not-an-integer" };
    case "iso_date":
    case "iso_date_time":
    case "iso_timestamp":
    case "iso_time":
      return { code: "invalid-date" };
    case "ulid":
      return { code: "not-an-id" };
    case "picklist":
    case "enum":
    case "literal": {
      const options = optionsOf(issue.expected);
      return options ? { code: "one-of", values: { options } } : { code: "one-of" };
    }
  }
  if ((issue.type === "union" || issue.type === "variant") && issue.issues) {
    // "A string, or { address, primary }": the option the value was meant for is the one that got
    // past its type check (its issue is a validation, e.g. the email rule), else the first.
    const meant = issue.issues.find((inner) => inner.kind === "validation") ?? issue.issues[0]!;
    const inner = codeOfIssue(meant, false);
    if (inner.code !== "invalid") return inner;
  }
  if (issue.expected === "never") return { code: "unknown-field" };
  if (issue.kind === "schema" && issue.type in schemaTypeCodes && issue.input !== undefined) {
    // An object schema also reports keys it did not expect here, handled above.
    return { code: schemaTypeCodes[issue.type]! };
  }
  return codeOfMessage(issue.message);
}
