import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";

export type Resource<T> =
  | { status: "loading" }
  | { status: "ready"; data: T }
  | { status: "error"; error: unknown };

/**
 * Loads data for the current render inputs; results of superseded loads are dropped.
 * Keeps showing the previous data while the next load is in flight (`refreshing`).
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> & { refreshing: boolean } {
  const [state, setState] = useState<Resource<T>>({ status: "loading" });
  const [refreshing, setRefreshing] = useState(false);
  useEffect(() => {
    let current = true;
    setRefreshing(true);
    load().then(
      (data) => current && setState({ status: "ready", data }),
      (error: unknown) => current && setState({ status: "error", error }),
    ).finally(() => current && setRefreshing(false));
    return () => {
      current = false;
    };
  }, deps);
  return { ...state, refreshing };
}

/**
 * `useResource` that can be reloaded on demand and, while `pollMs` is set, every `pollMs`
 * milliseconds (the next load starts only after the previous one ended, so slow answers never pile up).
 */
export function useReloadable<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  pollMs?: number,
): Resource<T> & { refreshing: boolean; reload: () => void } {
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  const resource = useResource(load, [...deps, tick]);
  const inFlight = resource.refreshing;
  useEffect(() => {
    if (!pollMs || inFlight) return;
    const timer = setTimeout(reload, pollMs);
    return () => clearTimeout(timer);
  }, [pollMs, inFlight, tick, reload]);
  return { ...resource, reload };
}

/** Latest value of something, readable from callbacks without re-subscribing them. */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
