import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";
import { describe, json, problemRef, problems } from "../describe";
import { ClickToCallInput, refusalReasons } from "@callboard/core/calls/schemas";
import { lazyModule } from "../lazy-module";
import { loadCalling } from "@callboard/core/lazy/index";

const ClickToCall = lazyModule(async () => (await loadCalling()).ClickToCall);

/**
 * Click-to-call from a card: `POST /v1/contacts/{contactId}/calls` and
 * `POST /v1/companies/{companyId}/calls` with `{ phone, via?, overrideCallWindow? }` → 201
 * `{ call }`. 400 naming `phone` when the number is not on the card; 404 when the card is not
 * visible; 409 with `reason` when the call is refused (docs/telephony.md, "Click-to-call").
 */

/** The call log's record of the call just placed (core/calls/record.ts), as the answer shows it. */
const PlacedCallView = v.object({
  call: v.object({
    callId: v.string(),
    source: v.literal("manual"),
    direction: v.literal("outbound"),
    number: v.string(),
    contactId: v.optional(v.string()),
    companyId: v.optional(v.string()),
    subjectName: v.optional(v.string()),
    operatorId: v.string(),
    placedAt: v.string(),
    callWindowOverride: v.optional(v.boolean()),
    provider: v.optional(v.string()),
    providerCallId: v.optional(v.string()),
  }),
});

const refused = {
  description: `Refused; \`reason\`: ${refusalReasons.join(", ")} (outside-call-window also gives \`window\`, \`timeZones\` and \`opensAt\`; repeat with overrideCallWindow: true to call anyway)`,
  ...problemRef,
};

const described = (whose: string) =>
  describe({
    summary: `Call a phone of the ${whose}'s card (click-to-call): the call rings your softphone (or your own phone with via: "phone") and is logged on the call log and the timeline; you are on-call while it lasts`,
    responses: { 201: json("Placed: the call's record", PlacedCallView), ...problems(400, 401, 404, 413, 415, 503), 409: refused },
  });

export const contactCallRoutes = new Hono<ApiEnv>().post("/:contactId/calls", described("contact"), jsonBody(ClickToCallInput), async (c) => {
  const call = await ClickToCall.place({ contactId: c.req.param("contactId") }, c.req.valid("json"));
  return c.json({ call }, 201);
});

export const companyCallRoutes = new Hono<ApiEnv>().post("/:companyId/calls", described("company"), jsonBody(ClickToCallInput), async (c) => {
  const call = await ClickToCall.place({ companyId: c.req.param("companyId") }, c.req.valid("json"));
  return c.json({ call }, 201);
});
