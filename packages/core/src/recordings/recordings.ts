import { ulid } from "ulid";
import { useActor } from "../actor";
import { attachRecording, load as loadCall, type CallRecord } from "../calls/record";
import { summaryFor } from "../companies/companies";
import { loadVisible } from "../contacts/contacts";
import { DomainError, NotFoundError } from "../errors";
import { useFiles } from "../files";
import { now, nowMs } from "../runtime/clock";
import { log } from "../runtime/observability";
import { Settings } from "../settings";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { providerRecordings } from "../telephony/recording-audio";
import { noted, Timeline } from "../timeline";
import type { recordingStates } from "./recording.entity";

/**
 * Call recordings (docs/telephony.md, "Recordings"): the provider reports a finished recording
 * (signed callback, webhook.ts); we copy the audio to our own files store (S3 on AWS, the files
 * folder locally) and delete it at the provider. Users listen through a short-lived link
 * (`link`), never a lasting URL. The retention sweep deletes recordings older than the
 * organization's `recordingRetentionDays`, and the trash sweep those of contacts whose trash
 * period ended; each deletion is logged on the card and marks the call record's recording.
 */

/** How long a link to a recording works: a Lambda answer caps at 6 MB, so the audio goes direct. */
export const LINK_SECONDS = 300;

/** Where a recording's audio goes in the files store. */
const fileKeyFor = () => `recordings/${ulid()}.wav`;

/** Our row of a recording (recording.entity.ts). */
interface Row {
  callId: string;
  status: (typeof recordingStates)[number];
  provider: string;
  providerRecordingId: string;
  fileKey: string;
  contentType?: string;
  durationSeconds?: number;
  sizeBytes?: number;
  subjectKey?: string;
  contactId?: string;
  companyId?: string;
  receivedAt: string;
  storedAt?: string;
}
const entity = () => useStorage().service.entities.callRecording;

async function loadRow(callId: string): Promise<Row | undefined> {
  return (await entity().get({ callId }).go()).data ?? undefined;
}

// ---- receiving (system side: the provider's signed callback) -----------------------------------

export interface RecordingReport {
  provider: string;
  callId: string;
  providerRecordingId: string;
  /** Twilio's RecordingStatus; only `completed` has audio. */
  status: "completed" | "failed" | "absent";
  durationSeconds?: number;
}

/**
 * A finished recording: stores its metadata (on our row and the call record, which may already
 * carry its disposition: the callback often comes after it), then copies the audio and deletes
 * the provider's copy. A repeat of the same report changes nothing. A copy that fails leaves the
 * row `pending` (the call record says so); the daily sweep tries again.
 */
export async function receive(report: RecordingReport): Promise<{ stored: boolean }> {
  if (report.status !== "completed") {
    log.warn("recording: the provider reports no audio", { callId: report.callId, status: report.status });
    return { stored: false };
  }
  let row = await loadRow(report.callId);
  if (!row) {
    const call = await loadCall(report.callId);
    const subject = call ? subjectOf(call) : {};
    try {
      row = (
        await entity()
          .create({
            callId: report.callId,
            status: "pending",
            provider: report.provider,
            providerRecordingId: report.providerRecordingId,
            fileKey: fileKeyFor(),
            contentType: "audio/wav",
            ...(report.durationSeconds !== undefined ? { durationSeconds: report.durationSeconds } : {}),
            ...subject,
            receivedAt: now().toISOString(),
          })
          .go()
      ).data as Row;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      row = (await loadRow(report.callId))!;
    }
    await attachRecording(report.callId, { status: "pending", ...(report.durationSeconds !== undefined ? { durationSeconds: report.durationSeconds } : {}) });
  }
  if (row.status === "stored") return { stored: true };
  return { stored: await copy(row) };
}

function subjectOf(call: CallRecord): { subjectKey?: string; contactId?: string; companyId?: string } {
  if (call.contactId) return { subjectKey: call.contactId, contactId: call.contactId, ...(call.companyId ? { companyId: call.companyId } : {}) };
  if (call.companyId) return { subjectKey: `company#${call.companyId}`, companyId: call.companyId };
  return {};
}

/** The audio into our store, then the provider's copy deleted. True once our copy exists. */
async function copy(row: Row): Promise<boolean> {
  if (row.status === "pending") {
    try {
      // A process without the provider's credentials (a misconfigured stage) fails the copy like
      // a provider outage would: the callback is kept, the sweep tries again once they are set.
      const audio = await providerRecordings(row.provider).download(row.providerRecordingId);
      await useFiles().put(row.fileKey, audio.bytes, audio.contentType);
      const storedAt = now().toISOString();
      await entity()
        .patch({ callId: row.callId })
        .set({ status: "copied", storedAt, sizeBytes: audio.bytes.byteLength, contentType: audio.contentType })
        .composite({ receivedAt: row.receivedAt })
        .go();
      row = { ...row, status: "copied", storedAt, sizeBytes: audio.bytes.byteLength, contentType: audio.contentType };
      await attachRecording(row.callId, { status: "stored", storedAt, sizeBytes: audio.bytes.byteLength, contentType: audio.contentType, ...(row.durationSeconds !== undefined ? { durationSeconds: row.durationSeconds } : {}) });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      log.error("recording: the copy failed; the sweep tries again", { callId: row.callId, error });
      await entity().patch({ callId: row.callId }).add({ copyFailures: 1 }).go().catch(() => undefined);
      return false;
    }
  }
  try {
    await providerRecordings(row.provider).delete(row.providerRecordingId);
    await entity().patch({ callId: row.callId }).set({ status: "stored" }).composite({ receivedAt: row.receivedAt }).go();
  } catch (error) {
    log.error("recording: copied, but not yet deleted at the provider; the sweep tries again", { callId: row.callId, error });
  }
  return true;
}

