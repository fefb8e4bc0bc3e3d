import * as v from "valibot";
import { ValidationError, type FieldIssue } from "./errors";
import { codeOfIssue, coded } from "./field-codes";

/** `phones[0].number` from a valibot issue path. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  let out = "";
  for (const item of path) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "body";
}

/**
 * Valibot reports a missing key with its object schema's message, and ours say "Unknown field:
 * leave it out" (meant for extra keys): a missing key is named as required instead.
 */
function isMissingKey(issue: v.BaseIssue<unknown>): boolean {
  const last = issue.path?.at(-1) as { origin?: string } | undefined;
  return issue.kind === "schema" && issue.input === undefined && last?.origin === "key" && issue.expected !== "never";
}

export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  return issues.map((issue) => {
    const missing = isMissingKey(issue);
    return { field: issuePath(issue), message: missing ? "Required." : issue.message, ...codeOfIssue(issue, missing) };
  });
}

export function parse<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (!result.success) throw new ValidationError(toFieldIssues(result.issues));
  return result.output;
}

/** A domain function that validates its own input: `fn(schema, (input) => …)`. */
export function fn<TSchema extends v.GenericSchema, TResult>(
  schema: TSchema,
  callback: (input: v.InferOutput<TSchema>) => TResult,
): ((input: v.InferInput<TSchema>) => TResult) & { schema: TSchema } {
  const wrapped = (input: v.InferInput<TSchema>) => callback(parse(schema, input));
  return Object.assign(wrapped, { schema });
}

/** An ID the system made (a ULID): contact, company, user, list, … IDs. */
export const UlidField = v.pipe(
  v.string(),
  v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, coded("not-an-id", "Not a valid ID.")),
);
