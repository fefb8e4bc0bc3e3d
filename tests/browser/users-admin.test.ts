import { describe, expect, it } from "vitest";
import { CONSOLE_ADMIN, recordConsole, screenshot, signInThroughForm, USER_PASSWORD, useConsoleHost } from "../fixtures/browser";

describe("users admin page in the console", () => {
  const site = useConsoleHost("users-admin");

  it("creates a user, changes role and team in place, deactivates (no sign-in) and reactivates (sign-in works)", async () => {
    site.diagnoseOnFailure("users-admin");
    const { page, api } = site.admin;
    const email = `vera-${Date.now()}@callboard.test`;

    // Act: create Vera through the form.
    await page.goto(`${site.url}/admin/users`);
    await page.getByLabel("Name", { exact: true }).fill("Vera Newcomer");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("sales");
    await page.getByLabel("Password", { exact: true }).fill(USER_PASSWORD);
    await page.getByRole("button", { name: "Create user" }).click();
    await page.getByText(`Vera Newcomer (${email}) can now sign in as Sales.`).waitFor();
    const row = page.getByTestId("users").locator("tbody tr", { hasText: email });
    await row.waitFor();
    const userId = (await row.getAttribute("data-testid"))!.replace(/^user-/, "");
    const stored = async () => ((await api("GET", "/v1/users")).body.items as { userId: string; role: string; teamId?: string; active: boolean }[]).find((user) => user.userId === userId);
    expect(await stored()).toMatchObject({ role: "sales", active: true });

    // Act: role and team, in the row.
    await row.getByTestId("user-role").selectOption("manager");
    await expect.poll(async () => (await stored())?.role).toBe("manager");
    // The answer reaches the page a moment after the row changed: wait for the page, not the table.
    await expect.poll(() => row.getByTestId("user-role").isEnabled()).toBe(true);
    expect(await row.getByTestId("user-role").inputValue()).toBe("manager");
    await row.getByTestId("user-team").fill("North Team!");
    await row.getByTestId("save-team").click();
    // A malformed team: the API's field error next to the team input, nothing saved.
    await expect.poll(() => row.getByTestId("error-teamId").textContent()).toMatch(/A team ID is 1–40 characters/);
    expect(await row.getByTestId("user-team").getAttribute("aria-invalid")).toBe("true");
    expect((await stored())?.teamId).toBeUndefined();
    await row.getByTestId("user-team").fill("north");
    await row.getByTestId("save-team").click();
    await expect.poll(async () => (await stored())?.teamId).toBe("north");
    expect(await row.getByTestId("error-teamId").count()).toBe(0);
    expect(await row.getByTestId("save-team").isDisabled()).toBe(true);

    // Act: deactivate. Assess: the row is marked; the API says so.
    await row.getByTestId("toggle-active").click();
    await expect.poll(() => row.getByTestId("user-status").textContent()).toBe("Deactivated");
    expect(await row.getAttribute("data-active")).toBe("false");
    expect(await row.getAttribute("class")).toContain("user-inactive");
    expect(await row.getByTestId("toggle-active").textContent()).toBe("Reactivate");
    expect(await stored()).toMatchObject({ active: false, role: "manager", teamId: "north" });

    // Assess: pickers no longer offer her (operators of a new call list).
    await page.goto(`${site.url}/call-lists/new`);
    await page.getByText("Operators").waitFor();
    await page.locator('[data-testid^="operator-"]').first().waitFor();
    expect(await page.getByTestId(`operator-${userId}`).count()).toBe(0);

    // Assess: she cannot sign in; the sign-in page says why.
    const browser = page.context().browser()!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
    context.setDefaultTimeout(10_000);
    try {
      const vera = await context.newPage();
      const veraLogs = recordConsole(vera);
      await vera.goto(`${site.url}/contacts`);
      await vera.locator('input[name="email"]').fill(email);
      await vera.locator('input[name="password"]').fill(USER_PASSWORD);
      await vera.getByRole("button", { name: "Sign in" }).click();
      await vera.getByText("This account is deactivated. Ask an administrator.").waitFor();
      expect(new URL(vera.url()).pathname).not.toBe("/contacts");

      // Act: reactivate. Assess: she signs in and sees the console as herself.
      await page.goto(`${site.url}/admin/users`);
      await row.getByTestId("toggle-active").click();
      await expect.poll(() => row.getByTestId("user-status").textContent()).toBe("Active");
      expect(await row.getAttribute("data-active")).toBe("true");
      expect((await stored())?.active).toBe(true);
      await signInThroughForm(vera, site.url, { email, password: USER_PASSWORD });
      expect(await vera.getByTestId("current-user").textContent()).toContain("Vera Newcomer");
      expect(veraLogs.filter((line) => line.startsWith("[pageerror]"))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows the API's refusal next to the control: deactivating yourself, demoting the last admin", async () => {
    site.diagnoseOnFailure("users-admin-self");
    const { page, api } = site.admin;
    await page.goto(`${site.url}/admin/users`);
    const mine = page.getByTestId("users").locator("tbody tr", { hasText: CONSOLE_ADMIN.email });
    await mine.waitFor();
    expect(await mine.textContent()).toContain("You");

    // Act: deactivate myself. Assess: the 409's message by the button; still active.
    await mine.getByTestId("toggle-active").click();
    await expect.poll(() => mine.getByTestId("error-active").textContent()).toBe("You cannot deactivate yourself; ask another admin.");
    expect(await mine.getByTestId("toggle-active").getAttribute("aria-invalid")).toBe("true");
    expect(await mine.getByTestId("user-status").textContent()).toBe("Active");
    const me = (await api("GET", "/v1/me")).body;
    expect(me).toMatchObject({ active: true, role: "admin" });

    // Act: demote myself, the only admin. Assess: the message by the role; the select shows admin again.
    await mine.getByTestId("user-role").selectOption("manager");
    await expect.poll(() => mine.getByTestId("error-role").textContent()).toMatch(/is the last active admin; make another user an admin first\.$/);
    expect(await mine.getByTestId("user-role").inputValue()).toBe("admin");
    expect(await mine.getByTestId("error-active").count()).toBe(0);
    expect((await api("GET", "/v1/me")).body.role).toBe("admin");
  });
  it("in Romanian: the table, roles and refusals in Romanian, a bad team's rule next to the team", async () => {
    site.diagnoseOnFailure("users-admin-ro");
    const browser = site.admin.page.context().browser()!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ro-RO" });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const logs = recordConsole(page);
    try {
      await signInThroughForm(page, site.url, CONSOLE_ADMIN, "/admin/users");
      await page.getByRole("heading", { name: "Utilizatori", exact: true }).waitFor();
      const table = page.getByTestId("users");
      expect(await table.locator("thead th").allTextContents()).toEqual(["Nume", "E-mail", "Rol", "Echipă", "Stare"]);
      const mine = table.locator("tbody tr", { hasText: CONSOLE_ADMIN.email });
      expect(await mine.getByTestId("user-role").locator("option").allTextContents()).toEqual(["Administrator", "Manager", "Vânzări", "Marketing", "Operator"]);
      expect(await mine.getByTestId("user-status").textContent()).toBe("Activ");
      // No ISO timestamp: the date in Romanian.
      expect(await mine.locator(".since").textContent()).toMatch(/^din \d{1,2} \p{L}+\.? \d{4}/u);

      await mine.getByTestId("toggle-active").click();
      await expect.poll(() => mine.getByTestId("error-active").textContent()).toBe("Nu vă puteți dezactiva singur: rugați alt administrator.");
      await mine.getByTestId("user-team").fill("Echipa Nord!");
      await mine.getByTestId("save-team").click();
      await expect.poll(() => mine.getByTestId("error-teamId").textContent()).toBe("Codul echipei are 1–40 caractere: litere latine mici, cifre, - și _.");

      await page.getByLabel("Nume", { exact: true }).fill("Ana Nouă");
      await page.getByLabel("E-mail", { exact: true }).fill("ana-ro@callboard.test");
      await page.getByLabel("Parolă", { exact: true }).fill("scurtă");
      await page.getByRole("button", { name: "Creează utilizatorul" }).click();
      await expect.poll(() => page.getByTestId("error-password").textContent()).toBe("cel puțin 10 caractere");
      expect(await page.evaluate(() => (window as { __missingTranslations?: string[] }).__missingTranslations ?? [])).toEqual([]);
      expect(logs.filter((line) => line.startsWith("[pageerror]"))).toEqual([]);
    } catch (error) {
      console.error(`[browser] users-admin-ro at ${page.url()}; screenshot: ${await screenshot(page, "users-admin-ro")}`);
      throw error;
    } finally {
      await context.close();
    }
  });
});
