/**
 * System notes: what the engine, telephony, intake and imports write on a timeline, stored as
 * data (`note: { kind, values }`) so each reader's console says it in the reader's language
 * (issue 19). `text` keeps the English rendering (`noteText`) for API clients and exports.
 * Values are raw: ISO timestamps, numbers, names, codes; never formatted dates. Every kind and
 * its values are documented in docs/timeline-notes.md (the console's contract).
 */
import type { Disposition, SkipReason, SubjectKind } from "../call-lists/call-entry.entity";
import type { SystemNote } from "./note-schema";

// ---------------------------------------------------------------- English, as `text` says it

export const listCallOutcomeText: Record<string, string> = {
  "no-answer": "Unanswered call",
  busy: "Line busy",
  failed: "Call failed",
  machine: "Answering machine",
};

export const skipReasonText = (reason: SkipReason, subject: SubjectKind): string =>
  ({
    "do-not-call": `the ${subject} asked not to be called`,
    "blocked-number": "the number is on the organization's do-not-call list",
    "no-phone": `the ${subject} has no phone number`,
    "invalid-number": `the number is no longer on the ${subject}`,
    "contact-deleted": "the contact was deleted",
    "company-deleted": "the company was deleted",
    cancelled: "the list was cancelled",
    "merged-duplicate": "the contact was merged into one already on this list",
  })[reason];

export const dispositionText: Record<Disposition, string> = {
  interested: "Interested",
  "call-back": "Call back",
  "not-interested": "Not interested",
  "wrong-number": "Wrong number",
  "do-not-call": "Do not call",
  "no-disposition": "No disposition (wrap-up timed out)",
};

export const clickToCallOutcomeText: Record<string, string> = {
  answered: "answered",
  "no-answer": "not answered",
  busy: "busy",
  failed: "failed",
  machine: "answering machine",
};

export const AFTER_TIMEOUT = " (after the wrap-up timed out)";

/** `2026-12-05T14:30:00.000Z` → `2026-12-05 14:30 UTC`: English text for API clients, never the console's. */
export const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const minutesSeconds = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** The English sentence of a note: what `text` stores beside it. */
export function noteText(note: SystemNote): string {
  switch (note.kind) {
    case "list-call": {
      const { callListName, outcome, attempt, maxAttempts, final } = note.values;
      const where = `(call list «${callListName}», attempt ${attempt} of ${maxAttempts})`;
      if (outcome === "answered") return `Call answered ${where}`;
      return `${listCallOutcomeText[outcome] ?? outcome} ${where}${final ? ": not reached, no attempts left" : ""}`;
    }
    case "list-call-skipped":
      return `Not called (call list «${note.values.callListName}»): ${skipReasonText(note.values.reason, note.values.subject)}.`;
    case "list-call-abandoned":
      return `Call abandoned: no operator was connected (call list «${note.values.callListName}»)${note.values.willRetry ? "; it will be called again." : "; no attempts left."}`;
    case "list-call-disposition": {
      const { disposition, callListName, afterTimeout, callbackAt, note: typed } = note.values;
      return `${dispositionText[disposition]} (call list «${callListName}»)${afterTimeout ? AFTER_TIMEOUT : ""}${callbackAt ? `: call back at ${utcMinute(callbackAt)}` : ""}${typed ? `. ${typed}` : ""}`;
    }
    case "do-not-call-requested":
      return `Asked not to be called (call list «${note.values.callListName}»)`;
    case "added-to-call-list":
      return `Added to the call list «${note.values.callListName}».`;
    case "recording-deleted":
      return `Call recording deleted: older than the organization's retention (call of ${note.values.callAt.slice(0, 10)}, deleted ${note.values.deletedAt.slice(0, 10)}).`;
    case "outgoing-call": {
      const { phone, outcome, talkSeconds, outsideCallWindow } = note.values;
      const override = outsideCallWindow ? " · placed outside the call window (override)" : "";
      return outcome === "answered" ? `Outgoing call to ${phone}, ${minutesSeconds(talkSeconds)}${override}` : `Outgoing call to ${phone}: ${clickToCallOutcomeText[outcome] ?? outcome}${override}`;
    }
    case "inbound-call": {
      const { phone, answered, durationSeconds } = note.values;
      return answered ? `Inbound call from ${phone} answered${durationSeconds !== undefined ? ` (${durationSeconds} s)` : ""}` : `Missed inbound call from ${phone}`;
    }
    case "web-form-submitted":
      return `Web form «${note.values.formName}» submitted`;
    case "chat-message":
      return `Message (${note.values.source}${note.values.handle ? ` · ${note.values.handle}` : ""})`;
    case "contact-merged":
      return note.values.otherName;
  }
}

/** The values without undefined entries (what is stored). */
function compactValues<N extends SystemNote>(note: N): N {
  return { kind: note.kind, values: Object.fromEntries(Object.entries(note.values).filter(([, value]) => value !== undefined)) } as N;
}

/** `{ note, text }` for a record call: the note (undefined values dropped) and its English text. */
export function noted(note: SystemNote): { note: SystemNote; text: string } {
  const stored = compactValues(note);
  return { note: stored, text: noteText(stored) };
}
