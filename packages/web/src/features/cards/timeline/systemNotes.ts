import { formatCalendarDate, formatDate, formatDateTime, formatDuration, formatPhone } from "../../../format";
import { t } from "../../../i18n";
import type { SystemNoteView } from "./activity";

/**
 * System notes (what the engine, telephony and intake write on a timeline) in the reader's
 * language, from their `kind` and `values` (docs/timeline-notes.md); times in the reader's time
 * zone. A note of a kind this console does not know, or with values it cannot read, renders as
 * `undefined`: the activity's English `text` is shown instead.
 */

type Values = Record<string, unknown>;
const str = (values: Values, name: string): string | undefined => (typeof values[name] === "string" && values[name] !== "" ? (values[name] as string) : undefined);
const num = (values: Values, name: string): number | undefined => (typeof values[name] === "number" && Number.isFinite(values[name]) ? (values[name] as number) : undefined);

/** An ISO time in the reader's zone; a bare date (some notes migrated from text) as a date. */
function when(value: string): string {
  return /^\d{4}-\d\d-\d\d$/.test(value) ? formatCalendarDate(value) : formatDateTime(value);
}
function day(value: string): string {
  return /^\d{4}-\d\d-\d\d$/.test(value) ? formatCalendarDate(value) : formatDate(value);
}

function listCallOutcome(outcome: string): string | undefined {
  switch (outcome) {
    case "answered":
      return t("timeline:note.listCall.outcome.answered");
    case "no-answer":
      return t("timeline:note.listCall.outcome.noAnswer");
    case "busy":
      return t("timeline:note.listCall.outcome.busy");
    case "failed":
      return t("timeline:note.listCall.outcome.failed");
    case "machine":
      return t("timeline:note.listCall.outcome.machine");
    default:
      return undefined;
  }
}

function skipped(reason: string, subject: string, list: string): string | undefined {
  const company = subject === "company";
  switch (reason) {
    case "do-not-call":
      return company ? t("timeline:note.skipped.doNotCallCompany", { list }) : t("timeline:note.skipped.doNotCallContact", { list });
    case "blocked-number":
      return t("timeline:note.skipped.blockedNumber", { list });
    case "no-phone":
      return company ? t("timeline:note.skipped.noPhoneCompany", { list }) : t("timeline:note.skipped.noPhoneContact", { list });
    case "invalid-number":
      return company ? t("timeline:note.skipped.invalidNumberCompany", { list }) : t("timeline:note.skipped.invalidNumberContact", { list });
    case "contact-deleted":
      return t("timeline:note.skipped.contactDeleted", { list });
    case "company-deleted":
      return t("timeline:note.skipped.companyDeleted", { list });
    case "cancelled":
      return t("timeline:note.skipped.cancelled", { list });
    case "merged-duplicate":
      return t("timeline:note.skipped.mergedDuplicate", { list });
    default:
      return undefined;
  }
}

/** An operator's verdict on a call, as a label ("Call back", «Перезвонить»). */
export function dispositionLabel(disposition: string): string | undefined {
  switch (disposition) {
    case "interested":
      return t("timeline:disposition.interested");
    case "call-back":
      return t("timeline:disposition.callBack");
    case "not-interested":
      return t("timeline:disposition.notInterested");
    case "wrong-number":
      return t("timeline:disposition.wrongNumber");
    case "do-not-call":
      return t("timeline:disposition.doNotCall");
    case "no-disposition":
      return t("timeline:disposition.noDisposition");
    default:
      return undefined;
  }
}

function outgoingOutcome(outcome: string): string | undefined {
  switch (outcome) {
    case "no-answer":
      return t("timeline:note.outgoing.outcome.noAnswer");
    case "busy":
      return t("timeline:note.outgoing.outcome.busy");
    case "failed":
      return t("timeline:note.outgoing.outcome.failed");
    case "machine":
      return t("timeline:note.outgoing.outcome.machine");
    default:
      return undefined;
  }
}

/** A chat's name ("Telegram"), or the source as sent for one this console does not know. */
export function chatSourceName(source: string): string {
  switch (source) {
    case "telegram":
      return t("timeline:source.telegram");
    case "whatsapp":
      return t("timeline:source.whatsapp");
    case "viber":
      return t("timeline:source.viber");
    case "vk":
      return t("timeline:source.vk");
    case "chat":
      return t("timeline:source.chat");
    default:
      return source;
  }
}

