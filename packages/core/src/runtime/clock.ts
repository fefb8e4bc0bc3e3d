/**
 * The engine's sense of "now". Call windows and retry times depend on it, so tests move it
 * instead of sleeping; production never changes it.
 */
let offsetMs = 0;
let frozenAt: number | undefined;

export function now(): Date {
  return new Date(nowMs());
}

export function nowMs(): number {
  return frozenAt ?? Date.now() + offsetMs;
}

/**
 * Test hook: make it `at` now. A running clock keeps ticking from there; a frozen one stays.
 * `setClock(undefined)` restores the real time.
 */
export function setClock(at: Date | undefined, mode: "running" | "frozen" = "running"): void {
  if (!at) {
    frozenAt = undefined;
    offsetMs = 0;
    return;
  }
  frozenAt = mode === "frozen" ? at.getTime() : undefined;
  offsetMs = mode === "running" ? at.getTime() - Date.now() : 0;
}

/** Test hook: jump ahead (retry delays, call-back times) without waiting. */
export function advanceClock(ms: number): void {
  if (frozenAt !== undefined) frozenAt += ms;
  else offsetMs += ms;
}
