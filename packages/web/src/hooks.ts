import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useId, useRef, type DependencyList } from "react";

export type Resource<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; error: unknown };

/**
 * Loads data for the current render inputs, through TanStack Query: superseded loads are
 * dropped, the previous data stays shown while the next load is in flight (`refreshing`).
 * Keyed by this component instance and `deps` (the loads are the caller's closures, so they are
 * not shared between components; lists shared across pages use usePagedList's named keys).
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> & { refreshing: boolean } {
  return useLoaded(load, deps);
}

/**
 * `useResource` that can be reloaded on demand and, while `pollMs` is set, every `pollMs`
 * milliseconds (TanStack's interval: a poll never starts while the previous load is in flight).
 */
export function useReloadable<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  pollMs?: number,
): Resource<T> & { refreshing: boolean; reload: () => void } {
  return useLoaded(load, deps, pollMs);
}

function useLoaded<T>(load: () => Promise<T>, deps: DependencyList, pollMs?: number): Resource<T> & { refreshing: boolean; reload: () => void } {
  const instance = useId();
  const query = useQuery({
    queryKey: ["resource", instance, ...deps],
    // Wrapped: a load may answer undefined (a 204), which TanStack Query would take for an error.
    queryFn: async () => ({ value: await load() }),
    placeholderData: keepPreviousData,
    refetchInterval: pollMs ?? false,
    gcTime: 0,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const resource: Resource<T> =
    query.status === "pending" ? { status: "loading" } : query.status === "error" ? { status: "error", error: query.error } : { status: "ready", data: query.data.value };
  return { ...resource, refreshing: query.isFetching, reload };
}

/** Latest value of something, readable from callbacks without re-subscribing them. */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
