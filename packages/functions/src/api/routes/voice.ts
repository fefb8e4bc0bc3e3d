import { Hono } from "hono";
import { telephonyProviderName, twilioVoiceTokenConfig } from "@callboard/core/telephony/config";
import { clientIdentity } from "@callboard/core/telephony/twiml";
import type { ApiEnv } from "../auth";
import { problem } from "../problem";
import * as v from "valibot";
import { describe, json, problems } from "../describe";
import { mintVoiceToken } from "../voice-token";

/**
 * The operator's voice leg: which softphone the console loads, and the Twilio Access Token for
 * it (identity = the user's ID, as the answer TwiML dials it with `<Client>`).
 */
export const voiceRoutes = new Hono<ApiEnv>()
  .get(
    "/voice-config",
    describe({
      summary: "Which softphone the console loads: `simulator` (calls arrive on the local host's event stream) or `twilio` (Voice JS SDK), and your client identity",
      responses: { 200: json("The provider", v.object({ provider: v.picklist(["simulator", "twilio"]), identity: v.string() })), ...problems(401) },
    }),
    (c) => {
      const provider = telephonyProviderName() === "twilio" ? "twilio" : "simulator";
      // simulator: calls arrive over the local host's event stream; twilio: through the Voice SDK.
      return c.json({ provider, identity: clientIdentity(c.var.actor.userId) });
    },
  )
  .get(
    "/voice-token",
    describe({
      summary: "A Twilio Access Token (10 minutes) with a Voice grant for your softphone: identity = your user ID. 409 naming the missing settings when Twilio is not configured",
      responses: { 200: json("The token", v.object({ token: v.string(), identity: v.string(), expiresAt: v.string() })), ...problems(401, 409) },
    }),
    async (c) => {
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
    },
  );
