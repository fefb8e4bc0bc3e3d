import { describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Timeline } from "../../packages/core/src/timeline";
import { useConsoleHost } from "../fixtures/browser";

/**
 * The card's Calls filter (issue 18): on a contact's and a company's timeline it shows only the
 * calls, each with its direction, operator, talk time and outcome, read with `?kind=call`.
 * The calls are written as the call-list engine writes them (system actor, talk seconds known).
 */
describe("the card's Calls filter", () => {
  const site = useConsoleHost("card-calls");
  const asEngine = <T>(work: () => T): T => withActor({ type: "system", reason: "call-list engine" }, work);

  it("shows only a contact's calls, with direction, operator, talk time and outcome", async () => {
    site.diagnoseOnFailure("contact-calls");
    const { page, api } = site.admin;
    const me = (await api("GET", "/v1/me")).body;
    const created = await api("POST", "/v1/contacts", { firstName: "Vera", lastName: "Callme", phones: [{ number: "+79161234500", type: "mobile" }] });
    expect(created.status).toBe(201);
    const contactId: string = created.body.contactId;
    await asEngine(() =>
      Timeline.record(contactId, {
        kind: "call",
        text: "Answered call",
        call: { outcome: "answered", direction: "outbound", phone: "+79161234500", callId: "call-answered-1", talkSeconds: 125, ringSeconds: 6, operatorId: me.userId },
      }),
    );
    await asEngine(() => Timeline.record(contactId, { kind: "call", text: "Unanswered call", call: { outcome: "no-answer", direction: "outbound", phone: "+79161234500", ringSeconds: 30 } }));
    expect((await api("POST", `/v1/contacts/${contactId}/comments`, { text: "Prefers mornings." })).status).toBe(201);

    await page.goto(`${site.url}/contacts/${contactId}`);
    const activities = page.getByTestId("activity");
    await expect.poll(() => activities.evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")))).toEqual(["comment", "call", "call", "created"]);

    // Act: the Calls filter, which asks the API for calls only.
    await Promise.all([
      page.waitForRequest((request) => request.url().includes(`/v1/contacts/${contactId}/timeline`) && new URL(request.url()).searchParams.get("kind") === "call"),
      page.getByTestId("timeline-filter-calls").click(),
    ]);

    // Assess: the two calls, newest first, and nothing else; the answered one with its talk time.
    await expect.poll(() => activities.evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")))).toEqual(["call", "call"]);
    expect(await page.getByTestId("timeline-filter-calls").getAttribute("aria-pressed")).toBe("true");
    const [unanswered, answered] = [activities.nth(0), activities.nth(1)];
    expect(await answered.getByTestId("call-duration").textContent()).toBe("2:05");
    expect(await answered.getByTestId("call-direction").textContent()).toBe("Outbound");
    expect(await answered.getByTestId("call-operator").textContent()).toBe(me.name);
    expect(await answered.getByTestId("call-outcome").textContent()).toBe("answered");
    expect(await unanswered.getByTestId("call-outcome").textContent()).toBe("no answer");
    expect(await unanswered.getByTestId("call-duration").count()).toBe(0);
    expect(await page.getByLabel("Comment", { exact: true }).count()).toBe(0);
    // A call someone talked on offers its recording; the player asks the API only when pressed
    // (this call has no recording stored, which it says).
    expect(await unanswered.getByRole("button", { name: /Play recording/ }).count()).toBe(0);
    await answered.getByRole("button", { name: /Play recording/ }).click();
    await expect.poll(() => answered.getByRole("status").textContent()).toContain("No recording");

    // Back to everything.
    await page.getByTestId("timeline-filter-all").click();
    await expect.poll(() => activities.count()).toBe(4);
    expect(await activities.first().textContent()).toContain("Prefers mornings.");
  });

  it("shows only a company's calls with their talk time", async () => {
    site.diagnoseOnFailure("company-calls");
    const { page, api } = site.admin;
    const created = await api("POST", "/v1/companies", { name: "Calls & Co", phones: [{ number: "+74950001122", type: "work" }] });
    expect(created.status).toBe(201);
    const companyId: string = created.body.companyId;
    await asEngine(() => Timeline.recordForCompany(companyId, { kind: "note", text: "Reception asked to call after lunch." }));
    await asEngine(() =>
      Timeline.recordForCompany(companyId, { kind: "call", text: "Answered call", call: { outcome: "answered", direction: "outbound", phone: "+74950001122", callId: "call-company-1", talkSeconds: 61 } }),
    );
    await asEngine(() => Timeline.recordForCompany(companyId, { kind: "note", text: "Sent the price list." }));

    await page.goto(`${site.url}/companies/${companyId}`);
    const activities = page.getByTestId("company-activity");
    await expect.poll(() => activities.count()).toBe(3);

    await page.getByTestId("company-timeline-filter-calls").click();
    await expect.poll(() => activities.evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")))).toEqual(["call"]);
    expect(await activities.first().getByTestId("call-duration").textContent()).toBe("1:01");
    expect(await activities.first().getByTestId("call-outcome").textContent()).toBe("answered");
  });
});
