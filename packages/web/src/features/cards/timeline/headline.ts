import { capitalize } from "../../../format";
import { callOf, type TimelineActivity } from "./activity";

/** Field names as the change lines of the timeline say them. */
export const FIELD_LABELS: Record<string, string> = {
  displayName: "display name",
  firstName: "first name",
  lastName: "last name",
  middleName: "middle name",
  doNotCall: "do not call",
  doNotEmail: "do not email",
  preferredContactMethod: "preferred contact",
  contactType: "type",
  socialLinks: "social links",
  timeZone: "time zone",
  ownerIds: "responsible managers",
};

export function describeValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (Array.isArray(value)) {
    return (
      value
        .map((item) => {
          if (item && typeof item === "object") {
            const record = item as Record<string, unknown>;
            const main = record.number ?? record.address ?? JSON.stringify(record);
            return `${String(main)}${record.primary ? " (primary)" : ""}`;
          }
          return String(item);
        })
        .join(", ") || "—"
    );
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}: ${describeValue(item)}`)
      .join(", ");
  }
  return String(value);
}

/** The first line of an activity: what happened. */
export function headline(activity: TimelineActivity): string {
  switch (activity.kind) {
    case "created": {
      const source = activity.source as { kind?: string; label?: string } | undefined;
      return source?.kind && source.kind !== "manual" ? `Created (source: ${source.label ?? source.kind})` : "Created";
    }
    case "updated":
      return "Changed";
    case "comment":
      return "Comment";
    case "note":
      return "Note";
    case "call": {
      const call = callOf(activity);
      if (!call?.outcome) return "Call";
      const parts = [`${capitalize(call.direction ?? "outbound")} call`, call.outcome.replace("-", " ")];
      if (call.callListName) parts.push(`call list «${call.callListName}»`);
      if (call.attempt) parts.push(`attempt ${call.attempt}${call.maxAttempts ? ` of ${call.maxAttempts}` : ""}`);
      return parts.join(" · ");
    }
    case "deleted":
      return "Moved to the trash";
    case "restored":
      return "Restored from the trash";
    case "merged":
      return "Merged";
    case "form":
      return `Web form «${activity.submission?.formName ?? "form"}»`;
    case "message":
      return `Message (${activity.message?.source ?? "chat"}${activity.message?.handle ? ` · ${activity.message.handle}` : ""})`;
    default:
      return capitalize(activity.kind);
  }
}
