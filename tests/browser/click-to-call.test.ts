import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, CONSOLE_ADMIN, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

/**
 * Issue 18's click-to-call in Chromium on the simulator: from a contact's card the user clicks
 * Call beside a phone, the softphone shows the call dialing, then connected (the callee picked
 * up), they talk and hang up; the call is on the card's timeline (Calls filter) with its length,
 * and the user is back to their presence. Outside the number's call window the button warns and
 * calls only after an explicit "Call anyway".
 */

/** A zone where the local time now is `hour`:xx (Etc/GMT-N is UTC+N). */
function zoneAt(hour: number): string {
  let offset = (hour - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? "UTC" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

describe("click-to-call from a card (simulator)", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `browser-click-to-call-${Date.now()}`,
      port: 0,
      admin: CONSOLE_ADMIN,
      // A cold process on a loaded machine: the flow is under test here, not the 2 s deadline.
      simulator: { ringSeconds: 1, connectDeadlineMs: 5000 },
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    logs = recordConsole(page);
    await signInThroughForm(page, host.url, CONSOLE_ADMIN);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  function diagnoseOnFailure(name: string) {
    onTestFailed(async () => {
      if (page.isClosed()) return;
      const path = await screenshot(page, name);
      console.error(`[browser] ${name} failed at ${page.url()}; screenshot: ${path}\n${logs.join("\n")}`);
      console.error(`[browser] simulator calls: ${JSON.stringify(host?.simulator?.calls.map((call) => ({ callId: call.callId, to: call.to, outcome: call.outcome, endedBy: call.endedBy })))}`);
    });
  }

  async function contactWith(phone: string, timeZone: string, firstName: string) {
    const made = await apiFromPage(page, "POST", "/v1/contacts?duplicates=allow", { firstName, lastName: "Zvonkova", phones: [{ number: phone, type: "mobile" }], timeZone });
    expect(made.status).toBe(201);
    return made.body.contactId as string;
  }

  /** Paused: signed in to the softphone (a fresh heartbeat and a state) without taking list calls. */
  async function pause() {
    await page.getByTestId("presence-pause").click();
    await page.locator('[data-testid="operator-bar"][data-state="paused"]').waitFor();
  }

  const callButton = (phone: string) => page.locator(`[data-testid="call-button"][data-phone="${phone}"] [data-testid="call-button-call"]`);

  it("Call, talk, hang up: the call is in the timeline's Calls filter with its duration; the user is paused again", async () => {
    diagnoseOnFailure("click-to-call");
    // Prepare
    const phone = "+79165557004"; // ends in 4: the simulator's callee picks up and stays on
    const contactId = await contactWith(phone, zoneAt(13), "Vera");
    await pause();
    await page.goto(`${host!.url}/contacts/${contactId}`);
    // Act: call, talk a moment, hang up.
    await callButton(phone).click();
    const softphone = page.getByTestId("softphone");
    await softphone.waitFor();
    expect(await softphone.getAttribute("data-manual")).toBe("true");
    await page.locator('[data-testid="softphone"][data-state="connected"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("softphone-name").textContent()).toBe("Vera Zvonkova");
    await page.locator('[data-testid="operator-bar"][data-state="on-call"]').waitFor();
    await page.waitForFunction(() => {
      const timer = document.querySelector('[data-testid="softphone-timer"]')?.textContent ?? "0:00";
      return timer !== "0:00" && timer !== "0:01";
    }, undefined, { timeout: 15_000 });
    await page.getByTestId("softphone-hangup").click();
    await page.locator('[data-testid="softphone"][data-state="ended"]').waitFor();
    // Assess: the record's talk seconds reach the timeline; the card's Calls filter shows them.
    let durationSeconds: number | undefined;
    await expect
      .poll(
        async () => {
          const timeline = await apiFromPage(page, "GET", `/v1/contacts/${contactId}/timeline`);
          durationSeconds = (timeline.body.items as { kind: string; call?: { durationSeconds?: number } }[]).find((item) => item.kind === "call")?.call?.durationSeconds;
          return durationSeconds;
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(2);
    await page.locator('[data-testid="operator-bar"][data-state="paused"]').waitFor();
    await page.reload();
    await page.locator('[data-testid$="-filter-calls"]').first().click();
    const summary = page.getByTestId("call-summary").first();
    await summary.waitFor();
    const seconds = durationSeconds!;
    expect(await summary.getByTestId("call-duration").textContent()).toBe(`${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`);
    expect(await summary.getByTestId("call-direction").textContent()).toBe("Outbound");
  }, 120_000);

  it("outside the number's call window: a warning, nothing dialed until 'Call anyway'", async () => {
    diagnoseOnFailure("click-to-call-window");
    const phone = "+79165557014";
    const contactId = await contactWith(phone, zoneAt(3), "Nina");
    await page.goto(`${host!.url}/contacts/${contactId}`);
    await callButton(phone).click();
    const warning = page.getByTestId("call-window-warning");
    await warning.waitFor();
    expect(await warning.textContent()).toContain("call window");
    expect(host!.simulator!.dialsTo(phone)).toBe(0);
    await page.getByTestId("call-anyway").click();
    await page.locator('[data-testid="softphone"][data-state="connected"]').waitFor({ timeout: 30_000 });
    expect(host!.simulator!.dialsTo(phone)).toBe(1);
    await page.getByTestId("softphone-hangup").click();
    await page.locator('[data-testid="softphone"][data-state="ended"]').waitFor();
    await expect
      .poll(async () => {
        const timeline = await apiFromPage(page, "GET", `/v1/contacts/${contactId}/timeline`);
        return (timeline.body.items as { kind: string; text: string }[]).find((item) => item.kind === "call")?.text;
      }, { timeout: 15_000 })
      .toContain("override");
  }, 120_000);
});
