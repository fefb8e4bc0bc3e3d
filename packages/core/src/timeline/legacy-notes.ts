/**
 * Migration 7: timeline entries written as English sentences before system notes were data
 * (notes.ts) get their `note: { kind, values }`, parsed back from the text and the activity's
 * own fields. Entries it cannot parse keep their text only and are counted. Such rows are found
 * by nothing but a Scan, which is fine for a migration (`npm run migrate`), never for a request.
 * Each row gets one conditional UpdateItem (`attribute_not_exists(note)`): a re-run changes nothing.
 */
import { ScanCommand, UpdateCommand } from "../storage/libraries";
import { dispositions, skipReasons, subjectKinds, type Disposition } from "../call-lists/call-entry.entity";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { clickToCallOutcomeText, dispositionText, listCallOutcomeText, skipReasonText } from "./notes";
import type { SystemNote } from "./note-schema";

/** An activity row as stored (contact or company timeline), the fields the parser reads. */
export interface StoredActivityRow {
  kind: string;
  actorId?: string;
  text?: string;
  call?: { outcome?: string; callListId?: string; direction?: string; talkSeconds?: number; durationSeconds?: number; phone?: string };
  submission?: { formId?: string; formName?: string };
  message?: { source?: string; handle?: string };
  relatedContactId?: string;
}

const listOf = (row: StoredActivityRow, callListName: string) => ({ ...(row.call?.callListId ? { callListId: row.call.callListId } : {}), callListName });
const keyOf = (map: Record<string, string>, text: string) => Object.entries(map).find(([, value]) => value === text)?.[0];

/** The note an old row's text (and fields) says, or undefined when it is not one we wrote. */
export function parseLegacyNote(row: StoredActivityRow): SystemNote | undefined {
  const text = row.text ?? "";
  switch (row.kind) {
    case "call":
      return parseCall(row, text);
    case "note":
      return parseNote(row, text);
    case "form": {
      const match = /^Web form «([\s\S]*)» submitted$/.exec(text);
      const formName = row.submission?.formName ?? match?.[1];
      return match && formName !== undefined ? { kind: "web-form-submitted", values: { ...(row.submission?.formId ? { formId: row.submission.formId } : {}), formName } } : undefined;
    }
    case "message":
      return row.message?.source ? { kind: "chat-message", values: { source: row.message.source, ...(row.message.handle ? { handle: row.message.handle } : {}) } } : undefined;
    case "merged":
      return row.relatedContactId ? { kind: "contact-merged", values: { otherContactId: row.relatedContactId, otherName: text } } : undefined;
    case "updated": {
      const match = /^Asked not to be called \(call list «([\s\S]*)»\)$/.exec(text);
      return match ? { kind: "do-not-call-requested", values: { callListName: match[1]! } } : undefined;
    }
    default:
      return undefined;
  }
}

function parseCall(row: StoredActivityRow, text: string): SystemNote | undefined {
  const listed = /^(.+?) \(call list «([\s\S]*)», attempt (\d+) of (\d+)\)(: not reached, no attempts left)?$/.exec(text);
  if (listed) {
    const outcome = listed[1] === "Call answered" ? "answered" : keyOf(listCallOutcomeText, listed[1]!);
    if (!outcome) return undefined;
    return { kind: "list-call", values: { ...listOf(row, listed[2]!), outcome, attempt: Number(listed[3]), maxAttempts: Number(listed[4]), final: Boolean(listed[5]) } };
  }
  const override = " · placed outside the call window (override)";
  const outsideCallWindow = text.endsWith(override);
  const plain = outsideCallWindow ? text.slice(0, -override.length) : text;
  const talked = /^Outgoing call to (\S+), (\d+):(\d{2})$/.exec(plain);
  if (talked) return { kind: "outgoing-call", values: { phone: talked[1]!, outcome: "answered", talkSeconds: Number(talked[2]) * 60 + Number(talked[3]), outsideCallWindow } };
  const notTalked = /^Outgoing call to (\S+): (.+)$/.exec(plain);
  const outcome = notTalked && keyOf(clickToCallOutcomeText, notTalked[2]!);
  if (notTalked && outcome) return { kind: "outgoing-call", values: { phone: notTalked[1]!, outcome, talkSeconds: row.call?.talkSeconds ?? 0, outsideCallWindow } };
  const answered = /^Inbound call from (\S+) answered(?: \((\d+) s\))?$/.exec(text);
  if (answered) return { kind: "inbound-call", values: { phone: answered[1]!, answered: true, ...(answered[2] !== undefined ? { durationSeconds: Number(answered[2]) } : {}) } };
  const missed = /^Missed inbound call from (\S+)$/.exec(text);
  if (missed) return { kind: "inbound-call", values: { phone: missed[1]!, answered: false, ...(row.call?.durationSeconds !== undefined ? { durationSeconds: row.call.durationSeconds } : {}) } };
  return undefined;
}

