import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import { useActor } from "../../actor";
import { Calls } from "../../calls";
import { nowMs } from "../../runtime/clock";
import { useStorage } from "../../storage";
import { committed } from "../../storage/transaction";
import { roleHas } from "../../users/roles";
import { Presence } from "../../presence";
import { parse } from "../../validation";
import { type Disposition, type EntryStatus } from "../call-entry.entity";
import { canSeeList, loadList } from "../access";
import type { CallEntry, StoredCallList } from "../model";
import { markDoNotCall, noteOnCard, subjectOf } from "../contact-bridge";
import { callIdOf } from "../keys";
import { useCallListPorts } from "../ports";
import { log } from "../../runtime/observability";
import { completeWaits, entryUpdate, ifStill, listRef, loadEntry, move } from "./entries";
import type { LineInput } from "./lines";

export async function awaitWrapUp(input: { taskToken: string; listId: string; entryId: string }): Promise<void> {
  const entry = await loadEntry(input.listId, input.entryId);
  const stored =
    entry?.status === "answered" &&
    (await ifStill(() =>
      entryUpdate(useStorage().service.entities.callEntry, entry, { wrapUpToken: input.taskToken })
        .where(({ status }, { eq }) => eq(status, "answered"))
        .go(),
    ));
  // Wrapped up already (the operator was quick, or this is a restart): go on at once.
  if (!stored) await useCallListPorts().runner.sendTaskSuccess(input.taskToken, { wrappedUp: true });
}

export { DispositionInput } from "../model";
import { DispositionInput } from "../model";

/** The operator's verdict on an answered call: ends wrap-up, and the engine dials the next. */
export async function dispose(listId: string, entryId: string, input: DispositionInput) {
  const actor = useActor();
  const parsed = parse(DispositionInput, input);
  if (parsed.callbackAt && new Date(parsed.callbackAt).getTime() <= nowMs()) {
    throw new ValidationError([{ field: "callbackAt", message: "Must be in the future." }]);
  }
  const list = await loadList(listId);
  const entry = list ? await loadEntry(list.listId, entryId) : undefined;
  if (!list || !entry || !canSeeList(actor, list)) throw new NotFoundError("Call list entry");
  const lateVerdict = entry.status === "wrapped-up" && entry.disposition === "no-disposition";
  if (entry.status !== "answered" && !lateVerdict) throw new ConflictError("This call is not waiting for a disposition.");
  if (actor.type === "user" && entry.operatorId !== actor.userId && !roleHas(actor.role, "callLists:readAll")) {
    throw new ForbiddenError("This call was given to another operator.");
  }
  const done = lateVerdict
    ? await replaceNoDisposition(list, entry, parsed.disposition, parsed.callbackAt, parsed.note)
    : await finishWrapUp(list, entry, parsed.disposition, parsed.callbackAt, parsed.note);
  if (!done) throw new ConflictError("This call was already wrapped up.");
  log.info("call disposed", { listId: list.listId, entryId: entry.entryId, attempt: entry.attempts, callId: callIdOf(list.listId, entry.entryId, entry.attempts), disposition: parsed.disposition });
  return { disposition: parsed.disposition };
}

/** What a line carries into WrapUpTimedOut, and gets back: wait again (`wrapup`) or go on (`next`). */
export interface WrapUpCheck extends LineInput {
  entryId: string;
}

/** A talk still going on waits for its end, at most this long after the answer (a lost "ended"). */
const MAX_TALK_MS = 4 * 3600_000;

/**
 * The wrap-up wait timed out. The operator's wrap-up runs from the end of the call (phase
 * "ended"), or from the answer when the provider reports no phases: time left means wait again;
 * a call still on means wait a whole wrap-up more; else the wrap-up closes with "no disposition".
 */
export async function wrapUpTimedOut(input: WrapUpCheck): Promise<WrapUpCheck & { action: "wrapup" | "next"; wrapUpTimeoutSeconds?: number }> {
  const base = { listId: input.listId, runId: input.runId, line: input.line, handled: input.handled, entryId: input.entryId };
  const list = await loadList(input.listId);
  const entry = list ? await loadEntry(input.listId, input.entryId) : undefined;
  if (!list || !entry || entry.status !== "answered") return { ...base, action: "next" };
  const attempt = (await useStorage().service.entities.callAttempt.get({ listId: entry.listId, entryId: entry.entryId, attempt: entry.attempts }).go()).data;
  const timeoutMs = list.settings.wrapUpTimeoutSeconds * 1000;
  const answeredAt = Date.parse(entry.answeredAt ?? entry.updatedAt);
  const talking = Boolean(attempt?.connectedAt && !attempt.callEndedAt) && nowMs() - answeredAt < MAX_TALK_MS;
  const endsAt = talking ? nowMs() + timeoutMs : Date.parse(attempt?.callEndedAt ?? entry.answeredAt ?? entry.updatedAt) + timeoutMs;
  const leftSeconds = Math.ceil((endsAt - nowMs()) / 1000);
  if (leftSeconds > 0 && list.status !== "cancelled") return { ...base, action: "wrapup", wrapUpTimeoutSeconds: leftSeconds };
  await finishWrapUp(list, entry, "no-disposition");
  return { ...base, action: "next" };
}

