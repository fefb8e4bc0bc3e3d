import { cached as organizationSettings, languages } from "@callboard/core/settings/settings";

/**
 * The issuer's sign-in pages in the user's language (issue 19): the console asks with OIDC's
 * `ui_locales` (its current language), kept in a cookie across OpenAuth's redirect to the
 * provider's form; else the browser's Accept-Language; else the organization's default language.
 */
export type SignInLanguage = (typeof languages)[number];

export const UI_LOCALES_COOKIE = "callboard_ui_locale";

const isLanguage = (value: string): value is SignInLanguage => (languages as readonly string[]).includes(value);

/** The first tag of a list (`ro-MD ru;q=0.8`) whose primary language the pages speak. */
function firstSpoken(tags: string[]): SignInLanguage | undefined {
  for (const tag of tags) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
    if (isLanguage(primary)) return primary;
  }
  return undefined;
}

/** `ui_locales` is space-separated, in order of preference (OIDC Core §3.1.2.1). */
export function fromUiLocales(value: string | undefined | null): SignInLanguage | undefined {
  return value ? firstSpoken(value.split(/\s+/)) : undefined;
}

/** Accept-Language by its q weights (ties keep their order). */
export function fromAcceptLanguage(header: string | undefined | null): SignInLanguage | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((param) => param.trim().startsWith("q="))?.trim().slice(2) ?? 1);
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return firstSpoken(ranked.map((entry) => entry.tag));
}

function cookie(header: string | undefined | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

export async function signInLanguage(request: Request): Promise<SignInLanguage> {
  const url = new URL(request.url);
  const asked = fromUiLocales(url.searchParams.get("ui_locales")) ?? fromUiLocales(cookie(request.headers.get("cookie"), UI_LOCALES_COOKIE));
  if (asked) return asked;
  const browser = fromAcceptLanguage(request.headers.get("accept-language"));
  if (browser) return browser;
  return (await organizationSettings().catch(() => undefined))?.defaultLanguage ?? "ru";
}
