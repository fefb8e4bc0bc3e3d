import { nowMs } from "../runtime/clock";
import { useStorage } from "../storage";

/** What statistics and reports read of a call-log row (a projection keeps each Query page small). */
export interface CallRow {
  callId: string;
  source?: string;
  operatorId?: string;
  listId?: string;
  placedAt: string;
  day?: string;
  outcome?: string;
  talkSeconds?: number;
  abandoned?: boolean;
  disposition?: string;
  expiresAt?: number;
}

const rowAttributes = ["callId", "source", "operatorId", "listId", "placedAt", "day", "outcome", "talkSeconds", "abandoned", "disposition", "expiresAt"] as const;

/**
 * At most this many 1 MB Query pages per partition read. With the projection a page holds some
 * thousands of calls, so a list or a day of tens of thousands of calls is read whole; anything
 * bigger is answered from what was read and says so (`complete: false`) rather than reading on.
 */
export const MAX_PAGES_PER_QUERY = 10;

export interface CallRows {
  rows: CallRow[];
  /** false when a partition had more than MAX_PAGES_PER_QUERY pages: the numbers cover the earliest calls only. */
  complete: boolean;
}

/** Rows past their retention still sit in DynamoDB until TTL removes them (DynamoDB Local never does): left out. */
const live = (row: CallRow, nowSeconds: number) => row.expiresAt === undefined || row.expiresAt > nowSeconds;

type Page = { data: unknown[]; cursor: string | null };

async function collect(read: () => Promise<Page>): Promise<CallRows> {
  const page = await read();
  const nowSeconds = Math.floor(nowMs() / 1000);
  return { rows: (page.data as CallRow[]).filter((row) => live(row, nowSeconds)), complete: !page.cursor };
}

const options = { pages: MAX_PAGES_PER_QUERY, attributes: [...rowAttributes] };

/** A list's calls, oldest first (the call log's byList index: one Query). */
export function callsOfList(listId: string): Promise<CallRows> {
  const { service } = useStorage();
  return collect(() => service.entities.call.query.byList({ listId }).go(options) as Promise<Page>);
}

/** The calls placed on one UTC day (byDay index: one Query). */
export function callsOfDay(day: string): Promise<CallRows> {
  const { service } = useStorage();
  return collect(() => service.entities.call.query.byDay({ day }).go(options) as Promise<Page>);
}

/** One operator's calls placed between two instants, inclusive (byOperator index: one Query). */
export function callsOfOperator(operatorId: string, fromIso: string, toIso: string): Promise<CallRows> {
  const { service } = useStorage();
  return collect(
    () => service.entities.call.query.byOperator({ operatorId }).between({ placedAt: fromIso }, { placedAt: toIso }).go(options) as Promise<Page>,
  );
}
