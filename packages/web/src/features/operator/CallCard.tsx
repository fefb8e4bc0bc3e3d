import { useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { api, ApiError } from "../../api/client";
import type { ActiveCall, Disposition } from "../../api/types";
import { ErrorMessage } from "../../components";
import { formatDateTime, formatPhone } from "../../format";
import { fieldErrorText } from "../../i18n/errors";
import { useMe } from "../../session";
import { CARD_SHOWN_EVENT } from "../../voice/phone";
import { CallScript } from "./CallScript";
import { CallTimers } from "./CallTimers";
import { Dispositions } from "./Dispositions";
import { FullCardLink } from "./FullCardLink";
import { RecentHistory } from "./RecentHistory";
import { SubjectSummary } from "./SubjectSummary";
import "./operator.css";

/**
 * The pop of an answered list call: the list and its progress, who is on the line, the last
 * timeline items, the script, the timers and the dispositions (with hotkeys). Opening the full
 * card docks the pop at the bottom of the page, so the card is readable and the call stays at hand.
 */
export function CallCard({ call, onDone }: { call: ActiveCall; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [note, setNote] = useState("");
  const [callbackError, setCallbackError] = useState<string>();
  const [docked, setDocked] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  const { entry, contact, company, list, progress, summary } = call;

  useEffect(() => {
    dialogRef.current?.focus();
    // The softphone answers the ringing call once its card is on screen.
    window.dispatchEvent(new CustomEvent(CARD_SHOWN_EVENT, { detail: { listId: entry.listId, entryId: entry.entryId } }));
  }, []);

  const send = async (disposition: Disposition, callbackAt?: string) => {
    if (busy) return;
    setFailure(undefined);
    setCallbackError(undefined);
    let at: string | undefined;
    if (disposition === "call-back") {
      const date = new Date(callbackAt ?? "");
      if (!callbackAt || Number.isNaN(date.getTime())) {
        setCallbackError(t("operator:disposition.callBackRequired"));
        return;
      }
      at = date.toISOString();
    }
    setBusy(true);
    try {
      await api.dispose(entry.listId, entry.entryId, { disposition, ...(at ? { callbackAt: at } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      onDone();
    } catch (error) {
      setBusy(false);
      // The wrap-up already ended (timed out, or disposed in another tab): nothing left to do here.
      if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
        onDone();
        return;
      }
      const issue = error instanceof ApiError ? error.problem.errors?.find((item) => item.field === "callbackAt") : undefined;
      if (issue) setCallbackError(fieldErrorText(issue));
      else setFailure(error);
    }
  };

  const answeredPhone = entry.phone ? formatPhone(entry.phone) : t("operator:pop.noNumber");
  const percent = progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
  const name = summary?.name ?? entry.contactName;
  const timeline = contact?.timeline.items ?? company?.timeline.items ?? [];
  const scriptValues = {
    firstName: summary?.firstName,
    lastName: summary?.lastName,
    name,
    company: summary?.kind === "company" ? summary.name : summary?.company,
    operatorName: me?.name || me?.email,
    listName: list.name,
  };

  const card = (
    <div
      ref={dialogRef}
      className={docked ? "pop-docked card operator-pop" : "modal card operator-pop"}
      role="dialog"
      aria-modal={!docked}
      aria-labelledby="pop-title"
      tabIndex={-1}
      data-testid="operator-pop"
      data-docked={docked ? "true" : undefined}
      data-list-id={entry.listId}
      data-entry-id={entry.entryId}
      data-subject-kind={call.subject.kind}
    >
      <div className="pop-list">
        <span data-testid="pop-list-name">
          {t("operator:pop.list", { name: list.name, status: t(`operator:listStatus.${list.status}`) })}
        </span>
        <span data-testid="pop-progress">
          {t("operator:pop.progress", { done: progress.done, total: progress.total })}
        </span>
      </div>
      {docked ? null : (
        <div className="progress" aria-hidden="true">
          <div className="progress-bar" style={{ width: `${percent}%` }} />
        </div>
      )}
      <p className="muted pop-answered">
        {/* The number never breaks across lines (a phone's narrow sheet would split it at a hyphen). */}
        {entry.answeredAt ? (
          <Trans i18nKey="operator:pop.answeredAt" values={{ when: formatDateTime(entry.answeredAt), phone: answeredPhone, attempt: entry.attempts }} components={{ phone: <span className="nowrap" /> }} />
        ) : (
          <Trans i18nKey="operator:pop.answeredNow" values={{ phone: answeredPhone, attempt: entry.attempts }} components={{ phone: <span className="nowrap" /> }} />
        )}
      </p>
      <div className="pop-head">
        <h2 id="pop-title" className="pop-name" data-testid="pop-contact-name">
          {name}
        </h2>
        <CallTimers call={call} />
      </div>
      {docked ? (
        <p>
          <button type="button" className="button" data-testid="pop-undock" onClick={() => setDocked(false)}>
            {t("operator:pop.undock")}
          </button>
        </p>
      ) : (
        <>
          {summary ? (
            <SubjectSummary summary={summary} />
          ) : (
            <p className="muted">{call.subject.kind === "company" ? t("operator:pop.unavailableCompany") : t("operator:pop.unavailableContact")}</p>
          )}
          {/* Companies open to their managers and admins only: an operator's link would find nothing. */}
          <FullCardLink subject={call.subject} available={Boolean(summary) && (call.subject.kind === "contact" || me?.role !== "operator")} onOpen={() => setDocked(true)} />
          <CallScript script={list.script} values={scriptValues} />
          <RecentHistory items={timeline} />
        </>
      )}

      {failure !== undefined ? <ErrorMessage error={failure} /> : null}

      <div className="field">
        <label htmlFor="pop-note">{t("operator:pop.note")}</label>
        <textarea id="pop-note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      <Dispositions busy={busy} callbackError={callbackError} onDispose={(disposition, at) => void send(disposition, at)} />
    </div>
  );
  return docked ? card : <div className="modal-backdrop operator-pop-backdrop">{card}</div>;
}