function parseNote(row: StoredActivityRow, text: string): SystemNote | undefined {
  const skipped = /^Not called \(call list «([\s\S]*)»\): (.+)\.$/.exec(text);
  if (skipped) {
    for (const reason of skipReasons) {
      for (const subject of subjectKinds) {
        if (skipReasonText(reason, subject) === skipped[2]) return { kind: "list-call-skipped", values: { ...listOf(row, skipped[1]!), reason, subject } };
      }
    }
    return undefined;
  }
  const abandoned = /^Call abandoned: no operator was connected \(call list «([\s\S]*)»\)(; it will be called again\.|; no attempts left\.)$/.exec(text);
  if (abandoned) return { kind: "list-call-abandoned", values: { ...listOf(row, abandoned[1]!), willRetry: abandoned[2] === "; it will be called again." } };
  const added = /^Added to the call list «([\s\S]*)»\.$/.exec(text);
  if (added) return { kind: "added-to-call-list", values: { callListName: added[1]! } };
  const deleted = /^Call recording deleted: older than the organization's retention \(call of (\d{4}-\d{2}-\d{2}), deleted (\d{4}-\d{2}-\d{2})\)\.$/.exec(text);
  if (deleted) return { kind: "recording-deleted", values: { reason: "retention", callAt: deleted[1]!, deletedAt: deleted[2]! } };
  return parseDisposition(row, text);
}

/** `Interested (call list «X»)[ (after the wrap-up timed out)][: call back at <ISO>][. <what the operator typed>]` */
function parseDisposition(row: StoredActivityRow, text: string): SystemNote | undefined {
  for (const disposition of dispositions as readonly Disposition[]) {
    const head = `${dispositionText[disposition]} (call list «`;
    if (!text.startsWith(head)) continue;
    // The list name ends at the first "»)" followed by what the engine appends (names rarely hold "»)").
    const match = /^([\s\S]*?)»\)( \(after the wrap-up timed out\))?(?:: call back at (\d{4}-\d{2}-\d{2}T[\d:.]+Z|\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC))?(?:\. ([\s\S]*))?$/.exec(text.slice(head.length));
    if (!match) return undefined;
    const callbackAt = match[3] ? (match[3].endsWith(" UTC") ? `${match[3].slice(0, 10)}T${match[3].slice(11, 16)}:00.000Z` : match[3]) : undefined;
    return {
      kind: "list-call-disposition",
      values: { ...listOf(row, match[1]!), disposition, afterTimeout: Boolean(match[2]), ...(callbackAt ? { callbackAt } : {}), ...(match[4] ? { note: match[4] } : {}) },
    };
  }
  return undefined;
}

/**
 * A row the system wrote as a sentence (what the migration should have parsed): the engine's,
 * telephony's and intake's calls, notes and forms. People's comments and notes, and entries
 * whose text is a name (created, merged) are not sentences to parse.
 */
const isSystemSentence = (row: StoredActivityRow) =>
  Boolean(row.text) && String(row.actorId ?? "").startsWith("system:") && ["call", "note", "form", "updated"].includes(row.kind);

export interface LegacyNotesResult {
  /** Rows that got their note. */
  structured: number;
  /** System-written rows whose text matched no known sentence: left with their text only. */
  unparsed: number;
}

/** Gives every old activity row (contact and company timelines) its note where the text parses. */
export async function structureLegacyNotes(onUnparsed: (row: StoredActivityRow) => void = () => {}): Promise<LegacyNotesResult> {
  const { clients, table } = useStorage();
  const result: LegacyNotesResult = { structured: 0, unparsed: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await clients.doc.send(
      // scan-allowed: migration 7 only (`npm run migrate`); activities have no index across contacts.
      new ScanCommand({
        TableName: table,
        FilterExpression: "(#entity = :contact OR #entity = :company) AND attribute_not_exists(#note)",
        ExpressionAttributeNames: { "#entity": "__edb_e__", "#note": "note" },
        ExpressionAttributeValues: { ":contact": "activity", ":company": "activityOfCompany" },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const row = item as StoredActivityRow;
      const note = parseLegacyNote(row);
      if (!note) {
        if (isSystemSentence(row)) {
          result.unparsed++;
          onUnparsed(row);
        }
        continue;
      }
      try {
        await clients.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: "SET #note = :note",
            ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(#note)",
            ExpressionAttributeNames: { "#note": "note", "#pk": "pk" },
            ExpressionAttributeValues: { ":note": note },
          }),
        );
        result.structured++;
      } catch (error) {
        // Gone meanwhile (trash expiry), or a note already there: nothing to do.
        if (!isConditionFailure(error)) throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return result;
}
