import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { Users } from "@callboard/core/users";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";

export const userRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => c.json({ items: await withActor(c.var.actor, () => Users.list()) }))
  .get("/directory", async (c) => c.json({ items: await withActor(c.var.actor, () => Users.directory()) }))
  .post("/", jsonBody(Users.CreateUserInput), async (c) => {
    const user = await withActor(c.var.actor, () => Users.create(c.req.valid("json")));
    return c.json(user, 201);
  })
  .patch("/:userId", jsonBody(Users.UpdateUserInput), async (c) => {
    const user = await withActor(c.var.actor, () => Users.update(c.req.param("userId"), c.req.valid("json")));
    return c.json(user);
  });

export const meRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => c.json(await Users.get(c.var.actor.userId)))
  .patch("/", jsonBody(Users.UpdateMeInput), async (c) => c.json(await withActor(c.var.actor, () => Users.updateMe(c.req.valid("json")))));
