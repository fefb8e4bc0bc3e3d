import { describe, expect, it } from "vitest";
import { signSimulatorEvent, twilioSignature, verifySimulatorSignature, verifyTwilioSignature } from "../../packages/core/src/telephony/signature";

/** Twilio's own documented example (security docs and its helper libraries' tests). */
const twilioExample = {
  authToken: "12345",
  url: "https://mycompany.com/myapp.php?foo=1&bar=2",
  params: { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" },
  signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
};

describe("Twilio request signature", () => {
  it("reproduces Twilio's documented example", () => {
    expect(twilioSignature(twilioExample.authToken, twilioExample.url, twilioExample.params)).toBe(twilioExample.signature);
  });

  it("verifies the example whatever order the form fields arrive in", () => {
    const shuffled = new URLSearchParams(Object.entries(twilioExample.params).reverse());
    expect(verifyTwilioSignature(twilioExample.authToken, twilioExample.url, shuffled, twilioExample.signature)).toBe(true);
  });

  it("accepts the URL with the default port added", () => {
    const params = new URLSearchParams(twilioExample.params);
    const withPort = twilioSignature("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", params);
    expect(verifyTwilioSignature("12345", twilioExample.url, params, withPort)).toBe(true);
  });

  it.each([
    ["another token", { authToken: "54321" }],
    ["another URL", { url: "https://mycompany.com/myapp.php?foo=1&bar=3" }],
    ["a changed field", { params: { ...twilioExample.params, Digits: "1235" } }],
    ["an added field", { params: { ...twilioExample.params, CallStatus: "completed" } }],
  ])("rejects the example signature with %s", (_name, change) => {
    const example = { ...twilioExample, ...change };
    expect(verifyTwilioSignature(example.authToken, example.url, new URLSearchParams(example.params), twilioExample.signature)).toBe(false);
  });

  it("rejects a signature of another length without throwing", () => {
    expect(verifyTwilioSignature("12345", twilioExample.url, new URLSearchParams(twilioExample.params), "short")).toBe(false);
  });
});

describe("simulator signature", () => {
  it("signs timestamp and body with HMAC-SHA256 and verifies only the same pair", () => {
    const signature = signSimulatorEvent("secret", 1_700_000_000, '{"a":1}');
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifySimulatorSignature("secret", 1_700_000_000, '{"a":1}', signature)).toBe(true);
    expect(verifySimulatorSignature("secret", 1_700_000_001, '{"a":1}', signature)).toBe(false);
    expect(verifySimulatorSignature("secret", 1_700_000_000, '{"a":2}', signature)).toBe(false);
    expect(verifySimulatorSignature("other", 1_700_000_000, '{"a":1}', signature)).toBe(false);
  });
});
