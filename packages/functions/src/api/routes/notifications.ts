import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { query } from "../body";
import { describe, json, problems } from "../describe";
import { NotificationView } from "../schemas/notifications";
import { ListNotificationsInput } from "@callboard/core/notifications/schemas";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const Notifications = lazyModule(async () => (await loadRecords()).Notifications);

/** The caller's own inbox: newest first, and marking one read. */
export const notificationRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({
      summary: "Your notifications, newest first, and how many of them are unread",
      responses: { 200: json("Inbox", v.object({ items: v.array(NotificationView), unread: v.number() })), ...problems(400, 401) },
    }),
    query(ListNotificationsInput),
    async (c) => {
      const page = await Notifications.list(c.req.query());
      return c.json(page);
    },
  )
  .post(
    "/:notificationId/read",
    describe({ summary: "Mark one of your notifications read", responses: { 200: json("Read", NotificationView), ...problems(400, 401, 404) } }),
    async (c) => {
      const notification = await Notifications.markRead(c.req.param("notificationId"));
      return c.json(notification);
    },
  );
