import { Hono } from "hono";
import { clientIdentity, telephonyProviderName, twilioVoiceTokenConfig } from "@callboard/core/telephony";
import type { ApiEnv } from "../auth";
import { problem } from "../problem";
import { mintVoiceToken } from "../voice-token";

/**
 * The operator's voice leg: which softphone the console loads, and the Twilio Access Token for
 * it (identity = the user's ID, as the answer TwiML dials it with `<Client>`).
 */
export const voiceRoutes = new Hono<ApiEnv>()
  .get("/voice-config", (c) => {
    const provider = telephonyProviderName() === "twilio" ? "twilio" : "simulator";
    // simulator: calls arrive over the local host's event stream; twilio: through the Voice SDK.
    return c.json({ provider, identity: clientIdentity(c.var.actor.userId) });
  })
  .get("/voice-token", async (c) => {
    const config = twilioVoiceTokenConfig();
    if (!config.ok) {
      return problem(c, 409, {
        title: "Twilio is not configured",
        detail: `The softphone needs ${config.missing.join(", ")} in the API's environment (docs/telephony.md, "Twilio setup").`,
        errors: config.missing.map((name) => ({ field: name, message: "Not set." })),
      });
    }
    const minted = await mintVoiceToken({ ...config, identity: clientIdentity(c.var.actor.userId) });
    c.header("cache-control", "no-store");
    return c.json(minted);
  });
