import { formatCalendarDate, formatDateTime, formatList, formatNumber, formatPhone } from "../../../format";
import { i18n, t } from "../../../i18n";
import { callOf, type TimelineActivity } from "./activity";
import { chatHeadline, chatSourceName } from "./systemNotes";

/** A changed field's name on the timeline ("Имя"); a field this console does not know by its API name. */
export function fieldLabel(field: string): string {
  const key = `timeline:field.${field}`;
  return i18n.exists(key) ? t(key) : field;
}

/** A value in a change line: phones and emails as people read them, yes/no, names for user IDs. */
export function describeValue(value: unknown, nameOf?: (userId: string) => string, field?: string): string {
  if (value === undefined || value === null || value === "") return t("common:state.empty");
  if (Array.isArray(value)) {
    if (value.length === 0) return t("common:state.empty");
    return formatList(
      value.map((item) => {
        if (item && typeof item === "object") {
          const record = item as Record<string, unknown>;
          const main = typeof record.number === "string" ? formatPhone(record.number) : String(record.address ?? describeValue(record, nameOf));
          return record.primary ? t("timeline:value.primary", { value: main }) : main;
        }
        return field === "ownerIds" && nameOf ? nameOf(String(item)) : describeValue(item, nameOf);
      }),
    );
  }
  if (typeof value === "boolean") return value ? t("common:action.yes") : t("common:action.no");
  if (typeof value === "object") {
    return formatList(Object.entries(value as Record<string, unknown>).map(([key, item]) => t("timeline:value.pair", { name: key, value: describeValue(item, nameOf) })));
  }
  if (typeof value === "string") {
    // Never an ISO timestamp or a raw E.164 number on screen (custom fields hold both).
    if (/^\d{4}-\d\d-\d\d$/.test(value)) return formatCalendarDate(value);
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return formatDateTime(value) || value;
    if (/^\+\d{7,15}$/.test(value)) return formatPhone(value);
  }
  if (typeof value === "number") return formatNumber(value);
  return String(value);
}

function callHeadline(activity: TimelineActivity): string {
  const call = callOf(activity);
  if (!call?.direction && !call?.outcome) return t("timeline:headline.call");
  return call.direction === "inbound" ? t("timeline:headline.inboundCall") : t("timeline:headline.outboundCall");
}

/** The first line of an activity: what happened. */
export function headline(activity: TimelineActivity): string {
  switch (activity.kind) {
    case "created":
      return createdHeadline(activity.source as CreatedSource | undefined);
    case "updated":
      return t("timeline:headline.updated");
    case "comment":
      return t("timeline:headline.comment");
    case "note":
      return t("timeline:headline.note");
    case "call":
      return callHeadline(activity);
    case "deleted":
      return t("timeline:headline.deleted");
    case "restored":
      return t("timeline:headline.restored");
    case "merged":
      return t("timeline:headline.merged");
    case "form":
      return t("timeline:headline.form", { form: activity.submission?.formName ?? String(activity.note?.values.formName ?? "") });
    case "message": {
      const values = activity.note?.kind === "chat-message" ? activity.note.values : undefined;
      const source = typeof values?.source === "string" ? values.source : activity.message?.source;
      const handle = typeof values?.handle === "string" ? values.handle : activity.message?.handle;
      return chatHeadline(source, handle);
    }
    default:
      return t("timeline:headline.other");
  }
}

type CreatedSource = { kind?: string; label?: string; phone?: string; formName?: string; fileName?: string; name?: string; handle?: string };

/** "Created from a call from 8 (916) 123-45-67": where a contact came from. */
function createdHeadline(source: CreatedSource | undefined): string {
  if (!source?.kind || source.kind === "manual") return t("timeline:headline.created");
  switch (source.kind) {
    case "call":
      return source.phone ? t("timeline:headline.createdFromCall", { phone: formatPhone(source.phone) }) : t("timeline:headline.createdFromCallUnknown");
    case "form": {
      const form = source.formName ?? source.label;
      return form ? t("timeline:headline.createdFromForm", { form }) : t("timeline:headline.createdFromFormUnknown");
    }
    case "import": {
      const file = source.fileName ?? source.label;
      return file ? t("timeline:headline.createdFromImport", { file }) : t("timeline:headline.createdFromImportUnknown");
    }
    case "chat":
    case "telegram":
    case "vk":
      return t("timeline:headline.createdFromChat", { source: chatSourceName(source.kind) });
    case "api":
      return t("timeline:headline.createdFromApi");
    default:
      return t("timeline:headline.createdFrom", { source: source.kind });
  }
}
