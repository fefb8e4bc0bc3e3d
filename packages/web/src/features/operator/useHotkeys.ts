import { useEffect } from "react";
import { useLatest } from "../../hooks";

/** Typing somewhere (the note, the call-back time, any field): digits are text there, not hotkeys. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Single-key shortcuts on the whole page while `enabled` (the pop is open): `keys` maps a key
 * ("1".."5") to its action. Ignored while typing and with a modifier held (Ctrl+1 switches tabs).
 */
export function useHotkeys(keys: Record<string, () => void>, enabled: boolean): void {
  const latest = useLatest(keys);
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.repeat || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const action = latest.current[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
