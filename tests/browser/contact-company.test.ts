import { describe, expect, it } from "vitest";
import { useConsoleHost } from "../fixtures/browser";

describe("the contact card's company and responsible managers in the console", () => {
  const site = useConsoleHost("card-company");

  async function newContact(firstName: string): Promise<string> {
    const created = await site.admin.api("POST", "/v1/contacts", { firstName, lastName: "Company-Test" });
    expect(created.status).toBe(201);
    return created.body.contactId;
  }

  it("finds a company as you type, picks it with the keyboard, follows the link and unlinks", async () => {
    site.diagnoseOnFailure("pick-company");
    // Prepare: two companies whose names share a word, and a contact without a company.
    const { page, api } = site.admin;
    const picked = await api("POST", "/v1/companies", { name: "Northwind Traders", shortName: "Northwind" });
    const other = await api("POST", "/v1/companies", { name: "Northern Lights" });
    expect([picked.status, other.status]).toEqual([201, 201]);
    const contactId = await newContact("Pavel");
    await page.goto(`${site.url}/contacts/${contactId}`);
    // No company yet: the section is folded into the card's Add strip.
    expect(await page.getByTestId("edit-company").textContent()).toBe("+ Company");
    expect(await page.getByTestId("contact-company").count()).toBe(0);

    // Act: search "north", move down to Northwind with the arrow keys and press Enter.
    await page.getByTestId("edit-company").click();
    // The editor opens where the folded button was: keep the pointer off the choices (hover picks one).
    await page.mouse.move(0, 0);
    const search = page.getByLabel("Find or create a company");
    await search.fill("north");
    const options = page.getByRole("listbox", { name: "Companies" }).getByRole("option");
    await expect.poll(() => options.allTextContents()).toEqual(["Northern Lights", "Northwind Traders · Northwind", "Create company «north»"]);
    await search.press("ArrowDown");
    expect(await options.nth(1).getAttribute("aria-selected")).toBe("true");
    await search.press("Enter");

    // Assess: the summary links to the company; stored on the contact (version 2).
    const link = page.getByTestId("contact-company").getByRole("link", { name: "Northwind Traders" });
    await link.waitFor();
    const stored = (await api("GET", `/v1/contacts/${contactId}`)).body;
    expect(stored).toMatchObject({ version: 2, companyId: picked.body.companyId, company: { name: "Northwind Traders", shortName: "Northwind" } });

    // The link opens the company page, which lists the contact.
    await link.click();
    await page.waitForURL((url) => url.pathname === `/companies/${picked.body.companyId}`);
    await page.getByRole("heading", { name: "Northwind Traders", level: 1 }).waitFor();
    await page.getByTestId("company-contacts").getByRole("link", { name: "Pavel Company-Test" }).waitFor();

    // Unlink: back on the card, the company goes and the contact is stored without it.
    await page.goBack();
    await page.getByTestId("unlink-company").click();
    await expect.poll(() => page.getByTestId("edit-company").textContent()).toBe("+ Company");
    expect(await page.getByTestId("contact-company").count()).toBe(0);
    const unlinked = (await api("GET", `/v1/contacts/${contactId}`)).body;
    expect(unlinked.companyId).toBeUndefined();
    expect(unlinked.version).toBe(3);
  });

  it("creates a new company inline by name with a mouse click, and shows a bad name inline without creating anything", async () => {
    site.diagnoseOnFailure("create-company");
    const { page, api } = site.admin;
    const contactId = await newContact("Vera");
    await page.goto(`${site.url}/contacts/${contactId}`);
    await page.getByTestId("edit-company").click();
    const search = page.getByLabel("Find or create a company");
    const companies = async () => (await api("GET", "/v1/companies?limit=50")).body.items.map((company: { name: string }) => company.name);
    const before = await companies();

    // Act: a placeholder as a name.
    await search.fill("-");
    await page.getByTestId("company-create").click();

    // Assess: the API's message sits under the search box; no company was made, the contact is unchanged.
    const error = page.getByTestId("error-company");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/placeholder/i);
    expect(await search.getAttribute("aria-invalid")).toBe("true");
    expect(await companies()).toEqual(before);
    expect((await api("GET", `/v1/contacts/${contactId}`)).body.version).toBe(1);

    // Act: a real name, picked with the mouse.
    await search.fill("Blue Harbor Logistics");
    await expect.poll(() => page.getByTestId("company-create").textContent()).toBe("Create company «Blue Harbor Logistics»");
    await page.getByTestId("company-create").click();

    // Assess: the company exists (the admin manages it) and the contact links to it.
    await page.getByTestId("contact-company").getByRole("link", { name: "Blue Harbor Logistics" }).waitFor();
    const contact = (await api("GET", `/v1/contacts/${contactId}`)).body;
    const company = (await api("GET", `/v1/companies/${contact.companyId}`)).body;
    expect(company).toMatchObject({ name: "Blue Harbor Logistics" });
    expect(contact.company).toEqual({ companyId: company.companyId, name: "Blue Harbor Logistics" });
    expect(await companies()).toEqual(expect.arrayContaining([...before, "Blue Harbor Logistics"]));
  });

  it("a company created inline whose link fails is said so, and picking it again reuses it rather than making a second", async () => {
    site.diagnoseOnFailure("create-company-unlinked");
    const { page, api } = site.admin;
    const contactId = await newContact("Stale");
    await page.goto(`${site.url}/contacts/${contactId}`);
    // Prepare: someone else changes the contact while the card is open, so the link will get a 412.
    expect((await api("PATCH", `/v1/contacts/${contactId}`, { position: "Buyer" }, { "if-match": '"1"' })).status).toBe(200);
    await page.getByTestId("edit-company").click();
    const search = page.getByLabel("Find or create a company");
    const named = async () => (await api("GET", "/v1/companies?q=Amber%20Quarry&limit=50")).body.items.filter((company: { name: string }) => company.name === "Amber Quarry");

    // Act: create "Amber Quarry" inline; the link is refused (stale card). Then the same choice again.
    await search.fill("Amber Quarry");
    await expect.poll(() => page.getByTestId("company-create").textContent()).toBe("Create company «Amber Quarry»");
    await page.getByTestId("company-create").click();
    await page.getByTestId("company-created-unlinked").waitFor();
    await page.getByTestId("company-create").click();
    await page.getByText("This contact was changed by someone else.").waitFor();

    // Assess: one company of that name, not two; the contact is not linked.
    await expect.poll(async () => (await named()).length).toBe(1);
    expect((await api("GET", `/v1/contacts/${contactId}`)).body.companyId).toBeUndefined();

    // Act: reload the card and pick it. Assess: linked to that one company.
    await page.getByRole("button", { name: "Reload the contact" }).click();
    await page.getByTestId("edit-company").click();
    await page.getByLabel("Find or create a company").fill("Amber Quarry");
    await page.getByTestId("company-choice").filter({ hasText: "Amber Quarry" }).click();
    await page.getByTestId("contact-company").getByRole("link", { name: "Amber Quarry" }).waitFor();
    expect((await api("GET", `/v1/contacts/${contactId}`)).body.companyId).toBe((await named())[0].companyId);
    expect(await named()).toHaveLength(1);
  });

  it("adds a responsible manager and shares the contact read-only; the colleague then sees it", async () => {
    site.diagnoseOnFailure("access");
    const { page, api } = site.admin;
    const olga = await site.createUser("sales", "Olga Access");
    const contactId = await newContact("Lev");
    await page.goto(`${site.url}/contacts/${contactId}`);
    // Names come with the user list, a moment after the card.
    await expect.poll(() => page.getByTestId("contact-ownerIds").textContent()).toBe("Administrator");

    // Act: no manager at all is refused inline; then Olga as a second manager, shared read-only.
    await page.getByTestId("edit-access").click();
    await page.getByTestId("ownerIds").getByLabel("Administrator").uncheck();
    await page.getByTestId("save-access").click();
    await page.getByTestId("error-ownerIds").waitFor();
    expect((await api("GET", `/v1/contacts/${contactId}`)).body.version).toBe(1);
    await page.getByTestId("ownerIds").getByLabel("Administrator").check();
    await page.getByTestId("ownerIds").getByLabel("Olga Access").check();
    await page.getByLabel("Sharing", { exact: true }).selectOption("read");
    await page.getByTestId("save-access").click();

    // Assess: shown, stored, and Olga can now open the card.
    await expect.poll(() => page.getByTestId("contact-ownerIds").textContent()).toBe("Administrator, Olga Access");
    expect(await page.getByTestId("contact-sharing").textContent()).toMatch(/read-only/);
    expect((await api("GET", `/v1/contacts/${contactId}`)).body).toMatchObject({ ownerIds: expect.arrayContaining([olga.userId]), sharing: "read", version: 2 });
    const theirs = await site.signIn(olga);
    expect((await theirs.api("GET", `/v1/contacts/${contactId}`)).status).toBe(200);

    // Act: Olga leaves. Assess: the card still names her as responsible, marked, so her work gets handed over.
    expect((await api("PATCH", `/v1/users/${olga.userId}`, { active: false })).status).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByTestId("contact-ownerIds").textContent()).toBe("Administrator, Olga Access (deactivated)");
  });
});
