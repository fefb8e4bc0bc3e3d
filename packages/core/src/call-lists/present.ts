import type { CallListCounter } from "./call-list.entity";
import type { CallEntry, CallList, CallListStats, StoredCallList } from "./model";

/** A call list and its entries as the API shows them: counters folded into statistics, internals left out. */

export function presentList(list: StoredCallList): CallList & { waiting?: { reason: "no-ready-operator"; message: string; since: string }; stats: Omit<CallListStats, "perOperator"> } {
  const { runId: _runId, runLoops: _loops, waitingForOperatorSince, ...rest } = list;
  const counters = Object.fromEntries(Object.entries(list).filter(([key]) => key in counterKeys)) as Record<CallListCounter, number>;
  const pick: Record<string, unknown> = { ...rest };
  for (const key of Object.keys(counterKeys)) delete pick[key];
  return {
    ...(pick as unknown as CallList),
    // A running list with due entries and nobody ready says so instead of dialing.
    ...(list.status === "running" && waitingForOperatorSince
      ? { waiting: { reason: "no-ready-operator" as const, message: "Waiting for an operator", since: waitingForOperatorSince } }
      : {}),
    stats: statsOf(counters),
  };
}

const counterKeys: Record<CallListCounter, true> = {
  total: true,
  pending: true,
  dialing: true,
  answered: true,
  wrappedUp: true,
  retryScheduled: true,
  unreached: true,
  skipped: true,
  attempts: true,
  outcomeAnswered: true,
  outcomeNoAnswer: true,
  outcomeBusy: true,
  outcomeFailed: true,
  outcomeMachine: true,
  abandoned: true,
};

/** part ÷ whole in percent with one decimal; 0 when there is no whole yet. */
export const percentOf = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

function statsOf(counters: Record<CallListCounter, number>): Omit<CallListStats, "perOperator"> {
  const done = counters.wrappedUp + counters.unreached + counters.skipped;
  const reachedOrNot = counters.wrappedUp + counters.answered + counters.unreached;
  const reachedPercentOfFinishedEntries = percentOf(counters.wrappedUp + counters.answered, reachedOrNot);
  return {
    total: counters.total,
    done,
    pending: counters.pending + counters.retryScheduled,
    inProgress: counters.dialing + counters.answered,
    answered: counters.outcomeAnswered,
    answeredPercentOfAttempts: percentOf(counters.outcomeAnswered, counters.attempts),
    reachedPercentOfFinishedEntries,
    answeredPercent: reachedPercentOfFinishedEntries,
    attempts: counters.attempts,
    byStatus: {
      pending: counters.pending,
      dialing: counters.dialing,
      answered: counters.answered,
      "wrapped-up": counters.wrappedUp,
      "retry-scheduled": counters.retryScheduled,
      unreached: counters.unreached,
      skipped: counters.skipped,
    },
    byOutcome: {
      answered: counters.outcomeAnswered,
      noAnswer: counters.outcomeNoAnswer,
      busy: counters.outcomeBusy,
      failed: counters.outcomeFailed,
      machine: counters.outcomeMachine,
    },
    abandoned: counters.abandoned ?? 0,
  };
}

export function presentEntry(entry: CallEntry) {
  const { wrapUpToken: _token, ...rest } = entry;
  return { ...rest, subjectKind: entry.subjectKind ?? ("contact" as const), operatorId: entry.operatorId === "none" ? undefined : entry.operatorId };
}
