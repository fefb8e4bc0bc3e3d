import type { PutCommandInput } from "@aws-sdk/lib-dynamodb";
import { PutCommand } from "../storage/libraries";
import { nowMs } from "../runtime/clock";
import { Settings } from "../settings";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import type { callDirections, callOutcomes, callSources, recordingStatuses } from "./call.entity";

/**
 * The system side of the call log: the call-list engine, telephony (manual calls, recordings)
 * and intake (inbound calls) write here, with no user check. Every write is idempotent, and
 * events may come in any order: a late one never undoes an earlier one's fields.
 */

export type CallSource = (typeof callSources)[number];
export type CallDirection = (typeof callDirections)[number];
export type CallOutcome = (typeof callOutcomes)[number];

export interface CallRecording {
  status: (typeof recordingStatuses)[number];
  durationSeconds?: number;
  contentType?: string;
  sizeBytes?: number;
  storedAt?: string;
  deletedAt?: string;
  deletedReason?: string;
}

export interface CallRecord {
  /** List calls: the attempt's call ID; manual: a ULID; inbound: `inbound:<provider>:<providerCallId>`. */
  callId: string;
  source: CallSource;
  direction: CallDirection;
  /** E.164. */
  number: string;
  contactId?: string;
  companyId?: string;
  subjectName?: string;
  /** Who talked (or was reserved). */
  operatorId?: string;
  listId?: string;
  entryId?: string;
  attempt?: number;
  /** ISO; inbound: when it started ringing. */
  placedAt: string;
  answeredAt?: string;
  connectedAt?: string;
  endedAt?: string;
  ringSeconds?: number;
  talkSeconds?: number;
  outcome?: CallOutcome;
  abandoned?: boolean;
  disposition?: string;
  note?: string;
  /** A manual call placed outside the number's call window on purpose. */
  callWindowOverride?: boolean;
  recording?: CallRecording;
  provider?: string;
  providerCallId?: string;
}

/** What may change on a call after it began. */
export type CallPatch = Partial<
  Pick<
    CallRecord,
    | "answeredAt"
    | "connectedAt"
    | "endedAt"
    | "ringSeconds"
    | "talkSeconds"
    | "outcome"
    | "abandoned"
    | "disposition"
    | "note"
    | "operatorId"
    | "recording"
    | "provider"
    | "providerCallId"
    | "subjectName"
  >
>;

/** Fields only `begin` sets: a patch carrying them may create a record it finds missing. */
const beginFields = ["source", "direction", "number", "placedAt"] as const;

const patchFields: readonly (keyof CallPatch)[] = [
  "answeredAt",
  "connectedAt",
  "endedAt",
  "ringSeconds",
  "talkSeconds",
  "outcome",
  "abandoned",
  "disposition",
  "note",
  "operatorId",
  "recording",
  "provider",
  "providerCallId",
  "subjectName",
];

/** The optional indexes and the attribute each is keyed by (see call.entity.ts). */
const sparseIndexes = [
  ["gsi1", "subjectKey"],
  ["gsi2", "operatorId"],
  ["gsi3", "listId"],
] as const;

const DAY_SECONDS = 24 * 60 * 60;

/** The subject index's key: a contact's ID, or `company#<id>` (a company's own phone). */
export function subjectKeyOf(subject: { contactId?: string; companyId?: string }): string | undefined {
  if (subject.contactId) return subject.contactId;
  if (subject.companyId) return `company#${subject.companyId}`;
  return undefined;
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

/** Times are stored as `Date#toISOString` gives them (index sort keys compare as text). */
function normalTime(value: string): string {
  const ms = Date.parse(value);
  return new Date(Number.isFinite(ms) ? ms : nowMs()).toISOString();
}

/** The row as stored: the record plus its index keys and expiry. */
async function rowOf(record: CallRecord) {
  const { callLogRetentionDays } = await Settings.cached();
  const placedAt = normalTime(record.placedAt);
  const subjectKey = subjectKeyOf(record);
  return defined({
    ...record,
    placedAt,
    day: placedAt.slice(0, 10),
    ...(subjectKey ? { subjectKey } : {}),
    expiresAt: Math.ceil(Date.parse(placedAt) / 1000) + callLogRetentionDays * DAY_SECONDS,
  });
}

/** Creates the call's record; a repeat of the same callId changes nothing. Returns whether it created it. */
export async function begin(record: CallRecord): Promise<boolean> {
  const row = await rowOf(record);
  const { service, clients } = useStorage();
  const params = service.entities.call.create(row as Parameters<typeof service.entities.call.create>[0]).params() as { Item: Record<string, unknown> };
  for (const [index, attribute] of sparseIndexes) {
    if (row[attribute] === undefined) {
      delete params.Item[`${index}pk`];
      delete params.Item[`${index}sk`];
    }
  }
  try {
    await clients.doc.send(new PutCommand(params as unknown as PutCommandInput));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Sets the given fields. A missing record (never begun, or expired) is created from the patch
 * when it carries the `begin` fields, else the patch is ignored (a late callback after the
 * retention): returns false then.
 */
export async function update(callId: string, patch: CallPatch & Partial<CallRecord>): Promise<boolean> {
  const changes = defined(Object.fromEntries(patchFields.map((field) => [field, patch[field]])) as CallPatch);
  if (Object.keys(changes).length > 0 && (await patchExisting(callId, changes, patch.placedAt))) return true;
  if (!beginFields.every((field) => patch[field] !== undefined)) return false;
  const created = await begin({ ...(patch as CallRecord), callId });
  // Someone began it in between: apply the patch on top.
  return created || (Object.keys(changes).length > 0 && patchExisting(callId, changes, patch.placedAt));
}

/**
 * The patch on an existing record; false when there is none. `placedAtHint`: the placedAt the
 * caller began the record with (it never changes), which spares a read when the operator changes.
 */
async function patchExisting(callId: string, changes: CallPatch, placedAtHint?: string): Promise<boolean> {
  const { service } = useStorage();
  // The operator index's sort key (placedAt) must come along when its key changes.
  let placedAt: string | undefined;
  if (changes.operatorId !== undefined) {
    placedAt = placedAtHint
      ? normalTime(placedAtHint)
      : ((await service.entities.call.get({ callId }).go({ attributes: ["placedAt"] })).data?.placedAt ?? undefined);
    if (!placedAt) return false;
  }
  try {
    const write = service.entities.call.patch({ callId }).set(changes);
    await (placedAt ? write.composite({ placedAt }) : write).go({ response: "none" });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * The recording's metadata, merged over what the record has (a callback may arrive before or
 * after the disposition, and a later one may only move the status). False: no such call.
 */
export async function attachRecording(callId: string, recording: CallRecording): Promise<boolean> {
  const { service } = useStorage();
  const current = (await service.entities.call.get({ callId }).go({ attributes: ["callId", "recording"] })).data;
  if (!current) return false;
  return update(callId, { recording: { ...(current.recording ?? {}), ...defined(recording) } as CallRecording });
}

/** The stored record (no access check), or undefined. */
export async function load(callId: string): Promise<CallRecord | undefined> {
  const { data } = await useStorage().service.entities.call.get({ callId }).go();
  return data ? present(data) : undefined;
}

/** The record as the API shows it: without the index keys and the expiry. */
export function present(row: Record<string, unknown>): CallRecord {
  const { subjectKey: _subjectKey, day: _day, expiresAt: _expiresAt, ...record } = row;
  return record as unknown as CallRecord;
}
