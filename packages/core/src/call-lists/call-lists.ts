import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser } from "../actor";
import { UlidField } from "../contacts/fields";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed, isConditionFailure, retryTransactionConflicts } from "../storage/transaction";
import { Users } from "../users";
import { requireRight, roleHas } from "../users/roles";
import { parse } from "../validation";
import { Presence } from "../presence";
import type { CallListStatus } from "./call-list.entity";
import { useCallListPorts } from "./ports";
import { CreateCallListInput, ListPageInput, SetOperatorsInput, UpdateCallListInput, type CallEntry, type StoredCallList } from "./model";
import { loadManagedList, loadVisibleList, requireUsers } from "./access";
import { presentEntry, presentList } from "./present";
import { insertEntries, requestedSubjects } from "./add-entries";

/**
 * A call list's life: made, started, paused, resumed, cancelled, its operators and script
 * changed. The rest of the feature's surface is re-exported so `CallLists.*` stays one namespace:
 * shapes (model.ts), who may see and change a list (access.ts), how the API shows it
 * (present.ts) and putting people on it (add-entries.ts).
 */
export * from "./model";
export { canSeeList, loadList, loadVisibleList } from "./access";
export { percentOf, presentEntry, presentList } from "./present";
export { addEntries } from "./add-entries";

export async function create(input: CreateCallListInput) {
  const actor = useUser();
  requireRight(actor, "callLists:manage");
  const parsed = parse(CreateCallListInput, input);
  await requireUsers(parsed.operatorIds);
  const operatorIds = [...new Set(parsed.operatorIds)];
  const timestamp = now().toISOString();
  const listId = ulid();
  const { service } = useStorage();
  committed(
    await service.transaction
      .write(({ callList, callListOperator }) => [
        callList
          .create({
            listId,
            name: parsed.name,
            operatorIds,
            createdBy: actor.userId,
            settings: parsed.settings,
            status: "draft",
            version: 1,
            createdAt: timestamp,
            updatedAt: timestamp,
          })
          .commit(),
        ...operatorIds.map((operatorId) => callListOperator.create({ listId, operatorId }).commit()),
      ])
      .go(),
  );
  const added = await insertEntries(listId, await requestedSubjects(parsed));
  return { list: await get(listId), ...added };
}

export async function get(listId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:work");
  const list = await loadVisibleList(listId);
  const { service } = useStorage();
  const operators = await service.entities.callListOperator.query.primary({ listId: list.listId }).go({ pages: "all" });
  const presented = presentList(list);
  return {
    ...presented,
    stats: {
      ...presented.stats,
      perOperator: operators.data.map((row) => ({ operatorId: row.operatorId, answered: row.answered, wrappedUp: row.wrappedUp })),
    },
  };
}

export async function list(input: v.InferInput<typeof ListPageInput>) {
  const actor = useUser();
  requireRight(actor, "callLists:work");
  const { limit, cursor } = parse(ListPageInput, input);
  const { service } = useStorage();
  const context = `callLists:${actor.userId}`;
  const everyone = roleHas(actor.role, "callLists:readAll");
  // Lists are few (tens per organization); the filter narrows one small partition.
  const query = service.entities.callList.query.all({ scope: "callLists" });
  const page = everyone
    ? await query.go({ limit, cursor: decodeCursor(cursor, context) ?? null, order: "desc" })
    : await query
        .where(({ createdBy, operatorIds }, { eq, contains }) => `${eq(createdBy, actor.userId)} OR ${contains(operatorIds, actor.userId)}`)
        .go({ limit, cursor: decodeCursor(cursor, context) ?? null, order: "desc" });
  return { items: (page.data as StoredCallList[]).map(presentList), cursor: encodeCursor(page.cursor, context) };
}

