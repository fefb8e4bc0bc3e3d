import { useEffect, useState, type DependencyList } from "react";

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
