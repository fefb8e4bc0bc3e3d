import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { describe, json, problems } from "../describe";
import { PresenceView } from "../schemas/presence";
import { SetPresenceInput } from "@callboard/core/presence/schemas";
import { lazyModule } from "../lazy-module";
import { loadCalling } from "@callboard/core/lazy/index";

const Presence = lazyModule(async () => (await loadCalling()).Presence);

/** `?userId=` may only name yourself: another user's presence is theirs to set (403). */
const WhoQuery = v.strictObject({ userId: v.optional(v.pipe(v.string(), v.maxLength(64, "At most 64 characters."))) }, "Unknown parameter: use userId.");

/** The operator's own presence: read, set (ready / paused with a reason), and the console's heartbeat. */
export const presenceRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({
      summary: "Your presence: offline, ready, paused (with a reason), reserved, on-call or wrap-up, since when; a heartbeat older than 30 s reads as offline. `?userId=` naming someone else: 403",
      responses: { 200: json("Your presence", PresenceView), ...problems(400, 401, 403) },
    }),
    query(WhoQuery),
    async (c) => {
      const { userId } = c.req.valid("query");
      if (userId !== undefined) await Presence.setOwnCheck(userId);
      return c.json(await Presence.getOwn());
    },
  )
  .put(
    "/",
    describe({
      summary: "Set yourself ready, or paused with one of the organization's pause reasons (the engine sets the other states). During a call, paused means \"pause after this call\". `?userId=` naming someone else: 403",
      responses: { 200: json("Your presence", PresenceView), ...problems(400, 401, 403, 413, 415) },
    }),
    query(WhoQuery),
    jsonBody(SetPresenceInput),
    async (c) => c.json(await Presence.setOwn(c.req.valid("json"), c.req.valid("query").userId)),
  )
  .post(
    "/heartbeat",
    describe({
      summary: "The console is open (sent every 10 s; 30 s without one reads as offline and no call is placed for you)",
      responses: { 200: json("Your presence", PresenceView), ...problems(401, 403) },
    }),
    async (c) => c.json(await Presence.heartbeat()),
  );
