import type { Browser, Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { ContactDuplicates } from "../../packages/core/src/contacts";
import { noted, Timeline } from "../../packages/core/src/timeline";
import { CONSOLE_ADMIN, recordConsole, useConsoleHost } from "../fixtures/browser";

/**
 * System notes on a card's timeline are stored as data (`note: { kind, values }`) and each reader's
 * console says them in the reader's language, times in the reader's time zone (issue 19): the same
 * card read in Russian (Moscow), Romanian (Chișinău) and English (UTC). The notes are written as the
 * call-list engine and intake write them (system actor).
 */
describe("system notes on the timeline in the reader's language", () => {
  const site = useConsoleHost("timeline-notes");
  const asEngine = <T>(work: () => T): T => withActor({ type: "system", reason: "call-list engine: record" }, work);
  const LIST = "Весенний обзвон";
  // 11:30 UTC: 14:30 in Moscow (UTC+3), 13:30 in Chișinău (UTC+2 in December).
  const CALLBACK_AT = "2026-12-10T11:30:00.000Z";

  /** A context in the reader's language and time zone, signed in through the issuer's form (whatever language it speaks). */
  async function reader(locale: string, timezoneId: string, path: string): Promise<Page> {
    const browser: Browser = site.admin.page.context().browser()!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, timezoneId });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const logs = recordConsole(page);
    onTestFailed(() => console.error(`[browser ${locale}] at ${page.isClosed() ? "(closed)" : page.url()}\n${logs.join("\n")}`));
    await page.goto(`${site.url}${path}`);
    await page.locator('input[name="email"]').fill(CONSOLE_ADMIN.email);
    await page.locator('input[name="password"]').fill(CONSOLE_ADMIN.password);
    await page.locator('input[name="password"]').press("Enter");
    await page.waitForURL((url) => url.pathname === path);
    await page.getByTestId("current-user").waitFor();
    return page;
  }

  async function prepareContact(lastName: string, phone: string): Promise<string> {
    const { api } = site.admin;
    const created = await api("POST", "/v1/contacts", { firstName: "Анна", lastName, phones: [{ number: phone, type: "mobile" }] });
    expect(created.status).toBe(201);
    const contactId: string = created.body.contactId;
    await withActor({ type: "system", reason: "web form" }, () =>
      Timeline.record(contactId, {
        kind: "form",
        ...noted({ kind: "web-form-submitted", values: { formName: "Заявка с сайта" } }),
        submission: { formId: "form-1", formName: "Заявка с сайта", fields: { message: "Позвоните мне" } },
      }),
    );
    await asEngine(() =>
      Timeline.record(contactId, {
        kind: "call",
        ...noted({ kind: "list-call", values: { callListName: LIST, outcome: "no-answer", attempt: 1, maxAttempts: 3, final: false, retryAt: "2026-12-09T07:00:00.000Z" } }),
        call: { outcome: "no-answer", direction: "outbound", phone, attempt: 1, maxAttempts: 3, callListName: LIST },
      }),
    );
    await asEngine(() =>
      Timeline.record(contactId, {
        kind: "note",
        ...noted({ kind: "list-call-disposition", values: { callListName: LIST, disposition: "call-back", afterTimeout: false, callbackAt: CALLBACK_AT, note: "После обеда" } }),
      }),
    );
    return contactId;
  }

  const noteText = (page: Page, kind: string) => page.locator(`[data-testid="activity"][data-note="${kind}"] .activity-text`).textContent();
  const missingTranslations = (page: Page) => page.evaluate(() => window.__missingTranslations ?? []);

  it("reads a call back, an unanswered list call, a web form and an access request in Russian, then the same card in English", async () => {
    site.diagnoseOnFailure("timeline-notes-ru");
    const contactId = await prepareContact("Заметкина", "+79161112233");
    const sales = await site.createUser("sales", "Семён Продажин");
    await withActor({ type: "user", userId: sales.userId, role: "sales" }, () => ContactDuplicates.requestAccess(contactId, { matched: "+79161112233" }));

    // Act: the card, read by a Russian speaker in Moscow.
    const ru = await reader("ru-RU", "Europe/Moscow", `/contacts/${contactId}`);
    await ru.getByRole("heading", { name: "Анна Заметкина", level: 1 }).waitFor();
    await expect.poll(() => ru.getByTestId("activity").count()).toBe(4);

    // Assess: each note in Russian, the call-back time in Moscow time, no ISO timestamp anywhere.
    const callBack = await noteText(ru, "list-call-disposition");
    expect(callBack).toMatch(/^Перезвонить \(обзвон «Весенний обзвон»\): перезвонить 10 дек\. 2026\s?г\., 14:30\. После обеда$/);
    expect(await noteText(ru, "list-call")).toMatch(/^Не ответил \(обзвон «Весенний обзвон», попытка 1 из 3\); следующая попытка 9 дек\. 2026\s?г\., 10:00$/);
    expect(await noteText(ru, "web-form-submitted")).toBe("Заполнена веб-форма «Заявка с сайта»");
    const timeline = (await ru.getByTestId("timeline").textContent()) ?? "";
    expect(timeline).toContain("Веб-форма «Заявка с сайта»");
    expect(timeline).toContain("Исходящий звонок");
    expect(timeline).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    expect(timeline).not.toMatch(/call list|Call back|Unanswered/);
    // The access request in the bell, in Russian.
    await ru.getByTestId("notifications-bell").click();
    expect(await ru.getByTestId("notification").first().locator("p").textContent()).toBe("Семён Продажин просит доступ к контакту Анна Заметкина.");
    expect(await missingTranslations(ru)).toEqual([]);
    await ru.context().close();

    // The same card in English (UTC): the English sentences, the time in UTC as en-GB writes it.
    const en = await reader("en-GB", "UTC", `/contacts/${contactId}`);
    await expect.poll(() => en.getByTestId("activity").count()).toBe(4);
    expect(await noteText(en, "list-call-disposition")).toMatch(/^Call back \(call list «Весенний обзвон»\): call back at 10 Dec 2026, 11:30\. После обеда$/);
    expect(await noteText(en, "list-call")).toMatch(/^Unanswered call \(call list «Весенний обзвон», attempt 1 of 3\); next attempt 9 Dec 2026, 07:00$/);
    expect(await noteText(en, "web-form-submitted")).toBe("Web form «Заявка с сайта» submitted");
    expect(await missingTranslations(en)).toEqual([]);
    await en.context().close();
  });

  it("reads a contact's call back and a company's skipped call in Romanian, and shows the stored text for a note it cannot read", async () => {
    site.diagnoseOnFailure("timeline-notes-ro");
    const contactId = await prepareContact("Записочкина", "+79161112244");
    // An older row: English text only, no note.
    await asEngine(() => Timeline.record(contactId, { kind: "note", text: "Legacy engine note" }));
    const company = await site.admin.api("POST", "/v1/companies", { name: "Vinăria Codru" });
    expect(company.status).toBe(201);
    const companyId: string = company.body.companyId;
    await asEngine(() =>
      Timeline.recordForCompany(companyId, { kind: "note", ...noted({ kind: "list-call-skipped", values: { callListName: "Toamna", reason: "no-phone", subject: "company" } }) }),
    );

    // Act: the contact's card, read by a Romanian speaker in Chișinău.
    const ro = await reader("ro-RO", "Europe/Chisinau", `/contacts/${contactId}`);
    await expect.poll(() => ro.getByTestId("activity").count()).toBe(5);

    // Assess: Romanian, Chișinău time; the legacy row as stored.
    expect(await noteText(ro, "list-call-disposition")).toMatch(/^Revenire \(lista de apeluri «Весенний обзвон»\): revenire la 10 dec\. 2026, 13:30\. После обеда$/);
    expect(await noteText(ro, "list-call")).toMatch(/^Apel fără răspuns \(lista de apeluri «Весенний обзвон», încercarea 1 din 3\); următoarea încercare 9 dec\. 2026, 09:00$/);
    expect(await noteText(ro, "web-form-submitted")).toBe("Formularul web «Заявка с сайта» a fost trimis");
    expect(await ro.getByTestId("activity").first().locator(".activity-text").textContent()).toBe("Legacy engine note");

    // The company's timeline says its skipped call in Romanian too.
    await ro.goto(`${site.url}/companies/${companyId}`);
    const skipped = ro.locator('[data-testid="company-activity"][data-note="list-call-skipped"] .activity-text');
    await expect.poll(() => skipped.textContent()).toBe("Nu s-a sunat (lista de apeluri «Toamna»): compania nu are număr de telefon.");

    expect(await missingTranslations(ro)).toEqual([]);

    // The companies list, the trash and the duplicates queue speak Romanian too, with no key missing.
    for (const [path, heading] of [
      ["/companies", "Companii"],
      ["/trash", "Coș"],
      ["/admin/duplicates", "Duplicate"],
    ]) {
      await ro.goto(`${site.url}${path}`);
      await ro.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await ro.locator(".loading").first().waitFor({ state: "detached" });
      expect(await missingTranslations(ro), path).toEqual([]);
    }
    await ro.context().close();
  });
});
