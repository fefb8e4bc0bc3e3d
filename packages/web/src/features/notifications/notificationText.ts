import type { AppNotification } from "../../api/types";
import { currentLanguage, t } from "../../i18n";

type Data = { contactName?: unknown; requesterName?: unknown; authorName?: unknown; deciderName?: unknown };
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * A notification in the reader's language, from its kind and data. The server also stores an
 * English `text`; it is shown for a kind this console does not know. Older notifications lack
 * the author's or decider's name (`authorName`, `deciderName`): English readers get the stored
 * sentence, which names them; others a sentence without the name rather than English.
 */
export function notificationText(notification: Pick<AppNotification, "kind" | "text" | "data">): string {
  const data = (notification.data ?? {}) as Data;
  const contact = text(data.contactName);
  const named = (key: "authorName" | "deciderName") => text(data[key]) ?? (currentLanguage() === "en" ? undefined : null);
  switch (notification.kind) {
    case "access-requested": {
      const requester = text(data.requesterName);
      return requester && contact ? t("notifications:kind.accessRequested", { requester, contact }) : notification.text;
    }
    case "mentioned": {
      const author = named("authorName");
      if (!contact || author === undefined) return notification.text;
      return author ? t("notifications:kind.mentioned", { author, contact }) : t("notifications:kind.mentionedAnonymous", { contact });
    }
    case "access-granted": {
      const decider = named("deciderName");
      if (!contact || decider === undefined) return notification.text;
      return decider ? t("notifications:kind.accessGranted", { decider, contact }) : t("notifications:kind.accessGrantedAnonymous", { contact });
    }
    case "access-declined": {
      const decider = named("deciderName");
      if (decider === undefined) return notification.text;
      return decider ? t("notifications:kind.accessDeclined", { decider }) : t("notifications:kind.accessDeclinedAnonymous");
    }
    default:
      return notification.text;
  }
}
