import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

const ADMIN = { email: "finder@callboard.test", password: "correct horse battery staple" };

/** The contacts list in Chromium against the real local host: search, filters, sort, columns, views. */
describe("finding contacts in the console", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `browser-search-${Date.now()}`, port: 0, admin: ADMIN });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    logs = recordConsole(page);
    await signInThroughForm(page, host.url, ADMIN);
    // Contacts made through the API with the console's own token.
    const statuses = await page.evaluate(async () => {
      const { access } = JSON.parse(sessionStorage.getItem("callboard.tokens") ?? "{}") as { access?: string };
      const bodies = [
        { firstName: "Anna", lastName: "Petrova", phones: [{ number: "+79161234567", type: "mobile" }], tags: ["vip"] },
        { firstName: "Boris", lastName: "Volkov", tags: ["vip"] },
        { firstName: "Clara", lastName: "Zhukova", tags: ["vip"] },
        ...Array.from({ length: 10 }, (_, index) => ({ firstName: "Other", lastName: `Person ${String(index).padStart(2, "0")}` })),
      ];
      const out: number[] = [];
      for (const body of bodies) {
        const response = await fetch("/v1/contacts", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${access}` }, body: JSON.stringify(body) });
        out.push(response.status);
      }
      return out;
    });
    expect(statuses.every((status) => status === 201)).toBe(true);
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  function diagnoseOnFailure(name: string) {
    onTestFailed(async () => {
      const path = await screenshot(page, name);
      console.error(`[browser] ${name} failed at ${page.url()}; screenshot: ${path}\n${logs.join("\n")}`);
    });
  }
  const bodyRows = () => page.locator("table tbody tr");
  const names = async () => (await page.locator("table tbody tr th").allTextContents()).map((text) => text.trim());

  it("searches by a phone typed in another format", async () => {
    diagnoseOnFailure("search-phone");
    await expect.poll(() => bodyRows().count()).toBe(13);
    await page.getByLabel("Search contacts").fill("8 (916) 123-45-67");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(names).toEqual(["Anna Petrova"]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("8 (916) 123-45-67");
    await page.getByLabel("Search contacts").fill("");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => bodyRows().count()).toBe(13);
  });

  it("filters by tag and sorts by name both ways, keeping the state in the URL", async () => {
    diagnoseOnFailure("filter-sort");
    await page.locator("summary", { hasText: "Filters" }).click();
    await page.getByLabel("Tag", { exact: true }).selectOption("vip");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(async () => (await names()).sort()).toEqual(["Anna Petrova", "Boris Volkov", "Clara Zhukova"]);
    await page.getByRole("button", { name: /^Name/ }).click();
    await expect.poll(names).toEqual(["Anna Petrova", "Boris Volkov", "Clara Zhukova"]);
    await page.getByRole("button", { name: /^Name/ }).click();
    await expect.poll(names).toEqual(["Clara Zhukova", "Boris Volkov", "Anna Petrova"]);
    const url = new URL(page.url());
    expect(url.searchParams.get("tag")).toBe("vip");
    expect(url.searchParams.get("sort")).toBe("name");
    expect(url.searchParams.get("order")).toBe("desc");
    // The URL alone restores the list.
    await page.goto(url.toString());
    await expect.poll(names).toEqual(["Clara Zhukova", "Boris Volkov", "Anna Petrova"]);
  });

  it("saves a view, and picks it again later", async () => {
    diagnoseOnFailure("save-view");
    await page.getByLabel("View name").fill("VIP by name");
    await page.getByRole("button", { name: "Save view" }).click();
    await expect.poll(() => page.getByRole("combobox", { name: "Saved view" }).locator("option").allTextContents()).toContain("VIP by name");
    await page.goto(`${host!.url}/contacts`);
    await expect.poll(() => bodyRows().count()).toBe(13);
    await expect.poll(() => page.getByRole("combobox", { name: "Saved view" }).locator("option").allTextContents()).toContain("VIP by name");
    await page.getByRole("combobox", { name: "Saved view" }).selectOption({ label: "VIP by name" });
    await expect.poll(names).toEqual(["Clara Zhukova", "Boris Volkov", "Anna Petrova"]);
    expect(new URL(page.url()).searchParams.get("tag")).toBe("vip");
    await page.getByRole("button", { name: "Delete view" }).click();
    await expect.poll(() => page.getByRole("combobox", { name: "Saved view" }).locator("option").allTextContents()).not.toContain("VIP by name");
  });

  it("changes the page size and picks columns", async () => {
    diagnoseOnFailure("page-size-columns");
    await page.goto(`${host!.url}/contacts`);
    await expect.poll(() => bodyRows().count()).toBe(13);
    await page.getByLabel("Rows per page").selectOption("10");
    await expect.poll(() => bodyRows().count()).toBe(10);
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => bodyRows().count()).toBe(3);
    expect(new URL(page.url()).searchParams.get("limit")).toBe("10");

    expect(await page.getByRole("columnheader", { name: "Tags" }).count()).toBe(0);
    await page.getByText("Columns", { exact: true }).click();
    await page.getByRole("checkbox", { name: "Tags" }).check();
    await page.getByRole("checkbox", { name: "Primary email" }).uncheck();
    await expect.poll(() => page.getByRole("columnheader", { name: "Tags" }).count()).toBe(1);
    expect(await page.getByRole("columnheader", { name: "Primary email" }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("cols")).toBe("name,phone,tags,created");
  });

  it("sorts by surname beside the display name, a contact without one last", async () => {
    diagnoseOnFailure("sort-surname");
    const statuses = await page.evaluate(async () => {
      const { access } = JSON.parse(sessionStorage.getItem("callboard.tokens") ?? "{}") as { access?: string };
      const bodies = [
        { firstName: "Boris", lastName: "Yakovlev", tags: ["surnames"] },
        { firstName: "Yana", lastName: "Antonova", tags: ["surnames"] },
        { firstName: "Mila", tags: ["surnames"] },
      ];
      const out: number[] = [];
      for (const body of bodies) out.push((await fetch("/v1/contacts", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${access}` }, body: JSON.stringify(body) })).status);
      return out;
    });
    expect(statuses).toEqual([201, 201, 201]);
    await page.goto(`${host!.url}/contacts?tag=surnames&sort=name`);
    await expect.poll(names).toEqual(["Boris Yakovlev", "Mila", "Yana Antonova"]);
    await page.getByTestId("contacts-sort").selectOption("surname");
    await expect.poll(names).toEqual(["Yana Antonova", "Boris Yakovlev", "Mila"]);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("surname");
  });
});
