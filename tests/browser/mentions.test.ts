import { describe, expect, it } from "vitest";
import { useConsoleHost } from "../fixtures/browser";

describe("mentions in comments in the console", () => {
  const site = useConsoleHost("mentions");

  it("picks users after @ with the keyboard and the mouse, sends their IDs, highlights them, and notifies them", async () => {
    site.diagnoseOnFailure("mentions");
    // Prepare: two colleagues whose names start alike, and a contact everyone may read.
    const { page, api } = site.admin;
    const olga = await site.createUser("sales", "Olga Sales");
    const oleg = await site.createUser("manager", "Oleg Manager");
    const created = await api("POST", "/v1/contacts", { firstName: "Nina", lastName: "Mention", sharing: "read" });
    const contactId: string = created.body.contactId;
    await page.goto(`${site.url}/contacts/${contactId}`);
    const box = page.getByLabel("Comment", { exact: true });

    // Act: "@ol" opens the picker with both, by name; ArrowDown + Enter picks the second.
    await box.pressSequentially("Please call back, @ol");
    const picker = page.getByTestId("mention-picker");
    await expect.poll(() => picker.getByRole("option").allTextContents()).toEqual([
      `Oleg Manager · ${oleg.email}`,
      `Olga Sales · ${olga.email}`,
    ]);
    await box.press("ArrowDown");
    expect(await picker.getByRole("option").nth(1).getAttribute("aria-selected")).toBe("true");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("Please call back, @Olga Sales ");
    expect(await picker.count()).toBe(0);

    // Act: a second mention picked with the mouse, then more text.
    await box.pressSequentially("and @Ole");
    await picker.getByRole("option", { name: /Oleg Manager/ }).click();
    await box.pressSequentially("about the invoice.");
    expect(await box.inputValue()).toBe("Please call back, @Olga Sales and @Oleg Manager about the invoice.");
    await page.getByTestId("add-comment").click();

    // Assess: the API got the IDs (text and mentions); the timeline shows highlighted names.
    const newest = page.getByTestId("activity").first();
    await expect.poll(() => newest.getAttribute("data-kind")).toBe("comment");
    expect(await newest.getByTestId("mention").allTextContents()).toEqual(["@Olga Sales", "@Oleg Manager"]);
    expect(await newest.locator(".activity-text").textContent()).toBe("Please call back, @Olga Sales and @Oleg Manager about the invoice.");
    expect(await box.inputValue()).toBe("");
    const stored = (await api("GET", `/v1/contacts/${contactId}/timeline`)).body.items[0];
    expect(stored).toMatchObject({
      kind: "comment",
      text: `Please call back, @${olga.userId} and @${oleg.userId} about the invoice.`,
      mentions: [olga.userId, oleg.userId],
    });

    // Escape closes the picker without picking.
    await box.pressSequentially("@ol");
    await picker.waitFor();
    await box.press("Escape");
    expect(await picker.count()).toBe(0);
    expect(await box.inputValue()).toBe("@ol");

    // Assess, as Olga: one unread notification in the bell; "Open" leads to the card with the mention.
    const olgaSession = await site.signIn(olga);
    const theirs = olgaSession.page;
    await expect.poll(() => theirs.getByTestId("unread-count").textContent()).toBe("1");
    await theirs.getByTestId("notifications-bell").click();
    const notification = theirs.getByTestId("notification");
    expect(await notification.count()).toBe(1);
    expect(await notification.locator("p").textContent()).toMatch(/ mentioned you on Nina Mention\.$/);
    await notification.getByRole("link", { name: "Open" }).click();
    await theirs.waitForURL((url) => url.pathname === `/contacts/${contactId}`);
    await theirs.getByRole("heading", { name: "Nina Mention", level: 1 }).waitFor();
    expect(await theirs.getByTestId("activity").first().getByTestId("mention").allTextContents()).toEqual(["@Olga Sales", "@Oleg Manager"]);
    // Opening it marked it read.
    await expect.poll(async () => (await olgaSession.api("GET", "/v1/notifications")).body.unread).toBe(0);
    expect(await theirs.getByTestId("unread-count").count()).toBe(0);
  });

  it("offers the same picker to roles that may not read the user directory (a marketeer), from names only", async () => {
    site.diagnoseOnFailure("mentions-marketeer");
    const { api } = site.admin;
    const pavel = await site.createUser("manager", "Pavel Pickable");
    const mark = await site.createUser("marketeer", "Mark Marketeer");
    const created = await api("POST", "/v1/contacts", { firstName: "Rita", lastName: "Readable", sharing: "read" });
    const contactId: string = created.body.contactId;

    const { page } = await site.signIn(mark);
    await page.goto(`${site.url}/contacts/${contactId}`);
    const box = page.getByLabel("Comment", { exact: true });
    await box.pressSequentially("Ask @pav");
    const picker = page.getByTestId("mention-picker");
    await expect.poll(() => picker.getByRole("option").allTextContents()).toEqual([`Pavel Pickable · ${pavel.email}`]);
    await box.press("Enter");
    await box.pressSequentially("about it.");
    await page.getByTestId("add-comment").click();

    const newest = page.getByTestId("activity").first();
    await expect.poll(() => newest.getAttribute("data-kind")).toBe("comment");
    expect(await newest.getByTestId("mention").allTextContents()).toEqual(["@Pavel Pickable"]);
    const stored = (await api("GET", `/v1/contacts/${contactId}/timeline`)).body.items[0];
    expect(stored).toMatchObject({ kind: "comment", text: `Ask @${pavel.userId} about it.`, mentions: [pavel.userId] });
  });

  it("tells the author who was not notified because they cannot see the contact", async () => {
    site.diagnoseOnFailure("mentions-unnotified");
    // Prepare: a contact only its owner (the admin) and managers see; a sales colleague.
    const { page, api } = site.admin;
    const sven = await site.createUser("sales", "Sven Outside");
    const created = await api("POST", "/v1/contacts", { firstName: "Private", lastName: "Talk" });
    const contactId: string = created.body.contactId;
    await page.goto(`${site.url}/contacts/${contactId}`);
    const box = page.getByLabel("Comment", { exact: true });

    await box.pressSequentially("Can you help, @Sve");
    await page.getByTestId("mention-picker").getByRole("option", { name: /Sven Outside/ }).click();
    await page.getByTestId("add-comment").click();

    // Assess: the comment is on the timeline, and a notice says Sven was not notified and why.
    const notice = page.getByTestId("unnotified");
    await expect.poll(() => notice.textContent()).toBe("Not notified: Sven Outside (cannot see this contact; share it first).");
    expect(await page.getByTestId("activity").first().getByTestId("mention").allTextContents()).toEqual(["@Sven Outside"]);
    const stored = (await api("GET", `/v1/contacts/${contactId}/timeline`)).body.items[0];
    expect(stored).toMatchObject({ kind: "comment", mentions: [sven.userId] });
  });
});
