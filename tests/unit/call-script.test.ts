import { describe, expect, it } from "vitest";
import { fillScript, scriptPlaceholders, unknownPlaceholders } from "../../packages/core/src/call-lists/script";
import { CallListSettings } from "../../packages/core/src/call-lists/settings";
import * as v from "valibot";

/** The call script's placeholders: one function fills them (the pop), one list checks them (the API). */
describe("call script placeholders", () => {
  it("fills every placeholder with the call's values", () => {
    const script = "Hello {firstName} {lastName} ({name}) from {company}! I'm {operatorName}, calling about «{listName}».";
    expect(
      fillScript(script, { firstName: "Anna", lastName: "Sokolova", name: "Anna Sokolova", company: "Romashka LLC", operatorName: "Olga", listName: "Spring promo" }),
    ).toBe("Hello Anna Sokolova (Anna Sokolova) from Romashka LLC! I'm Olga, calling about «Spring promo».");
  });

  it("fills a placeholder used twice both times, and a missing value (no company) with nothing", () => {
    expect(fillScript("{firstName}, {firstName}! Company: {company}.", { firstName: "Boris" })).toBe("Boris, Boris! Company: .");
  });

  it("leaves braces that are not placeholders as written, and an unknown one visible", () => {
    expect(fillScript("Offer {discount} for { firstName } and {}", { firstName: "Anna" })).toBe("Offer {discount} for { firstName } and {}");
  });

  it("names the unknown placeholders once each, in order", () => {
    expect(unknownPlaceholders("{firstName} {price} {Company} {price}")).toEqual(["price", "Company"]);
    expect(unknownPlaceholders(scriptPlaceholders.map((name) => `{${name}}`).join(" "))).toEqual([]);
  });

  it("is a list setting of at most 4000 characters with only known placeholders", () => {
    expect(v.safeParse(CallListSettings, { script: "Hi {firstName}" }).success).toBe(true);
    const unknown = v.safeParse(CallListSettings, { script: "Hi {first_name} {price}" });
    expect(unknown.success).toBe(false);
    expect(unknown.issues?.[0]?.message).toMatch(/\{first_name\}, \{price\}/);
    expect(v.safeParse(CallListSettings, { script: "x".repeat(4000) }).success).toBe(true);
    expect(v.safeParse(CallListSettings, { script: "x".repeat(4001) }).success).toBe(false);
  });
});
