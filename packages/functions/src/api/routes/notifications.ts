import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { Notifications } from "@callboard/core/notifications";
import type { ApiEnv } from "../auth";
import { query } from "../body";

/** The caller's own inbox: newest first, and marking one read. */
export const notificationRoutes = new Hono<ApiEnv>()
  .get("/", query(Notifications.ListNotificationsInput), async (c) => {
    const page = await withActor(c.var.actor, () => Notifications.list(c.req.query()));
    return c.json(page);
  })
  .post("/:notificationId/read", async (c) => {
    const notification = await withActor(c.var.actor, () => Notifications.markRead(c.req.param("notificationId")));
    return c.json(notification);
  });
