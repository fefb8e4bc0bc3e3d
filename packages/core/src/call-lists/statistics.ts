import { useActor } from "../actor";
import { callsOfList, type CallRow } from "../reports/call-rows";
import { Users } from "../users";
import { requireRight } from "../users/roles";
import { dispositions, type Disposition } from "./call-entry.entity";
import { loadVisibleList } from "./access";
import { percentOf, presentList } from "./present";

/** One step of the funnel: dialed → answered by a person → each disposition. */
export interface FunnelStage {
  stage: "dialed" | "answered" | Disposition;
  count: number;
  /** count ÷ dialed attempts, in percent. */
  percentOfDialed: number;
  /** Dispositions only: count ÷ answered attempts, in percent. */
  percentOfAnswered?: number;
}

export interface HourBucket {
  /** The UTC hour's start, ISO (`2026-05-04T09:00:00.000Z`). */
  hour: string;
  calls: number;
  answered: number;
}

export interface OperatorTalk {
  operatorId: string;
  name: string;
  /** Calls placed for (reserved to) the operator, answered or not. */
  calls: number;
  answered: number;
  talkSeconds: number;
}

/**
 * The list's statistics for charts (`GET /v1/call-lists/{listId}/statistics`). Counts of attempts,
 * answers, entries and abandoned calls come from the list's counters (the same numbers as the
 * list's `stats`); dispositions, calls per hour and talk time from the call log (one Query on its
 * byList index, at most MAX_PAGES_PER_QUERY pages).
 */
export interface CallListStatistics {
  listId: string;
  attempts: number;
  /** Attempts a person answered. */
  answered: number;
  /** answered ÷ attempts. */
  answeredPercentOfAttempts: number;
  /** Entries reached (wrapped up or in wrap-up). */
  reachedEntries: number;
  /** Entries with a result: reached or unreached (skipped ones never rang). */
  finishedEntries: number;
  /** reachedEntries ÷ finishedEntries. */
  reachedPercentOfFinishedEntries: number;
  funnel: FunnelStage[];
  callsPerHour: HourBucket[];
  talkByOperator: OperatorTalk[];
  /** Answered calls no operator was connected to within 2 s (each is retried later). */
  abandoned: number;
  /** How much of the call log was read: `complete: false` when the list has more calls than one bounded read holds. */
  callLog: { calls: number; complete: boolean };
}

/** Up to a month of hours is drawn as a continuous axis (empty hours as 0); a longer life lists only the hours with calls. */
const MAX_CONTINUOUS_HOURS = 31 * 24;
const HOUR_MS = 3_600_000;

const hourOf = (iso: string) => new Date(Math.floor(Date.parse(iso) / HOUR_MS) * HOUR_MS).toISOString();

export function callsPerHour(rows: readonly CallRow[]): HourBucket[] {
  const buckets = new Map<string, HourBucket>();
  for (const row of rows) {
    if (Number.isNaN(Date.parse(row.placedAt))) continue;
    const hour = hourOf(row.placedAt);
    const bucket = buckets.get(hour) ?? { hour, calls: 0, answered: 0 };
    bucket.calls += 1;
    if (row.outcome === "answered") bucket.answered += 1;
    buckets.set(hour, bucket);
  }
  const sorted = [...buckets.values()].sort((a, b) => a.hour.localeCompare(b.hour));
  if (sorted.length < 2) return sorted;
  const first = Date.parse(sorted[0]!.hour);
  const last = Date.parse(sorted[sorted.length - 1]!.hour);
  const span = (last - first) / HOUR_MS + 1;
  if (span > MAX_CONTINUOUS_HOURS) return sorted;
  return Array.from({ length: span }, (_, index) => {
    const hour = new Date(first + index * HOUR_MS).toISOString();
    return buckets.get(hour) ?? { hour, calls: 0, answered: 0 };
  });
}

export async function talkByOperator(rows: readonly CallRow[]): Promise<OperatorTalk[]> {
  const byOperator = new Map<string, OperatorTalk>();
  for (const row of rows) {
    if (!row.operatorId) continue;
    const talk = byOperator.get(row.operatorId) ?? { operatorId: row.operatorId, name: row.operatorId, calls: 0, answered: 0, talkSeconds: 0 };
    talk.calls += 1;
    if (row.outcome === "answered") talk.answered += 1;
    talk.talkSeconds += row.talkSeconds ?? 0;
    byOperator.set(row.operatorId, talk);
  }
  const names = new Map((await Users.getMany([...byOperator.keys()])).map((user) => [user.userId, user.name]));
  return [...byOperator.values()]
    .map((talk) => ({ ...talk, name: names.get(talk.operatorId) ?? talk.operatorId }))
    .sort((a, b) => b.talkSeconds - a.talkSeconds || a.name.localeCompare(b.name));
}

function funnelOf(attempts: number, answered: number, rows: readonly CallRow[]): FunnelStage[] {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.disposition) counts.set(row.disposition, (counts.get(row.disposition) ?? 0) + 1);
  return [
    { stage: "dialed", count: attempts, percentOfDialed: attempts === 0 ? 0 : 100 },
    { stage: "answered", count: answered, percentOfDialed: percentOf(answered, attempts) },
    ...dispositions.map((disposition) => {
      const count = counts.get(disposition) ?? 0;
      return { stage: disposition, count, percentOfDialed: percentOf(count, attempts), percentOfAnswered: percentOf(count, answered) };
    }),
  ];
}

/** Whoever may see the list (its creator, its operators, managers, admins) reads its statistics; others 404. */
export async function statistics(listId: string): Promise<CallListStatistics> {
  requireRight(useActor(), "callLists:work");
  const list = await loadVisibleList(listId);
  const { stats } = presentList(list);
  const calls = await callsOfList(list.listId);
  const reachedEntries = stats.byStatus["wrapped-up"] + stats.byStatus.answered;
  return {
    listId: list.listId,
    attempts: stats.attempts,
    answered: stats.answered,
    answeredPercentOfAttempts: stats.answeredPercentOfAttempts,
    reachedEntries,
    finishedEntries: reachedEntries + stats.byStatus.unreached,
    reachedPercentOfFinishedEntries: stats.reachedPercentOfFinishedEntries,
    funnel: funnelOf(stats.attempts, stats.answered, calls.rows),
    callsPerHour: callsPerHour(calls.rows),
    talkByOperator: await talkByOperator(calls.rows),
    abandoned: stats.abandoned,
    callLog: { calls: calls.rows.length, complete: calls.complete },
  };
}
