import { describe, expect, it } from "vitest";
import { CONSOLE_ADMIN, recordConsole, signInThroughForm, useConsoleHost } from "../fixtures/browser";

describe("custom fields and web forms pages in Russian", () => {
  const site = useConsoleHost("admin-fields-forms");

  it("types and kinds through keys, each refusal in Russian next to its field, the embed snippet in Russian", async () => {
    site.diagnoseOnFailure("admin-fields-forms");
    const browser = site.admin.page.context().browser()!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ru-RU" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const logs = recordConsole(page);
    try {
      // Custom fields: the types in Russian; a bad key and a list without options refused next to their fields.
      await signInThroughForm(page, site.url, CONSOLE_ADMIN, "/admin/custom-fields");
      await page.getByRole("heading", { name: "Дополнительные поля" }).waitFor();
      expect(await page.getByLabel("Тип", { exact: true }).locator("option").allTextContents()).toEqual([
        "Текст", "Число", "Дата", "Да / нет", "Список (один вариант)", "Список (несколько вариантов)", "Веб-адрес", "Телефон", "Эл. почта",
      ]);
      await page.getByLabel("Название", { exact: true }).fill("Бюджет");
      await page.getByLabel("Ключ", { exact: true }).fill("Бюджет");
      await page.getByRole("button", { name: "Создать поле" }).click();
      await expect.poll(() => page.getByTestId("error-key").textContent()).toBe("Ключ — от 1 до 40 символов: строчные латинские буквы, цифры и _, первой — буква.");
      await page.getByLabel("Ключ", { exact: true }).fill("budget");
      await page.getByLabel("Тип", { exact: true }).selectOption("select");
      await page.getByRole("button", { name: "Создать поле" }).click();
      await expect.poll(() => page.getByTestId("error-options").textContent()).toBe("Полю-списку нужен хотя бы один вариант, все разные (регистр не важен); другим типам варианты не нужны.");
      await page.getByLabel("Варианты", { exact: true }).fill("Малый, Крупный");
      await page.getByRole("button", { name: "Создать поле" }).click();
      await page.getByText("Поле «Бюджет» создано.").waitFor();
      const row = page.getByTestId("field-budget");
      expect(await row.locator("td").nth(1).textContent()).toBe("Список (один вариант)");
      expect(await row.locator("td").nth(2).textContent()).toBe("Малый и Крупный");

      // Web forms: a bad origin named by its line, the mapping's rule; the snippet's labels in Russian.
      await page.goto(`${site.url}/admin/forms`);
      await page.getByRole("heading", { name: "Веб-формы" }).waitFor();
      await page.getByLabel("Название", { exact: true }).fill("Лендинг");
      await page.getByLabel("Ответственный за новые контакты").selectOption({ index: 1 });
      expect(await page.getByLabel("Ответственный за новые контакты").locator("option:checked").textContent()).toMatch(/\(Администратор\)$/);
      await page.getByLabel("Соответствие полей").fill("name = middleName");
      await page.getByLabel("Разрешённые сайты").fill("https://shop.example.com\nshop.example.com/path");
      await page.getByTestId("form-save").click();
      await expect.poll(() => page.getByTestId("error-form-origins").textContent()).toBe("Сайт 2: Адрес сайта вида https://shop.example.com (протокол, домен и порт; без пути).");
      expect(await page.getByTestId("error-form-mapping").textContent()).toContain("По строке на поле формы");
      await page.getByLabel("Соответствие полей").fill("name = firstName\nphone = phone");
      await page.getByLabel("Разрешённые сайты").fill("https://shop.example.com");
      await page.getByTestId("form-save").click();
      const snippet = (await page.getByTestId("embed-snippet").textContent()) ?? "";
      expect(snippet).toContain("<label>Имя");
      expect(snippet).toContain("<label>Телефон");
      expect(snippet).toContain('<button type="submit">Отправить</button>');
      expect(await page.getByRole("heading", { name: "Встроить «Лендинг»" }).count()).toBe(1);
      expect(await page.evaluate(() => (window as { __missingTranslations?: string[] }).__missingTranslations ?? [])).toEqual([]);
      expect(logs.filter((line) => line.startsWith("[pageerror]"))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
