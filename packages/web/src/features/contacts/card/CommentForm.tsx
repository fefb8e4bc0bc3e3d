import { ErrorMessage } from "../../../components";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client";
import type { Activity, Colleague, Unnotified } from "../../../api/types";
import { formatList } from "../../../format";
import { FieldMessages, fieldErrorsOf, type FieldErrors } from "../../../form";
import { MentionTextarea, toWire, type Mention } from "../../cards/timeline/mentions";

/** The comment box on top of the contact's timeline; `onAdded` gets the new activity. */
export function CommentForm({ contactId, users, onAdded }: { contactId: string; users: readonly Colleague[]; onAdded: (activity: Activity) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<Mention[]>([]);
  const [posting, setPosting] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  /** Mentioned users the last comment did not notify: the author should know, to share or re-mention. */
  const [unnotified, setUnnotified] = useState<Unnotified[]>([]);

  const post = async (event: FormEvent) => {
    event.preventDefault();
    if (posting) return;
    setPosting(true);
    setErrors({});
    setFailure(undefined);
    setUnnotified([]);
    try {
      const { unnotified, ...activity } = await api.comment(contactId, toWire(text, picked));
      onAdded(activity);
      setUnnotified(unnotified ?? []);
      setText("");
      setPicked([]);
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error);
      setErrors(fieldErrors);
      if (!fieldErrors.text) setFailure(error);
    } finally {
      setPosting(false);
    }
  };

  return (
    <>
      <form className="section-form" onSubmit={(event) => void post(event)} noValidate aria-busy={posting}>
        <div className={`field${errors.text ? " invalid" : ""}`}>
          <label htmlFor="comment-text">{t("contactCard:comment.label")}</label>
          <MentionTextarea
            id="comment-text"
            rows={2}
            value={text}
            users={users}
            onPick={(mention) => setPicked((current) => [...current.filter((item) => item.userId !== mention.userId), mention])}
            placeholder={users.length > 1 ? t("contactCard:comment.placeholder") : t("contactCard:comment.placeholderById")}
            aria-invalid={Boolean(errors.text)}
            aria-describedby={errors.text ? "comment-text-error" : undefined}
            onChange={(next) => {
              setText(next);
              setErrors({});
            }}
          />
          <FieldMessages id="comment-text-error" testId="error-text" messages={errors.text} />
        </div>
        <div className="section-actions">
          <button type="submit" className="button button-primary" disabled={posting} data-testid="add-comment">
            {posting ? t("contactCard:comment.adding") : t("contactCard:comment.add")}
          </button>
        </div>
      </form>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {unnotified.length > 0 ? (
        <p className="alert alert-info" role="status" data-testid="unnotified">
          {t("contactCard:comment.unnotified", {
            names: formatList(unnotified.map((user) => (user.reason === "deactivated" ? t("contactCard:comment.deactivated", { name: user.name }) : t("contactCard:comment.cannotSee", { name: user.name })))),
          })}
        </p>
      ) : null}
    </>
  );
}
