import { describe, expect, it } from "vitest";
import { TelephonyConfigError, telephonyFromEnv } from "../../packages/core/src/telephony/config";
import { TelephonyUnavailableError, type TelephonyProvider } from "../../packages/core/src/telephony/port";
import { placeCallWithRetry } from "../../packages/core/src/telephony/retry";
import { twilioOutcome, twilioStatusCallbackUrl, type TwilioCallStatus } from "../../packages/core/src/telephony/twilio";
import { decideBehaviour, parseSimulatorRules } from "../../packages/functions/src/local/telephony-simulator";

describe("Twilio CallStatus / AnsweredBy → outcome", () => {
  it.each<[TwilioCallStatus, string | undefined, string | undefined]>([
    ["queued", undefined, undefined],
    ["initiated", undefined, undefined],
    ["ringing", undefined, undefined],
    ["in-progress", "human", "answered"],
    ["in-progress", "unknown", "answered"],
    ["in-progress", undefined, "answered"],
    ["answered", "human", "answered"],
    ["completed", "human", "answered"],
    ["in-progress", "machine_start", "machine"],
    ["in-progress", "machine_end_beep", "machine"],
    ["in-progress", "machine_end_silence", "machine"],
    ["completed", "machine_end_other", "machine"],
    ["in-progress", "fax", "machine"],
    ["busy", undefined, "busy"],
    ["no-answer", undefined, "no-answer"],
    ["failed", undefined, "failed"],
    ["canceled", undefined, "failed"],
  ])("%s / %s → %s", (status, answeredBy, outcome) => {
    expect(twilioOutcome(status, answeredBy)).toBe(outcome);
  });

  it("builds the status callback URL with our callId in the (signed) query", () => {
    expect(twilioStatusCallbackUrl("https://crm.example.com/", "call 1/2")).toBe("https://crm.example.com/v1/telephony/twilio/status?callId=call%201%2F2");
  });
});

describe("placeCallWithRetry", () => {
  const input = { callId: "c1", to: "+15550000004", ringTimeoutSeconds: 30 };
  function scripted(results: (Error | string)[]) {
    const seen: string[] = [];
    const provider: TelephonyProvider = {
      name: "scripted",
      async placeCall(call) {
        seen.push(call.callId);
        const next = results.shift();
        if (next instanceof Error) throw next;
        return { providerCallId: next ?? "P" };
      },
      getCall: async (providerCallId) => ({ providerCallId }),
    };
    return { provider, seen };
  }

  it("retries retryable errors with doubling backoff and the same callId", async () => {
    const { provider, seen } = scripted([new TelephonyUnavailableError("503"), new TelephonyUnavailableError("timeout"), "P9"]);
    const waits: number[] = [];
    const placed = await placeCallWithRetry(provider, input, { attempts: 4, backoffMs: 100, sleep: async (ms) => void waits.push(ms) });
    expect(placed).toEqual({ providerCallId: "P9" });
    expect(waits).toEqual([100, 200]);
    expect(seen).toEqual(["c1", "c1", "c1"]);
  });

  it("throws the last error after the last attempt", async () => {
    const last = new TelephonyUnavailableError("still down");
    const { provider, seen } = scripted([new TelephonyUnavailableError("down"), last]);
    await expect(placeCallWithRetry(provider, input, { attempts: 2, backoffMs: 1, sleep: async () => {} })).rejects.toBe(last);
    expect(seen).toHaveLength(2);
  });

  it.each([
    ["a 4xx", new TelephonyUnavailableError("400 bad number", false)],
    ["an unexpected error", new TypeError("bug")],
  ])("does not retry %s", async (_name, error) => {
    const { provider, seen } = scripted([error, "never"]);
    await expect(placeCallWithRetry(provider, input, { attempts: 3, backoffMs: 1, sleep: async () => {} })).rejects.toBe(error);
    expect(seen).toHaveLength(1);
  });
});

describe("simulator rules", () => {
  it.each([
    ["+15550000000", "no-answer"],
    ["+15550000001", "busy"],
    ["+15550000002", "failed"],
    ["+15550000003", "machine"],
    ["+15550000004", "answered"],
  ])("by default treats %s as %s", (to, behaviour) => {
    expect(decideBehaviour({}, to, 0)).toBe(behaviour);
  });

  it("lets exact numbers beat last digits, merges digits over the defaults, and repeats a sequence's last step", () => {
    const rules = { lastDigit: { "4": "busy" as const }, numbers: { "+15550000000": ["busy" as const, "answered" as const] }, otherwise: "no-answer" as const };
    expect([0, 1, 2, 5].map((i) => decideBehaviour(rules, "+15550000000", i))).toEqual(["busy", "answered", "answered", "answered"]);
    expect(decideBehaviour(rules, "+15550000004", 0)).toBe("busy");
    expect(decideBehaviour(rules, "+15550000001", 0)).toBe("busy");
    expect(decideBehaviour(rules, "+15550000009", 0)).toBe("no-answer");
  });

  it("parses the documented JSON format and names a bad field", () => {
    expect(parseSimulatorRules('{"numbers":{"+15550001111":["error-500","answered"]},"lastDigit":{"7":"no-callback"}}', "SIMULATOR_RULES")).toEqual({
      numbers: { "+15550001111": ["error-500", "answered"] },
      lastDigit: { "7": "no-callback" },
    });
    expect(() => parseSimulatorRules('{"lastDigit":{"7":"explode"}}', "SIMULATOR_RULES")).toThrow(/SIMULATOR_RULES: lastDigit\.7: One of/);
    expect(() => parseSimulatorRules('{"always":"busy"}', "SIMULATOR_RULES")).toThrow(/always/);
    expect(() => parseSimulatorRules("{nope", "SIMULATOR_RULES")).toThrow(/not JSON/);
  });
});

describe("telephonyFromEnv", () => {
  it("defaults to the simulator and needs its URL and secret", () => {
    expect(() => telephonyFromEnv({})).toThrow(/SIMULATOR_URL, SIMULATOR_SECRET/);
    expect(telephonyFromEnv({ SIMULATOR_URL: "http://localhost:1", SIMULATOR_SECRET: "s" }).name).toBe("simulator");
  });

  it("builds Twilio from its four variables and names the missing ones", () => {
    expect(() => telephonyFromEnv({ TELEPHONY_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: "AC1" })).toThrow(
      new TelephonyConfigError("TELEPHONY_PROVIDER=twilio needs TWILIO_AUTH_TOKEN, TWILIO_FROM, PUBLIC_URL."),
    );
    const env = { TELEPHONY_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: "AC1", TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: "+15550000000", PUBLIC_URL: "https://x" };
    expect(telephonyFromEnv(env).name).toBe("twilio");
  });

  it("refuses an unknown provider and a bad rate", () => {
    expect(() => telephonyFromEnv({ TELEPHONY_PROVIDER: "vonage" })).toThrow(/one of simulator, twilio/);
    expect(() => telephonyFromEnv({ SIMULATOR_URL: "http://x", SIMULATOR_SECRET: "s", TELEPHONY_CALLS_PER_SECOND: "fast" })).toThrow(/TELEPHONY_CALLS_PER_SECOND/);
  });
});
