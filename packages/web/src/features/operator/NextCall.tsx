import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { formatClockDuration, formatList, formatTime } from "../../format";
import { usePolled } from "./usePolled";
import { useNow } from "./useNow";

/** Between calls the queue is asked this often (a call's own pop comes through the 1 s poll). */
const NEXT_CALL_POLL_MS = 5000;
/** Further away than this, the line says until when nothing is due instead of counting down. */
const COUNTDOWN_UNDER_SECONDS = 120;

/**
 * Between calls: "Next call in N s", or "Waiting: no entry due until 14:00", from the operator's
 * running lists (`GET /v1/operator/next-call`). Nothing when no list of theirs runs.
 */
export function NextCall() {
  const { t } = useTranslation();
  const next = usePolled(true, () => api.nextCall(), { everyMs: NEXT_CALL_POLL_MS });
  const now = useNow();
  // Counted down locally between polls, from when the answer arrived.
  const receivedAt = useReceivedAt(next);
  if (!next || next.runningLists.length === 0) return null;
  const lists = formatList(next.runningLists.map((list) => t("operator:quoted", { name: list.name })));
  let text: string;
  if (next.state === "paused") text = t("operator:nextCall.paused", { lists });
  else if (next.state === "offline") text = t("operator:nextCall.offline", { lists });
  else if (next.nextDueAt === undefined || next.dueInSeconds === undefined) text = t("operator:nextCall.nothingDue", { lists });
  else {
    const left = Math.max(0, next.dueInSeconds - Math.floor((now - receivedAt) / 1000));
    if (left === 0) text = t("operator:nextCall.anyMoment", { lists });
    else if (left < COUNTDOWN_UNDER_SECONDS) text = t("operator:nextCall.inSeconds", { count: left, lists });
    else text = t("operator:nextCall.dueAt", { time: formatTime(next.nextDueAt), left: formatClockDuration(left) });
  }
  return (
    <div className="next-call" role="status" data-testid="next-call" data-state={next.state}>
      {text}
    </div>
  );
}

const receivedTimes = new WeakMap<object, number>();
/** When this answer (object) was first rendered. */
function useReceivedAt(answer: object | null): number {
  if (!answer) return Date.now();
  let at = receivedTimes.get(answer);
  if (at === undefined) receivedTimes.set(answer, (at = Date.now()));
  return at;
}