// ---- listening (user side) -------------------------------------------------------------------

export interface RecordingLink {
  url: string;
  expiresAt: string;
  contentType: string;
  durationSeconds?: number;
}

/**
 * A link to the call's recording, valid `LINK_SECONDS`. Only a user who may see the call's
 * contact (or company) gets one; any other user, a missing call and a call without (or not yet
 * with) audio get the same 404.
 */
export async function link(callId: string): Promise<RecordingLink> {
  const actor = useActor();
  const missing = new NotFoundError("Recording");
  const [row, call] = await Promise.all([loadRow(callId), loadCall(callId)]);
  if (!row || !call || row.status === "pending") throw missing;
  if (!(await maySee(call, actor))) throw missing;
  const contentType = row.contentType ?? "audio/wav";
  const url = await useFiles().downloadUrl!(row.fileKey, LINK_SECONDS, { contentType });
  return {
    url,
    expiresAt: new Date(nowMs() + LINK_SECONDS * 1000).toISOString(),
    contentType,
    ...(row.durationSeconds !== undefined ? { durationSeconds: row.durationSeconds } : {}),
  };
}

async function maySee(call: CallRecord, actor: ReturnType<typeof useActor>): Promise<boolean> {
  if (call.contactId) {
    try {
      await loadVisible(call.contactId);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }
  if (call.companyId) return (await summaryFor(call.companyId)) !== undefined;
  // A call to or from a number on no card: admins, and whoever took it.
  return actor.type === "system" || actor.role === "admin" || call.operatorId === actor.userId;
}

// ---- deleting: retention and the trash ---------------------------------------------------------

export type DeletionReason = "retention" | "trash";

/**
 * Deletes the audio (ours, and the provider's if it was never deleted there), marks the call
 * record's recording `deleted`, logs it on the card (a trashed contact's card is gone with it),
 * then drops the row. Safe to repeat: each step is.
 */
export async function remove(row: Row, reason: DeletionReason): Promise<void> {
  if (row.status !== "stored") await providerRecordings(row.provider).delete(row.providerRecordingId);
  await useFiles().delete(row.fileKey);
  const deletedAt = now().toISOString();
  await attachRecording(row.callId, { status: "deleted", deletedAt, deletedReason: reason });
  if (reason === "retention") await logOnCard(row, deletedAt);
  await entity().delete({ callId: row.callId }).go();
}

async function logOnCard(row: Row, deletedAt: string): Promise<void> {
  const note = noted({ kind: "recording-deleted", values: { reason: "retention", callAt: row.receivedAt, deletedAt } });
  try {
    if (row.contactId) await Timeline.record(row.contactId, { kind: "note", ...note });
    else if (row.companyId) await Timeline.recordForCompany(row.companyId, { kind: "note", ...note });
  } catch (error) {
    // The card is in the trash or gone: nothing to log it on; the call record still says so.
    if (!(error instanceof NotFoundError)) throw error;
  }
}

export interface SweepResult {
  deleted: number;
  copied: number;
  cursor: string | null;
}

/**
 * One page of the daily recordings sweep: first recordings whose copy or provider deletion
 * failed (`pending`, `copied`), then stored recordings older than `recordingRetentionDays`,
 * oldest first (one Query each on gsi5; no Scan). `cursor` continues the stored part.
 */
export async function sweep(options: { limit?: number; cursor?: string | null } = {}): Promise<SweepResult> {
  const limit = options.limit ?? 25;
  let copied = 0;
  if (!options.cursor) {
    for (const status of ["pending", "copied"] as const) {
      const page = await entity().query.byAge({ status }).go({ limit });
      for (const row of page.data) if (await copy(row as Row)) copied++;
    }
  }
  const { recordingRetentionDays } = await Settings.read();
  const cutoff = new Date(nowMs() - recordingRetentionDays * 24 * 3600_000).toISOString();
  const page = await entity().query.byAge({ status: "stored" }).lte({ receivedAt: cutoff }).go({ limit, cursor: options.cursor ?? null });
  for (const row of page.data) await remove(row as Row, "retention");
  return { deleted: page.data.length, copied, cursor: page.cursor };
}

/** The recordings of a contact (or `company#<id>`) whose trash period ended: all of them go. */
export async function purgeSubject(subjectKey: string): Promise<number> {
  let deleted = 0;
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; cursor: string | null } = await entity().query.bySubject({ subjectKey }).go({ limit: 50, cursor });
    for (const row of page.data) {
      await remove(row as Row, "trash");
      deleted++;
    }
    cursor = page.cursor;
  } while (cursor);
  return deleted;
}

/** Whether the contact (or company) has recordings: the trash keeps a files row for it then. */
export async function hasAny(subjectKey: string): Promise<boolean> {
  const page = await entity().query.bySubject({ subjectKey }).go({ limit: 1 });
  return page.data.length > 0;
}

/** For tests and the retention sweep: the row as stored. */
export const stored = loadRow;
