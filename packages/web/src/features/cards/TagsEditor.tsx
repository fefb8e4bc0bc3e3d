import { useTranslation } from "react-i18next";
import { FieldMessages } from "../../form";

/** Tag chips plus a box to add one (Enter or Add); `pending` is what is still typed in the box. */
export function TagsEditor({
  tags,
  onTags,
  pending,
  onPending,
  known,
  messages,
  inputId = "tag-input",
}: {
  tags: string[];
  onTags: (tags: string[]) => void;
  pending: string;
  onPending: (text: string) => void;
  known: string[];
  messages?: string[];
  inputId?: string;
}) {
  const { t } = useTranslation();
  const add = () => {
    onTags(withTag(tags, pending));
    onPending("");
  };
  return (
    <>
      <div className="tags">
        {tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
            <button type="button" aria-label={t("cards:tags.remove", { tag })} onClick={() => onTags(tags.filter((item) => item !== tag))}>
              ×
            </button>
          </span>
        ))}
      </div>
      <div className={`row${messages ? " invalid" : ""}`}>
        <div className={`field grow${messages ? " invalid" : ""}`}>
          <label htmlFor={inputId}>{t("cards:tags.add")}</label>
          <input
            id={inputId}
            list={`${inputId}-known`}
            value={pending}
            aria-invalid={Boolean(messages)}
            aria-describedby={messages ? `${inputId}-error` : undefined}
            onChange={(event) => onPending(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                add();
              }
            }}
          />
          <datalist id={`${inputId}-known`}>
            {known.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
          <FieldMessages id={`${inputId}-error`} testId="error-tags" messages={messages} />
        </div>
        <button type="button" className="button row-remove" onClick={add}>
          {t("common:action.add")}
        </button>
      </div>
    </>
  );
}

/** The list with a typed tag added (trimmed, spaces collapsed), unless empty or already there (any case). */
export function withTag(tags: string[], typed: string): string[] {
  const tag = typed.trim().replace(/\s+/g, " ");
  return tag && !tags.some((existing) => existing.toLowerCase() === tag.toLowerCase()) ? [...tags, tag] : tags;
}
