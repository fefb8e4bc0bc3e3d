import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { assertWebBuilt, launchBrowser, recordConsole, screenshot } from "../fixtures/browser";

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };

describe("web console", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let logs: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `browser-${Date.now()}`,
      port: 0,
      admin: ADMIN,
    });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    logs = recordConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  /** On failure: screenshot to /tmp and the browser's console errors into the report. */
  function diagnoseOnFailure(name: string) {
    onTestFailed(async () => {
      const path = await screenshot(page, name);
      console.error(`[browser] ${name} failed at ${page.url()}; screenshot: ${path}\n${logs.join("\n")}`);
    });
  }

  it("sends a visitor to the issuer's login form and back after signing in", async () => {
    diagnoseOnFailure("login");
    await page.goto(host!.url);

    // Not signed in: the console starts the code flow and the issuer shows its own form.
    const email = page.locator('input[name="email"]');
    await email.waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(host!.url).origin);
    expect(page.url()).not.toContain("/contacts");

    await email.fill(ADMIN.email);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.waitForURL((url) => url.pathname === "/contacts");
    await expect.poll(() => page.getByRole("heading", { name: "Contacts" }).isVisible()).toBe(true);
    // The header shows who is signed in (GET /v1/me) and tokens never appear in the URL.
    await expect.poll(() => page.getByTestId("current-user").textContent()).toMatch(/admin/i);
    expect(page.url()).not.toMatch(/code=|access/);
  });

  it("shows the API's field errors next to the inputs they belong to", async () => {
    diagnoseOnFailure("invalid-contact");
    await page.getByRole("link", { name: "New contact" }).click();
    await page.waitForURL((url) => url.pathname === "/contacts/new");

    await page.getByLabel("First name").fill("Anna");
    await page.getByLabel("Phone 1", { exact: true }).fill("abc");
    await page.getByRole("button", { name: "Create contact" }).click();

    const phoneError = page.getByTestId("error-phones[0].number");
    await phoneError.waitFor();
    expect((await phoneError.textContent())?.trim()).not.toBe("");
    // The input points at its message, and the problem's detail is shown at the top.
    const phone = page.getByLabel("Phone 1", { exact: true });
    expect(await phone.getAttribute("aria-invalid")).toBe("true");
    expect(await phone.getAttribute("aria-describedby")).toContain(await phoneError.getAttribute("id"));
    await expect.poll(() => page.getByRole("alert").first().isVisible()).toBe(true);
    expect(page.url()).toContain("/contacts/new");
  });

  it("creates a contact with a phone normalised to E.164 and lists it", async () => {
    diagnoseOnFailure("create-contact");
    await page.getByLabel("First name").fill("Anna");
    await page.getByLabel("Last name").fill("Petrova");
    await page.getByLabel("Phone 1", { exact: true }).fill("8 (916) 123-45-67");
    await expect.poll(() => page.getByTestId("error-phones[0].number").count()).toBe(0);
    await page.getByLabel("Email 1", { exact: true }).fill("anna.petrova@example.com");
    await page.getByRole("button", { name: "Create contact" }).click();

    await page.waitForURL((url) => url.pathname === "/contacts");
    const row = page.getByRole("row").filter({ hasText: "Anna Petrova" });
    await row.waitFor();
    expect(await row.textContent()).toContain("8 (916) 123-45-67");
    expect(await row.textContent()).toContain("anna.petrova@example.com");
  });

  it("opens the contact's card from the list", async () => {
    diagnoseOnFailure("contact-card");
    await page.getByRole("link", { name: "Anna Petrova" }).first().click();
    await page.waitForURL(/\/contacts\/[^/]+$/);
    await page.getByRole("heading", { name: "Anna Petrova", level: 1 }).waitFor();

    expect(await page.getByTestId("contact-phone-0").textContent()).toBe("8 (916) 123-45-67");
    expect(await page.getByTestId("contact-email-0").textContent()).toBe("anna.petrova@example.com");
    expect(await page.getByTestId("contact-firstName").textContent()).toBe("Anna");
    expect(await page.getByTestId("contact-lastName").textContent()).toBe("Petrova");

    // A reload keeps the session (tokens in sessionStorage) and the SPA route.
    await page.reload();
    await page.getByRole("heading", { name: "Anna Petrova", level: 1 }).waitFor();
  });

  it("pages through contacts with Next and Previous", async () => {
    diagnoseOnFailure("paging");
    // Eleven more contacts through the API, with the console's own token: twelve in all.
    const created = await page.evaluate(async () => {
      const { access } = JSON.parse(sessionStorage.getItem("callboard.tokens") ?? "{}") as { access?: string };
      const statuses: number[] = [];
      for (let i = 1; i <= 11; i++) {
        const response = await fetch("/v1/contacts", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${access}` },
          body: JSON.stringify({ firstName: "Paging", lastName: `Person ${String(i).padStart(2, "0")}` }),
        });
        statuses.push(response.status);
      }
      return statuses;
    });
    expect(created).toEqual(Array(11).fill(201));

    await page.getByRole("link", { name: "Contacts", exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === "/contacts");
    await page.getByLabel("Rows per page").selectOption("10");

    const bodyRows = page.locator("table tbody tr");
    await expect.poll(() => bodyRows.count()).toBe(10);
    const firstPage = await page.locator("table tbody").textContent();

    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => bodyRows.count()).toBe(2);
    expect(await page.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);

    await page.getByRole("button", { name: "Previous" }).click();
    await expect.poll(() => bodyRows.count()).toBe(10);
    expect(await page.locator("table tbody").textContent()).toBe(firstPage);
    expect(await page.getByRole("button", { name: "Previous" }).isDisabled()).toBe(true);
  });

  it("signs out and asks to sign in again", async () => {
    diagnoseOnFailure("sign-out");
    // Sign out is in the profile menu (the button naming who is signed in).
    await page.getByTestId("current-user").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You have signed out.").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("callboard.tokens"))).toBeNull();

    await page.goto(`${host!.url}/contacts`);
    await page.locator('input[name="email"]').waitFor();
  });
});
