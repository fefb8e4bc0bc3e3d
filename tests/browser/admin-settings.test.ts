import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { CONSOLE_ADMIN, recordConsole, screenshot, signInThroughForm, useConsoleHost } from "../fixtures/browser";

const missingTranslations = (page: Page) => page.evaluate(() => (window as { __missingTranslations?: string[] }).__missingTranslations ?? []);

describe("organization settings page", () => {
  const site = useConsoleHost("admin-settings");

  it("in Romanian: labels, a bad value's message next to its field, saving; the organization's language is the last fallback; only admins see it", async () => {
    site.diagnoseOnFailure("admin-settings");
    const browser = site.admin.page.context().browser()!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ro-RO" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const logs = recordConsole(page);
    try {
      await signInThroughForm(page, site.url, CONSOLE_ADMIN);
      await page.getByTestId("nav-settings").click();
      await page.waitForURL((url) => url.pathname === "/admin/settings");
      await page.getByRole("heading", { name: "Setările organizației" }).waitFor();
      expect(await page.getByTestId("nav-settings").textContent()).toBe("Setări");
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("ro");
      // Labels in Romanian; the built-in pause reasons as operators will see them.
      for (const label of ["Numele companiei", "Limba implicită", "Motive de pauză", "Timp de finalizare (secunde)", "Anunțul de înregistrare", "Păstrează înregistrările (zile)"]) {
        await page.getByLabel(label, { exact: true }).waitFor();
      }
      expect(await page.locator("#settings-pauseReasons-hint").textContent()).toBe("Câte unul pe rând. Operatorii văd: Pauză, Instruire, Finalizare și Altceva.");
      expect(await page.getByTestId("settings-country").inputValue()).toBe("Rusia");

      // Act: a wrap-up time under the minimum and a pause reason with "!". Assess: Romanian messages by each field; nothing saved.
      await page.getByLabel("Timp de finalizare (secunde)").fill("5");
      await page.getByLabel("Motive de pauză").fill("break\ntraining\ncafea!");
      await page.getByTestId("settings-save").click();
      await expect.poll(() => page.getByTestId("error-wrapUpSeconds").textContent()).toBe("cel puțin 10");
      expect(await page.getByLabel("Timp de finalizare (secunde)").getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByTestId("error-pauseReasons").textContent()).toBe("Motivul 3: Doar litere, cifre, spații, - și _; fiecare motiv o singură dată.");
      expect(await page.getByTestId("problem").count()).toBe(0);
      const stored = async () => (await site.admin.api("GET", "/v1/settings")).body as { wrapUpSeconds?: number; pauseReasons: string[]; companyName?: string; defaultLanguage: string };
      expect((await stored()).wrapUpSeconds).toBeUndefined();

      // Act: fix both, name the company, make Romanian the organization's language. Assess: saved.
      await page.getByLabel("Timp de finalizare (secunde)").fill("45");
      await page.getByLabel("Motive de pauză").fill("break\ntraining\ncafea");
      await page.getByLabel("Numele companiei").fill("SRL Exemplu");
      await page.getByLabel("Limba implicită").selectOption("ro");
      await page.getByTestId("settings-save").click();
      await page.getByText("Setările au fost salvate.").waitFor();
      expect(await page.getByTestId("error-wrapUpSeconds").count()).toBe(0);
      expect(await stored()).toMatchObject({ wrapUpSeconds: 45, pauseReasons: ["break", "training", "cafea"], companyName: "SRL Exemplu", defaultLanguage: "ro" });
      expect(await page.locator("#settings-pauseReasons-hint").textContent()).toBe("Câte unul pe rând. Operatorii văd: Pauză, Instruire și cafea.");
      expect(await missingTranslations(page)).toEqual([]);
      expect(logs.filter((line) => line.startsWith("[pageerror]"))).toEqual([]);
    } finally {
      await context.close();
    }

    // A browser speaking none of the console's languages, a user who chose none: the organization's language.
    const german = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "de-DE" });
    german.setDefaultTimeout(10_000);
    try {
      const page = await german.newPage();
      await signInThroughForm(page, site.url, CONSOLE_ADMIN, "/admin/settings");
      await page.getByRole("heading", { name: "Setările organizației" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("ro");
    } finally {
      await german.close();
    }

    // Operators have no settings page in their menu.
    const operator = await site.createUser("operator", "Olga Operator");
    const session = await site.signIn(operator);
    await session.page.getByRole("link", { name: "Contacts" }).waitFor();
    expect(await session.page.getByTestId("nav-settings").count()).toBe(0);
  });
});
