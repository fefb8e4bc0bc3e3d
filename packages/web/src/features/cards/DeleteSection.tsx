import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "../../components";
import { SectionFrame } from "./SectionFrame";

/**
 * Admins: the card to the trash (restorable for 30 days from the Trash page), after a
 * confirmation. `remove` deletes and moves on; a failure is shown here.
 */
export function DeleteSection({
  id,
  question,
  action,
  testIds,
  remove,
}: {
  id: string;
  question: string;
  action: string;
  testIds: { start: string; confirm: string };
  remove: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const run = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await remove();
    } catch (error) {
      setBusy(false);
      setFailure(error);
    }
  };
  return (
    <SectionFrame id={id} title={t("common:action.delete")} editing={false} className="wide">
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      <div className="danger-zone">
        {confirming ? (
          <>
            <span>{question}</span>
            <button type="button" className="button button-danger" disabled={busy} data-testid={testIds.confirm} onClick={() => void run()}>
              {busy ? t("cards:delete.deleting") : t("cards:delete.confirm")}
            </button>
            <button type="button" className="button button-ghost" disabled={busy} onClick={() => setConfirming(false)}>
              {t("cards:delete.keep")}
            </button>
          </>
        ) : (
          <button type="button" className="button button-danger" data-testid={testIds.start} onClick={() => setConfirming(true)}>
            {action}
          </button>
        )}
      </div>
    </SectionFrame>
  );
}
