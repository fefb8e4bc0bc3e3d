import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Disposition } from "../../api/types";
import { useHotkeys } from "./useHotkeys";

/** The verdicts with their hotkeys (shown on the buttons); 2 opens the call-back time picker. */
const buttons: { disposition: Exclude<Disposition, "call-back">; key: string; className: string }[] = [
  { disposition: "interested", key: "1", className: "button button-primary" },
  { disposition: "not-interested", key: "3", className: "button" },
  { disposition: "wrong-number", key: "4", className: "button" },
  { disposition: "do-not-call", key: "5", className: "button button-danger" },
];
const CALL_BACK_KEY = "2";

/** `datetime-local` value for an hour from now, in the browser's time zone. */
function inAnHour(): string {
  const date = new Date(Date.now() + 60 * 60 * 1000);
  date.setSeconds(0, 0);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function Hotkey({ children }: { children: string }) {
  return (
    <kbd className="hotkey" aria-hidden="true">
      {children}
    </kbd>
  );
}

/**
 * The disposition buttons and the call-back time. `onDispose` gets the verdict (and, for a
 * call-back, the chosen time as `datetime-local` text); `callbackError` is the API's or the
 * caller's message for that field.
 */
export function Dispositions({
  busy,
  callbackError,
  onDispose,
}: {
  busy: boolean;
  callbackError?: string;
  onDispose: (disposition: Disposition, callbackAt?: string) => void;
}) {
  const { t } = useTranslation();
  const [callbackAt, setCallbackAt] = useState(inAnHour);
  const pickerRef = useRef<HTMLInputElement>(null);
  const openPicker = () => {
    const picker = pickerRef.current;
    if (!picker) return;
    picker.focus();
    try {
      // Chromium opens the date and time picker; elsewhere the focused field is enough.
      picker.showPicker();
    } catch {
      // showPicker needs a user gesture in some browsers: the field is focused anyway.
    }
  };
  useHotkeys(
    {
      ...Object.fromEntries(buttons.map((button) => [button.key, () => !busy && onDispose(button.disposition)])),
      [CALL_BACK_KEY]: openPicker,
    },
    true,
  );
  return (
    <div className="pop-verdicts">
      <div className="pop-actions pop-dispositions" role="group" aria-label={t("operator:disposition.title")} aria-describedby="pop-hotkeys-hint">
        {buttons.map((button) => (
          <button
            key={button.disposition}
            type="button"
            className={button.className}
            disabled={busy}
            data-testid={`disposition-${button.disposition}`}
            aria-keyshortcuts={button.key}
            onClick={() => onDispose(button.disposition)}
          >
            <Hotkey>{button.key}</Hotkey> {t(`operator:disposition.${button.disposition}`)}
          </button>
        ))}
      </div>
      <form
        className={`row pop-callback${callbackError ? " invalid" : ""}`}
        onSubmit={(event) => {
          event.preventDefault();
          onDispose("call-back", callbackAt);
        }}
      >
        <div className={`field grow${callbackError ? " invalid" : ""}`}>
          <label htmlFor="pop-callback-at">{t("operator:disposition.callBackAt")}</label>
          <input
            ref={pickerRef}
            id="pop-callback-at"
            type="datetime-local"
            value={callbackAt}
            aria-invalid={Boolean(callbackError)}
            onChange={(event) => setCallbackAt(event.target.value)}
          />
          {callbackError ? (
            <p className="field-error" data-testid="error-callbackAt">
              {callbackError}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button row-remove" disabled={busy} data-testid="disposition-call-back" aria-keyshortcuts={CALL_BACK_KEY}>
          <Hotkey>{CALL_BACK_KEY}</Hotkey> {t("operator:disposition.call-back")}
        </button>
      </form>
      <p id="pop-hotkeys-hint" className="muted pop-hotkeys-hint">
        {t("operator:disposition.hotkeys")}
      </p>
    </div>
  );
}
