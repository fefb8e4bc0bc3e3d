import { useTranslation } from "react-i18next";
import type { ActiveCall } from "../../api/types";
import { formatClockDuration } from "../../format";
import { useNow } from "./useNow";

/**
 * The talk timer while the call is connected, then the wrap-up countdown once it ended: from the
 * operator's presence (`since` of on-call, `wrapUpEndsAt`). Providers that send no phase events
 * run the wrap-up from the answer (docs/call-lists.md), so without them the countdown runs from
 * `answeredAt` plus the list's wrap-up time.
 */
export function CallTimers({ call }: { call: Pick<ActiveCall, "presence" | "entry" | "list"> }) {
  const { t } = useTranslation();
  const now = useNow();
  const { presence, entry, list } = call;
  if (presence.state === "on-call") {
    return (
      <p className="pop-timer" data-testid="pop-talk-timer">
        {t("operator:timer.talking", { time: formatClockDuration((now - Date.parse(presence.since)) / 1000) })}
      </p>
    );
  }
  const endsAt = presence.state === "wrap-up" && presence.wrapUpEndsAt ? Date.parse(presence.wrapUpEndsAt) : entry.answeredAt ? Date.parse(entry.answeredAt) + list.wrapUpTimeoutSeconds * 1000 : undefined;
  if (endsAt === undefined) return null;
  const left = (endsAt - now) / 1000;
  return (
    <p className="pop-timer" data-testid="pop-wrap-up-countdown" data-seconds-left={Math.max(0, Math.ceil(left))}>
      {left > 0 ? t("operator:timer.wrapUpEndsIn", { time: formatClockDuration(left) }) : t("operator:timer.wrapUpOver")}
    </p>
  );
}
