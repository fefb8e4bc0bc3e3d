import { useUser } from "../actor";
import { dispositions as knownDispositions } from "../call-lists/call-entry.entity";
import { ForbiddenError, ValidationError } from "../errors";
import { neutralizeCell } from "../imports/formula-guard";
import { now } from "../runtime/clock";
import { Users } from "../users";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import { callsOfDay, callsOfOperator, type CallRow, type CallRows } from "./call-rows";
export { CallsReportQuery } from "./schemas";
import { CallsReportQuery } from "./schemas";

/** The longest period one report covers: a quarter (one Query per day, run a few at a time). */
export const MAX_REPORT_DAYS = 92;
/** Without `from`/`to`: the last 7 days, today included. */
const DEFAULT_DAYS = 7;
const DAY_MS = 86_400_000;
const PARALLEL_DAY_QUERIES = 8;

export interface CallsTotals {
  calls: number;
  answered: number;
  talkSeconds: number;
  abandoned: number;
  /** Calls by disposition (answered calls the operator closed). */
  dispositions: Record<string, number>;
}

/** One operator on one day. `operatorId` null: calls no operator took (admins only, e.g. inbound calls nobody answered). */
export interface CallsReportRow extends CallsTotals {
  day: string;
  operatorId: string | null;
  operatorName: string;
}

export interface CallsReport {
  from: string;
  to: string;
  operatorId?: string;
  /** Disposition columns, known ones first. */
  dispositions: string[];
  /** Per operator and day, days ascending; only pairs with calls. */
  rows: CallsReportRow[];
  /** Per operator over the period. */
  byOperator: (CallsTotals & { operatorId: string | null; operatorName: string })[];
  /** Every day of the period (empty days as 0). */
  byDay: (CallsTotals & { day: string })[];
  totals: CallsTotals;
  /** false when a day (or the operator) had more calls than one bounded read holds. */
  complete: boolean;
}

const emptyTotals = (): CallsTotals => ({ calls: 0, answered: 0, talkSeconds: 0, abandoned: 0, dispositions: {} });

function add(totals: CallsTotals, row: CallRow): void {
  totals.calls += 1;
  if (row.outcome === "answered") totals.answered += 1;
  totals.talkSeconds += row.talkSeconds ?? 0;
  if (row.abandoned) totals.abandoned += 1;
  if (row.disposition) totals.dispositions[row.disposition] = (totals.dispositions[row.disposition] ?? 0) + 1;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function periodOf(input: { from?: string; to?: string }): { from: string; to: string; days: string[] } {
  const to = input.to ?? (input.from ? isoDay(Math.min(Date.parse(`${input.from}T00:00:00Z`) + (DEFAULT_DAYS - 1) * DAY_MS, now().getTime())) : isoDay(now().getTime()));
  const from = input.from ?? isoDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY_MS);
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (end < start) throw new ValidationError([{ field: "to", message: "Must be on or after from." }]);
  const count = (end - start) / DAY_MS + 1;
  if (count > MAX_REPORT_DAYS) throw new ValidationError([{ field: "to", message: `At most ${MAX_REPORT_DAYS} days from from.` }]);
  return { from, to, days: Array.from({ length: count }, (_, index) => isoDay(start + index * DAY_MS)) };
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let index = 0; index < items.length; index += size) out.push(...(await Promise.all(items.slice(index, index + size).map(work))));
  return out;
}

/**
 * Calls of every list (and manual and inbound calls) per operator and per UTC day. Managers see
 * their team's operators (themselves included; a manager without a team: their own calls),
 * admins everyone's; others 403. Reads the call log by Query only: one per day on its byDay index,
 * or one on byOperator when an operator is chosen.
 */
export async function callsReport(input: CallsReportQuery): Promise<CallsReport> {
  const actor = useUser();
  requireRight(actor, "reports:read");
  const parsed = parse(CallsReportQuery, input);
  const period = periodOf(parsed);
  const users = await Users.list();
  const names = new Map(users.map((user) => [user.userId, user.name]));
  const inScope =
    actor.role === "admin"
      ? () => true
      : (operatorId: string | undefined) => operatorId !== undefined && (operatorId === actor.userId || (actor.teamId !== undefined && users.some((user) => user.userId === operatorId && user.teamId === actor.teamId)));
  if (parsed.operatorId && !inScope(parsed.operatorId)) throw new ForbiddenError("That operator is not in your team.");

  const reads: CallRows[] = parsed.operatorId
    ? [await callsOfOperator(parsed.operatorId, `${period.from}T00:00:00.000Z`, `${period.to}T23:59:59.999Z`)]
    : await inBatches(period.days, PARALLEL_DAY_QUERIES, callsOfDay);
  const rows = reads.flatMap((read) => read.rows).filter((row) => inScope(row.operatorId) && (!parsed.operatorId || row.operatorId === parsed.operatorId));

  const nameOf = (operatorId: string | null) => (operatorId === null ? "No operator" : (names.get(operatorId) ?? operatorId));
  const perPair = new Map<string, CallsReportRow>();
  const perOperator = new Map<string | null, CallsTotals & { operatorId: string | null; operatorName: string }>();
  const perDay = new Map(period.days.map((day) => [day, { day, ...emptyTotals() }]));
  const totals = emptyTotals();
  for (const row of rows) {
    const day = row.day ?? row.placedAt.slice(0, 10);
    const operatorId = row.operatorId ?? null;
    const key = `${day}\n${operatorId ?? ""}`;
    const pair = perPair.get(key) ?? { day, operatorId, operatorName: nameOf(operatorId), ...emptyTotals() };
    perPair.set(key, pair);
    add(pair, row);
    const operator = perOperator.get(operatorId) ?? { operatorId, operatorName: nameOf(operatorId), ...emptyTotals() };
    perOperator.set(operatorId, operator);
    add(operator, row);
    const dayTotals = perDay.get(day);
    if (dayTotals) add(dayTotals, row);
    add(totals, row);
  }
  const seen = Object.keys(totals.dispositions).filter((name) => !(knownDispositions as readonly string[]).includes(name)).sort();
  return {
    from: period.from,
    to: period.to,
    ...(parsed.operatorId ? { operatorId: parsed.operatorId } : {}),
    dispositions: [...knownDispositions, ...seen],
    rows: [...perPair.values()].sort((a, b) => a.day.localeCompare(b.day) || a.operatorName.localeCompare(b.operatorName)),
    byOperator: [...perOperator.values()].sort((a, b) => b.calls - a.calls || a.operatorName.localeCompare(b.operatorName)),
    byDay: [...perDay.values()],
    totals,
    complete: reads.every((read) => read.complete),
  };
}

/**
 * The report's rows as CSV (one line per operator and day); cells a spreadsheet would run are
 * guarded. csv-stringify loads with the first download, outside the API's cold start.
 */
export async function callsReportCsv(report: CallsReport): Promise<{ fileName: string; csv: string }> {
  const { stringify } = await import("csv-stringify/sync");
  const header = ["Day", "Operator ID", "Operator", "Calls", "Answered", "Talk seconds", "Abandoned", ...report.dispositions.map((name) => `Disposition: ${name}`)];
  const lines = report.rows.map((row) =>
    [row.day, row.operatorId ?? "", row.operatorName, row.calls, row.answered, row.talkSeconds, row.abandoned, ...report.dispositions.map((name) => row.dispositions[name] ?? 0)].map((cell) =>
      neutralizeCell(String(cell)),
    ),
  );
  return { fileName: `calls-${report.from}-to-${report.to}.csv`, csv: stringify([header, ...lines], { bom: true }) };
}
