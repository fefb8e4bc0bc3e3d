import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

/**
 * Issue 18, the operator's screen: an operator works a call from the pop alone. It shows whom
 * they talk to (company, formatted phones, tags), the last timeline items and the list's script
 * with the placeholders filled in, the talk timer then the wrap-up countdown, and a link to the
 * full card (which an operator may open); hotkey 3 sets "not interested". Issue 19: the same pop
 * in Russian on a 390 × 844 phone, used with one thumb.
 */

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };
const OPERATOR = { email: "olga.pop@callboard.test", password: "operator password 1", name: "Olga Pop" };
const SCRIPT = "Good afternoon, {firstName}! This is {operatorName} about «{listName}»: how is {company} doing?";
const ALL_DAY = { start: "00:00", end: "23:59" };

describe("the operator's pop", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let admin: Page;
  let operator: Page;
  let operatorLogs: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `browser-pop-${Date.now()}`,
      port: 0,
      admin: ADMIN,
      simulator: { ringSeconds: 0, connectDeadlineMs: 5000 },
      engine: { waitMs: 20 },
    });
    browser = await launchBrowser();
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" })).newPage();
    await signInThroughForm(admin, host.url, ADMIN);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(15_000);
    operator = await context.newPage();
    operatorLogs = recordConsole(operator);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it("shows history and the filled-in script, the timers and the full-card link; key 3 sets not interested", async () => {
    onTestFailed(async () => {
      for (const [who, page] of [["admin", admin], ["operator", operator]] as const) {
        if (page.isClosed()) continue;
        console.error(`[browser] call-lists-pop failed; ${who} at ${page.url()}; screenshot: ${await screenshot(page, `call-lists-pop-${who}`)}`);
      }
      console.error(operatorLogs.join("\n"));
    });

    // Prepare: Anna (who answers) at a company, with history on her card; an operator at the console.
    const company = await apiFromPage(admin, "POST", "/v1/companies", { name: "Romashka LLC" });
    expect(company.status).toBe(201);
    const anna = await apiFromPage(admin, "POST", "/v1/contacts", {
      firstName: "Anna",
      lastName: "Sokolova",
      companyId: company.body.companyId,
      tags: ["vip"],
      phones: [{ number: "+79165550314", type: "mobile" }],
    });
    expect(anna.status).toBe(201);
    const contactId = anna.body.contactId as string;
    for (const text of ["Asked about the spring prices", "Prefers calls in the morning"]) {
      expect((await apiFromPage(admin, "POST", `/v1/contacts/${contactId}/comments`, { text })).status).toBe(201);
    }
    // Viktor's line is busy (the simulator: numbers ending in 1): he is retried 5 minutes later.
    const viktor = await apiFromPage(admin, "POST", "/v1/contacts", { firstName: "Viktor", lastName: "Belov", phones: [{ number: "+79165550311", type: "mobile" }] });
    expect(viktor.status).toBe(201);
    const created = await apiFromPage(admin, "POST", "/v1/users", { ...OPERATOR, role: "operator" });
    expect(created.status).toBe(201);
    await signInThroughForm(operator, host!.url, OPERATOR);
    await operator.getByTestId("presence-ready").click();
    await operator.locator('[data-testid="operator-bar"][data-state="ready"]').waitFor();
    const made = await apiFromPage(admin, "POST", "/v1/call-lists", {
      name: "Spring promo",
      operatorIds: [created.body.userId],
      settings: { callWindow: ALL_DAY, wrapUpTimeoutSeconds: 600, script: SCRIPT, maxAttempts: 2, retryDelayMinutes: { busy: 5 } },
      entries: [{ contactId }, { contactId: viktor.body.contactId }],
    });
    expect(made.status).toBe(201);
    const listId = made.body.list.listId as string;

    // Act: start; Anna answers and is put through to the operator.
    expect((await apiFromPage(admin, "POST", `/v1/call-lists/${listId}/start`)).status).toBe(200);
    await operator.locator('[data-testid="softphone"][data-state="connected"]').waitFor({ timeout: 30_000 });
    const pop = operator.locator('[data-testid="operator-pop"]:not([data-pending])');
    await pop.waitFor();

    // Assess: who, the last items of her timeline, the script filled in, the talk timer.
    expect(await operator.getByTestId("pop-contact-name").textContent()).toBe("Anna Sokolova");
    const summary = (await operator.getByTestId("pop-summary").textContent())!;
    expect(summary).toContain("Romashka LLC");
    expect(summary).toContain("8 (916) 555-03-14");
    expect(summary).toContain("vip");
    const history = operator.getByTestId("pop-history-item");
    await expect.poll(() => history.count()).toBeGreaterThanOrEqual(2);
    expect(await history.count()).toBeLessThanOrEqual(5);
    const historyText = (await operator.getByTestId("pop-history").textContent())!;
    expect(historyText).toContain("Asked about the spring prices");
    expect(historyText).toContain("Prefers calls in the morning");
    expect(await operator.getByTestId("pop-script").textContent()).toContain(
      "Good afternoon, Anna! This is Olga Pop about «Spring promo»: how is Romashka LLC doing?",
    );
    await operator.getByTestId("pop-talk-timer").waitFor();
    const cardLink = operator.getByTestId("pop-full-card");
    expect(await cardLink.isVisible()).toBe(true);
    expect(await cardLink.getAttribute("href")).toBe(`/contacts/${contactId}`);
    // The buttons show their hotkeys.
    expect(await operator.getByTestId("disposition-not-interested").textContent()).toMatch(/^3\s*Not interested$/);
    expect(await operator.getByTestId("disposition-call-back").textContent()).toMatch(/^2\s*Call back$/);

    // The call ends: the wrap-up countdown runs (from the list's 600 s).
    await operator.getByTestId("softphone-hangup").click();
    const countdown = operator.getByTestId("pop-wrap-up-countdown");
    await countdown.waitFor({ timeout: 10_000 });
    expect(await countdown.textContent()).toMatch(/^Wrap-up ends in (9|10):\d\d$/);

    // The operator opens the full card: it loads for them, and the pop docks with the call at hand.
    await cardLink.click();
    await operator.waitForURL(`**/contacts/${contactId}`);
    await operator.getByRole("heading", { level: 1, name: "Anna Sokolova" }).waitFor();
    await operator.locator('[data-testid="operator-pop"][data-docked="true"]').waitFor();
    await operator.getByTestId("pop-undock").click();
    await operator.getByTestId("pop-script").waitFor();

    // Typing "3" in the note is text, not a verdict; pressing 3 elsewhere is "not interested".
    await operator.getByLabel("Note (optional)").fill("Budget 3 months out");
    expect(await operator.getByLabel("Note (optional)").inputValue()).toBe("Budget 3 months out");
    await operator.getByTestId("pop-contact-name").click();
    await operator.keyboard.press("3");
    await pop.waitFor({ state: "detached" });

    const entry = await apiFromPage(admin, "GET", `/v1/call-lists/${listId}/entries/${contactId}`);
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({ status: "wrapped-up", disposition: "not-interested" });
    const card = await apiFromPage(admin, "GET", `/v1/contacts/${contactId}`);
    expect((card.body.timeline.items as { text?: string }[]).some((item) => item.text === "Not interested (call list «Spring promo»). Budget 3 months out")).toBe(true);

    // Between calls: Viktor's retry is the next entry due, minutes away.
    const nextCall = operator.getByTestId("next-call");
    await expect.poll(() => nextCall.textContent(), { timeout: 30_000 }).toMatch(/^Waiting: no entry due until \d{1,2}:\d\d(\s?[AP]M)? \(in [45]:\d\d\)$/);
  }, 150_000);

  it("in Russian on a 390 × 844 phone: the bar, the pop, its dispositions and script in Russian, the phone national, nothing sideways, thumb-size verdicts", async () => {
    const phone = await (await browser!.newContext({ viewport: { width: 390, height: 844 }, locale: "ru-RU", hasTouch: true })).newPage();
    phone.context().setDefaultTimeout(15_000);
    const phoneLogs = recordConsole(phone);
    onTestFailed(async () => {
      if (!phone.isClosed()) console.error(`[browser] call-lists-pop (ru, 390) failed at ${phone.url()}; screenshot: ${await screenshot(phone, "call-lists-pop-ru-390")}`);
      console.error(phoneLogs.join("\n"));
    });

    // Prepare: a default pause reason and one an admin made; Maria (who answers) and Pyotr (busy).
    expect((await apiFromPage(admin, "PATCH", "/v1/settings", { pauseReasons: ["break", "Обед"] })).status).toBe(200);
    const company = await apiFromPage(admin, "POST", "/v1/companies", { name: "ООО Ромашка" });
    const maria = await apiFromPage(admin, "POST", "/v1/contacts", { firstName: "Мария", lastName: "Иванова", companyId: company.body.companyId, phones: [{ number: "+79165550324", type: "mobile" }] });
    const pyotr = await apiFromPage(admin, "POST", "/v1/contacts", { firstName: "Пётр", lastName: "Орлов", phones: [{ number: "+79165550321", type: "mobile" }] });
    expect([company.status, maria.status, pyotr.status]).toEqual([201, 201, 201]);
    const olga = await apiFromPage(admin, "POST", "/v1/users", { email: "olga.ru@callboard.test", password: "operator password 2", name: "Ольга Петрова", role: "operator" });
    expect(olga.status).toBe(201);
    // The issuer's own form, whatever language it speaks: fill it in and submit.
    await phone.goto(`${host!.url}/contacts`);
    await phone.locator('input[name="email"]').fill("olga.ru@callboard.test");
    await phone.locator('input[name="password"]').fill("operator password 2");
    await phone.locator('input[name="password"]').press("Enter");
    await phone.getByTestId("current-user").waitFor();

    // The bar in Russian: presence and pause reasons (the default translated, the admin's as written).
    const bar = phone.getByTestId("operator-bar");
    await expect.poll(() => phone.getByTestId("pause-reason").locator("option").allTextContents()).toEqual(["Перерыв", "Обед"]);
    expect(await phone.getByTestId("presence-ready").textContent()).toBe("Готов");
    expect(await phone.getByTestId("presence-pause").textContent()).toBe("Пауза");
    await phone.getByTestId("presence-ready").tap();
    await phone.locator('[data-testid="operator-bar"][data-state="ready"]').waitFor();
    expect(await phone.getByTestId("operator-state").textContent()).toBe("Готов");
    expect((await phone.getByTestId("presence-ready").boundingBox())!.height).toBeGreaterThanOrEqual(44);

    const made = await apiFromPage(admin, "POST", "/v1/call-lists", {
      name: "Весенняя акция",
      operatorIds: [olga.body.userId],
      settings: { callWindow: ALL_DAY, wrapUpTimeoutSeconds: 600, script: "Здравствуйте, {firstName}! Это {operatorName}, «{listName}». Как дела в {company}?", maxAttempts: 2, retryDelayMinutes: { busy: 5 } },
      entries: [{ contactId: maria.body.contactId }, { contactId: pyotr.body.contactId }],
    });
    expect(made.status).toBe(201);
    expect((await apiFromPage(admin, "POST", `/v1/call-lists/${made.body.list.listId}/start`)).status).toBe(200);

    // Maria answers: the pop, in Russian, her phone in national format.
    await phone.locator('[data-testid="softphone"][data-state="connected"]').waitFor({ timeout: 30_000 });
    const pop = phone.locator('[data-testid="operator-pop"]:not([data-pending])');
    await pop.waitFor();
    expect(await phone.getByTestId("pop-contact-name").textContent()).toBe("Мария Иванова");
    expect(await phone.getByTestId("pop-list-name").textContent()).toBe("Список обзвона «Весенняя акция» · Идёт");
    expect(await phone.getByTestId("pop-progress").textContent()).toBe("Обработано 0 из 2");
    expect(await phone.getByTestId("pop-summary").textContent()).toContain("8 (916) 555-03-24");
    expect(await pop.locator(".pop-answered").textContent()).toMatch(/^Отвечен .+ · 8 \(916\) 555-03-24 · попытка 1$/);
    expect(await phone.getByTestId("pop-script").locator(".pop-script").textContent()).toBe("Здравствуйте, Мария! Это Ольга Петрова, «Весенняя акция». Как дела в ООО Ромашка?");
    await expect.poll(() => phone.getByTestId("pop-talk-timer").textContent()).toMatch(/^Разговор \d+:\d\d$/);
    expect(await phone.getByTestId("pop-history").locator("h3").textContent()).toBe("Последние события");
    // The engine's note on her timeline, said in Russian (stored as a kind and values).
    await expect.poll(() => phone.getByTestId("pop-history").textContent()).toContain("Весенняя акция");
    expect(await phone.getByTestId("pop-history").textContent()).not.toMatch(/call list|attempt/i);
    expect(await phone.getByLabel("Примечание (необязательно)").count()).toBe(1);
    const verdicts = ["interested", "not-interested", "wrong-number", "do-not-call", "call-back"];
    const labels = await Promise.all(verdicts.map((verdict) => phone.getByTestId(`disposition-${verdict}`).textContent()));
    expect(labels.map((label) => label!.replace(/^\d\s*/, ""))).toEqual(["Интересно", "Не интересно", "Неверный номер", "Не звонить", "Перезвонить"]);
    expect(await phone.getByTestId("softphone-hangup").textContent()).toBe("Положить трубку");
    expect(await phone.getByTestId("softphone-state").textContent()).toBe("Разговор");

    // One thumb: nothing scrolls sideways, every verdict and the hang-up are ≥ 44 px and on screen.
    const sideways = await phone.evaluate(() =>
      [...document.querySelectorAll('[data-testid="operator-bar"], [data-testid="operator-pop"], [data-testid="softphone"]')]
        .flatMap((region) => [region, ...region.querySelectorAll("*")])
        .filter((element) => !element.matches(".visually-hidden") && (element.getBoundingClientRect().right > 390 || element.scrollWidth > element.clientWidth + 1))
        .map((element) => `${element.tagName}.${element.className} ${element.getAttribute("data-testid") ?? ""}`),
    );
    expect(sideways).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const testId of [...verdicts.map((verdict) => `disposition-${verdict}`), "softphone-hangup"]) {
      const box = (await phone.getByTestId(testId).boundingBox())!;
      expect(box.height, testId).toBeGreaterThanOrEqual(44);
      expect(box.x, testId).toBeGreaterThanOrEqual(0);
      expect(box.y, testId).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, testId).toBeLessThanOrEqual(390);
      expect(box.y + box.height, testId).toBeLessThanOrEqual(844);
    }
    // No raw E.164 number anywhere a person reads.
    expect(await phone.evaluate(() => document.body.innerText)).not.toMatch(/\+7\d{10}/);

    // She hangs up: the wrap-up countdown in the pop and the bar; "Интересно" by thumb.
    await phone.getByTestId("softphone-hangup").tap();
    await expect.poll(() => phone.getByTestId("pop-wrap-up-countdown").textContent(), { timeout: 10_000 }).toMatch(/^Постобработка: осталось (9|10):\d\d$/);
    await phone.locator('[data-testid="operator-bar"][data-state="wrap-up"]').waitFor({ timeout: 10_000 });
    expect(await phone.getByTestId("operator-state").textContent()).toBe("Постобработка");
    await phone.getByTestId("disposition-interested").tap();
    await pop.waitFor({ state: "detached" });

    // Pyotr was busy: the line between calls says when, in Russian.
    await expect.poll(() => phone.getByTestId("next-call").textContent(), { timeout: 30_000 }).toMatch(/^Ожидание: записей к звонку нет до \d{1,2}:\d\d \(через [45]:\d\d\)$/);
    expect(await bar.getAttribute("data-state")).toBe("ready");
    expect(await phone.evaluate(() => window.__missingTranslations ?? [])).toEqual([]);
  }, 150_000);
});
