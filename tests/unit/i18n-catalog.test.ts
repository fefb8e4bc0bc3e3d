import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Issue 19: no key may be missing in any language, plurals have every form the language needs
// (Intl.PluralRules: Russian one/few/many/other, Romanian one/few/other), every language uses the
// same {{variables}}, and every key the console's code names exists.
const root = join(__dirname, "../../packages/web/src");
const localesDir = join(root, "i18n/locales");
const languages = ["en", "ru", "ro"] as const;
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

type Flat = Map<string, string>;
function flatten(value: unknown, prefix = "", into: Flat = new Map()): Flat {
  if (typeof value === "string") into.set(prefix, value);
  else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  else into.set(prefix, String(value));
  return into;
}

function catalog(language: string): Flat {
  const all: Flat = new Map();
  for (const file of readdirSync(join(localesDir, language)).filter((name) => name.endsWith(".json"))) {
    const namespace = file.replace(/\.json$/, "");
    for (const [key, text] of flatten(JSON.parse(readFileSync(join(localesDir, language, file), "utf8")))) all.set(`${namespace}:${key}`, text);
  }
  return all;
}

const catalogs = Object.fromEntries(languages.map((language) => [language, catalog(language)])) as Record<(typeof languages)[number], Flat>;
const baseOf = (key: string) => key.replace(pluralSuffix, "");
const variables = (text: string) => new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1]!));

function bases(language: (typeof languages)[number]) {
  const result = new Map<string, { forms: Set<string>; variables: Set<string> }>();
  for (const [key, text] of catalogs[language]) {
    const base = baseOf(key);
    const entry = result.get(base) ?? { forms: new Set<string>(), variables: new Set<string>() };
    const form = pluralSuffix.exec(key)?.[1];
    if (form) entry.forms.add(form);
    for (const name of variables(text)) entry.variables.add(name);
    result.set(base, entry);
  }
  return result;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "locales" ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe("the console's translations", () => {
  const byLanguage = Object.fromEntries(languages.map((language) => [language, bases(language)])) as Record<(typeof languages)[number], ReturnType<typeof bases>>;

  it("has the same namespaces and keys in every language", () => {
    const namespaces = (language: string) => readdirSync(join(localesDir, language)).sort();
    for (const language of languages) expect(namespaces(language), language).toEqual(namespaces("en"));
    const all = new Set(languages.flatMap((language) => [...byLanguage[language].keys()]));
    const missing = languages.flatMap((language) => [...all].filter((base) => !byLanguage[language].has(base)).map((base) => `${language} lacks ${base}`));
    expect(missing).toEqual([]);
  });

  it("gives every plural the forms its language needs, and no empty text", () => {
    const problems: string[] = [];
    for (const language of languages) {
      const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const [base, { forms }] of byLanguage[language]) {
        if (!forms.size) continue;
        for (const category of needed) if (!forms.has(category)) problems.push(`${language} ${base}_${category} is missing`);
      }
      for (const [key, text] of catalogs[language]) if (!text.trim()) problems.push(`${language} ${key} is empty`);
    }
    expect(problems).toEqual([]);
  });

  it("uses the same {{variables}} in every language (a plural form may leave out the count)", () => {
    const problems: string[] = [];
    for (const [base, english] of byLanguage.en) {
      for (const language of languages) {
        const other = byLanguage[language].get(base);
        if (!other) continue;
        const names = (set: Set<string>) => [...set].filter((name) => name !== "count").sort().join(",");
        if (names(other.variables) !== names(english.variables)) problems.push(`${language} ${base}: {${names(other.variables)}} vs en {${names(english.variables)}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has every key the code names, always written with its namespace", () => {
    const problems: string[] = [];
    const literalKey = /(?<![\w.])(?:t|i18n\.t|i18n\.exists)\(\s*["'`]([^"'`$]+)["'`]|i18nKey=["']([^"']+)["']/g;
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(literalKey)) {
        const key = (match[1] ?? match[2])!;
        const where = `${relative(root, file)}: "${key}"`;
        if (!key.includes(":")) problems.push(`${where} has no namespace`);
        else if (!byLanguage.en.has(key)) problems.push(`${where} is in no catalog`);
      }
    }
    expect(problems).toEqual([]);
  });
});
