import { afterAll, describe, expect, it } from "vitest";
import { i18n, resolveLanguage, switchLanguage } from "../../packages/web/src/i18n";
import { fieldErrorText, fieldLabel, labelledFieldError, problemText } from "../../packages/web/src/i18n/errors";
import { formatDateTime, formatDuration, formatNumber, formatPhone, setOrganizationCountry } from "../../packages/web/src/i18n/format";

// Issue 19: dates, numbers, durations and phones in the reader's language; errors named by label.
afterAll(() => switchLanguage("en", { remember: false }));

describe("the console's language", () => {
  it("is the user's choice, else the browser's, else the organization's", () => {
    expect(resolveLanguage({ user: "ro", organization: "ru", browser: ["en-US"] })).toBe("ro");
    expect(resolveLanguage({ organization: "ru", browser: ["ro-MD", "en"] })).toBe("ro");
    expect(resolveLanguage({ organization: "ro", browser: ["de-DE", "fr"] })).toBe("ro");
    expect(resolveLanguage({ browser: ["de"] })).toBe("ru");
  });
});

describe("formats", () => {
  it("shows phones national in the organization's country, international elsewhere", () => {
    setOrganizationCountry("RU");
    expect(formatPhone("+74951112239")).toBe("8 (495) 111-22-39");
    // libphonenumber's own grouping for Moldovan mobiles (069 12 34 56 is not how it writes them).
    expect(formatPhone("+37369123456")).toBe("+373 691 23 456");
    setOrganizationCountry("MD");
    expect(formatPhone("+37369123456")).toBe("0691 23 456");
    setOrganizationCountry("RU");
    expect(formatPhone("not a phone")).toBe("not a phone");
  });

  it("writes dates, numbers and durations in the reader's language, never ISO", async () => {
    const at = "2026-12-05T14:30:00.000Z";
    await switchLanguage("ru", { remember: false });
    expect(formatDateTime(at)).not.toContain("2026-12-05");
    expect(formatDateTime(at)).toMatch(/дек/);
    expect(formatNumber(1234.5)).toBe("1\u00a0234,5");
    expect(formatDuration(3725)).toBe("1 ч 2 мин");
    expect(formatDuration(45)).toBe("45 с");
    await switchLanguage("ro", { remember: false });
    expect(formatDateTime(at)).toMatch(/dec/);
    expect(formatDuration(125)).toMatch(/^2 min\.,? 5 s$/);
    await switchLanguage("en", { remember: false });
    expect(formatDuration(125)).toBe("2 min 5 sec");
  });
});

describe("field errors a person can read", () => {
  it("says what is wrong in the reader's language, with the field's label and not its path", async () => {
    const bad = { field: "phones[0].number", message: "Not a valid phone number for RU.", code: "invalid-phone" as const, values: { country: "RU" } };
    await switchLanguage("ru", { remember: false });
    expect(labelledFieldError(bad)).toBe("Телефон 1: неверный номер для страны «Россия»");
    expect(fieldErrorText({ message: "Required.", code: "required" })).toBe("обязательное поле");
    expect(fieldErrorText({ message: "At most 200 characters.", code: "too-long", values: { max: 200 } })).toBe("не длиннее 200 символов");
    expect(fieldLabel("body.lastName")).toBe("Фамилия");
    expect(problemText({ status: 412, title: "Precondition failed" })).toMatch(/изменил/);
    await switchLanguage("ro", { remember: false });
    expect(labelledFieldError(bad)).toBe("Telefon 1: nu este un număr valid pentru Rusia");
    await switchLanguage("en", { remember: false });
    expect(labelledFieldError(bad)).toBe("Phone 1: not a valid number for Russia");
    expect(i18n.language).toBe("en");
  });
});
