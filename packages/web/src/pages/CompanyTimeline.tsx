import { useState } from "react";
import { api } from "../api/client";
import type { CompanyActivity, CompanyTimelinePage } from "../api/types";
import { ErrorMessage } from "../components";
import { capitalize, formatDateTime } from "../format";

const PAGE = 20;

function headline(activity: CompanyActivity): string {
  const call = activity.call as { outcome?: string; callListName?: string; attempt?: number; maxAttempts?: number } | undefined;
  if (activity.kind !== "call" || !call?.outcome) return capitalize(activity.kind);
  const parts = ["Outbound call", call.outcome.replace("-", " ")];
  if (call.callListName) parts.push(`call list «${call.callListName}»`);
  if (call.attempt) parts.push(`attempt ${call.attempt}${call.maxAttempts ? ` of ${call.maxAttempts}` : ""}`);
  return parts.join(" · ");
}

/**
 * The company's history, newest first: calls to its own phone and their notes. The company card
 * brings the first page; "Show older" pages on with the cursor (`GET /v1/companies/{id}/timeline`).
 */
export function CompanyTimeline({ companyId, first }: { companyId: string; first: CompanyTimelinePage }) {
  const [items, setItems] = useState(first.items);
  const [cursor, setCursor] = useState(first.cursor);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const more = async () => {
    if (!cursor || loading) return;
    setLoading(true);
    setFailure(undefined);
    try {
      const page = await api.companyTimeline(companyId, { limit: PAGE, cursor });
      setItems((current) => [...current, ...page.items]);
      setCursor(page.cursor);
    } catch (error) {
      setFailure(error);
    } finally {
      setLoading(false);
    }
  };

  return (
    <section className="card" aria-labelledby="company-timeline">
      <h2 id="company-timeline">Timeline</h2>
      {items.length === 0 ? <p className="empty">No calls or notes yet.</p> : null}
      <ol className="timeline" data-testid="company-timeline">
        {items.map((activity) => (
          <li key={activity.activityId} className={`activity activity-${activity.kind}`} data-testid="company-activity" data-kind={activity.kind}>
            <div className="activity-meta">
              <strong>{headline(activity)}</strong> · <time dateTime={activity.at}>{formatDateTime(activity.at)}</time>
            </div>
            {activity.text ? <p className="activity-text">{activity.text}</p> : null}
          </li>
        ))}
      </ol>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {cursor ? (
        <button type="button" className="button" onClick={() => void more()} disabled={loading} data-testid="company-timeline-more">
          {loading ? "Loading…" : "Show older"}
        </button>
      ) : null}
    </section>
  );
}
