import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

const ADMIN = { email: "admin@forms.test", password: "correct horse battery staple" };

/** A customer's site on another origin: serves whatever page the test puts there. */
async function startSite() {
  const pages = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const body = pages.get(new URL(request.url ?? "/", "http://site").pathname);
    response.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    response.end(body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // 127.0.0.1, while the console is on localhost: a different origin, as a real site would be.
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, pages, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("web form embed", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let site: Awaited<ReturnType<typeof startSite>> | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let logs: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `browser-forms-${Date.now()}`, port: 0, admin: ADMIN });
    site = await startSite();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    logs = recordConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await host?.stop();
  });

  it("an admin creates a form in the console; a static page on another origin embeds the snippet; a submission shows up as a contact with its timeline entry", async () => {
    onTestFailed(async () => {
      const path = await screenshot(page, "web-form-embed");
      console.error(`[browser] failed at ${page.url()}; screenshot: ${path}\n${logs.join("\n")}`);
    });
    await signInThroughForm(page, host!.url, ADMIN);

    // Create the form in the console.
    await page.getByRole("link", { name: "Web forms" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/forms");
    await page.getByLabel("Name", { exact: true }).fill("Landing page");
    await page.getByLabel("Responsible manager for new contacts").selectOption({ index: 1 });
    await page.getByLabel("Field mapping").fill("name = firstName\nsurname = lastName\nphone = phone\nemail = email\nmessage = comment");
    await page.getByLabel("Allowed origins").fill(site!.origin);
    await page.getByLabel("Thank-you page").fill(`${site!.origin}/thanks.html`);
    await page.getByTestId("form-save").click();
    const snippet = (await page.getByTestId("embed-snippet").textContent()) ?? "";
    expect(snippet).toContain(`action="${host!.url}/v1/forms/`);
    expect(snippet).toContain('name="website"');
    expect(await page.getByTestId("curl-example").textContent()).toContain("curl -X POST");

    // The customer's site: a static page with the snippet pasted in, and a thank-you page.
    site!.pages.set("/landing.html", `<!doctype html><html><body><h1>Our offer</h1>${snippet}</body></html>`);
    site!.pages.set("/thanks.html", `<!doctype html><html><body><h1>Thanks!</h1></body></html>`);

    const visitor = await context.newPage();
    await visitor.goto(`${site!.origin}/landing.html`);
    await visitor.locator('input[name="name"]').fill("Boris");
    await visitor.locator('input[name="surname"]').fill("Browserov");
    await visitor.locator('input[name="phone"]').fill("8 (916) 765-43-21");
    await visitor.locator('input[name="email"]').fill("boris@example.com");
    await visitor.locator('textarea[name="message"]').fill("Please call me back");
    await visitor.getByRole("button", { name: "Send" }).click();
    // The plain HTML post (no JavaScript) follows the 303 to the site's thank-you page.
    await visitor.waitForURL(`${site!.origin}/thanks.html`);
    await visitor.getByRole("heading", { name: "Thanks!" }).waitFor();
    await visitor.close();

    // Back in the console: the contact is listed, and its card shows the submission.
    await page.getByRole("link", { name: "Contacts", exact: true }).click();
    await page.getByRole("link", { name: "Boris Browserov" }).click();
    await page.getByRole("heading", { name: "Boris Browserov", level: 1 }).waitFor();
    const entry = page.locator('[data-testid="activity"][data-kind="form"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain("Web form «Landing page»");
    const fields = await entry.getByTestId("submission-fields").textContent();
    expect(fields).toContain("message: Please call me back");
    expect(fields).toContain("phone: 8 (916) 765-43-21");
  });
});
