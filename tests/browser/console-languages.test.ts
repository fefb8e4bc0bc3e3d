import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

/**
 * Issue 19, languages: the sign-in page and the console in Russian and in Romanian (from the
 * browser's language), the profile menu's language choice (saved with PATCH /v1/me, kept after a
 * reload), and a walk over every page of the console's router as an admin, in each language:
 * no key missing from the catalogs (`window.__missingTranslations`), no ISO timestamp and no raw
 * E.164 number in the page's text. One `it` per page, so a failure names the page.
 */

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };
const RO_ADMIN = { email: "ana.admin@callboard.test", password: "correct horse battery", name: "Ana Popescu" };

/** Every route of router.tsx (the card pages with data made below); the merge page needs a pair of duplicates. */
const routes = (ids: { contactId: string; companyId: string; listId: string }) => [
  "/contacts",
  "/contacts/new",
  `/contacts/${ids.contactId}`,
  "/companies",
  `/companies/${ids.companyId}`,
  "/imports",
  "/call-lists",
  "/call-lists/new",
  `/call-lists/${ids.listId}`,
  "/reports",
  "/trash",
  "/admin/duplicates",
  "/admin/users",
  "/admin/custom-fields",
  "/admin/forms",
  "/admin/settings",
  "/no-such-page",
];

interface PageText {
  missing: string[];
  iso: string[];
  rawPhones: string[];
  /** Capitalized Latin words in a Russian page (English left untranslated), beside names that are the same in every language. */
  latinWords: string[];
}

/**
 * Capitalized Latin words a Russian page may show: product and file-format names, and the seeded
 * admin's name (data). Lower-case words and acronyms are left alone: data (team names, field
 * keys such as firstName) and abbreviations (CSV, HMAC) are the same in every language, while an
 * English label or sentence always has a capitalized word.
 */
const SAME_IN_EVERY_LANGUAGE = new Set(["Callboard", "Administrator", "English", "Română", "Twilio", "Kommo", "HubSpot", "Bitrix", "Google", "Outlook", "Windows", "Excel", "WebP", "Telegram", "WhatsApp", "Viber"]);

/** Opens a page afresh (so the missing keys are this page's own) and reads what it shows once it has loaded. */
async function visit(page: Page, url: string): Promise<PageText> {
  await page.goto(url);
  await page.locator("#main h1").first().waitFor();
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
  await expect.poll(() => page.locator("#main .loading").count(), { timeout: 10_000 }).toBe(0);
  const shown = await page.evaluate(() => {
    const text = document.body.innerText;
    // Prose a person reads: not code samples (the web form's embed snippet) nor text marked as another language.
    const prose: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim()) continue;
      if (element.closest("code, pre, kbd, samp, script, style, textarea, [translate='no']")) continue;
      const marked = element.closest("[lang]");
      if (marked && marked !== document.documentElement) continue;
      if (element.tagName !== "OPTION" && !element.checkVisibility()) continue;
      prose.push(node.textContent);
    }
    return {
      missing: window.__missingTranslations ?? [],
      iso: text.match(/\d{4}-\d\d-\d\dT[\d:.]*Z?/g) ?? [],
      rawPhones: text.match(/\+7\d{10}/g) ?? [],
      prose: prose.join("\n"),
    };
  });
  const words = shown.prose.replace(/\S+@\S+|https?:\/\/\S+/g, " ").match(/\b[A-Z][a-z]+[A-Za-z]*\b/g) ?? [];
  const latinWords = [...new Set(words.filter((word) => !SAME_IN_EVERY_LANGUAGE.has(word)))];
  return { missing: shown.missing, iso: shown.iso, rawPhones: shown.rawPhones, latinWords };
}

