import * as v from "valibot";
import { notificationKinds } from "@callboard/core/notifications/notification.entity";

/** One notification in the caller's inbox. */
export const NotificationView = v.object({
  notificationId: v.string(),
  /** The recipient: you. */
  userId: v.string(),
  kind: v.picklist(notificationKinds),
  text: v.string(),
  data: v.optional(v.record(v.string(), v.unknown())),
  read: v.boolean(),
  createdAt: v.string(),
});