export async function listEntries(listId: string, input: v.InferInput<typeof ListPageInput>) {
  const actor = useActor();
  requireRight(actor, "callLists:work");
  const list = await loadVisibleList(listId);
  const { limit, cursor } = parse(ListPageInput, input);
  const { service } = useStorage();
  const context = `callEntries:${list.listId}`;
  const page = await service.entities.callEntry.query
    .primary({ listId: list.listId })
    .go({ limit, cursor: decodeCursor(cursor, context) ?? null });
  return { items: (page.data as CallEntry[]).map(presentEntry), cursor: encodeCursor(page.cursor, context) };
}

export async function getEntry(listId: string, entryId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:work");
  const list = await loadVisibleList(listId);
  if (!v.is(UlidField, entryId)) throw new ValidationError([{ field: "entryId", message: "Not a valid entry ID." }]);
  const { service } = useStorage();
  const [entry, attempts] = await Promise.all([
    service.entities.callEntry.get({ listId: list.listId, entryId }).go(),
    service.entities.callAttempt.query.primary({ listId: list.listId, entryId }).go({ pages: "all" }),
  ]);
  if (!entry.data) throw new NotFoundError("Call list entry");
  return {
    ...presentEntry(entry.data as CallEntry),
    attempts: attempts.data.map(({ taskToken: _token, ...attempt }) => attempt),
  };
}

/** The list's operators with their live presence (managers, admins and the list's creator). */
export async function operatorsWithPresence(listId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:work");
  const list = await loadVisibleList(listId);
  return Presence.ofList(list);
}

/** Starts (or resumes) dialing. A list already running keeps its one engine. */
export async function start(listId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const list = await loadManagedList(listId);
  if (list.status === "cancelled") throw new ConflictError("This call list was cancelled; make a new one.");
  if (!(await hasActiveOperator(list))) {
    throw new ConflictError("Every operator of this list was deactivated: assign active operators (PUT /v1/call-lists/{listId}/operators), then start it.");
  }
  const { runner } = useCallListPorts();
  // Already running with a live engine: that one stays the only one.
  if (list.status === "running" && list.runId && (await runner.isRunning(list.runId))) return get(list.listId);
  // Otherwise (new, paused, done, or an engine that died): a new run ID, which retires any old run.
  const runId = ulid();
  const { service } = useStorage();
  try {
    await service.entities.callList
      .patch({ listId: list.listId })
      .set({ status: "running", runId, runLoops: 0, updatedAt: now().toISOString(), version: list.version + 1 })
      .remove(["pausedReason", "waitingForOperatorSince"])
      .where(({ version }, { eq }) => eq(version, list.version))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) {
      // Someone started (or changed) it at the same moment: theirs is the one engine.
      return get(list.listId);
    }
    throw error;
  }
  await runner.startExecution({ listId: list.listId, runId, handled: 0 });
  return get(list.listId);
}

async function hasActiveOperator(list: StoredCallList): Promise<boolean> {
  const operators = await Users.getMany(list.operatorIds);
  return operators.some((user) => user.active);
}

/**
 * Replaces who takes this list's answered calls (a running list picks them up from its next
 * call). Everyone named must be an active user; removed operators keep their statistics row
 * but no longer see the list.
 */
export async function setOperators(listId: string, input: SetOperatorsInput) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const parsed = parse(SetOperatorsInput, input);
  const list = await loadManagedList(listId);
  if (list.status === "cancelled") throw new ConflictError("This call list was cancelled; make a new one.");
  await requireUsers(parsed.operatorIds);
  const operatorIds = [...new Set(parsed.operatorIds)];
  const { service } = useStorage();
  const existing = await service.entities.callListOperator.query.primary({ listId: list.listId }).go({ pages: "all" });
  const added = operatorIds.filter((operatorId) => !existing.data.some((row) => row.operatorId === operatorId));
  await retryTransactionConflicts(() =>
    service.transaction
      .write(({ callList, callListOperator }) => [
        callList
          .patch({ listId: list.listId })
          .set({ operatorIds, updatedAt: now().toISOString(), version: list.version + 1 })
          .where(({ version }, { eq }) => eq(version, list.version))
          .commit(),
        ...added.map((operatorId) => callListOperator.create({ listId: list.listId, operatorId }).commit()),
      ])
      .go()
      .then(committed),
  ).catch((error: Error) => {
    if (isConditionFailure(error)) throw new ConflictError("The list changed at the same moment; try again.");
    throw error;
  });
  return get(list.listId);
}

