import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";
import { describe, json, problems } from "../describe";
import { ColleagueView, UserView } from "../schemas/users";
import { CreateUserInput, UpdateMeInput, UpdateUserInput } from "@callboard/core/users/schemas";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const Users = lazyModule(async () => (await loadRecords()).Users);

export const userRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({ summary: "List users (admin, manager, sales: sales pick call-list operators)", responses: { 200: json("Users", v.object({ items: v.array(UserView) })), ...problems(401, 403) } }),
    async (c) => c.json({ items: await Users.list() }),
  )
  .get(
    "/directory",
    describe({
      summary: "Everyone's name, email and whether they are active, for any signed-in role (names on cards, @mentions)",
      responses: { 200: json("Colleagues", v.object({ items: v.array(ColleagueView) })), ...problems(401) },
    }),
    async (c) => c.json({ items: await Users.directory() }),
  )
  .post(
    "/",
    describe({ summary: "Create a user (admin)", responses: { 201: json("Created", UserView), ...problems(400, 401, 403, 409, 413, 415) } }),
    jsonBody(CreateUserInput),
    async (c) => {
      const user = await Users.create(c.req.valid("json"));
      return c.json(user, 201);
    },
  )
  .patch(
    "/:userId",
    describe({
      summary:
        "Change a user's `teamId`, `role` or `active` (admin; applies within 30 s). 409: yourself, or the last active admin",
      responses: { 200: json("The user", UserView), ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    jsonBody(UpdateUserInput),
    async (c) => {
      const user = await Users.update(c.req.param("userId"), c.req.valid("json"));
      return c.json(user);
    },
  );

export const meRoutes = new Hono<ApiEnv>()
  .get("/", describe({ summary: "The signed-in user", responses: { 200: json("You", UserView), ...problems(401) } }), async (c) => c.json(await Users.get(c.var.actor.userId)))
  .patch(
    "/",
    describe({
      summary: "Change your own profile: `phone` (E.164; `null` clears it), where call-list calls reach you instead of the console's softphone; `language` of the console (ru, ro, en; `null`: the browser's, then the organization's)",
      responses: { 200: json("You", UserView), ...problems(400, 401, 413, 415) },
    }),
    jsonBody(UpdateMeInput),
    async (c) => c.json(await Users.updateMe(c.req.valid("json"))),
  );
