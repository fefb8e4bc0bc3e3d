import { useQuery } from "@tanstack/react-query";
import { useEffect, useId } from "react";

/** How often the console asks whether an answered call waits for this user. */
export const ACTIVE_CALL_POLL_MS = 1000;

/**
 * Polls `load` every `everyMs` while enabled (the call-list pop, the inbound-call pop, the
 * between-calls line), and at once when `wakeOn` fires (a call rings the softphone: its card
 * comes with the voice). A failed poll keeps the last answer and tries again next time (a
 * session that ended redirects by itself).
 */
export function usePolled<T>(enabled: boolean, load: () => Promise<T | null>, options: { wakeOn?: string; everyMs?: number } = {}): T | null {
  const { wakeOn, everyMs = ACTIVE_CALL_POLL_MS } = options;
  const instance = useId();
  const query = useQuery({
    queryKey: ["polled", instance],
    // Wrapped: "nothing now" is null, and TanStack Query refuses undefined answers.
    queryFn: async () => ({ value: await load() }),
    enabled,
    refetchInterval: everyMs,
    // A poll runs on even in a background tab: a call must pop however the console is shown.
    refetchIntervalInBackground: true,
    gcTime: 0,
  });
  const { refetch } = query;
  useEffect(() => {
    if (!enabled || !wakeOn) return;
    const wake = () => void refetch();
    window.addEventListener(wakeOn, wake);
    return () => window.removeEventListener(wakeOn, wake);
  }, [enabled, wakeOn, refetch]);
  return enabled ? (query.data?.value ?? null) : null;
}
