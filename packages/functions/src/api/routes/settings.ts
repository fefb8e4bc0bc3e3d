import { Hono } from "hono";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";
import { describe, json, problems } from "../describe";
import { OrganizationSettingsView } from "../schemas/settings";
import { UpdateSettingsInput } from "@callboard/core/settings/schemas";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const Settings = lazyModule(async () => (await loadRecords()).Settings);

/** The organization's settings: everyone reads them, admins change them. */
export const settingsRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({
      summary: "The organization's settings: pause reasons, recording default, language, default wrap-up time, company name (everyone reads them)",
      responses: { 200: json("Settings", OrganizationSettingsView), ...problems(401) },
    }),
    async (c) => c.json(await Settings.get()),
  )
  .patch(
    "/",
    describe({ summary: "Change any of the organization's settings (admin)", responses: { 200: json("Settings", OrganizationSettingsView), ...problems(400, 401, 403, 413, 415) } }),
    jsonBody(UpdateSettingsInput),
    async (c) => c.json(await Settings.update(c.req.valid("json"))),
  );
