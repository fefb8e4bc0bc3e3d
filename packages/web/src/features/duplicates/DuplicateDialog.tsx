import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { ErrorMessage } from "../../components";
import { formatPhone } from "../../format";
import { Link, paths } from "../../router";
import { matchedText, type DuplicateProblem } from "./duplicateProblem";

/** The 409 of a create: the candidates the user may see, who to ask for hidden ones, and "create anyway". */
export function DuplicateDialog({ problem, onCreateAnyway, onClose, busy }: { problem: DuplicateProblem; onCreateAnyway: () => void; onClose: () => void; busy: boolean }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState<Record<string, "sending" | "sent" | unknown>>({});
  const ask = async (contactId: string, matched: string) => {
    setAsked((current) => ({ ...current, [contactId]: "sending" }));
    try {
      await api.requestAccess(contactId, matched);
      setAsked((current) => ({ ...current, [contactId]: "sent" }));
    } catch (error) {
      setAsked((current) => ({ ...current, [contactId]: error }));
    }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal card" role="dialog" aria-modal="true" aria-labelledby="duplicates-title" data-testid="duplicates-dialog">
        <h2 id="duplicates-title">{t("duplicates:dialog.title")}</h2>
        {problem.candidates.length > 0 ? (
          <ul className="candidates" data-testid="duplicate-candidates">
            {problem.candidates.map((candidate) => (
              <li key={candidate.contactId} data-testid={`candidate-${candidate.contactId}`}>
                <Link to={paths.contact(candidate.contactId)}>{candidate.displayName}</Link>
                {candidate.primaryPhone ? ` · ${formatPhone(candidate.primaryPhone)}` : ""}
                {candidate.primaryEmail ? ` · ${candidate.primaryEmail}` : ""}
                <div className="muted">{t("duplicates:dialog.candidate", { owner: candidate.ownerName, matched: matchedText(candidate.on) })}</div>
              </li>
            ))}
          </ul>
        ) : null}
        {problem.hidden.map((hidden) => {
          const state = asked[hidden.contactId];
          return (
            <div key={hidden.contactId} className="alert" data-testid={`hidden-${hidden.contactId}`}>
              <p>
                <Trans i18nKey="duplicates:dialog.hidden" values={{ matched: matchedText(hidden.on), owner: hidden.ownerName }} components={{ strong: <strong /> }} />
              </p>
              {state === "sent" ? (
                <p role="status">{t("duplicates:dialog.requested", { owner: hidden.ownerName })}</p>
              ) : (
                <button type="button" className="button" disabled={state === "sending"} data-testid="request-access" onClick={() => void ask(hidden.contactId, hidden.on[0]?.value ?? "")}>
                  {state === "sending" ? t("duplicates:dialog.requesting") : t("duplicates:dialog.request")}
                </button>
              )}
              {state !== undefined && state !== "sent" && state !== "sending" ? <ErrorMessage error={state} /> : null}
            </div>
          );
        })}
        <div className="section-actions">
          <button type="button" className="button button-primary" disabled={busy} data-testid="create-anyway" onClick={onCreateAnyway}>
            {busy ? t("duplicates:dialog.creating") : t("duplicates:dialog.createAnyway")}
          </button>
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t("duplicates:dialog.back")}
          </button>
        </div>
      </div>
    </div>
  );
}
