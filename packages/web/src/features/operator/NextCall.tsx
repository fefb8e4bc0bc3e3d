import { api } from "../../api/client";
import { usePolled } from "./usePolled";
import { clock, useNow } from "./useNow";

/** Between calls the queue is asked this often (a call's own pop comes through the 1 s poll). */
const NEXT_CALL_POLL_MS = 5000;
/** Further away than this, the line says until when nothing is due instead of counting down. */
const COUNTDOWN_UNDER_SECONDS = 120;

const timeOfDay = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/**
 * Between calls: "Next call in N s", or "Waiting: no entry due until 14:00", from the operator's
 * running lists (`GET /v1/operator/next-call`). Nothing when no list of theirs runs.
 */
export function NextCall() {
  const next = usePolled(true, () => api.nextCall(), { everyMs: NEXT_CALL_POLL_MS });
  const now = useNow();
  // Counted down locally between polls, from when the answer arrived.
  const receivedAt = useReceivedAt(next);
  if (!next || next.runningLists.length === 0) return null;
  const names = next.runningLists.map((list) => `«${list.name}»`).join(", ");
  let text: string;
  if (next.state === "paused" || next.state === "offline") text = `${next.state === "paused" ? "Paused" : "Offline"}: press Ready to take calls from ${names}`;
  else if (next.nextDueAt === undefined || next.dueInSeconds === undefined) text = `Waiting: no entry due in ${names}`;
  else {
    const left = Math.max(0, next.dueInSeconds - Math.floor((now - receivedAt) / 1000));
    if (left === 0) text = `Next call any moment (${names})`;
    else if (left < COUNTDOWN_UNDER_SECONDS) text = `Next call in ${left} s (${names})`;
    else text = `Waiting: no entry due until ${timeOfDay(next.nextDueAt)} (in ${clock(left)})`;
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
