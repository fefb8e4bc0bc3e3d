import type { FieldErrors } from "../../form";

/** Whether an error path belongs to a field key (`socialLinks` owns `socialLinks[2]`). */
export const owns = (key: string, path: string) => path === key || path.startsWith(`${key}[`) || path.startsWith(`${key}.`);

/** The messages of every error path a field key owns, or undefined when there are none. */
export function messagesFor(errors: FieldErrors, key: string): string[] | undefined {
  const messages = Object.entries(errors)
    .filter(([path]) => owns(key, path))
    .flatMap(([, list]) => list);
  return messages.length ? messages : undefined;
}

/** Errors without those a field key owns (the field was just edited: its old messages are stale). */
export const withoutErrorsOf = (errors: FieldErrors, key: string): FieldErrors =>
  Object.fromEntries(Object.entries(errors).filter(([path]) => !owns(key, path)));
