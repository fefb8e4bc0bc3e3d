import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { query } from "../body";
import { describe, json, problems } from "../describe";
import { lazyModule } from "../lazy-module";
import { loadCalling } from "@callboard/core/lazy/index";

const Recordings = lazyModule(async () => (await loadCalling()).Recordings);

export const RecordingLinkQuery = v.strictObject(
  { format: v.optional(v.picklist(["json"] as const, "Only format=json (leave it out for a redirect).")) },
  "Unknown parameter: only format.",
);

/**
 * A call's recording (mounted at /v1/calls): a redirect to a link valid 5 minutes, or that link
 * as JSON (`?format=json`) for the console's <audio>, which cannot send the bearer token. Never
 * cached: the link expires.
 */
const RecordingLinkView = v.object({ url: v.string(), expiresAt: v.string(), contentType: v.string(), durationSeconds: v.optional(v.number()) });

const described = describe({
  summary: "A call's recording, for whoever may see the call's contact or company: a redirect to a link valid 5 minutes, or the link as JSON with format=json",
  responses: {
    200: json("With format=json: the link and when it expires", RecordingLinkView),
    302: { description: "Without format: redirect to the link (valid at most 300 s)" },
    ...problems(400, 401, 404),
  },
});

export const recordingRoutes = new Hono<ApiEnv>().get("/:callId/recording", described, query(RecordingLinkQuery), async (c) => {
  const link = await Recordings.link(c.req.param("callId"));
  c.header("cache-control", "no-store");
  if (c.req.valid("query").format === "json") return c.json(link, 200);
  return c.redirect(link.url, 302);
});
