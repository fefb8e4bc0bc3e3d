/**
 * A call ID names its attempt: `<listId>.<entryId>.<attempt>`. The webhook finds the attempt
 * from the ID alone (no index), and the same attempt always has the same ID, which is what
 * makes it the provider's idempotency key.
 */
export function callIdOf(listId: string, entryId: string, attempt: number): string {
  return `${listId}.${entryId}.${attempt}`;
}

const ulidPattern = "[0-9A-HJKMNP-TV-Z]{26}";
const callIdPattern = new RegExp(`^(${ulidPattern})\\.(${ulidPattern})\\.(\\d{1,2})$`);

export function parseCallId(callId: string): { listId: string; entryId: string; attempt: number } | undefined {
  const match = callIdPattern.exec(callId);
  if (!match) return undefined;
  return { listId: match[1]!, entryId: match[2]!, attempt: Number(match[3]) };
}
