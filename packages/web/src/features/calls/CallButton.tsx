import { useState } from "react";
import { ApiError, authFetch } from "../../api/client";
import { ErrorMessage } from "../../components";
import { API_URL } from "../../config";
import { MANUAL_CALL_EVENT, softphoneStatus, type ManualCallDetail } from "../../voice/phone";
import type { Problem } from "../../api/types";
import "./call-button.css";

/**
 * Click-to-call beside a phone of a contact's or a company's card: `POST …/calls`
 * (docs/telephony.md, "Click-to-call"). Outside the number's call window it warns and offers an
 * explicit "Call anyway" (the override is logged); a refusal (do-not-call, blocked, no softphone,
 * no own phone, already on a call) is said in words. The call itself shows in the softphone panel.
 */

export type CallSubject = { contactId: string } | { companyId: string };

type Reason = "do-not-call" | "blocked" | "outside-call-window" | "no-softphone" | "no-own-phone" | "operator-busy";

const refusals: Record<Exclude<Reason, "outside-call-window">, string> = {
  "do-not-call": "Not called: this contact asked not to be called.",
  blocked: "Not called: this number is on the organization's blocked numbers.",
  "no-softphone": "You are not signed in to the softphone, or it has no microphone. Open the console in a browser that may use the microphone and set yourself Ready or Paused in the operator bar, or call through your own phone.",
  "no-own-phone": "You have no phone of your own set. Add it under “Calls to” in the operator bar, or call through the softphone.",
  "operator-busy": "You are already on a call: finish it first.",
};

type State =
  | { step: "idle" }
  | { step: "placing" }
  | { step: "window"; detail: string }
  | { step: "refused"; reason: Exclude<Reason, "outside-call-window"> }
  | { step: "placed" }
  | { step: "failed"; error: unknown };

async function problemOf(response: Response): Promise<Problem & { reason?: string }> {
  const fallback: Problem = { type: "about:blank", title: response.statusText || `HTTP ${response.status}`, status: response.status };
  if (!(response.headers.get("content-type") ?? "").includes("json")) return fallback;
  return { ...fallback, ...((await response.json().catch(() => ({}))) as Partial<Problem>) };
}

const pathOf = (subject: CallSubject) => ("contactId" in subject ? `/v1/contacts/${subject.contactId}/calls` : `/v1/companies/${subject.companyId}/calls`);

export function CallButton({ subject, phone, name }: { subject: CallSubject; phone: string; /** Who is called, for the softphone panel. */ name?: string }) {
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
        if (response.status === 409 && reason === "outside-call-window") return setState({ step: "window", detail: problem.detail ?? "It is outside this number's call window." });
        if (response.status === 409 && reason && reason in refusals) return setState({ step: "refused", reason: reason as Exclude<Reason, "outside-call-window"> });
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
        aria-label={`Call ${phone}`}
        disabled={state.step === "placing"}
        onClick={() => void call()}
      >
        {state.step === "placing" ? "Calling…" : "Call"}
      </button>
      {state.step === "window" ? (
        <span className="alert alert-info" role="alert" data-testid="call-window-warning">
          <span>{state.detail}</span>{" "}
          <button type="button" className="button button-small" data-testid="call-anyway" onClick={() => void call({ overrideCallWindow: true })}>
            Call anyway
          </button>{" "}
          <button type="button" className="button button-small" onClick={() => setState({ step: "idle" })}>
            Don't call
          </button>
        </span>
      ) : null}
      {state.step === "refused" ? (
        <span className="alert alert-error" role="alert" data-testid="call-refused" data-reason={state.reason}>
          {refusals[state.reason]}
          {state.reason === "no-softphone" ? (
            <>
              {" "}
              <button type="button" className="button button-small" data-testid="call-via-phone" onClick={() => void call({ via: "phone" })}>
                Call through my phone
              </button>
            </>
          ) : null}
        </span>
      ) : null}
      {state.step === "failed" ? <ErrorMessage error={state.error} /> : null}
    </span>
  );
}