describe("the console in Russian and in Romanian", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let logs: string[] = [];
  const ids = { contactId: "", companyId: "", listId: "" };

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `browser-languages-${Date.now()}`, port: 0, admin: ADMIN });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  /** One context at a time, in the browser language given. */
  async function openContext(locale: string) {
    await context?.close();
    context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    logs = recordConsole(page);
  }

  const diagnose = (name: string) =>
    onTestFailed(async () => {
      console.error(`[browser] ${name} failed at ${page.url()}; screenshot: ${await screenshot(page, `console-languages-${name}`)}\n${logs.join("\n")}`);
    });

  describe("ru-RU", () => {
    it("shows the sign-in page in Russian and signs in", async () => {
      await openContext("ru-RU");
      diagnose("ru-sign-in");
      await page.goto(`${host!.url}/contacts`);
      await page.locator('input[name="email"]').waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("ru");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Вход в Callboard");
      expect(await page.locator('form button[type="submit"]').textContent()).toBe("Войти");
      await signInThroughForm(page, host!.url, ADMIN);
      expect(await page.locator("html").getAttribute("lang")).toBe("ru");

      // Data for the card pages: a contact with a phone and a comment, a company, a call list.
      const company = await apiFromPage(page, "POST", "/v1/companies", { name: "Ромашка" });
      ids.companyId = company.body.companyId;
      const contact = await apiFromPage(page, "POST", "/v1/contacts", {
        firstName: "Анна",
        lastName: "Соколова",
        companyId: ids.companyId,
        phones: [{ number: "+79165550314", type: "mobile" }],
      });
      ids.contactId = contact.body.contactId;
      expect((await apiFromPage(page, "POST", `/v1/contacts/${ids.contactId}/comments`, { text: "Спросила о ценах" })).status).toBe(201);
      const me = await apiFromPage(page, "GET", "/v1/me");
      const list = await apiFromPage(page, "POST", "/v1/call-lists", { name: "Весенняя акция", operatorIds: [me.body.userId], entries: [{ contactId: ids.contactId }] });
      expect(list.status).toBe(201);
      ids.listId = list.body.list.listId;
    }, 60_000);

    it("has the header, navigation and profile menu in Russian", async () => {
      diagnose("ru-shell");
      await page.goto(`${host!.url}/contacts`);
      const nav = page.getByRole("navigation", { name: "Главное меню" });
      for (const name of ["Контакты", "Компании", "Импорт", "Обзвон", "Отчёты", "Корзина", "Дубли", "Пользователи", "Дополнительные поля", "Веб-формы"]) {
        // Role-dependent links (Import, admin pages) appear once the signed-in user has loaded.
        await expect.poll(() => nav.getByRole("link", { name, exact: true }).count(), { message: name, timeout: 10_000 }).toBe(1);
      }
      expect(await page.getByTestId("current-user").textContent()).toContain("Администратор");
      await page.getByTestId("current-user").click();
      expect(await page.getByTestId("profile-menu").textContent()).toContain("Роль: Администратор");
      expect(await page.getByRole("button", { name: "Выйти" }).isVisible()).toBe(true);
      await page.keyboard.press("Escape");
    });

    it("shows the contacts page in Russian", async () => {
      diagnose("ru-contacts");
      await page.goto(`${host!.url}/contacts`);
      await page.getByRole("link", { name: "Анна Соколова" }).waitFor();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Контакты");
      expect(await page.locator("#main").textContent()).not.toMatch(/\b(Contacts|Search|Name|Created|New contact)\b/);
    });

    for (const path of routes({ contactId: ":contact", companyId: ":company", listId: ":list" })) {
      it(`walks ${path} in Russian: no missing key, no English left, no ISO time, no raw phone`, async () => {
        diagnose(`ru-walk-${path}`);
        const url = host!.url + path.replace(":contact", ids.contactId).replace(":company", ids.companyId).replace(":list", ids.listId);
        const shown = await visit(page, url);
        expect(shown).toEqual({ missing: [], iso: [], rawPhones: [], latinWords: [] });
      });
    }

    it("switches the language in the profile menu and keeps it after a reload (PATCH /v1/me)", async () => {
      diagnose("ru-switch");
      await page.goto(`${host!.url}/contacts`);
      await page.getByTestId("current-user").click();
      const saved = page.waitForResponse((response) => response.url().endsWith("/v1/me") && response.request().method() === "PATCH");
      await page.getByTestId("language-picker").selectOption("ro");
      expect((await saved).status()).toBe(200);
      const nav = page.getByRole("navigation", { name: "Meniul principal" });
      await nav.getByRole("link", { name: "Contacte", exact: true }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("ro");
      expect((await apiFromPage(page, "GET", "/v1/me")).body.language).toBe("ro");

      await page.reload();
      await nav.getByRole("link", { name: "Apelare", exact: true }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("ro");
      // The choice is the user's, not this browser's: back to Russian for whoever comes next.
      await page.getByTestId("current-user").click();
      await page.getByTestId("language-picker").selectOption("ru");
      await page.getByRole("navigation", { name: "Главное меню" }).waitFor();
    });
  });

  describe("ro-RO", () => {
    it("shows the sign-in page in Romanian and signs in", async () => {
      const created = await apiFromPage(page, "POST", "/v1/users", { ...RO_ADMIN, role: "admin" });
      expect(created.status).toBe(201);
      await openContext("ro-RO");
      diagnose("ro-sign-in");
      await page.goto(`${host!.url}/contacts`);
      await page.locator('input[name="email"]').waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("ro");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Autentificare în Callboard");
      await signInThroughForm(page, host!.url, RO_ADMIN);
      expect(await page.locator("html").getAttribute("lang")).toBe("ro");
    }, 60_000);

    it("has the header, navigation and profile menu in Romanian", async () => {
      diagnose("ro-shell");
      const nav = page.getByRole("navigation", { name: "Meniul principal" });
      for (const name of ["Contacte", "Companii", "Import", "Apelare", "Rapoarte", "Coș", "Duplicate", "Utilizatori", "Câmpuri personalizate", "Formulare web"]) {
        // Role-dependent links (Import, admin pages) appear once the signed-in user has loaded.
        await expect.poll(() => nav.getByRole("link", { name, exact: true }).count(), { message: name, timeout: 10_000 }).toBe(1);
      }
      await page.getByTestId("current-user").click();
      expect(await page.getByTestId("profile-menu").textContent()).toContain("Rol: Administrator");
      expect(await page.getByRole("button", { name: "Deconectare" }).isVisible()).toBe(true);
      await page.keyboard.press("Escape");
    });

    it("shows the contacts page in Romanian", async () => {
      diagnose("ro-contacts");
      await page.goto(`${host!.url}/contacts`);
      await page.getByRole("link", { name: "Анна Соколова" }).waitFor();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Contacte");
      expect(await page.locator("#main").textContent()).not.toMatch(/\b(Contacts|Search|Name|Created|New contact)\b/);
    });

    for (const path of routes({ contactId: ":contact", companyId: ":company", listId: ":list" })) {
      it(`walks ${path} in Romanian: no missing key, no ISO time, no raw phone`, async () => {
        diagnose(`ro-walk-${path}`);
        const url = host!.url + path.replace(":contact", ids.contactId).replace(":company", ids.companyId).replace(":list", ids.listId);
        const shown = await visit(page, url);
        expect({ missing: shown.missing, iso: shown.iso, rawPhones: shown.rawPhones }).toEqual({ missing: [], iso: [], rawPhones: [] });
      });
    }
  });
});
