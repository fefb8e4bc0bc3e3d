import { Entity } from "../storage/entity";

export const notificationKinds = ["access-requested", "access-granted", "access-declined", "mentioned"] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * A user's inbox: one partition per user, newest first by ULID. `data` holds only what the
 * recipient may see (an access request names the contact to its owner, never to the requester
 * before it is granted). Rows expire after `NOTIFICATION_RETENTION_DAYS` (TTL).
 */
export const NotificationEntity = new Entity({
  model: { entity: "notification", version: "1", service: "crm" },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    notificationId: { type: "string", required: true, readOnly: true },
    kind: { type: notificationKinds, required: true, readOnly: true },
    text: { type: "string", required: true },
    data: { type: "any" },
    read: { type: "boolean", required: true, default: false },
    createdAt: { type: "string", required: true, readOnly: true },
    expiresAt: { type: "number" },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["userId"] },
      sk: { field: "sk", composite: ["notificationId"] },
    },
  },
});
