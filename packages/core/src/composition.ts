/**
 * Whether the entry point composed core (compose.ts). The seams compose() binds (contacts ↔
 * companies, users → contacts, telephony → intake, job kinds) fail loudly with this error when
 * they are used unbound, instead of doing nothing: a forgotten compose() shows at the first
 * request, not as contacts that silently keep a stale company name. No imports: every seam can
 * use it without import circles.
 */
let composed = false;

export class NotComposedError extends Error {
  override name = "NotComposedError";
  constructor(what: string) {
    super(`${what} is not bound: the entry point must call compose() (core/src/compose.ts) before it serves anything.`);
  }
}

export function markComposed(): void {
  composed = true;
}

export const isComposed = () => composed;

/** Throws NotComposedError unless compose() ran in this process. */
export function requireComposed(what: string): void {
  if (!composed) throw new NotComposedError(what);
}
