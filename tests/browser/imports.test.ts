import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";
import { amoHeaders, amoRow, csvText, encode } from "../fixtures/imports";

const ADMIN = { email: "import-admin@callboard.test", password: "correct horse battery staple" };

describe("import page", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "import-browser-"));

  beforeAll(async () => {
    assertWebBuilt();
    configureFiles(new LocalFileStore(join(dir, "files")));
    host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `browser-import-${Date.now()}`, port: 0, admin: ADMIN, simulator: false });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    logs = recordConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it("uploads a CSV, previews it, overrides a column, imports with progress and downloads the report", async () => {
    onTestFailed(async () => console.error(`[browser] import failed at ${page.url()}; screenshot: ${await screenshot(page, "import")}\n${logs.join("\n")}`));
    const rows = [[...amoHeaders, "Заметка"], ...Array.from({ length: 30 }, (_, i) => [...amoRow(500 + i), `note ${i}`])];
    rows[3] = [...amoRow(502, { "Имя": "", "Фамилия": "", "Рабочий email": "broken", "Рабочий телефон": "", "Мобильный телефон": "" }), "bad"];
    // A bad secondary phone beside a valid mobile: imported without it.
    rows[5] = [...amoRow(504, { "Рабочий телефон": "12-34" }), "note 4"];
    rows[10] = [...amoRow(500), "again"];
    const file = join(dir, "amo.csv");
    writeFileSync(file, encode(csvText(rows, ";"), "windows-1251"));

    await signInThroughForm(page, host!.url, ADMIN, "/imports");
    await page.getByRole("link", { name: "Import" }).waitFor();
    await page.getByLabel("CSV file").setInputFiles(file);

    const preview = page.getByTestId("import-preview");
    await expect.poll(() => preview.textContent(), { timeout: 20_000 }).toContain("30 rows, windows-1251, semicolon-separated; looks like an export from amoCRM/Kommo.");
    await expect.poll(() => page.getByLabel("Field for Рабочий телефон").inputValue()).toBe("workPhone");
    expect(await page.getByLabel("Field for Заметка").inputValue()).toBe("");
    const rowTable = page.getByTestId("import-rows");
    expect(await rowTable.textContent()).toContain("Рабочий email: not an email address");
    expect(await rowTable.textContent()).toContain("Not imported: broken");
    expect(await rowTable.textContent()).toContain("Imported without Рабочий телефон “12-34”");
    expect(await rowTable.textContent()).toContain("Company: ООО Ромашка 1 (a new company)");
    expect(await rowTable.textContent()).toContain("Duplicate of row 2");

    // The unknown column becomes the comment.
    await page.getByLabel("Field for Заметка").selectOption("comment");
    // A new preview round trip (duplicate checks and company look-ups): slow on a loaded machine.
    await expect.poll(() => rowTable.textContent(), { timeout: 20_000 }).toContain("Comment: note 0");

    await page.getByLabel("Duplicates (same phone or email)").selectOption("skip");
    await page.getByRole("button", { name: "Start import" }).click();
    const progress = page.getByTestId("import-progress");
    await progress.waitFor();
    await expect.poll(() => page.getByTestId("import-summary").textContent(), { timeout: 60_000 }).toContain("28 contacts created");
    expect(await page.getByTestId("import-summary").locator("li").allTextContents()).toEqual(
      expect.arrayContaining(["28 contacts created", "0 contacts updated", "1 row skipped as a duplicate", "1 row rejected (the report says why)"]),
    );
    expect(await progress.textContent()).toContain("30 / 30 rows · done");
    expect(await page.getByLabel("Import progress").getAttribute("value")).toBe("30");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download report" }).click()]);
    const report = readFileSync((await download.path())!, "utf8");
    expect(report).toContain('4,rejected,"Рабочий email: Not a valid email address.');
    expect(report).toContain('6,created,"Imported without: Рабочий телефон ""12-34""');
    expect(await page.getByTestId("import-summary").locator("li").allTextContents()).toEqual(expect.arrayContaining(["1 value left out (see the report)", "7 companies created"]));
    expect(report).toContain("11,skipped,Duplicate of row 2 in this file.");

    const list = await apiFromPage(page, "GET", "/v1/contacts?limit=50");
    const imported = (list.body.items as { contactId: string; firstName: string; source: { kind: string } }[]).filter((item) => item.source.kind === "import");
    expect(imported).toHaveLength(28);
    // List rows carry the list's columns only: the comment is on the card.
    const card = await apiFromPage(page, "GET", `/v1/contacts/${imported.find((item) => item.firstName === "Иван501")!.contactId}`);
    expect((card.body as { comment?: string }).comment).toContain("note 1");
    // Upload, two previews and a 30-row import with 7 new companies: minutes on a loaded 2-core machine.
  }, 120_000);
  it("in Russian: the steps, each row's problems and the result summary, with Russian plurals; no key missing", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: "ru-RU" });
    context.setDefaultTimeout(15_000);
    const ru = await context.newPage();
    const ruLogs = recordConsole(ru);
    onTestFailed(async () => console.error(`[browser] Russian import failed at ${ru.url()}; screenshot: ${await screenshot(ru, "import-ru")}\n${ruLogs.join("\n")}`));
    try {
      const company = { "Компания": "ООО Русский импорт" };
      const rows = [
        amoHeaders,
        amoRow(601, company),
        amoRow(601, company), // the same person again: a duplicate of row 2
        amoRow(602, { "Имя": "", "Фамилия": "", "Рабочий телефон": "", "Мобильный телефон": "", "Рабочий email": "broken" }),
        amoRow(603, { ...company, "Рабочий телефон": "12-34" }), // imported without the bad work phone
        amoRow(604, company),
      ];
      const file = join(dir, "ru.csv");
      writeFileSync(file, encode(csvText(rows, ";"), "utf-8"));

      await signInThroughForm(ru, host!.url, ADMIN, "/imports");
      await ru.getByRole("heading", { name: "Импорт контактов" }).waitFor();
      // An empty file: refused, said in Russian next to the file input.
      const empty = join(dir, "empty.csv");
      writeFileSync(empty, "");
      await ru.getByLabel("Файл CSV").setInputFiles(empty);
      await expect.poll(async () => (await ru.getByTestId("error-file").textContent())?.replace(/\s/g, " "), { timeout: 20_000 }).toBe("Файл пустой.");
      expect(await ru.getByLabel("Файл CSV").getAttribute("aria-invalid")).toBe("true");
      // A file whose first line names no column: the server's check, said in Russian.
      const headless = join(dir, "headless.csv");
      writeFileSync(headless, ";;\r\n");
      await ru.getByLabel("Файл CSV").setInputFiles(headless);
      await expect
        .poll(async () => (await ru.getByTestId("error-file").textContent())?.replace(/\s/g, " "), { timeout: 20_000 })
        .toBe("Этот файл не прочитать: нужен CSV до 20 МБ и 100 000 строк, первая строка — названия столбцов.");
      await ru.getByLabel("Файл CSV").setInputFiles(file);
      const preview = ru.getByTestId("import-preview");
      // Five rows: the «many» form.
      await expect.poll(() => ru.getByTestId("import-detected").textContent(), { timeout: 20_000 }).toBe("5 строк, utf-8, разделитель — точка с запятой; похоже на выгрузку из amoCRM/Kommo.");
      expect(await preview.getByRole("heading").allTextContents()).toEqual(["Столбцы", "Первые строки"]);
      expect(await ru.getByLabel("Поле для «Рабочий телефон»").locator("option:checked").textContent()).toBe("Рабочий телефон");
      const rowTable = ru.getByTestId("import-rows");
      const text = (await rowTable.textContent()) ?? "";
      expect(text).toContain("Рабочий email: это не адрес эл. почты");
      expect(text).toContain("Ничего пригодного не осталось");
      expect(text).toContain("Импортирован без «12-34» (столбец «Рабочий телефон»): неверный номер для страны «Россия»");
      expect(text).toContain("Дубль строки 2");
      expect(text).toContain("Компания: ООО Русский импорт (будет создана)");
      // Phones as people write them in Russia, never E.164.
      expect(text).toContain("Телефоны: 8 (495) 000-06-01, 8 (916) 000-06-01");
      expect(text).not.toMatch(/\+7\d{10}/);

      await ru.getByLabel("Дубли (тот же телефон или почта)").selectOption("skip");
      await ru.getByRole("button", { name: "Начать импорт" }).click();
      const summary = ru.getByTestId("import-summary");
      await summary.waitFor({ timeout: 60_000 });
      expect(await summary.locator("li").allTextContents()).toEqual([
        "Создано 3 контакта",
        "Обновлено 0 контактов",
        "Пропущена 1 строка: дубль",
        "Отклонена 1 строка (причина — в отчёте)",
        "1 значение не импортировано (см. отчёт)",
        "Создана 1 компания",
      ]);
      expect(await ru.getByTestId("import-progress-text").textContent()).toBe("5 / 5 строк · готово");
      await ru.getByRole("link", { name: "Скачать отчёт" }).waitFor();
      expect(await ru.evaluate(() => (window as { __missingTranslations?: string[] }).__missingTranslations ?? [])).toEqual([]);
      expect(await ru.evaluate(() => document.documentElement.lang)).toBe("ru");
    } finally {
      await context.close();
    }
  }, 120_000);
});
