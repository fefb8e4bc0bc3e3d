import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, authFetch } from "../../api/client";
import { ErrorMessage } from "../../components";
import { API_URL } from "../../config";
import { MANUAL_CALL_EVENT, softphoneStatus, type ManualCallDetail } from "../../voice/phone";
import type { Problem } from "../../api/types";
import { formatClock, formatDateTime, formatList, formatPhone } from "../../format";
import { currentLanguage } from "../../i18n";
import "./call-button.css";

/**
 * Click-to-call beside a phone of a contact's or a company's card: `POST …/calls`
 * (docs/telephony.md, "Click-to-call"). Outside the number's call window it warns and offers an
 * explicit "Call anyway" (the override is logged); a refusal (do-not-call, blocked, no softphone,
 * no own phone, already on a call) is said in words. The call itself shows in the softphone panel.
 */

export type CallSubject = { contactId: string } | { companyId: string };

type Reason = "do-not-call" | "blocked" | "outside-call-window" | "no-softphone" | "no-own-phone" | "operator-busy";
/** Refusals said in words (`calls:refusal.<reason>`). */
const refusals = new Set<string>(["do-not-call", "blocked", "no-softphone", "no-own-phone", "operator-busy"]);

/** What the API says of a call outside the window: local hours, the callee's zones, when it opens. */
interface OutsideWindow {
  window?: { start: string; end: string };
  timeZones?: string[];
  opensAt?: string;
}

/** An IANA zone as people name it in the reader's language ("Москва, стандартное время", "GMT+03:00"). */
function zoneName(zone: string): string {
  try {
    return new Intl.DateTimeFormat(currentLanguage(), { timeZone: zone, timeZoneName: "long" }).formatToParts(new Date()).find((part) => part.type === "timeZoneName")?.value ?? zone;
  } catch {
    return zone;
  }
}

type State =
  | { step: "idle" }
  | { step: "placing" }
  | { step: "window"; outside: OutsideWindow }
  | { step: "refused"; reason: Exclude<Reason, "outside-call-window"> }
  | { step: "placed" }
  | { step: "failed"; error: unknown };

async function problemOf(response: Response): Promise<Problem & OutsideWindow & { reason?: string }> {
  const fallback: Problem = { type: "about:blank", title: response.statusText || `HTTP ${response.status}`, status: response.status };
  if (!(response.headers.get("content-type") ?? "").includes("json")) return fallback;
  return { ...fallback, ...((await response.json().catch(() => ({}))) as Partial<Problem>) };
}

const pathOf = (subject: CallSubject) => ("contactId" in subject ? `/v1/contacts/${subject.contactId}/calls` : `/v1/companies/${subject.companyId}/calls`);

export function CallButton({ subject, phone, name }: { subject: CallSubject; phone: string; /** Who is called, for the softphone panel. */ name?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ step: "idle" });

  async function call(options: { overrideCallWindow?: boolean; via?: "softphone" | "phone" } = {}) {
    // The softphone said it cannot work here (no microphone, no voice SDK): no call to place.
    if ((options.via ?? "softphone") === "softphone" && softphoneStatus() === "unavailable") return setState({ step: "refused", reason: "no-softphone" });
    setState({ step: "placing" });
    try {
      const response = await authFetch(`${API_URL}${pathOf(subject)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ phone, ...options }),
      });
      if (!response.ok) {
        const problem = await problemOf(response);
        const reason = problem.reason as Reason | undefined;
        if (response.status === 409 && reason === "outside-call-window") {
          return setState({ step: "window", outside: { ...(problem.window ? { window: problem.window } : {}), ...(problem.timeZones ? { timeZones: problem.timeZones } : {}), ...(problem.opensAt ? { opensAt: problem.opensAt } : {}) } });
        }
        if (response.status === 409 && reason && refusals.has(reason)) return setState({ step: "refused", reason: reason as Exclude<Reason, "outside-call-window"> });
        throw new ApiError(problem);
      }
      const { call: placed } = (await response.json()) as { call: { callId: string; subjectName?: string } };
      const detail: ManualCallDetail = { callId: placed.callId, number: phone, ...((name ?? placed.subjectName) ? { name: name ?? placed.subjectName } : {}) };
      window.dispatchEvent(new CustomEvent(MANUAL_CALL_EVENT, { detail }));
      setState({ step: "placed" });
    } catch (error) {
      setState({ step: "failed", error });
    }
  }

  return (
    <span className="call-button" data-testid="call-button" data-phone={phone}>
      <button
        type="button"
        className="button button-small"
        data-testid="call-button-call"
        aria-label={t("calls:button.callNumber", { phone: formatPhone(phone) })}
        disabled={state.step === "placing"}
        onClick={() => void call()}
      >
        {state.step === "placing" ? t("calls:button.calling") : t("calls:button.call")}
      </button>
      {state.step === "window" ? (
        <span className="alert alert-info" role="alert" data-testid="call-window-warning">
          <span data-testid="call-window-text">
            <OutsideWindowText outside={state.outside} />
          </span>{" "}
          <button type="button" className="button button-small" data-testid="call-anyway" onClick={() => void call({ overrideCallWindow: true })}>
            {t("calls:button.callAnyway")}
          </button>{" "}
          <button type="button" className="button button-small" onClick={() => setState({ step: "idle" })}>
            {t("calls:button.dontCall")}
          </button>
        </span>
      ) : null}
      {state.step === "refused" ? (
        <span className="alert alert-error" role="alert" data-testid="call-refused" data-reason={state.reason}>
          {t(`calls:refusal.${state.reason}`)}
          {state.reason === "no-softphone" ? (
            <>
              {" "}
              <button type="button" className="button button-small" data-testid="call-via-phone" onClick={() => void call({ via: "phone" })}>
                {t("calls:button.viaPhone")}
              </button>
            </>
          ) : null}
        </span>
      ) : null}
      {state.step === "failed" ? <ErrorMessage error={state.error} /> : null}
    </span>
  );
}

/** "Outside this number's call window: it is called 9:00–21:00 local time (Moscow Standard Time). The window opens 6 Dec 2026, 06:00, your time." */
function OutsideWindowText({ outside }: { outside: OutsideWindow }) {
  const { t } = useTranslation();
  const { window, timeZones = [], opensAt } = outside;
  const hours = window ? { start: formatClock(window.start), end: formatClock(window.end) } : undefined;
  return (
    <>
      {hours
        ? timeZones.length
          ? t("calls:window.outsideZones", { ...hours, zones: formatList([...new Set(timeZones.map(zoneName))]) })
          : t("calls:window.outside", hours)
        : t("calls:window.outsideUnknown")}{" "}
      {opensAt ? <>{t("calls:window.opensAt", { at: formatDateTime(opensAt) })} </> : null}
      {t("calls:window.advice")}
    </>
  );
}
