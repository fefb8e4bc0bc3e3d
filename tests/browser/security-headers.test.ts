import { crc32, deflateSync } from "node:zlib";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useConsoleHost } from "../fixtures/browser";

// Issue 15, item 11: the console, the sign-in pages and /docs sent no CSP, nosniff, framing or
// referrer headers (the sign-in page could be framed). They must now, and every page must still
// work under the policy: no violation anywhere.

/** A one-colour 4×4 PNG (the photo on the card is shown from a blob: URL). */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.from([0, ...Array.from({ length: 4 }, () => [20, 120, 220]).flat()]);
  const pixels = deflateSync(Buffer.concat([row, row, row, row]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}

/** Every `securitypolicyviolation` the page's documents fire, from their first script on. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const seen = JSON.parse(sessionStorage.getItem("csp.violations") ?? "[]") as string[];
      seen.push(`${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
      sessionStorage.setItem("csp.violations", JSON.stringify(seen));
    });
  });
}
const violations = (page: Page) => page.evaluate(() => JSON.parse(sessionStorage.getItem("csp.violations") ?? "[]") as string[]);

function expectSecurityHeaders(headers: Record<string, string>, where: string) {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, where).toContain("frame-ancestors 'none'");
  expect(csp, where).toContain("script-src 'self'");
  expect(csp, where).toContain("object-src 'none'");
  expect(headers["x-content-type-options"], where).toBe("nosniff");
  expect(headers["x-frame-options"], where).toBe("DENY");
  expect(headers["referrer-policy"], where).toBe("no-referrer");
}

describe("security headers", () => {
  const site = useConsoleHost("security-headers");

  it("are sent by the console, the sign-in page and /docs, and no page of them violates the policy", async () => {
    site.diagnoseOnFailure("security-headers");
    // Prepare: a contact with a photo, a company, a call list, so the detail pages have content.
    const { page, api, logs } = site.admin;
    await watchViolations(page);
    const contact = await api("POST", "/v1/contacts", { firstName: "Vera", lastName: "Policy", phones: [{ number: "+79161234567", type: "mobile" }] });
    const contactId: string = contact.body.contactId;
    const uploaded = await page.evaluate(
      async ({ id, bytes }) => {
        const { access } = JSON.parse(sessionStorage.getItem("callboard.tokens") ?? "{}") as { access?: string };
        const response = await fetch(`/v1/contacts/${id}/photo`, { method: "PUT", headers: { Authorization: `Bearer ${access}`, "Content-Type": "image/png" }, body: new Uint8Array(bytes) });
        return response.status;
      },
      { id: contactId, bytes: [...png()] },
    );
    expect(uploaded).toBeLessThan(300);
    const company = await api("POST", "/v1/companies", { name: "Policy Ltd" });
    const list = await api("POST", "/v1/call-lists", { name: "Policy calls", operatorIds: [], entries: [{ contactId }] });

    // Act: every main page of the console, then /docs.
    const paths = [
      "/contacts",
      "/contacts/new",
      `/contacts/${contactId}`,
      "/companies",
      `/companies/${company.body.companyId}`,
      "/call-lists",
      "/call-lists/new",
      ...(list.status === 201 ? [`/call-lists/${list.body.listId ?? list.body.callListId}`] : []),
      "/trash",
      "/imports",
      "/admin/users",
      "/admin/custom-fields",
      "/admin/forms",
      "/admin/duplicates",
      "/docs",
    ];
    for (const path of paths) {
      const response = await page.goto(`${site.url}${path}`);
      expectSecurityHeaders(response!.headers(), path);
      await page.waitForLoadState("networkidle");
    }
    // The photo was drawn from its blob: URL (img-src allows it).
    await page.goto(`${site.url}/contacts/${contactId}`);
    await expect.poll(() => page.locator("img").evaluateAll((images) => images.some((image) => (image as HTMLImageElement).src.startsWith("blob:") && (image as HTMLImageElement).naturalWidth === 4))).toBe(true);

    // The sign-in page, in a fresh session: headers on the form, and signing in still works.
    const user = await site.createUser("sales", "Sasha Policy");
    const fresh = await page.context().browser()!.newContext();
    const signInPage = await fresh.newPage();
    await watchViolations(signInPage);
    await signInPage.goto(`${site.url}/contacts`);
    await signInPage.locator('input[name="email"]').waitFor();
    const formHeaders = await signInPage.evaluate(async () => Object.fromEntries((await fetch(location.href)).headers));
    expectSecurityHeaders(formHeaders, `sign-in page ${signInPage.url()}`);
    await signInPage.locator('input[name="email"]').fill(user.email);
    await signInPage.locator('input[name="password"]').fill(user.password);
    await signInPage.getByRole("button", { name: "Sign in" }).click();
    await signInPage.waitForURL((url) => url.pathname === "/contacts");
    await signInPage.getByTestId("current-user").waitFor();

    // Assess: no violation, as events or as console errors, on any page.
    expect(await violations(page)).toEqual([]);
    expect(await violations(signInPage)).toEqual([]);
    expect(logs.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
    await fresh.close();
  }, 120_000);
});
