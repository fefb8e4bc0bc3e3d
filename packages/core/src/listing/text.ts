/**
 * How names and tags are normalized for the index rows of every listed feature (contacts,
 * companies): sort keys and search terms are built from these, and typed queries go through the
 * same functions, so a prefix typed in any case or with accents finds its rows.
 */

/** Lower case, accents stripped (NFD), ё→е, й kept; Cyrillic and Latin letters and digits. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .normalize("NFD")
    .replace(/и\u0306/g, "й")
    .replace(/\p{M}/gu, "")
    .normalize("NFC");
}

/** The normalized words of a text, in order, each once. */
export function nameWords(text: string): string[] {
  return [...new Set(normalizeText(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
}

/** The sort name: normalized words joined by spaces (at most 100 characters). */
export const nameSortKey = (displayName: string) => nameWords(displayName).join(" ").slice(0, 100);

/** A tag as facets and filters compare it. */
export const tagKey = (tag: string) => tag.trim().toLowerCase();

/** At most this many name words are searchable per listed item (bounds the rows of a write). */
export const MAX_NAME_WORDS = 6;

/** The searchable words of several name texts (the first text's first), each once, at most MAX_NAME_WORDS. */
export const searchableWords = (texts: (string | undefined)[]): string[] =>
  [...new Set(texts.flatMap((text) => (text ? nameWords(text) : [])))].slice(0, MAX_NAME_WORDS);

/** The object without its undefined values (the projection a row stores). */
export const compact = <T extends object>(object: T): T =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
