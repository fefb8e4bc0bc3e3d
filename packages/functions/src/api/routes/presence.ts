import { Hono } from "hono";
import * as v from "valibot";
import { withActor } from "@callboard/core/actor";
import { Presence } from "@callboard/core/presence";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";

/** `?userId=` may only name yourself: another user's presence is theirs to set (403). */
const WhoQuery = v.strictObject({ userId: v.optional(v.pipe(v.string(), v.maxLength(64, "At most 64 characters."))) }, "Unknown parameter: use userId.");

/** The operator's own presence: read, set (ready / paused with a reason), and the console's heartbeat. */
export const presenceRoutes = new Hono<ApiEnv>()
  .get("/", query(WhoQuery), async (c) => {
    const { userId } = c.req.valid("query");
    return c.json(
      await withActor(c.var.actor, () => {
        if (userId !== undefined) Presence.setOwnCheck(userId);
        return Presence.getOwn();
      }),
    );
  })
  .put("/", query(WhoQuery), jsonBody(Presence.SetPresenceInput), async (c) =>
    c.json(await withActor(c.var.actor, () => Presence.setOwn(c.req.valid("json"), c.req.valid("query").userId))),
  )
  .post("/heartbeat", async (c) => c.json(await withActor(c.var.actor, () => Presence.heartbeat())));