/** Changes the list's script (its maker, managers, admins); a running list's next pop shows it. */
export async function update(listId: string, input: UpdateCallListInput) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const { settings } = parse(UpdateCallListInput, input);
  const { service } = useStorage();
  // The engine moves the version as it dials: read again and reapply when it moved in between.
  for (let attempt = 1; ; attempt++) {
    const list = await loadManagedList(listId);
    const { script: _old, ...rest } = list.settings;
    const next = settings.script === null ? rest : { ...rest, script: settings.script };
    try {
      await service.entities.callList
        .patch({ listId: list.listId })
        .set({ settings: next, updatedAt: now().toISOString(), version: list.version + 1 })
        .where(({ version }, { eq }) => eq(version, list.version))
        .go();
      return get(list.listId);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (attempt >= 5) throw new ConflictError("The list changed at the same moment; try again.");
    }
  }
}

/** The current call finishes (and its wrap-up), then the engine stops. */
export async function pause(listId: string) {
  return changeStatus(listId, ["running"], "paused");
}

/**
 * Picks a paused (or finished, then extended) list up where it stopped. A draft was never
 * started: resuming it would start it behind the maker's back, so that takes `start`.
 */
export async function resume(listId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const list = await loadManagedList(listId);
  if (list.status === "draft") throw new ConflictError("A draft list cannot be resumed: start it.");
  return start(listId);
}

export async function cancel(listId: string) {
  return changeStatus(listId, ["draft", "running", "paused", "done"], "cancelled");
}

/**
 * A running list's version moves with every claim of each of its lines, so a pause or cancel
 * that lost the race to the engine reads the list again and retries (the decision depends on
 * the status alone) instead of telling the user to try again.
 */
const STATUS_CHANGE_ATTEMPTS = 8;

async function changeStatus(listId: string, from: CallListStatus[], to: CallListStatus) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const { service } = useStorage();
  for (let attempt = 1; ; attempt++) {
    const list = await loadManagedList(listId);
    if (list.status === to) return get(list.listId);
    if (!from.includes(list.status)) throw new ConflictError(`A ${list.status} list cannot be ${to}.`);
    const changed = await service.entities.callList
      .patch({ listId: list.listId })
      .set({ status: to, updatedAt: now().toISOString(), version: list.version + 1 })
      .remove(["pausedReason"])
      .where(({ version }, { eq }) => eq(version, list.version))
      .go()
      .then(() => true)
      .catch((error: Error) => {
        if (isConditionFailure(error)) return false;
        throw error;
      });
    if (changed) return get(list.listId);
    if (attempt >= STATUS_CHANGE_ATTEMPTS) throw new ConflictError("The list changed at the same moment; try again.");
  }
}

/**
 * After a restart of the local host (or a lost execution): every running list gets its engine
 * back. The engine picks up from DynamoDB: a call in progress is reconciled, never redialed.
 */
export async function resumeRunning(): Promise<number> {
  const { service } = useStorage();
  const { runner } = useCallListPorts();
  const running = await service.entities.callList.query
    .all({ scope: "callLists" })
    .where(({ status }, { eq }) => eq(status, "running"))
    .go({ pages: "all" });
  for (const list of running.data) {
    if (list.runId && !(await runner.isRunning(list.runId))) await runner.startExecution({ listId: list.listId, runId: list.runId, handled: 0 });
  }
  return running.data.length;
}
