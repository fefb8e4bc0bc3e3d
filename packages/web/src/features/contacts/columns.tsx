import { useTranslation } from "react-i18next";
import type { ContactListItem as Contact } from "../../api/types";
import { formatDateTime, formatPhone } from "../../format";
import { t } from "../../i18n";
import { Link, paths } from "../../router";
import { contactTypeLabel, sourceLabel, yesNo } from "./labels";
import { COLUMNS, type Column } from "./listState";

/** A column's header, in the user's language. */
export function columnLabel(column: Column): string {
  switch (column) {
    case "name":
      return t("contacts:column.name");
    case "phone":
      return t("contacts:column.phone");
    case "email":
      return t("contacts:column.email");
    case "company":
      return t("contacts:column.company");
    case "tags":
      return t("contacts:column.tags");
    case "owners":
      return t("contacts:column.owners");
    case "type":
      return t("contacts:column.type");
    case "source":
      return t("contacts:column.source");
    case "doNotCall":
      return t("contacts:column.doNotCall");
    case "doNotEmail":
      return t("contacts:column.doNotEmail");
    case "active":
      return t("contacts:column.active");
    case "created":
      return t("contacts:column.created");
    case "updated":
      return t("contacts:column.updated");
  }
}

const none = <span className="muted">—</span>;

/** What one column shows of a contact. */
export function contactCell(contact: Contact, column: Column) {
  switch (column) {
    case "name":
      return <Link to={paths.contact(contact.contactId)}>{contact.displayName}</Link>;
    case "phone":
      return contact.phone ? <span className="nowrap">{formatPhone(contact.phone)}</span> : none;
    case "email":
      return contact.email ?? none;
    case "company":
      return contact.company?.name ?? none;
    case "tags":
      return contact.tags?.length ? contact.tags.join(", ") : none;
    case "owners":
      return contact.ownerIds.length;
    case "type":
      return contact.contactType ? contactTypeLabel(contact.contactType) : none;
    case "source":
      return sourceLabel(contact.source.kind);
    case "doNotCall":
      return yesNo(contact.doNotCall);
    case "doNotEmail":
      return yesNo(contact.doNotEmail);
    case "active":
      return yesNo(contact.active);
    case "created":
      return <time dateTime={contact.createdAt}>{formatDateTime(contact.createdAt)}</time>;
    case "updated":
      return <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time>;
  }
}

export function ColumnChooser({ columns, onChange }: { columns: Column[]; onChange: (columns: Column[]) => void }) {
  const { t } = useTranslation();
  return (
    <details className="column-chooser">
      <summary>{t("contacts:columns.title")}</summary>
      <fieldset>
        <legend>{t("contacts:columns.legend")}</legend>
        {COLUMNS.map((column) => (
          <label key={column} className="inline-field">
            <input
              type="checkbox"
              checked={columns.includes(column)}
              disabled={column === "name"}
              onChange={(event) => onChange(event.target.checked ? COLUMNS.filter((key) => key === column || columns.includes(key)) : columns.filter((key) => key !== column))}
            />
            <span>{columnLabel(column)}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}
