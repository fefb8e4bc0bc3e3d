import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

const ADMIN = { email: "admin@callboard.test", password: "correct horse battery staple" };
const OPERATOR = { email: "olga.operator@callboard.test", password: "operator password 1", name: "Olga Operator" };

/** What the simulated phone line does with each test number. */
const NUMBERS = {
  annaAnswers: "+79161234567",
  borisAnswers: "+79161234568",
  viktorBusy: "+79162000001",
  galinaBusy: "+79162000002",
};
/** Called only by the deactivated-operators test (its own contacts). */
const NIGHT_SHIFT = { dmitry: "+79163000001", elena: "+79163000002" };
/** The engine dials 09:00–21:00 in the contact's zone by default; the tests run at any hour. */
const ALL_DAY = { start: "00:00", end: "23:59" };

describe("call lists in the console", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let admin: Page;
  let operator: Page;
  const logs: Record<"admin" | "operator", string[]> = { admin: [], operator: [] };
  let operatorId: string;
  const contactIds: Record<keyof typeof NUMBERS, string> = { annaAnswers: "", borisAnswers: "", viktorBusy: "", galinaBusy: "" };

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `browser-lists-${Date.now()}`,
      port: 0,
      admin: ADMIN,
      simulator: {
        rules: {
          numbers: {
            [NUMBERS.annaAnswers]: "answered",
            [NUMBERS.borisAnswers]: "answered",
            [NUMBERS.viktorBusy]: "busy",
            [NUMBERS.galinaBusy]: "busy",
            [NIGHT_SHIFT.dmitry]: "answered",
            [NIGHT_SHIFT.elena]: "answered",
          },
        },
        ringSeconds: 0,
      },
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

    // Prepare: an operator account and four contacts, through the API as the admin.
    const created = await apiFromPage(admin, "POST", "/v1/users", { ...OPERATOR, role: "operator" });
    expect(created.status).toBe(201);
    operatorId = created.body.userId;
    const people: Record<keyof typeof NUMBERS, [string, string]> = {
      annaAnswers: ["Anna", "Sokolova"],
      borisAnswers: ["Boris", "Orlov"],
      viktorBusy: ["Viktor", "Belov"],
      galinaBusy: ["Galina", "Zueva"],
    };
    for (const key of Object.keys(NUMBERS) as (keyof typeof NUMBERS)[]) {
      const [firstName, lastName] = people[key];
      const contact = await apiFromPage(admin, "POST", "/v1/contacts", { firstName, lastName, phones: [{ number: NUMBERS[key], type: "mobile" }] });
      expect(contact.status).toBe(201);
      contactIds[key] = contact.body.contactId;
    }

    operator = await open("operator");
    await signInThroughForm(operator, host.url, OPERATOR);
    // A list dials only for a ready operator (issue 16): the operator says so; the open console heartbeats.
    expect((await apiFromPage(operator, "PUT", "/v1/operator/presence", { state: "ready" })).status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  function diagnoseOnFailure(name: string) {
    onTestFailed(async () => {
      for (const [who, page] of [["admin", admin], ["operator", operator]] as const) {
        const path = await screenshot(page, `${name}-${who}`);
        console.error(`[browser] ${name} failed; ${who} at ${page.url()}; screenshot: ${path}\n${logs[who].join("\n")}`);
      }
    });
  }

  it("pops the answered contact's card on the operator's console within 2 s, and a disposition advances the list", async () => {
    diagnoseOnFailure("operator-pop");
    // Prepare: a list of two answering contacts for the operator (made by the admin through the API).
    const made = await apiFromPage(admin, "POST", "/v1/call-lists", {
      name: "Spring promo",
      operatorIds: [operatorId],
      settings: { callWindow: ALL_DAY },
      entries: [{ contactId: contactIds.annaAnswers }, { contactId: contactIds.borisAnswers }],
    });
    expect(made.status).toBe(201);
    const listId: string = made.body.list.listId;
    // The operator is somewhere else in the console: the pop comes to whatever page is open.
    await operator.goto(`${host!.url}/contacts`);
    await operator.getByRole("heading", { name: "Contacts", level: 1 }).waitFor();

    // The page notes the moment the pop enters the DOM (Playwright's own polling would add up to 0.5 s).
    await operator.evaluate(() => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid="operator-pop"]')) {
          (window as unknown as { popAt: number }).popAt = Date.now();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });

    // Act: the admin starts the list.
    const started = await apiFromPage(admin, "POST", `/v1/call-lists/${listId}/start`);
    expect(started.status).toBe(200);

    // Assess: Anna's card pops within 2 s of the simulator's answer event.
    const pop = operator.getByTestId("operator-pop");
    await pop.waitFor({ state: "visible" });
    const poppedAt = await operator.evaluate(() => (window as unknown as { popAt: number }).popAt);
    const annaCall = host!.simulator!.calls.find((call) => call.to === NUMBERS.annaAnswers && call.outcome === "answered");
    expect(annaCall?.endedAt).toBeDefined();
    const latencyMs = poppedAt - Date.parse(annaCall!.endedAt!);
    console.info(`[browser] card pop ${latencyMs} ms after the answer event`);
    expect(latencyMs).toBeLessThan(2000);
    expect(await operator.getByTestId("pop-contact-name").textContent()).toBe("Anna Sokolova");
    expect(await operator.getByTestId("pop-list-name").textContent()).toContain("Spring promo");
    expect(await operator.getByTestId("pop-progress").textContent()).toBe("0 / 2 done");
    // The number as people read it, national for the organization's country (issue 19).
    expect(await pop.textContent()).toContain("8 (916) 123-45-67");

    // Act: "Interested" ends the wrap-up; the engine dials Boris, whose card pops next.
    await operator.getByTestId("disposition-interested").click();
    await expect.poll(() => operator.getByTestId("pop-contact-name").textContent(), { timeout: 5000 }).toBe("Boris Orlov");
    expect(await operator.getByTestId("pop-progress").textContent()).toBe("1 / 2 done");

    // A call-back time in the past is refused next to its input; a future one is accepted.
    await operator.getByLabel("Call back at").fill("2020-01-01T10:00");
    await operator.getByTestId("disposition-call-back").click();
    await expect.poll(() => operator.getByTestId("error-callbackAt").textContent()).toMatch(/future/i);
    await operator.getByTestId("disposition-not-interested").click();
    await pop.waitFor({ state: "detached" });

    // Assess: the list is done, with both dispositions recorded (API), and its page says so.
    await expect.poll(async () => (await apiFromPage(admin, "GET", `/v1/call-lists/${listId}`)).body.status, { timeout: 5000 }).toBe("done");
    const list = (await apiFromPage(admin, "GET", `/v1/call-lists/${listId}`)).body;
    expect(list.stats).toMatchObject({ total: 2, done: 2, answered: 2 });
    expect(list.stats.perOperator).toEqual([{ operatorId, answered: 2, wrappedUp: 2 }]);
    const entries = (await apiFromPage(admin, "GET", `/v1/call-lists/${listId}/entries`)).body.items;
    const dispositionOf = (contactId: string) => entries.find((entry: { contactId: string }) => entry.contactId === contactId)?.disposition;
    expect(dispositionOf(contactIds.annaAnswers)).toBe("interested");
    expect(dispositionOf(contactIds.borisAnswers)).toBe("not-interested");

    await operator.getByRole("link", { name: "Call lists", exact: true }).click();
    await operator.getByRole("link", { name: "Spring promo" }).click();
    await expect.poll(() => operator.getByTestId("list-progress").textContent()).toBe("2 / 2");
    expect(await operator.getByTestId("list-status").textContent()).toBe("Done");
    expect(await operator.getByTestId("outcome-answered").textContent()).toBe("2");
    // An operator works lists but does not run them.
    expect(await operator.getByTestId("list-start").count()).toBe(0);
  });

  it("creates a call list from contacts selected on the contacts page, starts it and shows its progress", async () => {
    diagnoseOnFailure("create-list");
    await admin.goto(`${host!.url}/contacts`);
    await admin.getByRole("heading", { name: "Contacts" }).waitFor();

    // Act: tick two contacts and add them to a new list.
    await admin.getByTestId(`select-${contactIds.viktorBusy}`).check();
    await admin.getByTestId(`select-${contactIds.galinaBusy}`).check();
    expect(await admin.getByTestId("selection-count").textContent()).toBe("2 selected");
    await admin.getByTestId("add-to-call-list").click();
    await admin.waitForURL((url) => url.pathname === "/call-lists/new");
    expect(await admin.getByTestId("new-list-contacts").textContent()).toContain("Viktor Belov");

    // The defaults are shown.
    expect(await admin.getByLabel("Ring timeout (seconds)").inputValue()).toBe("30");
    expect(await admin.getByLabel("Max attempts").inputValue()).toBe("3");
    expect(await admin.getByLabel("Retry after busy (minutes)").inputValue()).toBe("5");
    expect(await admin.getByLabel("Call window from").inputValue()).toBe("09:00");
    expect(await admin.getByLabel("Wrap-up timeout (seconds)").inputValue()).toBe("300");

    // A bad setting and a missing name come back next to their inputs; nothing is created.
    await admin.getByTestId(`operator-${operatorId}`).check();
    await admin.getByLabel("Ring timeout (seconds)").fill("2");
    await admin.getByRole("button", { name: "Create call list" }).click();
    await expect.poll(() => admin.getByTestId("error-name").textContent()).toBeTruthy();
    expect(await admin.getByTestId("error-settings.ringTimeoutSeconds").textContent()).toMatch(/at least 5/i);
    expect((await apiFromPage(admin, "GET", "/v1/call-lists")).body.items).toHaveLength(1);

    await admin.getByLabel("Name").fill("Busy lines");
    await admin.getByLabel("Ring timeout (seconds)").fill("20");
    await admin.getByLabel("Max attempts").fill("1");
    await admin.getByLabel("Call window from").fill(ALL_DAY.start);
    await admin.getByLabel("Call window to").fill(ALL_DAY.end);
    await admin.getByRole("button", { name: "Create call list" }).click();

    // Assess: the list page, a draft of two.
    await admin.waitForURL(/\/call-lists\/[0-9A-Z]{26}$/);
    await expect.poll(() => admin.getByTestId("list-status").textContent()).toBe("Draft");
    expect(await admin.getByTestId("list-progress").textContent()).toBe("0 / 2");
    expect(await admin.getByRole("status").first().textContent()).toContain("2 contacts");
    const listId = new URL(admin.url()).pathname.split("/").pop()!;
    const stored = (await apiFromPage(admin, "GET", `/v1/call-lists/${listId}`)).body;
    expect(stored.settings).toMatchObject({ ringTimeoutSeconds: 20, maxAttempts: 1, callWindow: ALL_DAY });
    expect(stored.operatorIds).toEqual([operatorId]);

    // Act: Start. Both lines are busy and one attempt is allowed: the list runs to the end by itself.
    await admin.getByTestId("list-start").click();
    // Assess: the page refreshes itself while the list runs, up to done.
    await expect.poll(() => admin.getByTestId("list-progress").textContent(), { timeout: 8000 }).toBe("2 / 2");
    await expect.poll(() => admin.getByTestId("list-status").textContent(), { timeout: 5000 }).toBe("Done");
    expect(await admin.getByTestId("outcome-busy").textContent()).toBe("2");
    expect(await admin.getByTestId("stat-attempts").textContent()).toBe("2");
    expect(await admin.getByTestId("status-unreached").textContent()).toBe("2");
    const rows = admin.getByTestId("entries").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toMatch(/Unreached.*Busy/);

    // The call lists page lists both, with their progress.
    await admin.getByRole("link", { name: "Call lists", exact: true }).click();
    const row = admin.getByTestId(`call-list-${listId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain("2 / 2");

    // Cancel from the list page.
    await admin.getByRole("link", { name: "Busy lines" }).click();
    await admin.getByTestId("list-cancel").click();
    await expect.poll(() => admin.getByTestId("list-status").textContent()).toBe("Cancelled");
  });

  it("says why the call-list engine paused a list whose operators were all deactivated, and goes on with operators chosen on the page", async () => {
    diagnoseOnFailure("operators-deactivated");
    // Prepare (API, as the admin): Pavel is the list's only operator; the first call is answered for him.
    const pavel = await apiFromPage(admin, "POST", "/v1/users", { email: "pavel.operator@callboard.test", password: "operator password 2", name: "Pavel Night", role: "operator" });
    expect(pavel.status).toBe(201);
    const entries = [];
    for (const [firstName, number] of [["Dmitry", NIGHT_SHIFT.dmitry], ["Elena", NIGHT_SHIFT.elena]] as const) {
      const contact = await apiFromPage(admin, "POST", "/v1/contacts", { firstName, lastName: "Nightly", phones: [{ number, type: "mobile" }] });
      expect(contact.status).toBe(201);
      entries.push({ contactId: contact.body.contactId });
    }
    // Pavel is at his console and ready (a list dials only for a ready operator, issue 16).
    const pavelPage = await (await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" })).newPage();
    await signInThroughForm(pavelPage, host!.url, { email: "pavel.operator@callboard.test", password: "operator password 2" });
    expect((await apiFromPage(pavelPage, "PUT", "/v1/operator/presence", { state: "ready" })).status).toBe(200);
    const made = await apiFromPage(admin, "POST", "/v1/call-lists", { name: "Night shift", operatorIds: [pavel.body.userId], settings: { callWindow: ALL_DAY }, entries });
    expect(made.status).toBe(201);
    const listId = made.body.list.listId as string;
    expect((await apiFromPage(admin, "POST", `/v1/call-lists/${listId}/start`)).status).toBe(200);
    const state = async () => (await apiFromPage(admin, "GET", `/v1/call-lists/${listId}`)).body;
    // The answered entry (a list may have several calls on, one per line: no single current entry).
    const answeredEntryId = async () => ((await apiFromPage(admin, "GET", `/v1/call-lists/${listId}/entries`)).body.items as { entryId: string; status: string }[]).find((entry) => entry.status === "answered")!.entryId;
    await expect.poll(async () => (await state()).stats.byStatus.answered, { timeout: 8000 }).toBe(1);
    const firstEntryId = await answeredEntryId();

    // Act: Pavel is deactivated during the call; the call is wrapped up; nobody is left for the next one.
    expect((await apiFromPage(admin, "PATCH", `/v1/users/${pavel.body.userId}`, { active: false })).status).toBe(200);
    expect((await apiFromPage(admin, "POST", `/v1/call-lists/${listId}/entries/${firstEntryId}/disposition`, { disposition: "interested" })).status).toBe(200);
    await expect.poll(async () => (await state()).status, { timeout: 8000 }).toBe("paused");

    // Assess: the page says why, and offers the fix.
    await admin.goto(`${host!.url}/call-lists/${listId}`);
    await expect.poll(() => admin.getByTestId("list-status").textContent()).toBe("Paused");
    expect(await admin.getByTestId("paused-reason").textContent()).toContain("every operator of this list was deactivated");
    await admin.getByTestId("edit-operators").click();
    const pavelBox = admin.getByTestId(`choose-operator-${pavel.body.userId}`);
    await pavelBox.waitFor();
    expect(await pavelBox.isChecked()).toBe(false);
    expect(await admin.getByTestId("operators-editor").textContent()).toContain("Pavel Night (deactivated)");

    // Saving nobody is refused inline; nothing changes.
    await admin.getByTestId("save-operators").click();
    await expect.poll(() => admin.getByTestId("error-operatorIds").textContent()).toContain("Assign at least one operator");
    expect((await state()).operatorIds).toEqual([pavel.body.userId]);

    // Olga takes over; Pavel's row stays with his figures, marked.
    await admin.getByTestId(`choose-operator-${operatorId}`).check();
    await admin.getByTestId("save-operators").click();
    await admin.getByTestId(`operator-row-${operatorId}`).waitFor();
    expect(await admin.getByTestId(`operator-row-${pavel.body.userId}`).textContent()).toMatch(/^Pavel Night \(deactivated\) · no longer on the list.*1.*1/);
    expect((await state()).operatorIds).toEqual([operatorId]);

    // Resume: the second call is Olga's; once wrapped up, the list is done and the alert gone.
    await admin.getByTestId("list-resume").click();
    await expect.poll(async () => (await state()).stats.byStatus.answered, { timeout: 8000 }).toBe(1);
    const secondEntryId = await answeredEntryId();
    expect((await apiFromPage(admin, "GET", `/v1/call-lists/${listId}/entries/${secondEntryId}`)).body.operatorId).toBe(operatorId);
    expect((await apiFromPage(admin, "POST", `/v1/call-lists/${listId}/entries/${secondEntryId}/disposition`, { disposition: "interested" })).status).toBe(200);
    await expect.poll(() => admin.getByTestId("list-status").textContent(), { timeout: 8000 }).toBe("Done");
    expect(await admin.getByTestId("paused-reason").count()).toBe(0);
  });
});
