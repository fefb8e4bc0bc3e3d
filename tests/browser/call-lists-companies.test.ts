import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };
const OPERATOR = { email: "oleg.operator@callboard.test", password: "operator password 2", name: "Oleg Operator" };
/** The company's switchboard (answers) and a contact of the company (never dialed here). */
const SWITCHBOARD = "+74957001122";
const STAFF = "+79167001122";
const ALL_DAY = { start: "00:00", end: "23:59" };

describe("a call list from a company's own phone, in the console", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let admin: Page;
  let operator: Page;
  const logs: Record<"admin" | "operator", string[]> = { admin: [], operator: [] };
  let operatorId: string;
  let companyId: string;

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `browser-company-lists-${Date.now()}`,
      port: 0,
      admin: ADMIN,
      simulator: { rules: { numbers: { [SWITCHBOARD]: "answered", [STAFF]: "answered" } }, ringSeconds: 0 },
      engine: { waitMs: 20 },
    });
    browser = await launchBrowser();
    const open = async (who: "admin" | "operator") => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      logs[who] = recordConsole(page);
      return page;
    };
    admin = await open("admin");
    await signInThroughForm(admin, host.url, ADMIN);
    const created = await apiFromPage(admin, "POST", "/v1/users", { ...OPERATOR, role: "operator" });
    expect(created.status).toBe(201);
    operatorId = created.body.userId;
    const company = await apiFromPage(admin, "POST", "/v1/companies", { name: "Romashka LLC", phones: [{ number: SWITCHBOARD, type: "work" }] });
    expect(company.status).toBe(201);
    companyId = company.body.companyId;
    const staff = await apiFromPage(admin, "POST", "/v1/contacts", { firstName: "Irina", lastName: "Staff", companyId, phones: [{ number: STAFF, type: "mobile" }] });
    expect(staff.status).toBe(201);
    operator = await open("operator");
    await signInThroughForm(operator, host.url, OPERATOR);
    // A list dials only for a ready operator (issue 16): Oleg presses Ready in the operator bar.
    await operator.getByTestId("presence-ready").click();
    await operator.locator('[data-testid="operator-bar"][data-state="ready"]').waitFor({ timeout: 10_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it("chooses the company's own phone on the company page, creates the list, pops the company for the operator, and notes the call on the company", async () => {
    onTestFailed(async () => {
      for (const [who, page] of [["admin", admin], ["operator", operator]] as const) {
        const path = await screenshot(page, `company-list-${who}`);
        console.error(`[browser] company list failed; ${who} at ${page.url()}; screenshot: ${path}\n${logs[who].join("\n")}`);
      }
    });

    // Act: on the company page, choose "the company's own phone" and add it to a new list.
    await admin.goto(`${host!.url}/companies/${companyId}`);
    await admin.getByRole("heading", { name: "Romashka LLC" }).waitFor();
    expect(await admin.getByTestId("company-timeline").textContent()).toBe("");
    await admin.getByTestId("company-dial-companyPhone").check();
    await admin.getByTestId("company-add-to-call-list").click();
    await admin.waitForURL((url) => url.pathname === "/call-lists/new");

    // The new-list page carries the choice, and lets the user change it (here: keep the own phone).
    const dial = admin.getByTestId(`company-dial-${companyId}`);
    expect(await dial.inputValue()).toBe("companyPhone");
    await dial.selectOption("contacts");
    await dial.selectOption("companyPhone");
    await admin.getByLabel("Name").fill("Switchboards");
    await admin.getByTestId(`operator-${operatorId}`).check();
    await admin.getByLabel("Call window from").fill(ALL_DAY.start);
    await admin.getByLabel("Call window to").fill(ALL_DAY.end);
    await admin.getByRole("button", { name: "Create call list" }).click();

    // Assess: one entry, the company by its own phone (not its contact).
    await admin.waitForURL(/\/call-lists\/[0-9A-Z]{26}$/);
    await expect.poll(() => admin.getByTestId("list-progress").textContent()).toBe("0 / 1");
    const listId = new URL(admin.url()).pathname.split("/").pop()!;
    const entries = (await apiFromPage(admin, "GET", `/v1/call-lists/${listId}/entries`)).body.items;
    expect(entries).toEqual([expect.objectContaining({ entryId: companyId, subjectKind: "company", phone: SWITCHBOARD, contactName: "Romashka LLC" })]);
    const row = admin.getByTestId(`entry-${companyId}`);
    expect(await row.textContent()).toContain("company phone");

    // Act: start; the switchboard answers; the operator's console pops the company.
    await admin.getByTestId("list-start").click();
    const pop = operator.getByTestId("operator-pop");
    await pop.waitFor({ state: "visible", timeout: 10_000 });
    // The ring carries the name and number at once; the full card (with its kind) follows.
    await expect.poll(() => pop.getAttribute("data-subject-kind"), { timeout: 10_000 }).toBe("company");
    expect(await operator.getByTestId("pop-contact-name").textContent()).toBe("Romashka LLC");
    // The pop reads numbers out formatted, national for the organization's country (issues 18, 19).
    expect(await operator.getByTestId("pop-company").textContent()).toContain("8 (495) 700-11-22");
    expect(await operator.getByTestId("pop-company").locator(`[data-number="${SWITCHBOARD}"]`).count()).toBe(1);
    await operator.getByLabel("Note (optional)").fill("Spoke to reception");
    await operator.getByTestId("disposition-interested").click();
    await pop.waitFor({ state: "detached" });

    // Assess: the list is done, the contact was never dialed, and the company page shows the call.
    await expect.poll(async () => (await apiFromPage(admin, "GET", `/v1/call-lists/${listId}`)).body.status, { timeout: 5000 }).toBe("done");
    expect(host!.simulator!.calls.filter((call) => call.to === STAFF)).toHaveLength(0);
    await admin.goto(`${host!.url}/companies/${companyId}`);
    const timeline = admin.getByTestId("company-timeline");
    await expect.poll(() => timeline.locator('[data-testid="company-activity"]').count()).toBe(2);
    const text = await timeline.textContent();
    expect(text).toContain("Call answered (call list «Switchboards», attempt 1 of 3)");
    expect(text).toContain("Interested (call list «Switchboards»). Spoke to reception");
  });
});
