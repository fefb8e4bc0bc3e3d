import { describe, expect, it } from "vitest";
import { phoneProblemOf } from "../../packages/web/src/voice/phone-problem";
import en from "../../packages/web/src/i18n/locales/en/softphone.json";

/** Issue 19: the softphone says why it cannot take calls (no microphone, blocked, signed out), not just "unavailable". */
describe("the softphone's problems", () => {
  it("reads the microphone errors of Twilio's SDK and of the browser", () => {
    expect(phoneProblemOf({ code: 31402, name: "AcquisitionFailedError" })).toBe("no-microphone");
    expect(phoneProblemOf(Object.assign(new Error("Requested device not found"), { name: "NotFoundError" }))).toBe("no-microphone");
    expect(phoneProblemOf({ code: 31401, name: "PermissionDeniedError" })).toBe("microphone-denied");
    expect(phoneProblemOf(Object.assign(new Error("Permission denied"), { name: "NotAllowedError" }))).toBe("microphone-denied");
  });

  it("reads an ended session as not signed in, and anything else as unknown", () => {
    expect(phoneProblemOf(Object.assign(new Error("Your session has ended."), { name: "SignInRequired" }))).toBe("signed-out");
    expect(phoneProblemOf({ name: "ApiError", status: 401 })).toBe("signed-out");
    expect(phoneProblemOf({ name: "ApiError", status: 503 })).toBeUndefined();
    expect(phoneProblemOf(new TypeError("Failed to fetch"))).toBeUndefined();
    expect(phoneProblemOf(undefined)).toBeUndefined();
  });

  it("has a sentence for every problem", () => {
    for (const problem of ["no-microphone", "microphone-denied", "signed-out"]) expect(en.problem).toHaveProperty(problem);
  });
});
