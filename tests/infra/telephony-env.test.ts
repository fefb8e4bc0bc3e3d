import { describe, expect, it } from "vitest";
import { telephonyEnvironment } from "../../infra/call-lists";

describe("telephony settings passed to the API and the engine", () => {
  it("include what the softphone's Access Tokens need, and only what is set", () => {
    const env = telephonyEnvironment({
      TELEPHONY_PROVIDER: "twilio",
      TWILIO_ACCOUNT_SID: "AC1",
      TWILIO_AUTH_TOKEN: "tok",
      TWILIO_FROM: "+15005550006",
      TWILIO_API_KEY_SID: "SK1",
      TWILIO_API_KEY_SECRET: "secret",
      TWILIO_TWIML_APP_SID: "AP1",
      UNRELATED: "x",
    });
    expect(env).toEqual({
      TELEPHONY_PROVIDER: "twilio",
      TWILIO_ACCOUNT_SID: "AC1",
      TWILIO_AUTH_TOKEN: "tok",
      TWILIO_FROM: "+15005550006",
      TWILIO_API_KEY_SID: "SK1",
      TWILIO_API_KEY_SECRET: "secret",
      TWILIO_TWIML_APP_SID: "AP1",
    });
  });
});
