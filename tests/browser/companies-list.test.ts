import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };

describe("the companies list in the console", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `browser-companies-${Date.now()}`, port: 0, admin: ADMIN });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    logs = recordConsole(page);
    await signInThroughForm(page, host.url, ADMIN);
    for (const [name, tags] of [
      ["Ромашка Trading", ["retail"]],
      ["Alpha Works", ["vip"]],
      ["Échelle Group", ["retail", "vip"]],
      ...Array.from({ length: 11 }, (_, index) => [`Filler ${String(index).padStart(2, "0")}`, []] as [string, string[]]),
    ] as [string, string[]][]) {
      const created = await apiFromPage(page, "POST", "/v1/companies", { name, tags });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const rowNames = async () => (await page.getByTestId("companies").locator("tbody th[scope=row] a").allTextContents()).map((text) => text.trim());

  it("searches, filters by tag, sorts by header and pages", async () => {
    onTestFailed(async () => {
      const path = await screenshot(page, "companies-list");
      console.error(`[browser] companies list failed at ${page.url()}; screenshot: ${path}\n${logs.join("\n")}`);
    });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Companies" }).click();
    await page.waitForURL((url) => url.pathname === "/companies");
    await page.getByRole("heading", { name: "Companies" }).waitFor();
    await expect.poll(rowNames).toHaveLength(14);

    // Search: a Cyrillic word prefix, typed in upper case.
    await page.getByLabel("Search companies").fill("РОМ");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(rowNames).toEqual(["Ромашка Trading"]);
    await page.getByLabel("Search companies").fill("");
    await page.getByRole("button", { name: "Search" }).click();

    // Tag filter, then sort by name both ways.
    await page.getByTestId("filter-tag").selectOption("vip");
    await page.getByTestId("sort-name").click();
    await expect.poll(rowNames).toEqual(["Alpha Works", "Échelle Group"]);
    await page.getByTestId("sort-name").click();
    await expect.poll(rowNames).toEqual(["Échelle Group", "Alpha Works"]);
    await page.getByTestId("filter-tag").selectOption("");

    // Page size 10: two pages by name, no overlap.
    await page.getByTestId("sort-name").click();
    await page.getByLabel("Rows per page").selectOption("10");
    await expect.poll(rowNames).toHaveLength(10);
    const first = await rowNames();
    expect(first[0]).toBe("Alpha Works");
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(rowNames).toHaveLength(4);
    const second = await rowNames();
    expect(second.filter((name) => first.includes(name))).toEqual([]);
    expect(second.at(-1)).toBe("Ромашка Trading");
  });
});
