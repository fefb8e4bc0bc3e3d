import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Shown for a field with no value where a filled section still lists it. */
export const none = <span className="muted">—</span>;

/**
 * One section of a card. In view mode a section with nothing filled in folds to a single
 * "+ Title" button (the card gathers these in its "Add" strip); the button opens the editor.
 */
export function SectionFrame({
  id,
  title,
  editing,
  onEdit,
  folded = false,
  children,
  className,
}: {
  id: string;
  title: string;
  editing: boolean;
  onEdit?: () => void;
  /** Nothing filled in: show only the button that adds it. */
  folded?: boolean;
  children?: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation();
  if (folded && !editing && onEdit) {
    return (
      <button type="button" className="button button-ghost section-add" data-testid={`edit-${id}`} onClick={onEdit} aria-label={t("cards:section.addNamed", { section: title.toLowerCase() })}>
        {t("cards:section.add", { section: title })}
      </button>
    );
  }
  return (
    // An open editor takes the whole row: phone rows and long texts need the width.
    <section
      className={`card${editing ? " wide" : ""}${className ? ` ${className}` : ""}`}
      aria-labelledby={`section-${id}`}
      data-testid={`section-${id}`}
    >
      <div className="section-head">
        <h2 id={`section-${id}`}>{title}</h2>
        {onEdit && !editing ? (
          <button type="button" className="button button-ghost" data-testid={`edit-${id}`} onClick={onEdit} aria-label={t("cards:section.editNamed", { section: title.toLowerCase() })}>
            {t("common:action.edit")}
          </button>
        ) : null}
      </div>
      {children}
    </section>
  );
}

export function SectionActions({ id, saving, onCancel }: { id: string; saving: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="section-actions">
      <button type="submit" className="button button-primary" disabled={saving} data-testid={`save-${id}`}>
        {saving ? t("common:action.saving") : t("common:action.save")}
      </button>
      <button type="button" className="button button-ghost" onClick={onCancel} disabled={saving}>
        {t("common:action.cancel")}
      </button>
    </div>
  );
}

/** A list of label/value rows; rows whose value is `null` (nothing filled in) are left out. */
export function PropList({ rows, testIdPrefix }: { rows: readonly { key: string; label: ReactNode; value: ReactNode | null }[]; testIdPrefix: string }) {
  return (
    <dl className="props">
      {rows
        .filter((row) => row.value !== null)
        .map((row) => (
          <div key={row.key} className="prop">
            <dt>{row.label}</dt>
            <dd data-testid={`${testIdPrefix}-${row.key}`}>{row.value}</dd>
          </div>
        ))}
    </dl>
  );
}
