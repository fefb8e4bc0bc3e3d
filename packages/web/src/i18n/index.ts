import i18next from "i18next";
import { initReactI18next } from "react-i18next";

/**
 * The console's languages (issue 19). Catalogs are one JSON file per namespace and language,
 * `locales/<language>/<namespace>.json`; keys are always written with their namespace,
 * `t(<namespace>:<key>)` in quotes, so tests/unit/i18n-catalog.test.ts can check every key used in
 * the code exists in every language. Plurals use i18next's suffixes from Intl.PluralRules
 * (Russian: _one, _few, _many; Romanian: _one, _few, _other; English: _one, _other).
 */
export const languages = ["ru", "ro", "en"] as const;
export type Language = (typeof languages)[number];
export const FALLBACK_LANGUAGE: Language = "ru";

/** Each language's own name, for the language menu (never translated). */
export const languageNames: Record<Language, string> = { ru: "Русский", ro: "Română", en: "English" };

const catalogs = import.meta.glob<Record<string, unknown>>("./locales/*/*.json", { eager: true, import: "default" });

function resources() {
  const byLanguage: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, catalog] of Object.entries(catalogs)) {
    const [, language, namespace] = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
    if (!language || !namespace) continue;
    (byLanguage[language] ??= {})[namespace] = catalog;
  }
  return byLanguage;
}

const CHOSEN_LANGUAGE_KEY = "callboard.language";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/** The first of the browser's languages the console speaks (`ro-MD` → `ro`), if any. */
export function browserLanguage(preferred: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language]): Language | undefined {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split("-")[0];
    if (isLanguage(primary)) return primary;
  }
  return undefined;
}

/**
 * The user's choice (profile menu), else the browser's language, else the organization's
 * default. Before sign-in only the last choice made on this browser and the browser are known.
 */
export function resolveLanguage(choice: { user?: string | undefined; organization?: string | undefined; browser?: readonly string[] }): Language {
  if (isLanguage(choice.user)) return choice.user;
  const browser = browserLanguage(choice.browser);
  if (browser) return browser;
  if (isLanguage(choice.organization)) return choice.organization;
  return FALLBACK_LANGUAGE;
}

/** The language last chosen on this browser (the profile menu, or the last signed-in user's), if any. */
export function rememberedLanguage(): Language | undefined {
  try {
    const value = localStorage.getItem(CHOSEN_LANGUAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Keys asked for that no catalog has: browser tests read them (`window.__missingTranslations`). */
const missing = new Set<string>();
declare global {
  interface Window {
    __missingTranslations?: string[];
  }
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: resources(),
  lng: resolveLanguage({ user: rememberedLanguage() }),
  fallbackLng: false,
  supportedLngs: [...languages],
  defaultNS: "common",
  nsSeparator: ":",
  keySeparator: ".",
  interpolation: { escapeValue: false },
  returnNull: false,
  saveMissing: true,
  missingKeyHandler: (lngs, namespace, key) => {
    missing.add(`${lngs.join(",")}:${namespace}:${key}`);
    if (typeof window !== "undefined") window.__missingTranslations = [...missing];
  },
  initAsync: false,
  react: { useSuspense: false },
});
syncDocumentLanguage(i18n.language);

function syncDocumentLanguage(language: string) {
  if (typeof document !== "undefined") document.documentElement.lang = language;
}
i18n.on("languageChanged", syncDocumentLanguage);

/** Switches the console's language now and remembers it on this browser (for the sign-in page). */
export async function switchLanguage(language: Language, options: { remember?: boolean } = {}): Promise<void> {
  if (options.remember !== false) {
    try {
      localStorage.setItem(CHOSEN_LANGUAGE_KEY, language);
    } catch {
      // Private mode: the profile setting still holds it.
    }
  }
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : FALLBACK_LANGUAGE;
}

/** For code outside React components (formatters, error texts): the console's current `t`. */
export function t(key: string, options?: Record<string, unknown>): string {
  return String(i18n.t(key, options ?? {}));
}
