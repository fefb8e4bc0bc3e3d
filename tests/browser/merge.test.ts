import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };

describe("duplicates and merge in the console", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `browser-merge-${Date.now()}`, port: 0, admin: ADMIN });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    logs = recordConsole(page);
    await signInThroughForm(page, host.url, ADMIN);
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

  it("a duplicate create shows the candidate, is created anyway, queued, merged field by field, and undone from the timeline", async () => {
    diagnoseOnFailure("merge-undo");
    // Prepare: an existing contact with a phone, a tag and "do not call".
    const existing = await apiFromPage(page, "POST", "/v1/contacts", { firstName: "Olga", lastName: "Smirnova", phones: [{ number: "+79163334455", type: "mobile" }], tags: ["vip"], doNotCall: true, position: "Buyer" });
    expect(existing.status).toBe(201);
    const existingId = existing.body.contactId as string;

    // Act: the same phone typed in another format on the new-contact form.
    await page.goto(`${host!.url}/contacts/new`);
    await page.getByLabel("First name").fill("Olga");
    await page.getByLabel("Last name").fill("Smirnova-Ivanova");
    await page.getByLabel("Phone 1", { exact: true }).fill("8 916 333-44-55");
    await page.getByRole("button", { name: "Create contact" }).click();

    // Assess: the 409 dialog names the candidate and what matched.
    const dialog = page.getByTestId("duplicates-dialog");
    await dialog.waitFor();
    expect(await page.getByTestId(`candidate-${existingId}`).textContent()).toContain("phone 8 (916) 333-44-55");

    // Act: create anyway; the pair is in the admins' queue.
    await page.getByTestId("create-anyway").click();
    await page.waitForURL(/\/contacts$/);
    await page.goto(`${host!.url}/admin/duplicates`);
    const pairRow = page.locator("[data-testid^='pair-']").first();
    await pairRow.waitFor();
    expect(await pairRow.textContent()).toContain("Olga Smirnova");

    // Act: merge from the queue, keeping the other's last name.
    await pairRow.getByTestId("merge-pair").click();
    await page.getByTestId("merge-fields").waitFor();
    const survivorId = new URL(page.url()).pathname.split("/")[2]!;
    const otherId = new URL(page.url()).searchParams.get("with")!;
    const before = {
      survivor: (await apiFromPage(page, "GET", `/v1/contacts/${survivorId}`)).body,
      other: (await apiFromPage(page, "GET", `/v1/contacts/${otherId}`)).body,
    };
    await page.getByTestId("merge-field-lastName").locator("input[value='other']").check();
    await page.getByTestId("confirm-merge").click();

    // Assess: on the survivor's card, the merged entry; the other is gone; DNC kept.
    await page.waitForURL(new RegExp(`/contacts/${survivorId}$`));
    const mergedEntry = page.locator("[data-kind='merged']");
    await mergedEntry.waitFor();
    const merged = (await apiFromPage(page, "GET", `/v1/contacts/${survivorId}`)).body;
    expect(merged.lastName).toBe(before.other.lastName);
    expect(merged.doNotCall).toBe(true);
    expect(merged.tags).toEqual(["vip"]);
    expect((await apiFromPage(page, "GET", `/v1/contacts/${otherId}`)).status).toBe(404);

    // Act: undo from the timeline.
    await mergedEntry.getByTestId("undo-merge").click();

    // Assess: the card is as before, and both contacts are back exactly.
    await page.locator("[data-kind='merged']").waitFor({ state: "detached" });
    const survivorAfter = (await apiFromPage(page, "GET", `/v1/contacts/${survivorId}`)).body;
    const otherAfter = (await apiFromPage(page, "GET", `/v1/contacts/${otherId}`)).body;
    expect(survivorAfter).toEqual(before.survivor);
    expect(otherAfter).toEqual(before.other);
    await page.getByRole("heading", { name: before.survivor.displayName, level: 1 }).waitFor();
  });

  it("the bell shows an access request, and the owner grants it", async () => {
    diagnoseOnFailure("bell-grant");
    // Prepare: a contact the admin owns, and a sales user who may not see it.
    const sales = await apiFromPage(page, "POST", "/v1/users", { email: "sam@callboard.test", name: "Sam Sales", role: "sales", password: "correct horse battery" });
    expect(sales.status).toBe(201);
    const contact = await apiFromPage(page, "POST", "/v1/contacts", { firstName: "Bell", lastName: "Target", emails: ["bell@example.com"] });
    expect(contact.status).toBe(201);
    // The admin owns it; an access request from Sam is written through the domain as Sam would.
    const { withActor } = await import("../../packages/core/src/actor");
    const { ContactDuplicates } = await import("../../packages/core/src/contacts");
    await withActor({ type: "user", userId: sales.body.userId, role: "sales" }, () => ContactDuplicates.requestAccess(contact.body.contactId, { matched: "bell@example.com" }));

    await page.goto(`${host!.url}/contacts`);
    await page.getByTestId("unread-count").waitFor();
    await page.getByTestId("notifications-bell").click();
    expect(await page.getByTestId("notification").first().textContent()).toContain("Sam Sales asks for access to Bell Target");
    await page.getByTestId("grant-access").click();
    await page.getByTestId("unread-count").waitFor({ state: "detached" });
    const granted = (await apiFromPage(page, "GET", `/v1/contacts/${contact.body.contactId}`)).body;
    expect(granted.ownerIds).toContain(sales.body.userId);
  });
});
