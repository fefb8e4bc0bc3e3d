import type { ReactNode } from "react";
import { api, ApiError } from "../api/client";
import type { Contact } from "../api/types";
import { ErrorMessage, Spinner } from "../components";
import { capitalize, formatDateTime } from "../format";
import { useResource } from "../hooks";
import { Link, paths } from "../router";

export function ContactCardPage({ contactId }: { contactId: string }) {
  const resource = useResource(() => api.getContact(contactId), [contactId]);

  if (resource.status === "loading") return <Spinner label="Loading contact…" />;
  if (resource.status === "error") {
    // 400 here can only mean a malformed id in the address, which is "not found" to a user.
    const notFound = resource.error instanceof ApiError && [400, 404].includes(resource.error.status);
    return (
      <section className="page narrow">
        <BackLink />
        {notFound ? (
          <div className="alert alert-error" role="alert">
            <strong>Contact not found</strong>
            <p>It may have been deleted, or you may not have access to it.</p>
          </div>
        ) : (
          <ErrorMessage error={resource.error} />
        )}
      </section>
    );
  }
  return <ContactCard contact={resource.data.contact} etag={resource.data.etag} />;
}

function BackLink() {
  return (
    <p className="breadcrumb">
      <Link to={paths.contacts}>← Contacts</Link>
    </p>
  );
}

/**
 * A card is a list of sections, each a list of labelled values. To add editing later, give a
 * section an editor and send the change with `If-Match: etag`.
 */
interface CardSection {
  id: string;
  title: string;
  rows: { label: string; value: ReactNode; testId?: string }[];
}

function sectionsOf(contact: Contact): CardSection[] {
  const none = <span className="muted">—</span>;
  return [
    {
      id: "name",
      title: "Name",
      rows: [
        { label: "First name", value: contact.firstName || none, testId: "contact-firstName" },
        { label: "Last name", value: contact.lastName || none, testId: "contact-lastName" },
      ],
    },
    {
      id: "phones",
      title: "Phones",
      rows: contact.phones.length
        ? contact.phones.map((phone, index) => ({
            label: `${capitalize(phone.type)}${phone.primary ? " · primary" : ""}`,
            value: <a href={`tel:${phone.number}`}>{phone.number}</a>,
            testId: `contact-phone-${index}`,
          }))
        : [{ label: "Phone", value: none }],
    },
    {
      id: "emails",
      title: "Emails",
      rows: contact.emails.length
        ? contact.emails.map((email, index) => ({
            label: email.primary ? "Primary" : `Email ${index + 1}`,
            value: <a href={`mailto:${email.address}`}>{email.address}</a>,
            testId: `contact-email-${index}`,
          }))
        : [{ label: "Email", value: none }],
    },
    {
      id: "record",
      title: "Record",
      rows: [
        { label: "Contact ID", value: <code>{contact.contactId}</code> },
        { label: "Owner", value: <code>{contact.ownerId}</code> },
        { label: "Created", value: <time dateTime={contact.createdAt}>{formatDateTime(contact.createdAt)}</time> },
        { label: "Updated", value: <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time> },
        { label: "Version", value: String(contact.version) },
      ],
    },
  ];
}

export function ContactCard({ contact, etag }: { contact: Contact; etag: string | null }) {
  return (
    <section className="page narrow" aria-labelledby="contact-title" data-etag={etag ?? undefined}>
      <BackLink />
      <div className="page-header">
        <h1 id="contact-title">{contact.displayName}</h1>
      </div>
      <div className="card-grid">
        {sectionsOf(contact).map((section) => (
          <section key={section.id} className="card" aria-labelledby={`section-${section.id}`}>
            <h2 id={`section-${section.id}`}>{section.title}</h2>
            <dl className="props">
              {section.rows.map((row, index) => (
                <div key={index} className="prop">
                  <dt>{row.label}</dt>
                  <dd data-testid={row.testId}>{row.value}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </section>
  );
}
