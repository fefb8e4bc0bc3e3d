export * as Notifications from "./notifications";
export type { Notification } from "./notifications";
export { NotificationEntity, notificationKinds, type NotificationKind } from "./notification.entity";
