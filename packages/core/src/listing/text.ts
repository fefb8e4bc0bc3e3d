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

/**
 * A name as people compare it: normalized words joined by spaces (at most 100 characters). Case,
 * accents and punctuation do not count (imports match company names with it).
 */
export const nameSortKey = (displayName: string) => nameWords(displayName).join(" ").slice(0, 100);

/**
 * The letters of the organization languages' alphabets in their order (issue 19): Romanian ă and
 * â after a, î after i, ș after s, ț after t; Russian ё after е, й apart from и. Latin and Cyrillic
 * never share a letter, so one order serves Russian and Romanian; an English organization sees
 * Romanian letters after their base letter.
 */
const ALPHABET = [..."aăâbcdefghiîjklmnopqrsștțuvwxyz", ..."абвгдеёжзийклмнопрстуфхцчшщъыьэюя"];
/** Letters map to consecutive code points from here: above digits and "#" (the key's separator). */
const FIRST_LETTER = 0x100;
const letterCodes = new Map(ALPHABET.map((letter, index) => [letter, String.fromCodePoint(FIRST_LETTER + index)]));
/** Cedilla forms typed for the comma-below letters (old keyboards), and the precomposed forms to keep. */
const sameLetter: Record<string, string> = { "ş": "ș", "ţ": "ț" };

function sortableLetter(letter: string): string {
  const own = sameLetter[letter] ?? letter;
  const code = letterCodes.get(own);
  if (code) return code;
  // Any other accented letter (é, ü, ç): its base letter, as the name search reads it.
  const base = own.normalize("NFD").replace(/\p{M}/gu, "");
  return [...base].map((char) => letterCodes.get(char) ?? char).join("");
}

/**
 * The stored sort key of the name lists (`nameKey` of contacts' and companies' index rows): the
 * normalized words, each letter mapped to a code point in its alphabet's order, because DynamoDB
 * sorts keys by code point and Intl.Collator gives no sort keys. Not for display or matching.
 */
export function alphabetSortKey(displayName: string): string {
  const words = displayName.toLowerCase().normalize("NFC").split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  return words.map((word) => [...word.normalize("NFC")].map(sortableLetter).join("")).join(" ").slice(0, 100);
}

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
