import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../packages/core/src/errors";
import { EmailField, isPlaceholder } from "../../packages/core/src/contacts/fields";
import { displayName } from "../../packages/core/src/contacts/naming";
import { normalizePhone } from "../../packages/core/src/contacts/phone";
import { decodeCursor, encodeCursor } from "../../packages/core/src/storage/cursor";

describe("normalizePhone", () => {
  it.each(["8 (916) 123-45-67", "+7 916 1234567", "89161234567", "+7 (916) 123-45-67"])("reads %s as +79161234567", (input) => {
    expect(normalizePhone(input, "RU")).toEqual({ ok: true, e164: "+79161234567" });
  });
  it("uses the default country only for national formats", () => {
    expect(normalizePhone("+40 721 234 567", "RU")).toEqual({ ok: true, e164: "+40721234567" });
  });
  it.each(["123", "abc", "+7 916 123", ""])("rejects %j", (input) => {
    expect(normalizePhone(input, "RU").ok).toBe(false);
  });
  // Right length, but no such numbers in the country's numbering plan.
  it.each(["+7 000 123-45-67", "+7 600 123-45-67", "+1 555 555 5555", "+380 00 123 4567", "+373 10 123 456"])("rejects %j, a number of the right length that the country never issues", (input) => {
    expect(normalizePhone(input, "RU").ok).toBe(false);
  });
  it("says where an email typed into a phone field belongs", () => {
    const result = normalizePhone("anna@example.com", "RU");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/email field/);
  });
});

describe("field hygiene", () => {
  it.each(["-", ".", "—", "n/a", "N/A", "нет", "   ", "...", "?"])("treats %j as a placeholder", (text) => {
    expect(isPlaceholder(text)).toBe(true);
  });
  it.each(["Anna", "Ан", "O'Neil", "A.B."])("accepts %j", (text) => {
    expect(isPlaceholder(text)).toBe(false);
  });
  it("lower-cases the email domain only, and refuses a phone in an email field", () => {
    expect(v.parse(EmailField, " Anna.P@Example.COM ")).toBe("Anna.P@example.com");
    const result = v.safeParse(EmailField, "+7 916 123-45-67");
    expect(result.success).toBe(false);
    expect(result.issues?.[0]?.message).toMatch(/phone field/);
  });
});

describe("displayName (seed 000 priority)", () => {
  it("prefers first + last, then first + phone, then first + email", () => {
    expect(displayName({ firstName: "Anna", lastName: "Petrova", phones: [{ number: "+79161234567" }], emails: [] })).toBe("Anna Petrova");
    expect(displayName({ firstName: "Anna", phones: [{ number: "+79161234567" }], emails: [{ address: "a@x.io" }] })).toBe("Anna +79161234567");
    expect(displayName({ firstName: "Anna", phones: [], emails: [{ address: "a@x.io" }] })).toBe("Anna a@x.io");
    expect(displayName({ phones: [], emails: [{ address: "a@x.io" }] })).toBe("a@x.io");
  });
});

describe("page cursors", () => {
  it("round-trips, refuses any change, and only continues the query it came from", () => {
    const cursor = encodeCursor('{"pk":"a","sk":"b"}', "contacts:owner:u1")!;
    expect(decodeCursor(cursor, "contacts:owner:u1")).toBe('{"pk":"a","sk":"b"}');
    const [payload, mac] = cursor.split(".");
    const tampered = `${Buffer.from('{"pk":"z","sk":"b"}').toString("base64url")}.${mac}`;
    for (const [bad, context] of [[tampered, "contacts:owner:u1"], [`${payload}`, "contacts:owner:u1"], [`${payload}.${mac}.x`, "contacts:owner:u1"], [cursor, "contacts:owner:u2"]] as const) {
      const error = (() => {
        try {
          decodeCursor(bad, context);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ field: "cursor", message: expect.stringMatching(/Invalid cursor/), code: "invalid-cursor" }]);
    }
  });
});
