import * as v from "valibot";
import { monotonicFactory } from "ulid";
import { useUser } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { parse } from "../validation";
import type { NotificationKind } from "./notification.entity";
export { ListNotificationsInput } from "./schemas";
import { ListNotificationsInput } from "./schemas";

export const NOTIFICATION_RETENTION_DAYS = 90;
const nextId = monotonicFactory();

export interface Notification {
  userId: string;
  notificationId: string;
  kind: NotificationKind;
  text: string;
  data?: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}

/** A new notification row (not yet written): callers put it in their own transaction or `send` it. */
export function newNotification(userId: string, kind: NotificationKind, text: string, data: Record<string, unknown> = {}): Notification & { expiresAt: number } {
  const at = now();
  return {
    userId,
    notificationId: nextId(at.getTime()),
    kind,
    text,
    data,
    read: false,
    createdAt: at.toISOString(),
    expiresAt: Math.floor(at.getTime() / 1000) + NOTIFICATION_RETENTION_DAYS * 24 * 3600,
  };
}

export async function send(userId: string, kind: NotificationKind, text: string, data: Record<string, unknown> = {}): Promise<Notification> {
  const { service } = useStorage();
  const row = newNotification(userId, kind, text, data);
  await service.entities.notification.create(row).go();
  return present(row);
}

const present = ({ expiresAt: _expiresAt, ...row }: Notification & { expiresAt?: number }): Notification => row;

/** The caller's newest notifications (one Query on their partition) and how many are unread among them. */
export async function list(input: v.InferInput<typeof ListNotificationsInput>): Promise<{ items: Notification[]; unread: number }> {
  const user = useUser();
  const { limit, unread } = parse(ListNotificationsInput, input);
  const { service } = useStorage();
  const nowSeconds = Math.floor(now().getTime() / 1000);
  const query = service.entities.notification.query.primary({ userId: user.userId });
  const page = await (unread === "true" ? query.where(({ read }, { eq }) => eq(read, false)) : query).go({ order: "desc", limit: Number(limit) });
  const items = (page.data as (Notification & { expiresAt?: number })[]).filter((item) => !item.expiresAt || item.expiresAt > nowSeconds).map(present);
  return { items, unread: items.filter((item) => !item.read).length };
}

const NotificationIdField = v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/u, "Not a valid notification ID."));

/** Marks one of the caller's notifications read; someone else's is a 404. */
export async function markRead(notificationId: unknown): Promise<Notification> {
  const user = useUser();
  if (!v.is(NotificationIdField, notificationId)) throw new ValidationError([{ field: "notificationId", message: "Not a valid notification ID." }]);
  const { service } = useStorage();
  try {
    const result = await service.entities.notification
      .patch({ userId: user.userId, notificationId })
      .set({ read: true })
      .go({ response: "all_new" });
    return present(result.data as Notification);
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError("Notification");
    throw error;
  }
}
