import { describe, expect, it } from "vitest";
import { useConsoleHost } from "../fixtures/browser";
import { lowContrastText } from "../fixtures/contrast";

/**
 * Issue 19: text on the console's main surfaces (header, navigation, buttons, badges, tables,
 * cards, the notifications panel, the operator bar, the profile menu) has a contrast of at least
 * 4.5:1 with what is behind it, computed in the browser. The notifications panel used to draw
 * white text on its white card; --muted was 4.4:1 on a badge.
 */
describe("the console's contrast", () => {
  const consoleHost = useConsoleHost("contrast");

  it("has text at 4.5:1 or more on the lists, cards, badges, panels and operator bar", async () => {
    consoleHost.diagnoseOnFailure("contrast");
    const { page, api } = consoleHost.admin;
    const company = await api("POST", "/v1/companies", { name: "Romashka LLC", tags: ["wholesale"] });
    expect(company.status).toBe(201);
    const anna = await api("POST", "/v1/contacts", {
      firstName: "Anna",
      lastName: "Sokolova",
      companyId: company.body.companyId,
      tags: ["vip"],
      phones: [{ number: "+79165550314", type: "mobile" }],
    });
    expect(anna.status).toBe(201);
    const contactId = anna.body.contactId as string;
    expect((await api("POST", `/v1/contacts/${contactId}/comments`, { text: "Asked about the spring prices" })).status).toBe(201);
    const me = await api("GET", "/v1/me");
    // A notification for the admin: a colleague mentions them in a comment.
    const colleague = await consoleHost.createUser("admin", "Colleague Mentioner");
    const colleagueSession = await consoleHost.signIn(colleague);
    const mention = await colleagueSession.api("POST", `/v1/contacts/${contactId}/comments`, { text: `Please call her back, @${me.body.userId}` });
    expect(mention.status).toBe(201);
    await colleagueSession.page.context().close();
    const list = await api("POST", "/v1/call-lists", { name: "Spring promo", operatorIds: [me.body.userId], entries: [{ contactId }] });
    expect(list.status).toBe(201);

    const failures: Record<string, unknown> = {};
    const check = async (surface: string) => {
      const low = await lowContrastText(page);
      if (low.length) failures[surface] = low;
    };

    // The contacts list: header, navigation, operator bar, toolbar, table, badges, pager.
    await page.goto(`${consoleHost.url}/contacts`);
    await page.getByRole("link", { name: "Anna Sokolova" }).waitFor();
    await page.getByTestId("operator-bar").waitFor();
    await check("contacts list");

    // The notifications panel and the profile menu, dropped from the dark header.
    await page.getByTestId("notifications-bell").click();
    await page.getByTestId("notifications").waitFor();
    await page.getByTestId("notification").first().waitFor();
    await check("notifications panel");
    await page.getByTestId("notifications-bell").click();
    await page.getByTestId("current-user").click();
    await page.getByTestId("profile-menu").waitFor();
    await check("profile menu");
    await page.keyboard.press("Escape");

    // A contact's card (cards, tags, timeline) and a company's.
    await page.goto(`${consoleHost.url}/contacts/${contactId}`);
    await page.getByText("Asked about the spring prices").waitFor();
    await check("contact card");
    await page.goto(`${consoleHost.url}/companies/${company.body.companyId}`);
    await page.getByRole("heading", { level: 1, name: "Romashka LLC" }).waitFor();
    await check("company card");

    // Call lists with their status badges, and one list's page.
    await page.goto(`${consoleHost.url}/call-lists`);
    await page.getByRole("link", { name: "Spring promo" }).waitFor();
    await check("call lists");
    await page.getByRole("link", { name: "Spring promo" }).click();
    await page.getByRole("heading", { level: 1, name: "Spring promo" }).waitFor();
    await check("call list");

    // The phone-size menu, open over the page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("nav-toggle").click();
    await page.getByTestId("main-nav").waitFor();
    await check("phone-size menu");
    await page.setViewportSize({ width: 1280, height: 900 });

    expect(failures).toEqual({});
  }, 90_000);
});
