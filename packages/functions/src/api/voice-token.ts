
/**
 * Twilio Access Tokens for the console's softphone (Voice JS SDK), minted with jose rather than
 * the `twilio` package (about 12 MB; it would ride in every Lambda bundle for one function).
 * The shape is Twilio's documented one (docs/telephony.md, "Access tokens"): header
 * `{ typ: "JWT", alg: "HS256", cty: "twilio-fpa;v=1" }`; claims `jti`, `iss` = API key SID,
 * `sub` = account SID, `iat`, `nbf`, `exp`, and `grants: { identity, voice: { incoming, outgoing } }`.
 */

/** Minutes, not hours: the SDK asks for a new token before this one runs out. */
export const VOICE_TOKEN_TTL_SECONDS = 10 * 60;

export interface VoiceTokenInput {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  twimlAppSid: string;
  identity: string;
  ttlSeconds?: number;
  now?: number;
}

export async function mintVoiceToken(input: VoiceTokenInput): Promise<{ token: string; identity: string; expiresAt: string }> {
  const issuedAt = Math.floor((input.now ?? Date.now()) / 1000);
  const expiresAt = issuedAt + (input.ttlSeconds ?? VOICE_TOKEN_TTL_SECONDS);
  // jose loads with the first softphone token: only operators with a softphone ask for one.
  const { SignJWT } = await import("jose");
  const token = await new SignJWT({
    grants: {
      identity: input.identity,
      voice: {
        incoming: { allow: true },
        outgoing: { application_sid: input.twimlAppSid },
      },
    },
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", cty: "twilio-fpa;v=1" })
    .setJti(`${input.apiKeySid}-${issuedAt}`)
    .setIssuer(input.apiKeySid)
    .setSubject(input.accountSid)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(input.apiKeySecret));
  return { token, identity: input.identity, expiresAt: new Date(expiresAt * 1000).toISOString() };
}
