import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

export interface CursorPage<T> {
  items: T[];
  cursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  /** The API's cursor after the current page (null on the last page). */
  nextCursor: string | null;
  /** The page starts visited so far; the last one is the current page (null = first page). */
  cursors: (string | null)[];
  setCursors: (cursors: (string | null)[]) => void;
  /** First load of this list (nothing to show yet). */
  loading: boolean;
  /** A load is in flight while the previous page stays on screen. */
  refreshing: boolean;
  ready: boolean;
  error: unknown;
  /** Marks every page of this list stale (after a bulk action or a restore), so the shown one reloads. */
  invalidate: () => void;
}

/**
 * One cursor-paged list read through TanStack Query: `key` names the list and its filters;
 * a new key starts again on the first page. Previous data stays shown while the next page loads;
 * `poll` (ms, or a function of the current items) reloads the shown page while it answers a number.
 */
export function usePagedList<T>(
  key: readonly unknown[],
  load: (cursor: string | null) => Promise<CursorPage<T>>,
  options: { poll?: (items: T[]) => number | false; initialCursors?: (string | null)[] } = {},
): PagedList<T> {
  const keyText = JSON.stringify(key);
  const [paging, setPaging] = useState(() => ({ keyText, cursors: options.initialCursors ?? [null] }));
  const cursors = paging.keyText === keyText ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: [...key, { cursor }],
    queryFn: () => load(cursor),
    placeholderData: keepPreviousData,
    refetchInterval: options.poll ? (current) => options.poll!(current.state.data?.items ?? []) : false,
  });
  return {
    items: query.data?.items ?? [],
    nextCursor: query.data?.cursor ?? null,
    cursors,
    setCursors: (next) => setPaging({ keyText, cursors: next }),
    loading: query.isPending,
    refreshing: query.isFetching,
    ready: query.isSuccess,
    error: query.isError ? query.error : undefined,
    invalidate: () => void queryClient.invalidateQueries({ queryKey: key.slice(0, 1) }),
  };
}
