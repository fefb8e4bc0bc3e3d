import * as v from "valibot";
import { ValidationError } from "./errors";

/**
 * Keys that reach an object's prototype instead of making a property: `obj["__proto__"] = …`
 * sets the prototype, `(obj[k] ??= {})[x] = …` with k = "__proto__" writes into
 * Object.prototype for the whole process, "constructor" reaches the Object function. No name a
 * user chooses (query parameter, body key, custom field key, form field, CSV header…) may be
 * one of them. `JSON.parse` makes an own "__proto__" property, so bodies need the check too.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export const isForbiddenKey = (key: string): boolean => FORBIDDEN_KEYS.has(key);

export const forbiddenKeyMessage = "Not allowed as a name: __proto__, constructor and prototype are reserved.";

/** A valibot check for a user-chosen name: `v.pipe(v.string(), safeKey())`. */
export const safeKey = () => v.check<string, string>((key) => !isForbiddenKey(key), forbiddenKeyMessage);

/**
 * The path (`custom.__proto__`, `items[2].constructor`) of the first forbidden key anywhere in a
 * parsed JSON value, or undefined. Own keys only, as `JSON.parse` makes them.
 */
export function forbiddenKeyPath(value: unknown, path = "", depth = 0): string | undefined {
  if (typeof value !== "object" || value === null || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = forbiddenKeyPath(value[index], `${path}[${index}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (isForbiddenKey(key)) return here;
    const found = forbiddenKeyPath((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** 400 naming the field when a parsed JSON value holds a forbidden key anywhere. */
export function rejectForbiddenKeys(value: unknown, root = ""): void {
  const found = forbiddenKeyPath(value, root);
  if (found) throw new ValidationError([{ field: found, message: forbiddenKeyMessage }]);
}

/**
 * A parameter or field name split where a parser could nest it (`cf.__proto__.min`,
 * `a[__proto__][x]`): true when any part is forbidden.
 */
export const hasForbiddenPart = (name: string): boolean => name.split(/[.[\]]+/).some(isForbiddenKey);
