import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from "vitest";
import type { Browser, Page } from "playwright-core";
import { BulkJobs } from "../../packages/core/src/bulk";
import { startLocalHost } from "../../packages/functions/src/local/host";
import { apiFromPage, assertWebBuilt, type ApiAnswer, launchBrowser, recordConsole, screenshot, signInThroughForm } from "../fixtures/browser";

const ADMIN = { email: "bulk@callboard.test", password: "correct horse battery staple" };
const MATCHING = 150;
type ListPage = { items: { contactId: string; tags?: string[] }[]; cursor: string | null };

/** Bulk-tag everything a filter matches in Chromium against the real local host and job runner. */
describe("bulk actions in the console", () => {
  let host: Awaited<ReturnType<typeof startLocalHost>> | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let logs: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `browser-bulk-${Date.now()}`, port: 0, admin: ADMIN });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    logs = recordConsole(page);
    await signInThroughForm(page, host.url, ADMIN);
    // 150 contacts tagged "wave" and 5 others, through the API with the console's own token.
    const statuses = await page.evaluate(async (matching) => {
      const { access } = JSON.parse(sessionStorage.getItem("callboard.tokens") ?? "{}") as { access?: string };
      const bodies = [
        ...Array.from({ length: matching }, (_, index) => ({ firstName: "Wave", lastName: `Member ${String(index).padStart(3, "0")}`, tags: ["wave"] })),
        ...Array.from({ length: 5 }, (_, index) => ({ firstName: "Dry", lastName: `Land ${index}` })),
      ];
      const out: number[] = [];
      for (let start = 0; start < bodies.length; start += 10) {
        const answers = await Promise.all(
          bodies.slice(start, start + 10).map((body) =>
            fetch("/v1/contacts?duplicates=allow", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${access}` }, body: JSON.stringify(body) }),
          ),
        );
        out.push(...answers.map((answer) => answer.status));
      }
      return out;
    }, MATCHING);
    expect(statuses.every((status) => status === 201)).toBe(true);
  }, 180_000);

  afterAll(async () => {
    BulkJobs.setBeforeBulkChunkHook(undefined);
    await browser?.close();
    await host?.stop();
  });

  function diagnoseOnFailure(name: string) {
    onTestFailed(async () => {
      const path = await screenshot(page, name);
      console.error(`[browser] ${name} failed at ${page.url()}; screenshot: ${path}\n${logs.join("\n")}`);
    });
  }

  it("bulk-tags 150 contacts matching a filter with a progress bar that advances and finishes", { timeout: 120_000 }, async () => {
    diagnoseOnFailure("bulk-tag");
    // The job stops after its first 50 records until the test has seen the bar there.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let paused = false;
    BulkJobs.setBeforeBulkChunkHook(async (at) => {
      if (at.phase === "apply" && at.part === 0 && at.offset === 50) {
        paused = true;
        await gate;
      }
    });

    await page.goto(`${host!.url}/contacts?tag=wave`);
    await expect.poll(() => page.locator("table tbody tr").count()).toBe(20);
    await page.getByTestId("select-page").check();
    await expect.poll(() => page.getByTestId("selection-count").textContent()).toBe("20 selected");
    await page.getByTestId("select-all-matching").click();
    await expect.poll(() => page.getByTestId("selection-count").textContent()).toBe("All contacts matching the filter selected");

    await page.getByLabel("Action for the selection").selectOption("addTags");
    await page.getByLabel("Tags to apply").fill("autumn-call");
    await page.getByTestId("bulk-apply").click();

    const bar = page.getByRole("progressbar", { name: "Bulk action progress" });
    await expect.poll(() => paused, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => bar.getAttribute("aria-valuenow"), { timeout: 10_000 }).toBe("50");
    expect(await bar.getAttribute("aria-valuemax")).toBe(String(MATCHING));
    expect(await page.getByTestId("bulk-progress-text").textContent()).toBe(`50 of ${MATCHING}`);
    release();

    await expect.poll(() => page.getByTestId("bulk-summary").textContent(), { timeout: 30_000 }).toContain(`Applied: ${MATCHING}`);
    expect(await bar.count()).toBe(0);
    expect(await page.getByTestId("bulk-not-applied").count()).toBe(0);

    // Through the API: exactly the 150 matching contacts carry the tag.
    const tagged: string[] = [];
    let cursor: string | null = null;
    do {
      const answer: ApiAnswer<ListPage> = await apiFromPage<ListPage>(page, "GET", `/v1/contacts?tag=autumn-call&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(answer.status).toBe(200);
      tagged.push(...answer.body.items.map((item) => item.contactId));
      expect(answer.body.items.every((item) => item.tags?.includes("wave"))).toBe(true);
      cursor = answer.body.cursor;
    } while (cursor);
    expect(new Set(tagged).size).toBe(MATCHING);
    const jobs = await apiFromPage<{ items: { kind: string; status: string; total: number; done: number; stats: Record<string, number> }[] }>(page, "GET", "/v1/jobs");
    expect(jobs.body.items.find((job) => job.kind === "bulk")).toMatchObject({ status: "done", total: MATCHING, done: MATCHING, stats: { applied: MATCHING } });
  });

  it("applies a selection of up to 100 at once, without a job", async () => {
    diagnoseOnFailure("bulk-small");
    BulkJobs.setBeforeBulkChunkHook(undefined);
    await page.goto(`${host!.url}/contacts?tag=wave`);
    await expect.poll(() => page.locator("table tbody tr").count()).toBe(20);
    await page.getByTestId("select-page").check();
    await page.getByLabel("Action for the selection").selectOption("removeTags");
    await page.getByLabel("Tags to apply").fill("autumn-call");
    await page.getByTestId("bulk-apply").click();
    await expect.poll(() => page.getByTestId("bulk-summary").textContent(), { timeout: 10_000 }).toContain("Applied: 20");
    expect(await page.getByRole("progressbar").count()).toBe(0);
  });
});
