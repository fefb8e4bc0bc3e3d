/**
 * Normalized keys the duplicate rules compare (see matching.ts). Kept apart from matching.ts so
 * the contact's write path (lookup rows) and the matcher share one definition without a cycle.
 */

/** `Ёлкина-Петрова` → `елкина петрова`: case, accents and ё/е do not count; punctuation splits words. */
export function nameTokens(...parts: (string | undefined)[]): string[] {
  const text = parts
    .filter(Boolean)
    .join(" ")
    .normalize("NFKD")
    // Accents and the breve of й go (й → и): typists drop them as often as not.
    .replace(/\p{M}+/gu, "")
    .toLocaleLowerCase("ru-RU")
    .replace(/ё/gu, "е")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  if (!text) return [];
  return [...new Set(text.split(" ").filter((token) => token.length >= 2))].slice(0, 4);
}

/** A messenger handle as people type it (`@Ivan`, `t.me/ivan`, `+7 916 …`) → one key. */
export function messengerKey(handle: string): string {
  const trimmed = handle.trim().toLowerCase().replace(/^(?:https?:\/\/)?(?:t\.me|telegram\.me|wa\.me|viber\.me)\//u, "").replace(/^@/u, "");
  // A number (WhatsApp, Viber, a phone-shaped Telegram handle): digits only.
  if (/^\+?[\d\s().-]{7,}$/u.test(trimmed)) return trimmed.replace(/\D/gu, "");
  return trimmed;
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length]!;
}

/** Two tokens are the same word with at most one typo per five letters (Петров ≈ Петроф, not Пётр ≈ Петров). */
function similarTokens(a: string, b: string): boolean {
  if (a === b) return true;
  const limit = Math.floor(Math.min(a.length, b.length) / 5);
  return limit > 0 && distance(a, b, limit) <= limit;
}

/**
 * How alike two names are, 0..1: the share of tokens of the longer name that pair off with a
 * similar token of the other (word order does not count: «Петров Иван» = «Иван Петров»).
 */
export function nameSimilarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const unused = [...b];
  let paired = 0;
  for (const token of a) {
    const index = unused.findIndex((other) => similarTokens(token, other));
    if (index >= 0) {
      paired++;
      unused.splice(index, 1);
    }
  }
  return paired / Math.max(a.length, b.length);
}
