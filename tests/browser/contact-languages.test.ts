import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchBrowser, recordConsole, screenshot, useConsoleHost } from "../fixtures/browser";

/**
 * The contacts console in Russian and Romanian (issue 19): a person whose browser speaks the
 * language signs in, creates a contact with a bad phone (the message in their language, with the
 * field's label, next to the phone; never a JSON path), fixes it, finds it and opens the card
 * (the phone shown national for the organization's country, international for others); and an
 * operator's contacts page, which offers no New contact and no "create the first one".
 */
describe("the contacts console in the user's language", () => {
  const site = useConsoleHost("contact-languages");
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  // Closing the browser closes every context opened here (after a failure's screenshot).
  afterAll(async () => {
    await browser?.close();
  });

  /** Signs in through the issuer's form in a browser that speaks `locale` (no language chosen yet). */
  async function signInSpeaking(locale: string, credentials: { email: string; password: string }): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const logs = recordConsole(page);
    onTestFailed(async () => {
      if (page.isClosed()) return;
      console.error(`[browser] ${locale} session at ${page.url()}; screenshot: ${await screenshot(page, `contact-languages-${locale}`)}\n${logs.join("\n")}`);
    });
    await page.goto(`${site.url}/contacts`);
    await page.locator('input[name="email"]').fill(credentials.email);
    await page.locator('input[name="password"]').fill(credentials.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === "/contacts");
    await page.getByTestId("current-user").waitFor();
    return page;
  }

  const missingTranslations = (page: Page) => page.evaluate(() => window.__missingTranslations ?? []);
  const bodyText = (page: Page) => page.evaluate(() => document.body.innerText);

  const languages = [
    {
      locale: "ru-RU",
      lang: "ru",
      heading: "Контакты",
      newContact: "Новый контакт",
      firstName: "Имя",
      lastName: "Фамилия",
      phone: "Телефон 1",
      create: "Создать контакт",
      search: "Поиск контактов",
      person: ["Анна", "Ивлева"],
      goodPhone: "8 (916) 555-12-34",
      // The organization's country (RU): national format.
      shownPhone: "8 (916) 555-12-34",
      badPhoneMessage: /^Телефон 1: неверный номер для страны «Россия»$/,
      created: "Контакт «Анна Ивлева» создан.",
      needsIdentity: "Заполните имя, телефон или эл. почту: у контакта должно быть хотя бы что-то одно.",
      phonesSection: "Телефоны",
      phoneLabel: "Мобильный · основной",
    },
    {
      locale: "ro-RO",
      lang: "ro",
      heading: "Contacte",
      newContact: "Contact nou",
      firstName: "Prenume",
      lastName: "Nume de familie",
      phone: "Telefon 1",
      create: "Creează contactul",
      search: "Caută contacte",
      person: ["Ion", "Ciobanu"],
      goodPhone: "+373 69 123 456",
      // Another country than the organization's: international format.
      shownPhone: "+373 691 23 456",
      badPhoneMessage: /^Telefon 1: nu este un număr valid pentru Rusia$/,
      created: "Contactul „Ion Ciobanu” a fost creat.",
      needsIdentity: "Completați un nume, un telefon sau un e-mail: un contact are nevoie de cel puțin unul.",
      phonesSection: "Telefoane",
      phoneLabel: "Mobil · principal",
    },
  ];

  for (const language of languages) {
    it(`creates, finds and opens a contact in ${language.lang}, with the phone's error next to it`, async () => {
      site.diagnoseOnFailure(`contact-${language.lang}`);
      // A manager (who may create contacts), with no language chosen: the browser's decides.
      const page = await signInSpeaking(language.locale, await site.createUser("manager", `Manager ${language.lang}`));
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language.lang);
      await page.getByRole("heading", { name: language.heading, level: 1 }).waitFor();

      // Act: a new contact with a phone that is no number.
      await page.getByRole("link", { name: language.newContact }).click();
      await page.waitForURL((url) => url.pathname === "/contacts/new");
      // An empty form says what a contact needs, in the user's language.
      await page.getByRole("button", { name: language.create }).click();
      await expect.poll(() => page.getByTestId("form-errors").textContent()).toBe(language.needsIdentity);
      const [first, last] = language.person as [string, string];
      await page.getByLabel(language.firstName, { exact: true }).fill(first);
      await page.getByLabel(language.lastName, { exact: true }).fill(last);
      const phone = page.getByLabel(language.phone, { exact: true });
      await phone.fill("12345");
      await page.getByRole("button", { name: language.create }).click();

      // Assess: the message in the user's language, named by the field's label, under the phone.
      const phoneError = page.getByTestId("error-phones[0].number");
      await expect.poll(async () => (await phoneError.textContent())?.trim()).toMatch(language.badPhoneMessage);
      expect(await phone.getAttribute("aria-invalid")).toBe("true");
      expect(await phone.getAttribute("aria-describedby")).toContain(await phoneError.getAttribute("id"));
      // The message sits inside the phone's own field, not in a summary.
      expect(await page.locator(".field", { has: phone }).getByTestId("error-phones[0].number").count()).toBe(1);
      const shown = await bodyText(page);
      expect(shown).not.toMatch(/phones\[0\]|body\.|Invalid input|field is invalid/);
      expect(page.url()).toContain("/contacts/new");

      // Act: fix the phone and save.
      await phone.fill(language.goodPhone);
      await expect.poll(() => phoneError.count()).toBe(0);
      await page.getByRole("button", { name: language.create }).click();
      await page.waitForURL((url) => url.pathname === "/contacts");
      await page.getByText(language.created).waitFor();

      // Find it by searching its surname.
      const search = page.getByLabel(language.search);
      await search.fill(last);
      await search.press("Enter");
      await expect.poll(() => page.locator("table tbody tr th").allTextContents()).toEqual([`${first} ${last}`]);
      const row = page.getByRole("row").filter({ hasText: `${first} ${last}` });
      expect(await row.textContent()).toContain(language.shownPhone);
      expect(await row.textContent()).not.toMatch(/\+7\d{10}|\+373\d{8}/);

      // Open the card.
      await row.getByRole("link", { name: `${first} ${last}` }).click();
      await page.getByRole("heading", { name: `${first} ${last}`, level: 1 }).waitFor();
      expect(await page.getByTestId("contact-phone-0").textContent()).toBe(language.shownPhone);
      expect(await page.getByTestId("section-phones").getByRole("heading").textContent()).toBe(language.phonesSection);
      expect(await page.getByTestId("section-phones").textContent()).toContain(language.phoneLabel);
      expect(await missingTranslations(page)).toEqual([]);
    });
  }

  it("shows an operator the contacts they may open and their call lists' contacts, and no New contact", async () => {
    site.diagnoseOnFailure("operator-contacts");
    const operator = await site.createUser("operator", "Olga Operator");
    const { api } = site.admin;
    // Prepare: a contact on a list the operator works, and one private to the admin.
    const listed = await api("POST", "/v1/contacts", { firstName: "Lev", lastName: "Listed", phones: [{ number: "+79165550101", type: "mobile" }] });
    const hidden = await api("POST", "/v1/contacts", { firstName: "Hugo", lastName: "Hidden", phones: [{ number: "+79165550102", type: "mobile" }] });
    expect([listed.status, hidden.status]).toEqual([201, 201]);
    const list = await api("POST", "/v1/call-lists", { name: "Autumn calls", operatorIds: [operator.userId], entries: [{ contactId: listed.body.contactId }] });
    expect(list.status).toBe(201);

    const page = await signInSpeaking("ru-RU", operator);
    const content = page.locator("section.page");
    await content.getByRole("heading", { name: "Контакты", level: 1 }).waitFor();
    // Their call list's contacts, with the phone national, opening the card.
    const entries = page.getByTestId("call-list-entries");
    await entries.getByRole("heading", { name: "Autumn calls" }).waitFor();
    await expect.poll(() => entries.getByTestId("call-list-entry").allTextContents()).toEqual(["Lev Listed · 8 (916) 555-01-01 · ожидает"]);
    // Nothing of theirs in the list yet: no invitation to create one, no New contact, no Import.
    await content.getByText("Ваших контактов пока нет.").waitFor();
    const text = await content.innerText();
    expect(text).not.toContain("Новый контакт");
    expect(text).not.toMatch(/Создайте первый|Импорт/);
    expect(await content.getByRole("link", { name: "Новый контакт" }).count()).toBe(0);
    expect(text).not.toContain("Hugo Hidden");
    // Nor does the main navigation offer Import («Импорт») to an operator.
    expect(await page.getByRole("navigation").getByRole("link", { name: "Импорт" }).count()).toBe(0);

    // A contact shared with everyone appears in their list.
    const shared = await api("POST", "/v1/contacts", { firstName: "Sveta", lastName: "Shared", sharing: "read" });
    expect(shared.status).toBe(201);
    await page.reload();
    await expect.poll(() => page.locator("table tbody tr th").allTextContents()).toEqual(["Sveta Shared"]);

    // The listed contact's card opens for the operator.
    await entries.getByRole("link", { name: "Lev Listed" }).click();
    await page.getByRole("heading", { name: "Lev Listed", level: 1 }).waitFor();
    expect(await page.getByTestId("contact-phone-0").textContent()).toBe("8 (916) 555-01-01");
    expect(await missingTranslations(page)).toEqual([]);
  });
});
