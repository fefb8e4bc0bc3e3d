import { fillScript, type ScriptValues } from "@callboard/core/call-lists/script";

/** The list's script with the call's placeholders filled in; nothing when the list has none. */
export function CallScript({ script, values }: { script: string | null | undefined; values: ScriptValues }) {
  if (!script) return null;
  return (
    <section aria-label="Script" data-testid="pop-script">
      <h3 className="pop-section-title">Script</h3>
      <p className="pop-script">{fillScript(script, values)}</p>
    </section>
  );
}