/**
 * A verdict after the wrap-up timed out replaces "no disposition": the same effects (do not call,
 * call back at…) as in time, conditional on the entry still saying "no disposition".
 */
async function replaceNoDisposition(list: StoredCallList, entry: CallEntry, disposition: Disposition, callbackAt?: string, note?: string): Promise<boolean> {
  const { service } = useStorage();
  const callBack = disposition === "call-back" && callbackAt;
  const replaced = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callEntry, callList }) => [
          entryUpdate(callEntry, entry, {
            status: callBack ? "retry-scheduled" : "wrapped-up",
            disposition,
            ...(callBack ? { dueAt: callbackAt, callbackAt, ...(entry.operatorId !== "none" ? { preferredOperatorId: entry.operatorId } : {}) } : {}),
          })
            .where(({ status, disposition: current }, { eq }) => `${eq(status, "wrapped-up")} AND ${eq(current, "no-disposition")}`)
            .commit(),
          ...(callBack ? [callList.patch({ listId: list.listId }).add(move("wrapped-up", "retry-scheduled")).commit()] : []),
        ])
        .go(),
    ),
  );
  if (!replaced) return false;
  await dispositionEffects(list, entry, disposition, callbackAt, note, true);
  return true;
}

async function dispositionEffects(list: StoredCallList, entry: CallEntry, disposition: Disposition, callbackAt: string | undefined, note: string | undefined, afterTimeout: boolean) {
  const callBack = disposition === "call-back" && callbackAt;
  // The call's log record: absent only for a call from before the log (then there is nothing to complete).
  await Calls.update(callIdOf(list.listId, entry.entryId, entry.attempts), { disposition, ...(note ? { note } : {}) });
  if (disposition === "do-not-call") await markDoNotCall(subjectOf(entry), entry.phone, { kind: "do-not-call-requested", values: listRef(list) });
  await noteOnCard(subjectOf(entry), {
    kind: "note",
    note: { kind: "list-call-disposition", values: { ...listRef(list), disposition, afterTimeout, ...(callBack ? { callbackAt } : {}), ...(note ? { note } : {}) } },
  });
}

async function finishWrapUp(list: StoredCallList, entry: CallEntry, disposition: Disposition, callbackAt?: string, note?: string): Promise<boolean> {
  if (entry.status !== "answered") return false;
  const { service } = useStorage();
  const callBack = disposition === "call-back" && callbackAt;
  const nextStatus: EntryStatus = callBack ? "retry-scheduled" : "wrapped-up";
  const finished = await ifStill(async () =>
    committed(
      await service.transaction
        .write(({ callEntry, callList, callListOperator }) => [
          entryUpdate(callEntry, entry, {
            status: nextStatus,
            disposition,
            // A call-back goes back to this operator if they are ready then.
            ...(callBack ? { dueAt: callbackAt, callbackAt, ...(entry.operatorId !== "none" ? { preferredOperatorId: entry.operatorId } : {}) } : {}),
          })
            .where(({ status }, { eq }) => eq(status, "answered"))
            .commit(),
          // A list from before lines kept its call in currentEntryId; lines keep theirs on the line row.
          (list.currentEntryId === entry.entryId ? callList.patch({ listId: list.listId }).remove(["currentEntryId"]) : callList.patch({ listId: list.listId }))
            .add(move("answered", nextStatus))
            .commit(),
          ...(callBack ? [] : [callListOperator.patch({ listId: list.listId, operatorId: entry.operatorId }).add({ wrappedUp: 1 }).commit()]),
        ])
        .go(),
    ),
  );
  if (!finished) return false;
  // In parallel, before the wait is completed: the operator is freed (or paused, if they asked) so
  // the line's next claim may reserve them again; the verdict's effects; and, as with outcomes, the
  // wait's token read after our write (a token stored by a resumed AwaitWrapUp just before it).
  const [, , latest] = await Promise.all([
    entry.operatorId !== "none" ? Presence.release(entry.operatorId, callIdOf(list.listId, entry.entryId, entry.attempts)) : undefined,
    dispositionEffects(list, entry, disposition, callbackAt, note, false),
    loadEntry(entry.listId, entry.entryId),
  ]);
  await completeWaits([entry.wrapUpToken, latest?.wrapUpToken], { wrappedUp: true });
  return true;
}
