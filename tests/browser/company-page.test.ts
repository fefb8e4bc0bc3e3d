import { describe, expect, it } from "vitest";
import { useConsoleHost } from "../fixtures/browser";

describe("the company page in the console", () => {
  const site = useConsoleHost("company-page");

  it("edits every kind of company field in place, with inline field errors and nothing saved until they are fixed", async () => {
    site.diagnoseOnFailure("company-edit");
    // Prepare: a company field, a second manager, a company.
    const { page, api } = site.admin;
    const field = await api("POST", "/v1/custom-fields", { entityType: "company", key: "industry", label: "Industry", type: "select", options: ["Retail", "Logistics"] });
    expect(field.status).toBe(201);
    const sam = await site.createUser("sales", "Sam Sales");
    const created = await api("POST", "/v1/companies", { name: "Acme Trading", phones: [{ number: "+74951234567", type: "work" }] });
    const companyId: string = created.body.companyId;
    const stored = async () => (await api("GET", `/v1/companies/${companyId}`)).body;
    await page.goto(`${site.url}/companies/${companyId}`);
    await page.getByRole("heading", { name: "Acme Trading", level: 1 }).waitFor();

    // Act: a web address that is not one, and a second phone that is not a phone.
    await page.getByTestId("edit-company").click();
    await page.getByLabel("Short name").fill("Acme");
    await page.getByLabel("Website").fill("not a web address");
    await page.getByRole("button", { name: "+ Add phone" }).click();
    await page.getByLabel("Phone 2", { exact: true }).fill("abc");
    await page.getByTestId("save-company").click();

    // Assess: each message under its own input, marked invalid; the company is unchanged.
    await page.getByTestId("error-website").waitFor();
    await page.getByTestId("error-phones-1").waitFor();
    expect(await page.getByLabel("Website").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Phone 2", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Phone 1", { exact: true }).getAttribute("aria-invalid")).toBe("false");
    expect((await stored()).version).toBe(1);

    // Act: fix both, and change the rest: email, address, tag, custom field, a second manager.
    await page.getByLabel("Website").fill("https://acme.example.com");
    await page.getByLabel("Phone 2", { exact: true }).fill("8 (916) 000-11-22");
    await page.getByRole("button", { name: "+ Add email" }).click();
    await page.getByLabel("Email 1", { exact: true }).fill("Sales@ACME.example.com");
    await page.getByLabel("Address").fill("Moscow, Tverskaya 1");
    await page.getByLabel("Add a tag").fill("wholesale");
    await page.getByLabel("Industry").selectOption("Retail");
    await page.getByTestId("managerIds").getByLabel("Sam Sales").check();
    await page.getByTestId("save-company").click();

    // Assess: shown in place and stored.
    await expect.poll(() => page.getByTestId("company-shortName").textContent()).toBe("Acme");
    expect(await page.getByTestId("company-website").textContent()).toBe("https://acme.example.com");
    expect(await page.getByTestId("company-custom.industry").textContent()).toBe("Retail");
    expect(await page.getByTestId("company-managerIds").textContent()).toContain("Sam Sales");
    expect(await stored()).toMatchObject({
      version: 2,
      shortName: "Acme",
      website: "https://acme.example.com",
      address: "Moscow, Tverskaya 1",
      phones: [
        { number: "+74951234567", type: "work" },
        { number: "+79160001122", type: "work" },
      ],
      emails: ["Sales@acme.example.com"],
      tags: ["wholesale"],
      custom: { industry: "Retail" },
      managerIds: expect.arrayContaining([sam.userId]),
    });

    // A required field cleared: the name.
    await page.getByTestId("edit-company").click();
    await page.getByLabel("Name", { exact: true }).fill("");
    await page.getByTestId("save-company").click();
    await page.getByTestId("error-name").waitFor();
    expect((await stored()).version).toBe(2);
  });

  it("tells the user when someone else changed the company meanwhile (412) and reloads it", async () => {
    site.diagnoseOnFailure("company-412");
    const { page, api } = site.admin;
    const created = await api("POST", "/v1/companies", { name: "Globex" });
    const companyId: string = created.body.companyId;
    await page.goto(`${site.url}/companies/${companyId}`);
    await page.getByTestId("edit-company").click();
    await page.getByLabel("Short name").fill("GBX");

    // Someone else saves first (version 1 → 2).
    const theirs = await page.evaluate(async (id) => {
      const { access } = JSON.parse(sessionStorage.getItem("callboard.tokens") ?? "{}") as { access?: string };
      const response = await fetch(`/v1/companies/${id}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${access}`, "Content-Type": "application/json", "If-Match": '"1"' },
        body: JSON.stringify({ address: "Springfield" }),
      });
      return response.status;
    }, companyId);
    expect(theirs).toBe(200);

    // Act: our save with the old version.
    await page.getByTestId("save-company").click();

    // Assess: a clear message; nothing of ours stored; Reload shows their change.
    const conflict = page.getByTestId("company-conflict");
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain("changed by someone else");
    expect((await api("GET", `/v1/companies/${companyId}`)).body).toMatchObject({ version: 2, address: "Springfield" });
    expect((await api("GET", `/v1/companies/${companyId}`)).body.shortName).toBeUndefined();
    await page.getByRole("button", { name: "Reload the company" }).click();
    await expect.poll(() => page.getByTestId("company-address").textContent()).toBe("Springfield");
    expect(await conflict.count()).toBe(0);
  });

  it("creates a company from the Companies page, deletes it (admin) and restores it from the Trash page", async () => {
    site.diagnoseOnFailure("company-lifecycle");
    const { page, api } = site.admin;
    await page.goto(`${site.url}/companies`);
    await page.getByLabel("New company").fill("n/a");
    await page.getByTestId("create-company").click();
    await expect.poll(() => page.getByTestId("error-new-company").textContent()).toMatch(/placeholder/i);

    await page.getByLabel("New company").fill("Umbrella Corp");
    await page.getByTestId("create-company").click();
    await page.getByRole("heading", { name: "Umbrella Corp", level: 1 }).waitFor();
    const companyId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
    expect((await api("GET", `/v1/companies/${companyId}`)).body).toMatchObject({ name: "Umbrella Corp", version: 1 });

    await page.getByTestId("delete-company").click();
    await page.getByTestId("confirm-delete-company").click();
    await page.waitForURL((url) => url.pathname === "/companies");
    expect((await api("GET", `/v1/companies/${companyId}`)).status).toBe(404);

    await page.getByRole("link", { name: "Trash" }).click();
    const row = page.getByTestId(`company-trash-${companyId}`);
    await row.waitFor();
    await page.getByTestId(`restore-company-${companyId}`).click();
    await row.waitFor({ state: "detached" });
    await page.getByRole("link", { name: "Open company" }).click();
    await page.getByRole("heading", { name: "Umbrella Corp", level: 1 }).waitFor();
    expect((await api("GET", `/v1/companies/${companyId}`)).status).toBe(200);
  });

  it("pages the company's contacts (no cap)", async () => {
    site.diagnoseOnFailure("company-contacts");
    const { page, api } = site.admin;
    const created = await api("POST", "/v1/companies", { name: "Initech" });
    const companyId: string = created.body.companyId;
    // 23 contacts: a full page of 20 and 3 more.
    const contacts = await Promise.all(
      Array.from({ length: 23 }, (_, index) => api("POST", "/v1/contacts?duplicates=allow", { firstName: `Worker${String(index).padStart(2, "0")}`, lastName: "Initech", companyId })),
    );
    expect(contacts.every((answer) => answer.status === 201)).toBe(true);

    await page.goto(`${site.url}/companies/${companyId}`);
    const rows = page.getByTestId("company-contacts").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(20);
    const first = await rows.allTextContents();
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => rows.count()).toBe(3);
    const second = await rows.allTextContents();
    expect(await page.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
    // Every contact once across the pages.
    const names = [...first, ...second].map((text) => /Worker\d\d Initech/.exec(text)?.[0]);
    expect(new Set(names).size).toBe(23);
    await page.getByRole("button", { name: "Previous" }).click();
    await expect.poll(() => rows.count()).toBe(20);
  });
});
