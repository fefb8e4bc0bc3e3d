import { useStorage } from "../../storage";
import { Presence } from "../../presence";
import { ulid } from "ulid";
import { loadList } from "../access";
import type { StoredCallList } from "../model";
import { type EngineInput } from "../ports";
import { ifStill, loadEntry } from "./entries";

/** What one line of an execution carries (the Map state's item): everything else lives in DynamoDB. */
export interface LineInput extends EngineInput {
  line: number;
}

/** Lines a list runs: one per operator (a line dials only for a ready one), capped by maxLines. */
function lineCount(list: StoredCallList): number {
  return Math.max(1, Math.min(list.settings.maxLines ?? list.operatorIds.length, list.operatorIds.length, 40));
}

/**
 * PlanLines: how many lines this execution runs (the Map's items). A line left busy by an earlier
 * run (a call in progress when it died, or when the list shrank) is run too, so it is resumed.
 */
export async function planLines(input: EngineInput): Promise<EngineInput & { action: "lines" | "stop"; lines: number[] }> {
  const list = await loadList(input.listId);
  if (!list || list.runId !== input.runId || list.status !== "running") return { ...input, action: "stop", lines: [] };
  const { service } = useStorage();
  const rows = await service.entities.callListLine.query.primary({ listId: list.listId }).go({ pages: "all" });
  const busy = rows.data.filter((row) => row.entryId).map((row) => row.line + 1);
  const count = Math.max(lineCount(list), ...busy);
  return { ...input, action: "lines", lines: Array.from({ length: count }, (_, index) => index) };
}

/** AfterLines: every line ended. A list still running under this run hands over to a new execution. */
export async function afterLines(input: EngineInput): Promise<EngineInput & { action: "handover" | "stop"; nextRunId?: string }> {
  const list = await loadList(input.listId);
  if (!list || list.runId !== input.runId || list.status !== "running") return { ...input, action: "stop" };
  const nextRunId = ulid();
  const handed = await ifStill(() =>
    useStorage()
      .service.entities.callList.patch({ listId: list.listId })
      .set({ runId: nextRunId, runLoops: 0 })
      .where(({ runId, status }, { eq }) => `${eq(runId, input.runId)} AND ${eq(status, "running")}`)
      .go(),
  );
  if (!handed) return { ...input, action: "stop" };
  return { ...input, action: "handover", nextRunId };
}

interface LineRow {
  listId: string;
  line: number;
  entryId?: string;
  attempt?: number;
  callId?: string;
  operatorId?: string;
}

export async function loadLine(listId: string, line: number): Promise<LineRow | undefined> {
  const { data } = await useStorage().service.entities.callListLine.get({ listId, line }).go({ consistent: true });
  return (data as LineRow | null) ?? undefined;
}

/**
 * The line's call is over: its operator goes back to ready (or paused), then the line is free.
 * In that order, so a crash in between is finished by the next ClaimNext; both writes are
 * conditional on the call, so a late release never touches a newer reservation.
 */
export async function releaseLine(list: StoredCallList, line: LineRow | undefined, entryId: string): Promise<void> {
  if (line?.operatorId && line.callId) await Presence.release(line.operatorId, line.callId);
  if (line?.entryId) {
    await ifStill(() =>
      useStorage()
        .service.entities.callListLine.patch({ listId: list.listId, line: line.line })
        .remove(["entryId", "attempt", "callId", "operatorId"])
        .where(({ entryId: current }, { eq }) => eq(current, entryId))
        .go(),
    );
  }
  if (list.currentEntryId === entryId) await releaseCurrent(list, entryId);
}

/** Frees every line whose call is over (its operator released first), e.g. when the list is done. */
export async function sweepLines(list: StoredCallList): Promise<void> {
  const { data } = await useStorage().service.entities.callListLine.query.primary({ listId: list.listId }).go({ pages: "all" });
  for (const line of data as LineRow[]) {
    if (!line.entryId) continue;
    const entry = await loadEntry(list.listId, line.entryId);
    if (entry?.status !== "dialing" && entry?.status !== "answered") await releaseLine(list, line, line.entryId);
  }
}

async function releaseCurrent(list: StoredCallList, entryId: string): Promise<void> {
  const { service } = useStorage();
  await ifStill(() =>
    service.entities.callList
      .patch({ listId: list.listId })
      .remove(["currentEntryId"])
      .where(({ currentEntryId }, { eq }) => eq(currentEntryId, entryId))
      .go(),
  );
}
