import { useActor } from "../actor";
import { ForbiddenError } from "../errors";
import { nowMs } from "../runtime/clock";
import { Presence, type PresenceState } from "../presence";
import { useStorage } from "../storage";
import { requireRight } from "../users/roles";
import type { StoredCallList } from "./model";

/**
 * What the operator sees between calls: when their running lists next have an entry due.
 * `dueInSeconds` 0: an entry is due now (a line dials it as soon as the operator is ready);
 * no `nextDueAt`: nothing is waiting to be dialed (every entry is in progress or finished).
 */
export interface NextCall {
  state: PresenceState;
  /** The operator's lists that are running now. */
  runningLists: { listId: string; name: string }[];
  nextDueAt?: string;
  dueInSeconds?: number;
  /** The list that entry belongs to. */
  listId?: string;
  listName?: string;
}

/** BatchGetItem takes at most 100 keys; an operator works a handful of lists. */
const MAX_LISTS = 100;

/**
 * The caller's own queue: their lists (one Query on `callListOperator.byOperator`), those lists
 * (one BatchGetItem), and for each running one its earliest due entry (one Query each, limit 1,
 * on the sparse `due` index), plus their presence (one GetItem). Polled by the console every few
 * seconds while no call is on screen, never while one is.
 */
export async function nextCall(): Promise<NextCall> {
  const actor = useActor();
  if (actor.type !== "user") throw new ForbiddenError("Only operators have a queue.");
  requireRight(actor, "callLists:work");
  const { service } = useStorage();
  const [rows, presence] = await Promise.all([
    service.entities.callListOperator.query.byOperator({ operatorId: actor.userId }).go({ pages: "all", attributes: ["listId"] }),
    Presence.getOwn(),
  ]);
  const listIds = [...new Set(rows.data.map((row) => row.listId))].slice(0, MAX_LISTS);
  const lists = listIds.length ? ((await service.entities.callList.get(listIds.map((listId) => ({ listId }))).go()).data as StoredCallList[]) : [];
  // Removed operators keep their statistics row: only lists that still name them count.
  const running = lists.filter((list) => list.status === "running" && list.operatorIds.includes(actor.userId));
  const firstDue = await Promise.all(
    running.map(async (list) => {
      const { data } = await service.entities.callEntry.query.due({ listId: list.listId }).go({ limit: 1, attributes: ["dueAt"] });
      return data[0]?.dueAt ? { list, dueAt: data[0].dueAt } : undefined;
    }),
  );
  const earliest = firstDue.filter((item) => item !== undefined).sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1))[0];
  return {
    state: presence.state,
    runningLists: running.map((list) => ({ listId: list.listId, name: list.name })),
    ...(earliest
      ? {
          nextDueAt: earliest.dueAt,
          dueInSeconds: Math.max(0, Math.ceil((Date.parse(earliest.dueAt) - nowMs()) / 1000)),
          listId: earliest.list.listId,
          listName: earliest.list.name,
        }
      : {}),
  };
}
