import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

/**
 * Issue 19, phone-size screens and keyboard: at 390 × 844 no page scrolls sideways (the contacts
 * list, a card, a call list, the operator's pop), the navigation collapses behind a Menu button
 * (aria-expanded, Escape closes and gives focus back), Sign out stays reachable in the profile
 * menu, tables stack into rows; a skip link leads to the main area and "/" focuses the search.
 */

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };
const ALL_DAY = { start: "00:00", end: "23:59" };
const WIDTH = 390;

describe("the console on a phone-size screen, and by keyboard", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];
  let contactId = "";
  let listId = "";

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `browser-layout-${Date.now()}`,
      port: 0,
      admin: ADMIN,
      simulator: { ringSeconds: 0, connectDeadlineMs: 5000 },
      engine: { waitMs: 20 },
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, locale: "en-GB" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    logs = recordConsole(page);
    await signInThroughForm(page, host.url, ADMIN);

    // Long words and many columns are what used to push pages wider than the screen.
    const company = await apiFromPage(page, "POST", "/v1/companies", { name: "Internationalization Consulting Incorporated" });
    expect(company.status).toBe(201);
    const anna = await apiFromPage(page, "POST", "/v1/contacts", {
      firstName: "Anna-Margarethe",
      lastName: "Sokolova-Vasilievskaya",
      position: "Chief procurement and logistics officer",
      companyId: company.body.companyId,
      tags: ["vip", "wholesale-customers-2026"],
      phones: [{ number: "+79165550314", type: "mobile" }],
      emails: ["anna.margarethe.sokolova-vasilievskaya@internationalization-consulting.example"],
    });
    expect(anna.status).toBe(201);
    contactId = anna.body.contactId as string;
    expect((await apiFromPage(page, "POST", `/v1/contacts/${contactId}/comments`, { text: "Asked about the spring prices" })).status).toBe(201);
    const me = await apiFromPage(page, "GET", "/v1/me");
    const made = await apiFromPage(page, "POST", "/v1/call-lists", {
      name: "Spring promotion for wholesale customers",
      operatorIds: [me.body.userId],
      settings: { callWindow: ALL_DAY, wrapUpTimeoutSeconds: 600, script: "Good afternoon, {firstName}!" },
      entries: [{ contactId }],
    });
    expect(made.status).toBe(201);
    listId = made.body.list.listId as string;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const diagnose = (name: string) =>
    onTestFailed(async () => {
      console.error(`[browser] ${name} failed at ${page.url()}; screenshot: ${await screenshot(page, `console-layout-${name}`)}\n${logs.join("\n")}`);
    });

  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

  it("shows the contacts list without sideways scrolling, its table as stacked rows", async () => {
    diagnose("contacts");
    await page.goto(`${host!.url}/contacts`);
    await page.getByText("Sokolova-Vasilievskaya").first().waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(WIDTH);
    // A stacked row: its cells are blocks one under the other, each named by its column.
    const row = page.locator("table.table tbody tr").first();
    expect(await row.evaluate((element) => getComputedStyle(element).display)).toBe("block");
    const labels = await row.locator("[data-label]").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-label")));
    expect(labels.length).toBeGreaterThan(0);
  });

  it("collapses the navigation behind a Menu button that Escape closes", async () => {
    diagnose("menu");
    const toggle = page.getByTestId("nav-toggle");
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await toggle.isVisible()).toBe(true);
    expect(await nav.isVisible()).toBe(false);
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");

    await toggle.click();
    await nav.waitFor();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    expect(await toggle.getAttribute("aria-controls")).toBe(await nav.getAttribute("id"));
    // Focus moves into the menu; Escape closes it and gives focus back to the button.
    expect(await page.evaluate(() => document.activeElement?.closest("nav") !== null)).toBe(true);
    await page.keyboard.press("Escape");
    await nav.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("nav-toggle");

    // A link in the menu goes there and closes the menu.
    await toggle.click();
    await nav.getByRole("link", { name: "Companies" }).click();
    await page.waitForURL((url) => url.pathname === "/companies");
    await nav.waitFor({ state: "hidden" });
    expect(await pageWidth()).toBeLessThanOrEqual(WIDTH);
  });

  it("keeps Sign out reachable on the screen, in the profile menu", async () => {
    diagnose("profile");
    await page.getByTestId("current-user").click();
    const signOut = page.getByRole("button", { name: "Sign out" });
    await signOut.waitFor();
    const box = (await signOut.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
    expect(await page.getByTestId("language-picker").isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await page.getByTestId("profile-menu").waitFor({ state: "detached" });
    expect(await page.getByTestId("current-user").getAttribute("aria-expanded")).toBe("false");
  });

  it("leads the keyboard to the main area with a skip link, and '/' to the search field", async () => {
    diagnose("keyboard");
    await page.goto(`${host!.url}/contacts`);
    await page.getByText("Sokolova-Vasilievskaya").first().waitFor();
    // The first Tab shows the skip link; it moves focus to <main> without leaving the page.
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    const box = (await skip.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(await skip.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe("none");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(new URL(page.url()).pathname).toBe("/contacts");

    // Every control Tab reaches shows where the focus is (an outline of 2 px or more).
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return undefined;
        const style = getComputedStyle(element);
        return { what: `${element.tagName} ${element.textContent?.trim().slice(0, 30) ?? ""}`, outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth) };
      });
      if (!focus) continue;
      expect(focus.outline, focus.what).toBeGreaterThanOrEqual(2);
    }
    await page.locator("#main").focus();

    // "/" focuses the search; typed inside a field it is just a character.
    await page.keyboard.press("/");
    const search = page.locator('#main input[type="search"]');
    expect(await search.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await search.inputValue()).toBe("");
    await page.keyboard.type("a/b");
    expect(await search.inputValue()).toBe("a/b");
  });

  it("shows a contact's card and a call list without sideways scrolling", async () => {
    diagnose("card-and-list");
    await page.goto(`${host!.url}/contacts/${contactId}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByText("Asked about the spring prices").waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(WIDTH);

    await page.goto(`${host!.url}/call-lists/${listId}`);
    await page.getByRole("heading", { level: 1, name: "Spring promotion for wholesale customers" }).waitFor();
    await page.locator("table tbody tr").first().waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(WIDTH);

    await page.goto(`${host!.url}/call-lists`);
    await page.getByRole("link", { name: "Spring promotion for wholesale customers" }).waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(WIDTH);
  });

  it("shows the operator's pop without sideways scrolling", async () => {
    diagnose("pop");
    await page.goto(`${host!.url}/contacts`);
    await page.getByTestId("presence-ready").click();
    await page.locator('[data-testid="operator-bar"][data-state="ready"]').waitFor();
    expect((await apiFromPage(page, "POST", `/v1/call-lists/${listId}/start`)).status).toBe(200);
    await page.locator('[data-testid="operator-pop"]:not([data-pending])').waitFor({ timeout: 30_000 });
    await page.getByTestId("pop-contact-name").waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(WIDTH);
    // Everything the operator acts on is on the screen.
    for (const button of await page.locator('[data-testid="operator-pop"] button').all()) {
      if (!(await button.isVisible())) continue;
      const box = (await button.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
    }
  }, 60_000);
});
