import { decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { mintVoiceToken, VOICE_TOKEN_TTL_SECONDS } from "../../packages/functions/src/api/voice-token";

const settings = {
  accountSid: "AC00000000000000000000000000000001",
  apiKeySid: "SK00000000000000000000000000000002",
  apiKeySecret: "the-api-key-secret",
  twimlAppSid: "AP00000000000000000000000000000003",
};

describe("Twilio Access Token (Voice grant)", () => {
  it("verifies with jose against the API key secret and has Twilio's documented header and claims", async () => {
    // Prepare
    const now = Date.UTC(2026, 11, 4, 12, 0, 0);
    // Act
    const minted = await mintVoiceToken({ ...settings, identity: "01HZUSER000000000000000000", now });
    // Assess
    expect(decodeProtectedHeader(minted.token)).toEqual({ alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1" });
    const { payload } = await jwtVerify(minted.token, new TextEncoder().encode(settings.apiKeySecret), { currentDate: new Date(now + 1000), algorithms: ["HS256"] });
    const issuedAt = now / 1000;
    expect(payload).toEqual({
      jti: `${settings.apiKeySid}-${issuedAt}`,
      iss: settings.apiKeySid,
      sub: settings.accountSid,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + VOICE_TOKEN_TTL_SECONDS,
      grants: {
        identity: "01HZUSER000000000000000000",
        voice: { incoming: { allow: true }, outgoing: { application_sid: settings.twimlAppSid } },
      },
    });
    expect(minted).toMatchObject({ identity: "01HZUSER000000000000000000", expiresAt: new Date(now + VOICE_TOKEN_TTL_SECONDS * 1000).toISOString() });
  });

  it("lives minutes, not hours", () => {
    expect(VOICE_TOKEN_TTL_SECONDS).toBeGreaterThanOrEqual(60);
    expect(VOICE_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(60 * 60);
  });

  it("does not verify with another secret", async () => {
    const minted = await mintVoiceToken({ ...settings, identity: "u1" });
    await expect(jwtVerify(minted.token, new TextEncoder().encode("another secret"))).rejects.toThrow();
  });
});
