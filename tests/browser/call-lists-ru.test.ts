import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, CONSOLE_ADMIN, launchBrowser, recordConsole, screenshot } from "../fixtures/browser";

/**
 * Issue 19: a Russian-speaking manager creates a call list, starts it and reads its page in
 * Russian: states, outcomes and settings in words of the glossary, counts in the right plural
 * form («1 попытка», «2 записи», «5 попыток»), phones in the national format, no ISO timestamp
 * and no raw E.164 number, and no key missing from the catalogs. Click-to-call outside the
 * number's call window says so in Russian, with the hours and when the window opens.
 */

/** Both lines are busy: each entry gets one attempt, then waits for its retry (5 minutes). */
const NUMBERS = { viktor: "+79162000011", galina: "+79162000012", lone: "+79162000013" };
const ALL_DAY = { start: "00:00", end: "23:59" };

/** A zone where the local time now is `hour`:xx (Etc/GMT-N is UTC+N). */
function zoneAt(hour: number): string {
  let offset = (hour - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? "UTC" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe("a call list in Russian", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];
  const contactIds: Record<keyof typeof NUMBERS, string> = { viktor: "", galina: "", lone: "" };
  let adminId: string;

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `browser-lists-ru-${Date.now()}`,
      port: 0,
      admin: CONSOLE_ADMIN,
      simulator: { rules: { numbers: { [NUMBERS.viktor]: "busy", [NUMBERS.galina]: "busy", [NUMBERS.lone]: "busy" } }, ringSeconds: 0 },
      engine: { waitMs: 20 },
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ru-RU", timezoneId: "Europe/Moscow" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    logs = recordConsole(page);
    // The issuer's form, whatever language its button speaks.
    await page.goto(`${host.url}/contacts`);
    await page.locator('input[name="email"]').fill(CONSOLE_ADMIN.email);
    await page.locator('input[name="password"]').fill(CONSOLE_ADMIN.password);
    await page.locator('input[name="password"]').press("Enter");
    await page.waitForURL((url) => url.pathname === "/contacts");
    await page.getByTestId("current-user").waitFor();
    adminId = (await apiFromPage(page, "GET", "/v1/me")).body.userId;

    const people: Record<keyof typeof NUMBERS, [string, string, string?]> = { viktor: ["Виктор", "Белов"], galina: ["Галина", "Зуева"], lone: ["Нина", "Звонкова", zoneAt(3)] };
    for (const key of Object.keys(NUMBERS) as (keyof typeof NUMBERS)[]) {
      const [firstName, lastName, timeZone] = people[key];
      const contact = await apiFromPage(page, "POST", "/v1/contacts?duplicates=allow", { firstName, lastName, phones: [{ number: NUMBERS[key], type: "mobile" }], ...(timeZone ? { timeZone } : {}) });
      expect(contact.status).toBe(201);
      contactIds[key] = contact.body.contactId;
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  function diagnoseOnFailure(name: string) {
    onTestFailed(async () => {
      if (page.isClosed()) return;
      const path = await screenshot(page, name);
      console.error(`[browser] ${name} failed at ${page.url()}; screenshot: ${path}\n${logs.join("\n")}`);
    });
  }

  /** What a person reads on the page: no ISO timestamp, no E.164 number, no key the catalogs lack. */
  async function expectReadable() {
    const text = await page.locator("main, body").first().innerText();
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(text).not.toMatch(/\+7\d{10}/);
    expect(await page.evaluate(() => window.__missingTranslations ?? [])).toEqual([]);
  }

  it("creates a list in Russian, starts it, and shows its entries, settings and statistics with Russian plurals", async () => {
    diagnoseOnFailure("call-list-ru");
    await page.goto(`${host!.url}/contacts`);
    await page.getByTestId(`select-${contactIds.viktor}`).check();
    await page.getByTestId(`select-${contactIds.galina}`).check();
    await page.getByTestId("add-to-call-list").click();
    await page.waitForURL((url) => url.pathname === "/call-lists/new");
    await page.getByRole("heading", { name: "Новый список обзвона" }).waitFor();
    expect(await page.getByTestId("new-list-contacts").textContent()).toMatch(/^2 контакта: .*Виктор Белов/);
    expect(await page.getByLabel("Ждать ответа (секунды)").inputValue()).toBe("30");

    // A bad setting and no operator come back in Russian next to their inputs.
    await page.getByLabel("Ждать ответа (секунды)").fill("2");
    await page.getByRole("button", { name: "Создать список обзвона" }).click();
    await expect.poll(() => page.getByTestId("error-settings.ringTimeoutSeconds").textContent()).toMatch(/[а-я]/);
    expect(await page.getByTestId("error-operatorIds").textContent()).toBe("Назначьте хотя бы одного оператора.");

    await page.getByLabel("Название").fill("Весенняя акция");
    await page.getByTestId(`operator-${adminId}`).check();
    await page.getByLabel("Ждать ответа (секунды)").fill("20");
    await page.getByLabel("Максимум попыток").fill("5");
    await page.getByLabel("Звонить с").fill(ALL_DAY.start);
    await page.getByLabel("Звонить до").fill(ALL_DAY.end);
    await page.getByRole("button", { name: "Создать список обзвона" }).click();

    // The list page, in Russian: a draft of two entries, its settings in words and plurals.
    await page.waitForURL(/\/call-lists\/[0-9A-Z]{26}$/);
    await expect.poll(() => page.getByTestId("list-status").textContent()).toBe("Черновик");
    expect(await page.getByTestId("list-notice").textContent()).toContain("Список обзвона «Весенняя акция» создан: 2 контакта.");
    expect(await page.getByTestId("list-entries-count").textContent()).toBe("2 записи");
    expect(await page.getByTestId("setting-max-attempts").textContent()).toBe("5 попыток");
    expect(await page.getByTestId("setting-ring-timeout").textContent()).toBe("20 с");
    expect(await page.getByTestId("setting-call-window").textContent()).toBe("0:00–23:59 по местному времени контакта");
    expect(await page.getByTestId("setting-retry-delays").textContent()).toContain("Занято: 5 мин");

    // Started (a list dials only for a ready operator, issue 16): both lines are busy; each entry waits for its retry.
    expect((await apiFromPage(page, "PUT", "/v1/operator/presence", { state: "ready" })).status).toBe(200);
    await page.getByRole("button", { name: "Запустить" }).click();
    await expect.poll(() => page.getByTestId("stat-attempts").textContent(), { timeout: 15_000 }).toBe("2");
    await expect.poll(() => page.getByTestId("status-retry-scheduled").textContent(), { timeout: 10_000 }).toBe("2");
    expect(await page.getByTestId("list-status").textContent()).toBe("Идёт");
    expect(await page.getByTestId("outcome-busy").textContent()).toBe("2");
    expect(await page.getByTestId("stat-answered").textContent()).toMatch(/^0 из 2 \(0\s%\)$/);
    const viktor = page.getByTestId(`entry-${contactIds.viktor}`);
    await expect.poll(() => viktor.getByTestId("entry-outcome").textContent(), { timeout: 10_000 }).toBe("Занято");
    expect(await viktor.textContent()).toContain("Повтор запланирован");
    expect(await viktor.getByTestId("entry-phone").textContent()).toBe("8 (916) 200-00-11");
    expect(await page.getByRole("heading", { name: "Воронка" }).count()).toBe(1);
    await expect.poll(() => page.getByTestId("rate-answered-of-attempts").textContent(), { timeout: 10_000 }).toMatch(/^0 из 2 \(0\s%\)$/);
    expect(await page.getByTestId("funnel-dialed").locator("th").textContent()).toBe("Набрано");
    await expectReadable();

    // The lists page: the state in Russian, the share of answered attempts as a Russian percent.
    await page.getByRole("link", { name: "← Обзвон" }).click();
    const listId = (await apiFromPage(page, "GET", "/v1/call-lists")).body.items[0].listId as string;
    const row = page.getByTestId(`call-list-${listId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain("Идёт");
    expect(await row.textContent()).toMatch(/0\s%/);
    await expectReadable();
  }, 120_000);

  it("says one entry and one attempt in the singular", async () => {
    diagnoseOnFailure("call-list-ru-singular");
    const made = await apiFromPage(page, "POST", "/v1/call-lists", { name: "Одна запись", operatorIds: [adminId], settings: { maxAttempts: 1 }, entries: [{ contactId: contactIds.lone }] });
    expect(made.status).toBe(201);
    await page.goto(`${host!.url}/call-lists/${made.body.list.listId}`);
    await expect.poll(() => page.getByTestId("list-entries-count").textContent()).toBe("1 запись");
    expect(await page.getByTestId("setting-max-attempts").textContent()).toBe("1 попытка");
    await expectReadable();
    // On a phone (390 px) nothing of the list page sticks out sideways: wide tables scroll inside
    // their cards. (The header and navigation above it are the shell's, checked by its own test.)
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('canvas[data-testid="chart-funnel"][data-rendered="true"]').waitFor({ timeout: 20_000 });
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll("section.call-list-page *")]
        .filter((element) => !element.closest(".table-scroll, .table-wrap") && element.getBoundingClientRect().right > 391)
        .map((element) => `${element.tagName}.${element.className} ${element.getAttribute("data-testid") ?? ""}`),
    );
    expect(overflowing).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  it("click-to-call outside the call window: the hours and the opening time in Russian, nothing dialed", async () => {
    diagnoseOnFailure("click-to-call-ru");
    await page.goto(`${host!.url}/contacts/${contactIds.lone}`);
    const button = page.locator(`[data-testid="call-button"][data-phone="${NUMBERS.lone}"] [data-testid="call-button-call"]`);
    expect(await button.getAttribute("aria-label")).toBe("Позвонить на 8 (916) 200-00-13");
    await button.click();
    const warning = page.getByTestId("call-window-warning");
    await warning.waitFor();
    const text = await page.getByTestId("call-window-text").textContent();
    expect(text).toMatch(/^Сейчас не время для звонков на этот номер: ему звонят с 9:00 до 21:00 по местному времени \([^)]+\)\. Время для звонков начнётся .+ по вашему времени\. Звоните, только если вас ждут\.$/);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await page.getByTestId("call-anyway").textContent()).toBe("Всё равно позвонить");
    expect(host!.simulator!.dialsTo(NUMBERS.lone)).toBe(0);
    expect(await page.evaluate(() => window.__missingTranslations ?? [])).toEqual([]);
  }, 60_000);
});
