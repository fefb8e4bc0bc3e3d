import { useState, type ReactNode } from "react";
import { api, ApiError } from "../api/client";
import type { Contact, ContactCard as Card, TimelinePage, UpdateContactInput } from "../api/types";
import { ErrorMessage, Spinner } from "../components";
import { capitalize, formatDateTime } from "../format";
import { useResource } from "../hooks";
import { Link, navigate, paths } from "../router";
import { can, useMe } from "../session";
import type { ContactsNotice } from "./ContactsPage";
import {
  CustomFieldsSection,
  DetailsSection,
  EmailsSection,
  NameSection,
  OnlineSection,
  PhonesSection,
  SectionFrame,
  TagsSection,
  type SectionProps,
} from "./contact/sections";
import { Timeline } from "./contact/Timeline";
import { AccessSection } from "./contact/AccessSection";
import { CompanySection } from "./contact/CompanySection";
import { PhotoSection } from "./contact/PhotoSection";
import { namer, useUsers } from "../people";

export function ContactCardPage({ contactId }: { contactId: string }) {
  const [attempt, setAttempt] = useState(0);
  const resource = useResource(() => api.getContact(contactId), [contactId, attempt]);

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
  return (
    <ContactCard
      key={`${resource.data.contact.version}:${attempt}`}
      card={resource.data.contact}
      etag={resource.data.etag}
      onReload={() => setAttempt((value) => value + 1)}
    />
  );
}

function BackLink() {
  return (
    <p className="breadcrumb">
      <Link to={paths.contacts}>← Contacts</Link>
    </p>
  );
}

type SectionId = "name" | "details" | "online" | "phones" | "emails" | "tags" | "custom" | "company" | "access";

export function ContactCard({ card, etag: initialEtag, onReload }: { card: Card; etag: string | null; onReload: () => void }) {
  const me = useMe();
  const { users } = useUsers();
  const nameOf = namer(users);
  const [contact, setContact] = useState<Contact>(card);
  const [etag, setEtag] = useState(initialEtag ?? `"${card.version}"`);
  const [timeline, setTimeline] = useState<TimelinePage>(card.timeline);
  const [editing, setEditing] = useState<SectionId>();
  const [conflict, setConflict] = useState(false);
  const definitions = useResource(() => api.listCustomFields("contact"), []);
  const tags = useResource(() => api.listTags(), []);

  const save = async (patch: UpdateContactInput) => {
    try {
      const saved = await api.updateContact(contact.contactId, etag, patch);
      setContact(saved.contact);
      setEtag(saved.etag ?? `"${saved.contact.version}"`);
      setConflict(false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) setConflict(true);
      throw error;
    }
    refreshTimeline();
  };
  // A change is on the timeline now: show the newest page again.
  const refreshTimeline = () => void api.timeline(contact.contactId, { limit: 20 }).then(setTimeline, () => undefined);
  const photoChanged = (saved: Contact, savedEtag: string | null) => {
    setContact(saved);
    setEtag(savedEtag ?? `"${saved.version}"`);
    refreshTimeline();
  };

  const section = (id: SectionId): SectionProps => ({
    contact,
    editing: editing === id,
    onEdit: () => setEditing(id),
    onClose: () => setEditing((current) => (current === id ? undefined : current)),
    save,
  });

  return (
    <section className="page" aria-labelledby="contact-title" data-etag={etag}>
      <BackLink />
      <div className="page-header">
        <h1 id="contact-title">{contact.displayName}</h1>
        {!contact.active ? <span className="badge">Inactive</span> : <span />}
        {contact.doNotCall ? <span className="badge status-cancelled">Do not call</span> : null}
        <Link to={paths.merge(contact.contactId)} className="button button-ghost" data-testid="merge-contact">
          Merge…
        </Link>
      </div>
      {conflict ? (
        <div className="alert alert-error" role="alert">
          <strong>This contact was changed by someone else.</strong>
          <p>
            Your change was not saved.{" "}
            <button type="button" className="button" onClick={onReload}>
              Reload the contact
            </button>
          </p>
        </div>
      ) : null}
      <div className="card-grid">
        <PhotoSection contact={contact} onChanged={photoChanged} />
        <NameSection {...section("name")} />
        <CompanySection {...section("company")} />
        <PhonesSection {...section("phones")} />
        <EmailsSection {...section("emails")} />
        <DetailsSection {...section("details")} />
        <OnlineSection {...section("online")} />
        <TagsSection {...section("tags")} known={tags.status === "ready" ? tags.data.map((tag) => tag.tag) : []} />
        {definitions.status === "ready" ? (
          <CustomFieldsSection {...section("custom")} definitions={definitions.data} />
        ) : definitions.status === "error" ? (
          <ErrorMessage error={definitions.error} />
        ) : null}
        <AccessSection {...section("access")} users={users} />
        <RecordSection contact={contact} />
        <Timeline contactId={contact.contactId} page={timeline} onPage={setTimeline} nameOf={nameOf} users={users} onMergeUndone={onReload} />
        {can(me, "admin") ? <DeleteSection contact={contact} /> : null}
      </div>
    </section>
  );
}

function RecordSection({ contact }: { contact: Contact }) {
  const rows: { label: string; value: ReactNode }[] = [
    { label: "Source", value: `${capitalize(contact.source.kind)}${contact.source.label ? ` · ${contact.source.label}` : ""}` },
    { label: "Created", value: <time dateTime={contact.createdAt}>{formatDateTime(contact.createdAt)}</time> },
    { label: "Updated", value: <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time> },
    { label: "Version", value: <span data-testid="contact-version">{contact.version}</span> },
    { label: "Contact ID", value: <code>{contact.contactId}</code> },
  ];
  return (
    <SectionFrame id="record" title="Record" editing={false}>
      <dl className="props">
        {rows.map((row) => (
          <div key={row.label} className="prop">
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </SectionFrame>
  );
}

/** Admins only: to the trash (restorable for 30 days from the Trash page). */
function DeleteSection({ contact }: { contact: Contact }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const remove = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.deleteContact(contact.contactId);
      const state: ContactsNotice = { notice: { text: `Contact “${contact.displayName}” moved to the trash.` } };
      navigate(paths.contacts, { state });
    } catch (error) {
      setBusy(false);
      setFailure(error);
    }
  };
  return (
    <SectionFrame id="delete" title="Delete" editing={false} className="wide">
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      <div className="danger-zone">
        {confirming ? (
          <>
            <span>Move “{contact.displayName}” and its timeline to the trash? It can be restored for 30 days.</span>
            <button type="button" className="button button-danger" disabled={busy} data-testid="confirm-delete" onClick={() => void remove()}>
              {busy ? "Deleting…" : "Yes, delete"}
            </button>
            <button type="button" className="button button-ghost" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button button-danger" data-testid="delete-contact" onClick={() => setConfirming(true)}>
            Delete contact
          </button>
        )}
      </div>
    </SectionFrame>
  );
}
