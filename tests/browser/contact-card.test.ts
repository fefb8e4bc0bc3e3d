import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };

describe("contact card in the console", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];
  let contactId: string;

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `browser-card-${Date.now()}`,
      port: 0,
      admin: ADMIN,
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    logs = recordConsole(page);
    await signInThroughForm(page, host.url, ADMIN);

    const created = await apiFromPage(page, "POST", "/v1/contacts", {
      firstName: "Irina",
      lastName: "Volkova",
      phones: [{ number: "+79161112233", type: "work" }],
      emails: ["irina.volkova@example.com"],
    });
    expect(created.status).toBe(201);
    contactId = created.body.contactId;
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

  const stored = async () => (await apiFromPage(page, "GET", `/v1/contacts/${contactId}`)).body;

  it("lays the card out around its timeline: filled sections first, empty ones folded, no internal ID in the header", async () => {
    diagnoseOnFailure("card-layout");
    const sparse = await apiFromPage(page, "POST", "/v1/contacts", { firstName: "Olga", phones: [{ number: "+79160001234", type: "mobile" }] });
    expect(sparse.status).toBe(201);
    const sparseId: string = sparse.body.contactId;
    await page.goto(`${host!.url}/contacts/${sparseId}`);
    await page.getByRole("heading", { name: "Olga", level: 1 }).waitFor();

    // Filled in: the name and the phone, shown as sections; the empty last name is not listed.
    await page.getByTestId("section-phones").waitFor();
    expect(await page.getByTestId("contact-firstName").textContent()).toBe("Olga");
    expect(await page.getByTestId("contact-lastName").count()).toBe(0);
    // Empty: folded into the one Add strip, each a button that opens its editor.
    expect(await page.getByTestId("section-emails").count()).toBe(0);
    expect(await page.getByTestId("section-tags").count()).toBe(0);
    expect(await page.getByTestId("edit-emails").textContent()).toBe("+ Emails");
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="section-name"], [data-testid="section-phones"], [data-testid="card-add"], [data-testid="edit-emails"]')].map((node) => node.getAttribute("data-testid")),
    );
    expect(order).toEqual(["section-name", "section-phones", "card-add", "edit-emails"]);
    // The timeline sits beside the fields, not below them.
    const fields = await page.getByTestId("section-name").boundingBox();
    const timeline = await page.getByTestId("timeline").boundingBox();
    expect(timeline!.x).toBeGreaterThan(fields!.x + fields!.width - 1);
    expect(timeline!.y).toBeLessThan(fields!.y + fields!.height);

    // The internal ID is neither in the header nor on show; it is in the folded Record details.
    expect(await page.getByTestId("card-header").textContent()).not.toContain(sparseId);
    expect(await page.getByText(sparseId).isVisible()).toBe(false);
    await page.getByText("Record", { exact: true }).click();
    expect(await page.getByTestId("contact-id").isVisible()).toBe(true);

    // Adding an email from the Add strip opens the editor; once saved, Emails is a section.
    await page.getByTestId("edit-emails").click();
    await page.getByLabel("Email 1", { exact: true }).fill("olga@example.com");
    await page.getByTestId("save-emails").click();
    await expect.poll(() => page.getByTestId("contact-email-0").textContent()).toBe("olga@example.com");
    expect(await page.getByTestId("section-emails").count()).toBe(1);
  });

  it("edits a contact in place: an inline error for a bad value, then a good save", async () => {
    diagnoseOnFailure("edit-contact");
    await page.goto(`${host!.url}/contacts/${contactId}`);
    await page.getByRole("heading", { name: "Irina Volkova", level: 1 }).waitFor();

    // Act: a placeholder for a last name.
    await page.getByTestId("edit-name").click();
    await page.getByLabel("Last name").fill("-");
    await page.getByTestId("save-name").click();

    // Assess: the message sits under the input, which is marked invalid; nothing was saved.
    const error = page.getByTestId("error-lastName");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/placeholder/i);
    expect(await page.getByLabel("Last name").getAttribute("aria-invalid")).toBe("true");
    expect((await stored()).version).toBe(1);

    // Act: a real value.
    await page.getByLabel("Last name").fill("Volkova-Smirnova");
    await page.getByLabel("Middle name").fill("Sergeevna");
    await page.getByTestId("save-name").click();

    // Assess: shown in place, stored, and on the timeline as a change.
    await page.getByRole("heading", { name: "Irina Volkova-Smirnova", level: 1 }).waitFor();
    expect(await page.getByTestId("contact-lastName").textContent()).toBe("Volkova-Smirnova");
    expect(await page.getByTestId("contact-middleName").textContent()).toBe("Sergeevna");
    const afterName = await stored();
    expect(afterName).toMatchObject({ version: 2, lastName: "Volkova-Smirnova", middleName: "Sergeevna" });
    const newest = page.getByTestId("activity").first();
    await expect.poll(() => newest.getAttribute("data-kind")).toBe("updated");
    expect(await newest.textContent()).toContain("last name: Volkova → Volkova-Smirnova");

    // Phones: a bad second number is named by its row; then a good one becomes primary.
    await page.getByTestId("edit-phones").click();
    await page.getByRole("button", { name: "+ Add phone" }).click();
    await page.getByLabel("Phone 2", { exact: true }).fill("abc");
    await page.getByTestId("save-phones").click();
    await page.getByTestId("error-phones[1].number").waitFor();
    await page.getByLabel("Phone 2", { exact: true }).fill("8 (916) 765-43-21");
    await page.getByTestId("section-phones").getByRole("radio").nth(1).check();
    await page.getByTestId("save-phones").click();
    await expect.poll(() => page.getByTestId("contact-phone-1").textContent()).toBe("8 (916) 765-43-21");
    expect(await page.getByTestId("section-phones").textContent()).toContain("Mobile · primary");
    const phones = (await stored()).phones;
    expect(phones).toEqual([
      { number: "+79161112233", type: "work", primary: false },
      { number: "+79167654321", type: "mobile", primary: true },
    ]);

    // Tags and a flag.
    await page.getByTestId("edit-tags").click();
    await page.getByLabel("Add a tag").fill("VIP client");
    await page.getByLabel("Add a tag").press("Enter");
    await page.getByTestId("save-tags").click();
    await expect.poll(() => page.getByTestId("contact-tags").textContent()).toBe("VIP client");
    await page.getByTestId("edit-details").click();
    await page.getByLabel("Do not call").check();
    await page.getByLabel("Birthday").fill("1990-04-12");
    await page.getByTestId("save-details").click();
    await expect.poll(() => page.getByTestId("contact-doNotCall").textContent()).toBe("Yes");
    expect(await stored()).toMatchObject({ tags: ["VIP client"], doNotCall: true, birthday: "1990-04-12" });
  });

  it("adds a comment that appears at the top of the timeline", async () => {
    diagnoseOnFailure("comment");
    // An empty comment is refused next to the box.
    await page.getByTestId("add-comment").click();
    await page.getByTestId("error-text").waitFor();

    await page.getByLabel("Comment", { exact: true }).fill("Asked for the price list; call back on Monday.");
    await page.getByTestId("add-comment").click();

    const newest = page.getByTestId("activity").first();
    await expect.poll(() => newest.getAttribute("data-kind")).toBe("comment");
    expect(await newest.textContent()).toContain("Asked for the price list; call back on Monday.");
    expect(await page.getByLabel("Comment", { exact: true }).inputValue()).toBe("");

    // Stored: after a reload it is still the newest activity.
    await page.reload();
    await page.getByTestId("timeline").waitFor();
    expect(await page.getByTestId("activity").first().textContent()).toContain("Asked for the price list");
    const timeline = (await apiFromPage(page, "GET", `/v1/contacts/${contactId}/timeline`)).body;
    expect(timeline.items[0]).toMatchObject({ kind: "comment", text: "Asked for the price list; call back on Monday." });
  });

  it("defines a custom field (admin) and fills it on a contact", async () => {
    diagnoseOnFailure("custom-field");
    await page.getByRole("link", { name: "Custom fields" }).click();
    await page.getByRole("heading", { name: "Custom fields", level: 1 }).waitFor();

    // A bad key is refused next to its input.
    await page.getByLabel("Label").fill("Budget, RUB");
    await page.getByLabel("Key").fill("Budget RUB");
    await page.getByLabel("Type").selectOption("number");
    await page.getByRole("button", { name: "Define field" }).click();
    await expect.poll(() => page.getByTestId("error-key").textContent()).toMatch(/lower-case/i);

    await page.getByLabel("Key").fill("budget_rub");
    await page.getByRole("button", { name: "Define field" }).click();
    await page.getByTestId("field-budget_rub").waitFor();
    expect(await page.getByTestId("field-budget_rub").textContent()).toMatch(/number/i);

    // Fill it on the contact.
    await page.goto(`${host!.url}/contacts/${contactId}`);
    await page.getByTestId("edit-custom").click();
    await page.getByLabel("Budget, RUB").fill("1500000");
    await page.getByTestId("save-custom").click();
    await expect.poll(() => page.getByTestId("contact-custom.budget_rub").textContent()).toBe("1,500,000");
    expect((await stored()).custom).toEqual({ budget_rub: 1_500_000 });
  });

  it("deletes a contact (admin) and restores it from the Trash page", async () => {
    diagnoseOnFailure("trash");
    await page.getByTestId("delete-contact").click();
    await page.getByTestId("confirm-delete").click();

    await page.waitForURL((url) => url.pathname === "/contacts");
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("moved to the trash");
    expect(await page.getByRole("link", { name: "Irina Volkova-Smirnova" }).count()).toBe(0);
    expect((await apiFromPage(page, "GET", `/v1/contacts/${contactId}`)).status).toBe(404);

    await page.getByRole("link", { name: "Trash" }).click();
    const row = page.getByTestId(`trash-${contactId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain("Irina Volkova-Smirnova");
    await page.getByTestId(`restore-${contactId}`).click();
    await row.waitFor({ state: "detached" });
    await page.getByRole("link", { name: "Open card" }).click();

    // Back with everything: fields, phones, and the timeline (with the deletion and the restore on it).
    await page.getByRole("heading", { name: "Irina Volkova-Smirnova", level: 1 }).waitFor();
    expect(await page.getByTestId("contact-phone-1").textContent()).toBe("8 (916) 765-43-21");
    const kinds = await page.getByTestId("activity").evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
    expect(kinds.slice(0, 2)).toEqual(["restored", "deleted"]);
    expect(kinds).toContain("comment");
    expect((await apiFromPage(page, "GET", `/v1/contacts/${contactId}`)).status).toBe(200);
  });
});