/** "Message (Telegram · @anna)": where a chat message came from. */
export function chatHeadline(source: string | undefined, handle: string | undefined): string {
  const name = chatSourceName(source ?? "chat");
  return handle ? t("timeline:headline.messageFrom", { source: name, handle }) : t("timeline:headline.message", { source: name });
}

/** The note in the reader's language, or `undefined` when only its `text` can say it. */
export function systemNoteText(note: SystemNoteView | undefined): string | undefined {
  if (!note || typeof note.values !== "object" || note.values === null) return undefined;
  const values = note.values;
  const list = str(values, "callListName") ?? "";
  switch (note.kind) {
    case "list-call": {
      const outcome = listCallOutcome(str(values, "outcome") ?? "");
      const attempt = num(values, "attempt");
      const maxAttempts = num(values, "maxAttempts");
      if (!outcome || attempt === undefined || maxAttempts === undefined) return undefined;
      const base = { outcome, list, attempt, maxAttempts };
      const retryAt = str(values, "retryAt");
      if (values.final === true) return t("timeline:note.listCall.final", base);
      if (retryAt) return t("timeline:note.listCall.retry", { ...base, time: when(retryAt) });
      return t("timeline:note.listCall.attempt", base);
    }
    case "list-call-skipped":
      return skipped(str(values, "reason") ?? "", str(values, "subject") ?? "contact", list);
    case "list-call-abandoned":
      return values.willRetry === true ? t("timeline:note.abandoned.willRetry", { list }) : t("timeline:note.abandoned.final", { list });
    case "list-call-disposition": {
      const disposition = dispositionLabel(str(values, "disposition") ?? "");
      if (!disposition) return undefined;
      const callbackAt = str(values, "callbackAt");
      const afterTimeout = values.afterTimeout === true;
      const line = callbackAt
        ? afterTimeout
          ? t("timeline:note.disposition.callbackAfterTimeout", { disposition, list, time: when(callbackAt) })
          : t("timeline:note.disposition.callback", { disposition, list, time: when(callbackAt) })
        : afterTimeout
          ? t("timeline:note.disposition.afterTimeout", { disposition, list })
          : t("timeline:note.disposition.plain", { disposition, list });
      // What the operator typed is shown as they typed it.
      const typed = str(values, "note");
      return typed ? t("timeline:note.withOperatorNote", { line, note: typed }) : line;
    }
    case "do-not-call-requested":
      return t("timeline:note.doNotCallRequested", { list });
    case "added-to-call-list":
      return t("timeline:note.addedToCallList", { list });
    case "recording-deleted": {
      const callAt = str(values, "callAt");
      const deletedAt = str(values, "deletedAt");
      if (!callAt || !deletedAt) return undefined;
      return t("timeline:note.recordingDeleted", { callDate: day(callAt), deletedDate: day(deletedAt) });
    }
    case "outgoing-call": {
      const phone = formatPhone(str(values, "phone"));
      const outcome = str(values, "outcome");
      const outside = values.outsideCallWindow === true;
      if (outcome === "answered") {
        const duration = formatDuration(num(values, "talkSeconds") ?? 0);
        return outside ? t("timeline:note.outgoing.answeredOutsideWindow", { phone, duration }) : t("timeline:note.outgoing.answered", { phone, duration });
      }
      const result = outgoingOutcome(outcome ?? "");
      if (!result) return undefined;
      return outside ? t("timeline:note.outgoing.notAnsweredOutsideWindow", { phone, result }) : t("timeline:note.outgoing.notAnswered", { phone, result });
    }
    case "inbound-call": {
      const phone = formatPhone(str(values, "phone"));
      if (values.answered !== true) return t("timeline:note.inbound.missed", { phone });
      const seconds = num(values, "durationSeconds");
      return seconds === undefined ? t("timeline:note.inbound.answered", { phone }) : t("timeline:note.inbound.answeredFor", { phone, duration: formatDuration(seconds) });
    }
    case "web-form-submitted": {
      const form = str(values, "formName");
      return form ? t("timeline:note.webForm", { form }) : undefined;
    }
    case "chat-message":
      return chatHeadline(str(values, "source"), str(values, "handle"));
    case "contact-merged": {
      const name = str(values, "otherName");
      return name ? t("timeline:note.merged", { name }) : undefined;
    }
    default:
      return undefined;
  }
}
