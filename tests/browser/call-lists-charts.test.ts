import { readFile } from "node:fs/promises";
import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { useStorage } from "../../packages/core/src/storage";
import { useConsoleHost } from "../fixtures/browser";

/**
 * The list page draws its charts (issue 18) from the API's statistics, and the reports page
 * draws the calls report and downloads it as CSV. The list's counters and its call log are
 * seeded as the engine leaves them after 9 attempts, 7 answered by a person.
 */
describe("call-list charts and the reports page", () => {
  const site = useConsoleHost("list-charts");
  let listId: string;
  let olga: { userId: string; name: string; email: string; password: string };
  let boris: { userId: string; name: string };

  beforeAll(async () => {
    olga = await site.createUser("operator", "Olga Operator");
    boris = await site.createUser("operator", "Boris Operator");
    const contactIds: string[] = [];
    for (let index = 0; index < 8; index++) {
      const contact = await site.admin.api("POST", "/v1/contacts?duplicates=allow", { firstName: `Client${index}`, lastName: "Charts", phones: [{ number: `+7916555${7200 + index}`, type: "mobile" }] });
      expect(contact.status).toBe(201);
      contactIds.push(contact.body.contactId);
    }
    const created = await site.admin.api("POST", "/v1/call-lists", { name: "Charts", operatorIds: [olga.userId, boris.userId], entries: contactIds.map((contactId) => ({ contactId })) });
    expect(created.status).toBe(201);
    listId = created.body.list.listId;
    const { service } = useStorage();
    await service.entities.callList
      .patch({ listId })
      .set({ status: "done", pending: 0, wrappedUp: 7, unreached: 1, attempts: 9, outcomeAnswered: 7, outcomeNoAnswer: 2, abandoned: 1 })
      .go();
    const calls = [
      { operatorId: olga.userId, placedAt: "2026-05-04T09:01:00.000Z", outcome: "answered", talkSeconds: 60, disposition: "interested" },
      { operatorId: olga.userId, placedAt: "2026-05-04T09:10:00.000Z", outcome: "answered", talkSeconds: 30, disposition: "not-interested" },
      { operatorId: boris.userId, placedAt: "2026-05-04T09:20:00.000Z", outcome: "answered", talkSeconds: 20, disposition: "interested" },
      { operatorId: boris.userId, placedAt: "2026-05-04T09:30:00.000Z", outcome: "no-answer" },
      { operatorId: olga.userId, placedAt: "2026-05-04T09:40:00.000Z", outcome: "answered", talkSeconds: 45, disposition: "call-back" },
      { operatorId: olga.userId, placedAt: "2026-05-04T11:00:00.000Z", outcome: "no-answer" },
      { operatorId: olga.userId, placedAt: "2026-05-05T11:05:00.000Z", outcome: "answered", talkSeconds: 15, disposition: "interested" },
      { operatorId: boris.userId, placedAt: "2026-05-05T11:10:00.000Z", outcome: "answered", talkSeconds: 40, disposition: "not-interested" },
      { operatorId: boris.userId, placedAt: "2026-05-05T11:20:00.000Z", outcome: "answered", talkSeconds: 100, disposition: "do-not-call", abandoned: true },
    ] as const;
    for (const [index, call] of calls.entries()) {
      await service.entities.call
        .create({ callId: ulid(), source: "list", direction: "outbound", number: `+7916555${7200 + index}`, listId, entryId: contactIds[Math.min(index, 7)]!, attempt: 1, day: call.placedAt.slice(0, 10), ...call })
        .go();
    }
  });

  it("draws the list's funnel, calls per hour and talk time, with the API's numbers; Chart.js loads only then", async () => {
    site.diagnoseOnFailure("list-charts");
    const { page } = site.admin;
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${site.url}/call-lists`);
    await page.getByTestId(`call-list-${listId}`).waitFor();
    // The console's first load does not carry Chart.js: its chunk is fetched by the page that draws.
    const chartChunk = (path: string) => /\/assets\/chart-[\w-]+\.js$/.test(path);
    expect(scripts.filter(chartChunk)).toEqual([]);

    await page.getByTestId(`call-list-${listId}`).getByRole("link", { name: "Charts" }).click();
    for (const chart of ["chart-funnel", "chart-calls-per-hour", "chart-talk-by-operator"]) {
      await page.locator(`canvas[data-testid="${chart}"][data-rendered="true"]`).waitFor({ timeout: 20_000 });
    }
    expect(scripts.filter(chartChunk)).toHaveLength(1);
    const box = await page.getByTestId("chart-funnel").boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(100);

    const statistics = (await site.admin.api("GET", `/v1/call-lists/${listId}/statistics`)).body;
    expect(statistics).toMatchObject({ attempts: 9, answered: 7, answeredPercentOfAttempts: 77.8, reachedPercentOfFinishedEntries: 87.5, abandoned: 1 });
    expect(await page.getByTestId("stat-answered").textContent()).toBe("7 of 9 (77.8%)");
    expect(await page.getByTestId("rate-answered-of-attempts").textContent()).toBe(`${statistics.answered} of ${statistics.attempts} (${statistics.answeredPercentOfAttempts}%)`);
    expect(await page.getByTestId("rate-reached-of-entries").textContent()).toBe(`${statistics.reachedEntries} of ${statistics.finishedEntries} (${statistics.reachedPercentOfFinishedEntries}%)`);
    expect(await page.getByTestId("stat-abandoned-calls").textContent()).toBe(String(statistics.abandoned));

    const shownFunnel = await page.getByTestId("funnel").locator("tbody tr").evaluateAll((rows) =>
      rows.map((row) => ({
        stage: row.getAttribute("data-testid")!.replace(/^funnel-/, ""),
        count: Number(row.querySelector('[data-testid="count"]')!.textContent),
        percentOfDialed: row.querySelector('[data-testid="percent-of-dialed"]')!.textContent,
        percentOfAnswered: row.querySelector('[data-testid="percent-of-answered"]')!.textContent,
      })),
    );
    expect(shownFunnel).toEqual(
      statistics.funnel.map((stage: any) => ({
        stage: stage.stage,
        count: stage.count,
        percentOfDialed: `${stage.percentOfDialed}%`,
        percentOfAnswered: stage.percentOfAnswered === undefined ? "" : `${stage.percentOfAnswered}%`,
      })),
    );
    expect(shownFunnel.find((stage) => stage.stage === "answered")).toMatchObject({ count: 7, percentOfDialed: "77.8%" });

    const shownHours = await page.getByTestId("calls-per-hour").locator("tbody tr").evaluateAll((rows) =>
      rows.map((row) => ({ hour: row.getAttribute("data-hour"), calls: Number(row.querySelector('[data-testid="calls"]')!.textContent), answered: Number(row.querySelector('[data-testid="answered"]')!.textContent) })),
    );
    expect(shownHours).toEqual(statistics.callsPerHour);
    expect(shownHours.reduce((sum, hour) => sum + hour.calls, 0)).toBe(9);

    const shownTalk = await page.getByTestId("talk-by-operator").locator("tbody tr").evaluateAll((rows) =>
      rows.map((row) => ({
        name: row.querySelector("th")!.textContent,
        calls: Number(row.querySelector('[data-testid="calls"]')!.textContent),
        answered: Number(row.querySelector('[data-testid="answered"]')!.textContent),
        talkSeconds: Number(row.querySelector('[data-testid="talk"]')!.getAttribute("data-seconds")),
        shown: row.querySelector('[data-testid="talk"]')!.textContent,
      })),
    );
    expect(shownTalk).toEqual(statistics.talkByOperator.map((row: any) => ({ name: row.name, calls: row.calls, answered: row.answered, talkSeconds: row.talkSeconds, shown: expect.any(String) })));
    expect(shownTalk.map((row) => [row.name, row.shown])).toEqual([
      ["Boris Operator", "2 mins 40 secs"],
      ["Olga Operator", "2 mins 30 secs"],
    ]);
  });

  it("the reports page draws the period's calls per day and operator, and downloads them as CSV", async () => {
    site.diagnoseOnFailure("reports-page");
    const { page } = site.admin;
    await page.goto(`${site.url}/contacts`);
    await page.getByTestId("nav-reports").click();
    await page.waitForURL((url) => url.pathname === "/reports");
    await page.getByTestId("report-from").fill("2026-05-04");
    await page.getByTestId("report-to").fill("2026-05-05");
    await page.getByTestId("report-apply").click();
    await page.locator('[data-testid="report-row"][data-day="2026-05-05"]').first().waitFor();
    for (const chart of ["chart-report-days", "chart-report-operators", "chart-report-dispositions"]) {
      await page.locator(`canvas[data-testid="${chart}"][data-rendered="true"]`).waitFor({ timeout: 20_000 });
    }

    const report = (await site.admin.api("GET", "/v1/reports/calls?from=2026-05-04&to=2026-05-05")).body;
    expect(report.totals).toMatchObject({ calls: 9, answered: 7, talkSeconds: 310, abandoned: 1 });
    expect(await page.getByTestId("total-calls").textContent()).toBe(String(report.totals.calls));
    expect(await page.getByTestId("total-answered").textContent()).toBe(String(report.totals.answered));
    expect(await page.getByTestId("total-talk").getAttribute("data-seconds")).toBe(String(report.totals.talkSeconds));
    expect(await page.getByTestId("total-abandoned").textContent()).toBe(String(report.totals.abandoned));
    const shownRows = await page.getByTestId("report-row").evaluateAll((rows) =>
      rows.map((row) => ({
        day: row.getAttribute("data-day"),
        operatorId: row.getAttribute("data-operator"),
        calls: Number(row.querySelector('[data-testid="calls"]')!.textContent),
        answered: Number(row.querySelector('[data-testid="answered"]')!.textContent),
        talkSeconds: Number(row.querySelector('[data-testid="talk"]')!.getAttribute("data-seconds")),
      })),
    );
    expect(shownRows).toEqual(report.rows.map((row: any) => ({ day: row.day, operatorId: row.operatorId ?? "", calls: row.calls, answered: row.answered, talkSeconds: row.talkSeconds })));
    expect(shownRows).toHaveLength(4);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-download").click()]);
    expect(download.suggestedFilename()).toBe("calls-2026-05-04-to-2026-05-05.csv");
    const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(csv[0]).toMatch(/^Day,Operator ID,Operator,Calls,Answered,Talk seconds,Abandoned,Disposition: interested/);
    expect(csv).toHaveLength(1 + report.rows.length);
    expect(csv).toContain(`2026-05-05,${boris.userId},Boris Operator,2,2,140,1,0,0,1,0,1,0`);
  });

  it("offers reports to managers, not to operators", async () => {
    site.diagnoseOnFailure("reports-nav");
    const manager = await site.createUser("manager", "Mira Manager");
    const managerSession = await site.signIn(manager);
    await managerSession.page.getByTestId("nav-reports").waitFor();
    const operatorSession = await site.signIn(olga);
    expect(await operatorSession.page.getByTestId("nav-reports").count()).toBe(0);
  });

  it("in Romanian: the list's rates, funnel and talk times and the report's days, results and totals as a Romanian reader writes them", async () => {
    site.diagnoseOnFailure("charts-ro");
    const { page } = site.admin;
    // The user's own choice of language wins over the browser's (en-GB here).
    expect((await site.admin.api("PATCH", "/v1/me", { language: "ro" })).status).toBe(200);
    try {
      await page.goto(`${site.url}/call-lists/${listId}`);
      await page.getByRole("heading", { name: "Pâlnie" }).waitFor();
      expect(await page.getByTestId("list-status").textContent()).toBe("Încheiată");
      expect(await page.getByTestId("list-entries-count").textContent()).toBe("8 înregistrări");
      expect(await page.getByTestId("stat-answered").textContent()).toMatch(/^7 din 9 \(77,8\s%\)$/);
      expect(await page.getByTestId("rate-reached-of-entries").textContent()).toMatch(/^7 din 8 \(87,5\s%\)$/);
      expect(await page.getByTestId("funnel-do-not-call").locator("th").textContent()).toBe("Nu suna");
      expect(await page.getByTestId("outcome-noAnswer").textContent()).toBe("2");
      expect(await page.getByTestId(`talk-${boris.userId}`).getByTestId("talk").textContent()).toMatch(/^2\smin\.?,? 40\ss$/);
      expect(await page.evaluate(() => window.__missingTranslations ?? [])).toEqual([]);

      await page.goto(`${site.url}/reports`);
      await page.getByRole("heading", { name: "Rapoarte de apeluri" }).waitFor();
      await page.getByTestId("report-from").fill("2026-05-04");
      await page.getByTestId("report-to").fill("2026-05-05");
      await page.getByTestId("report-apply").click();
      const row = page.locator(`[data-testid="report-row"][data-day="2026-05-05"][data-operator="${boris.userId}"]`);
      await row.waitFor();
      expect(await row.locator("td").first().textContent()).toBe("5 mai 2026");
      expect(await page.getByTestId("report-rows").locator("thead").textContent()).toContain("Interesat");
      expect(await page.getByTestId("total-talk").textContent()).toMatch(/^5\smin\.?,? 10\ss$/);
      const text = await page.locator("main, body").first().innerText();
      expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
      expect(await page.evaluate(() => window.__missingTranslations ?? [])).toEqual([]);
    } finally {
      await site.admin.api("PATCH", "/v1/me", { language: null });
    }
  });
});
