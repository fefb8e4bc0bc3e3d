import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "../../../components";
import type { TimelineActivity, TimelinePageOf } from "./activity";
import { ActivityItem } from "./ActivityItem";

export const TIMELINE_PAGE = 20;

type Filter = "all" | "calls";

/** Test ids of a timeline's parts: the contact card's are `timeline`, `activity`, `timeline-more`. */
export interface TimelineTestIds {
  list: string;
  item: string;
  more: string;
}

/**
 * A card's history, newest first, shared by the contact and the company card. The card brings
 * the first page (`page`, kept by the card so its own changes can refresh it); "Show older"
 * pages on. The Calls filter shows only calls, with their duration and recording: from
 * `loadCalls` (the API's `?kind=call`) when the card passes it, else from the pages loaded here.
 */
export function Timeline<A extends TimelineActivity>({
  headingId,
  testIds,
  page,
  onPage,
  loadOlder,
  loadCalls,
  nameOf,
  emptyText,
  onUndoMerge,
  recordingPlayer,
  children,
  className = "card wide timeline-card",
}: {
  headingId: string;
  testIds: TimelineTestIds;
  page: TimelinePageOf<A>;
  onPage: (page: TimelinePageOf<A>) => void;
  loadOlder: (cursor: string) => Promise<TimelinePageOf<A>>;
  loadCalls?: (cursor: string | null) => Promise<TimelinePageOf<A>>;
  nameOf?: (userId: string) => string;
  emptyText: string;
  onUndoMerge?: (mergeId: string) => Promise<void>;
  recordingPlayer?: (callId: string, durationSeconds?: number) => ReactNode;
  /** Above the list: the contact card's comment box. */
  children?: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>("all");
  const [calls, setCalls] = useState<TimelinePageOf<A>>();
  const [loading, setLoading] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const run = async (work: () => Promise<void>) => {
    setLoading(true);
    setFailure(undefined);
    try {
      await work();
    } catch (error) {
      setFailure(error);
    } finally {
      setLoading(false);
    }
  };
  const appended = (current: TimelinePageOf<A>, next: TimelinePageOf<A>): TimelinePageOf<A> => {
    const seen = new Set(current.items.map((item) => item.activityId));
    return { items: [...current.items, ...next.items.filter((item) => !seen.has(item.activityId))], cursor: next.cursor };
  };

  const choose = (next: Filter) => {
    setFilter(next);
    // Each look at the calls asks again: a call may have ended since.
    if (next === "calls" && loadCalls) {
      setCalls(undefined);
      void run(async () => setCalls(await loadCalls(null)));
    }
  };

  const serverCalls = filter === "calls" && loadCalls !== undefined;
  const shown: TimelinePageOf<A> = serverCalls
    ? (calls ?? { items: [], cursor: null })
    : filter === "calls"
      ? { items: page.items.filter((item) => item.kind === "call"), cursor: page.cursor }
      : page;

  const more = () =>
    void run(async () => {
      if (serverCalls) {
        if (calls?.cursor) setCalls(appended(calls, await loadCalls!(calls.cursor)));
      } else if (page.cursor) {
        onPage(appended(page, await loadOlder(page.cursor)));
      }
    });

  const undoMerge = async (mergeId: string) => {
    setUndoing(true);
    setFailure(undefined);
    try {
      await onUndoMerge?.(mergeId);
    } catch (error) {
      setFailure(error);
    } finally {
      setUndoing(false);
    }
  };

  return (
    <section className={className} aria-labelledby={headingId} data-testid={`${testIds.list}-section`}>
      <div className="section-head">
        <h2 id={headingId}>{t("timeline:title")}</h2>
        <div className="segmented" role="group" aria-label={t("timeline:filter.label")}>
          {(["all", "calls"] as const).map((option) => (
            <button
              key={option}
              type="button"
              className={`button button-ghost${filter === option ? " active" : ""}`}
              aria-pressed={filter === option}
              data-testid={`${testIds.list}-filter-${option}`}
              onClick={() => choose(option)}
            >
              {option === "all" ? t("timeline:filter.all") : t("timeline:filter.calls")}
            </button>
          ))}
        </div>
      </div>
      {filter === "all" ? children : null}
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      <ol className="timeline" data-testid={testIds.list} data-filter={filter} aria-busy={serverCalls && calls === undefined}>
        {shown.items.map((activity) => (
          <ActivityItem
            key={activity.activityId}
            activity={activity}
            testId={testIds.item}
            nameOf={nameOf}
            undoing={undoing}
            onUndoMerge={onUndoMerge ? (mergeId) => void undoMerge(mergeId) : undefined}
            recordingPlayer={recordingPlayer}
          />
        ))}
      </ol>
      {shown.items.length === 0 && !(serverCalls && calls === undefined) ? (
        <p className="empty">{filter === "calls" ? (shown.cursor ? t("timeline:noCallsOnPage") : t("timeline:noCalls")) : emptyText}</p>
      ) : null}
      {shown.cursor ? (
        <button type="button" className="button" onClick={more} disabled={loading} data-testid={testIds.more}>
          {loading ? t("common:state.loading") : t("timeline:older")}
        </button>
      ) : null}
    </section>
  );
}
