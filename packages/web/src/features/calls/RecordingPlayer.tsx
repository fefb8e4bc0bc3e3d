import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { authFetch } from "../../api/client";
import { API_URL } from "../../config";
import { formatDuration } from "../../format";

/**
 * Plays a call's recording: asks `GET /v1/calls/{callId}/recording?format=json` for a link (an
 * <audio> cannot send the bearer token, so the API checks access and hands out a link valid at
 * most 5 minutes) and plays it. Nothing is fetched until the user asks, so a card with many calls
 * costs no request per row; a link that expired is asked for again on the next play.
 */

interface RecordingLink {
  url: string;
  expiresAt: string;
  contentType: string;
  durationSeconds?: number;
}

type State = { step: "idle" } | { step: "loading" } | { step: "ready"; link: RecordingLink } | { step: "missing" } | { step: "failed"; status?: number };

export function RecordingPlayer({ callId, durationSeconds }: { callId: string; durationSeconds?: number }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ step: "idle" });

  async function load() {
    setState({ step: "loading" });
    try {
      const response = await authFetch(`${API_URL}/v1/calls/${encodeURIComponent(callId)}/recording?format=json`);
      if (response.status === 404) return setState({ step: "missing" });
      if (!response.ok) return setState({ step: "failed", status: response.status });
      setState({ step: "ready", link: (await response.json()) as RecordingLink });
    } catch {
      // A network failure: the browser's message is in its own language, not the reader's.
      setState({ step: "failed" });
    }
  }

  // A link past its expiry is dropped, so the next play asks for a fresh one.
  useEffect(() => {
    if (state.step !== "ready") return;
    const timer = setTimeout(() => setState({ step: "idle" }), Math.max(0, Date.parse(state.link.expiresAt) - Date.now() - 5_000));
    return () => clearTimeout(timer);
  }, [state]);

  const length = durationSeconds ?? (state.step === "ready" ? state.link.durationSeconds : undefined);
  return (
    <span className="recording-player" data-call-id={callId}>
      {state.step === "ready" ? (
        <audio controls autoPlay preload="none" src={state.link.url} aria-label={t("calls:recording.label")} />
      ) : (
        <button type="button" onClick={() => void load()} disabled={state.step === "loading"}>
          {state.step === "loading" ? t("calls:recording.loading") : length !== undefined ? t("calls:recording.playLength", { duration: formatDuration(length) }) : t("calls:recording.play")}
        </button>
      )}
      {state.step === "missing" && <span role="status"> {t("calls:recording.missing")}</span>}
      {state.step === "failed" && <span role="alert"> {state.status ? t("calls:recording.failedStatus", { status: state.status }) : t("calls:recording.failed")}</span>}
    </span>
  );
}
