import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { Settings } from "@callboard/core/settings";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";

/** The organization's settings: everyone reads them, admins change them. */
export const settingsRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => c.json(await withActor(c.var.actor, () => Settings.get())))
  .patch("/", jsonBody(Settings.UpdateSettingsInput), async (c) => c.json(await withActor(c.var.actor, () => Settings.update(c.req.valid("json")))));
