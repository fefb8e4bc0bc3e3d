import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import * as ClickToCall from "@callboard/core/calls/click-to-call";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";

/**
 * Click-to-call from a card: `POST /v1/contacts/{contactId}/calls` and
 * `POST /v1/companies/{companyId}/calls` with `{ phone, via?, overrideCallWindow? }` → 201
 * `{ call }`. 400 naming `phone` when the number is not on the card; 404 when the card is not
 * visible; 409 with `reason` when the call is refused (docs/telephony.md, "Click-to-call").
 */
export const contactCallRoutes = new Hono<ApiEnv>().post("/:contactId/calls", jsonBody(ClickToCall.ClickToCallInput), async (c) => {
  const call = await withActor(c.var.actor, () => ClickToCall.place({ contactId: c.req.param("contactId") }, c.req.valid("json")));
  return c.json({ call }, 201);
});

export const companyCallRoutes = new Hono<ApiEnv>().post("/:companyId/calls", jsonBody(ClickToCall.ClickToCallInput), async (c) => {
  const call = await withActor(c.var.actor, () => ClickToCall.place({ companyId: c.req.param("companyId") }, c.req.valid("json")));
  return c.json({ call }, 201);
});
