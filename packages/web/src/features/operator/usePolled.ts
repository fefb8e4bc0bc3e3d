import { useEffect, useState } from "react";
import { SignInRequired } from "../../api/client";

/** How often the console asks whether an answered call waits for this user. */
export const ACTIVE_CALL_POLL_MS = 1000;

/**
 * Polls `load` every `everyMs` while enabled (the call-list pop, the inbound-call pop, the
 * between-calls line), and at once when `wakeOn` fires (a call rings the softphone: its card
 * comes with the voice).
 */
export function usePolled<T>(enabled: boolean, load: () => Promise<T | null>, options: { wakeOn?: string; everyMs?: number } = {}): T | null {
  const { wakeOn, everyMs = ACTIVE_CALL_POLL_MS } = options;
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await load();
        if (!stopped) setValue(next);
      } catch (error) {
        // A session that ended redirects by itself; anything else: try again next time.
        if (error instanceof SignInRequired) return;
      }
      if (!stopped) timer = setTimeout(poll, everyMs);
    };
    void poll();
    const wake = () => {
      clearTimeout(timer);
      void poll();
    };
    if (wakeOn) window.addEventListener(wakeOn, wake);
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (wakeOn) window.removeEventListener(wakeOn, wake);
    };
  }, [enabled]);
  return enabled ? value : null;
}
