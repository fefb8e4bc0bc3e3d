import { formatDateTime } from "../../format";

/** How many of the newest timeline items the pop shows. */
export const RECENT_ITEMS = 5;

interface TimelineItem {
  activityId: string;
  kind: string;
  at: string;
  text?: string;
  call?: { outcome?: string; callListName?: string; durationSeconds?: number } | Record<string, unknown>;
}

const kindLabels: Record<string, string> = {
  created: "Created",
  updated: "Changed",
  comment: "Comment",
  note: "Note",
  call: "Call",
  merged: "Merged",
  deleted: "Moved to the trash",
  restored: "Restored",
  form: "Web form",
  message: "Message",
};

function describe(item: TimelineItem): string {
  if (item.text) return item.text;
  const call = item.call as { outcome?: string; callListName?: string } | undefined;
  if (item.kind === "call" && call?.outcome) return `Call: ${call.outcome}${call.callListName ? ` (call list «${call.callListName}»)` : ""}`;
  return kindLabels[item.kind] ?? item.kind;
}

/** The newest few items of the card's timeline (the card carries them: no extra request). */
export function RecentHistory({ items }: { items: readonly TimelineItem[] }) {
  const recent = items.slice(0, RECENT_ITEMS);
  return (
    <section aria-label="Recent history" data-testid="pop-history">
      <h3 className="pop-section-title">Recent history</h3>
      {recent.length ? (
        <ul className="pop-history">
          {recent.map((item) => (
            <li key={item.activityId} data-testid="pop-history-item">
              <span className="muted">{formatDateTime(item.at)}</span> {describe(item)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing on the timeline yet.</p>
      )}
    </section>
  );
}
