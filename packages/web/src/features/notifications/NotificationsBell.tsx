import "./notifications.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { AppNotification } from "../../api/types";
import { ErrorMessage } from "../../components";
import { formatRelative } from "../../format";
import { useReloadable } from "../../hooks";
import { Link, paths } from "../../router";
import { notificationText } from "./notificationText";

/** The top bar's bell: unread count; the inbox with grant/decline on access requests. */
export function NotificationsBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const inbox = useReloadable(() => api.notifications(), [], 30_000);
  const [failure, setFailure] = useState<unknown>();
  const unread = inbox.status === "ready" ? inbox.data.unread : 0;

  const act = async (notification: AppNotification, answer?: "grant" | "decline") => {
    setFailure(undefined);
    try {
      const data = (notification.data ?? {}) as { contactId?: string; requesterId?: string };
      if (answer && data.contactId && data.requesterId) await api.answerAccessRequest(data.contactId, data.requesterId, answer);
      if (!notification.read) await api.markNotificationRead(notification.notificationId);
      inbox.reload();
    } catch (error) {
      setFailure(error);
      inbox.reload();
    }
  };

  return (
    <div className="bell">
      <button
        type="button"
        className="button button-ghost"
        aria-expanded={open}
        aria-label={unread > 0 ? t("notifications:bellUnread", { count: unread }) : t("notifications:bell")}
        data-testid="notifications-bell"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 ? (
          <span className="badge" data-testid="unread-count" aria-hidden="true">
            {unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="bell-panel card" role="region" aria-label={t("notifications:panel")} data-testid="notifications">
          {failure !== undefined ? <ErrorMessage error={failure} /> : null}
          {inbox.status === "ready" && inbox.data.items.length === 0 ? <p className="empty">{t("notifications:empty")}</p> : null}
          <ul>
            {(inbox.status === "ready" ? inbox.data.items : []).map((notification) => {
              const data = (notification.data ?? {}) as { contactId?: string };
              return (
                <li key={notification.notificationId} className={notification.read ? "read" : ""} data-testid="notification">
                  <p>{notificationText(notification)}</p>
                  {notification.createdAt ? (
                    <time className="notification-time" dateTime={notification.createdAt}>
                      {formatRelative(notification.createdAt)}
                    </time>
                  ) : null}
                  <div className="section-actions">
                    {notification.kind === "access-requested" && !notification.read ? (
                      <>
                        <button type="button" className="button button-primary" data-testid="grant-access" onClick={() => void act(notification, "grant")}>
                          {t("notifications:grant")}
                        </button>
                        <button type="button" className="button" data-testid="decline-access" onClick={() => void act(notification, "decline")}>
                          {t("notifications:decline")}
                        </button>
                      </>
                    ) : null}
                    {data.contactId && notification.kind !== "access-declined" ? (
                      <Link
                        to={paths.contact(data.contactId)}
                        onClick={() => {
                          // Opening what it points at is reading it (an access request still waits for an answer).
                          setOpen(false);
                          if (notification.kind !== "access-requested") void act(notification);
                        }}
                      >
                        {t("common:action.open")}
                      </Link>
                    ) : null}
                    {!notification.read && notification.kind !== "access-requested" ? (
                      <button type="button" className="button-link" onClick={() => void act(notification)}>
                        {t("notifications:markRead")}
                      </button>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
