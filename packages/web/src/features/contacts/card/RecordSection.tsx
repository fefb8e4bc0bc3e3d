import { useTranslation } from "react-i18next";
import type { Contact } from "../../../api/types";
import { formatDateTime } from "../../../format";
import { sourceLabel } from "../labels";

/**
 * Where the contact came from and its bookkeeping (version, internal ID): folded at the foot
 * of the card, since people rarely need it; the ID stays out of the header.
 */
export function RecordSection({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const source = sourceLabel(contact.source.kind);
  const rows = [
    { key: "source", label: t("contactCard:record.source"), value: contact.source.label ? t("contactCard:record.sourceWithLabel", { source, label: contact.source.label }) : source },
    { key: "created", label: t("contactCard:record.created"), value: <time dateTime={contact.createdAt}>{formatDateTime(contact.createdAt)}</time> },
    { key: "updated", label: t("contactCard:record.updated"), value: <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time> },
    { key: "version", label: t("contactCard:record.version"), value: <span data-testid="contact-version">{contact.version}</span> },
    { key: "id", label: t("contactCard:record.id"), value: <code data-testid="contact-id">{contact.contactId}</code> },
  ];
  return (
    <details className="card record-details" data-testid="section-record">
      <summary>{t("contactCard:record.title")}</summary>
      <dl className="props">
        {rows.map((row) => (
          <div key={row.key} className="prop">
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
