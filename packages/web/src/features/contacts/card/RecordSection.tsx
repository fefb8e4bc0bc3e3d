import type { Contact } from "../../../api/types";
import { capitalize, formatDateTime } from "../../../format";

/**
 * Where the contact came from and its bookkeeping (version, internal ID): folded at the foot
 * of the card, since people rarely need it; the ID stays out of the header.
 */
export function RecordSection({ contact }: { contact: Contact }) {
  const rows = [
    { label: "Source", value: `${capitalize(contact.source.kind)}${contact.source.label ? ` · ${contact.source.label}` : ""}` },
    { label: "Created", value: <time dateTime={contact.createdAt}>{formatDateTime(contact.createdAt)}</time> },
    { label: "Updated", value: <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time> },
    { label: "Version", value: <span data-testid="contact-version">{contact.version}</span> },
    { label: "Contact ID", value: <code data-testid="contact-id">{contact.contactId}</code> },
  ];
  return (
    <details className="card record-details" data-testid="section-record">
      <summary>Record</summary>
      <dl className="props">
        {rows.map((row) => (
          <div key={row.label} className="prop">
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
