import { ErrorMessage } from "../../../components";
import "../../cards/card.css";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../../api/client";
import type { Contact, ContactCard as Card, CustomFieldDefinition, TimelinePage, UpdateContactInput } from "../../../api/types";
import { useResource } from "../../../hooks";
import { namer, useUsers } from "../../../people";
import { Link, navigate, paths } from "../../../router";
import { can, useMe } from "../../../session";
import type { ContactsNotice } from "../ContactsPage";
import { showCustom } from "../../cards/customFields";
import { CardConflict, CardHeader } from "../../cards/CardFrame";
import { DeleteSection } from "../../cards/DeleteSection";
import { Timeline, TIMELINE_PAGE } from "../../cards/timeline/Timeline";
import { CallButton } from "../../calls/CallButton";
import { RecordingPlayer } from "../../calls/RecordingPlayer";
import { AccessSection } from "./AccessSection";
import { CommentForm } from "./CommentForm";
import { CompanySection } from "./CompanySection";
import { CustomFieldsSection } from "./CustomFieldsSection";
import { DetailsSection, detailFields } from "./DetailsSection";
import { EmailsSection } from "./EmailsSection";
import { isFilled } from "./fieldSpecs";
import { NameSection, nameFields } from "./NameSection";
import { OnlineSection, onlineFields } from "./OnlineSection";
import { PhonesSection } from "./PhonesSection";
import { PhotoSection } from "./PhotoSection";
import { RecordSection } from "./RecordSection";
import type { SectionProps } from "./sectionProps";
import { TagsSection } from "./TagsSection";

type SectionId = "name" | "company" | "phones" | "emails" | "details" | "online" | "tags" | "custom" | "access";

/** The card's sections in reading order; the filled ones come first, the rest fold into the Add strip. */
const ORDER: readonly SectionId[] = ["name", "company", "phones", "emails", "details", "online", "tags", "custom", "access"];

function isSectionFilled(id: SectionId, contact: Contact, definitions: readonly CustomFieldDefinition[]): boolean {
  switch (id) {
    case "name":
      return nameFields.some((spec) => isFilled(spec, contact));
    case "company":
      return contact.company !== undefined;
    case "phones":
      return contact.phones.length > 0;
    case "emails":
      return contact.emails.length > 0;
    case "details":
      return detailFields.some((spec) => isFilled(spec, contact));
    case "online":
      return onlineFields.some((spec) => isFilled(spec, contact));
    case "tags":
      return (contact.tags?.length ?? 0) > 0;
    case "custom":
      return definitions.some((definition) => showCustom(definition, contact.custom?.[definition.key]) !== null);
    case "access":
      return true;
  }
}

/**
 * The contact card, laid out around its timeline: the filled-in sections beside it, the empty
 * ones folded into one Add strip (each opens its editor), the bookkeeping folded at the foot.
 */
export function ContactCard({ card, etag: initialEtag, onReload }: { card: Card; etag: string | null; onReload: () => void }) {
  const { t } = useTranslation();
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
  const customDefinitions = definitions.status === "ready" ? definitions.data : [];

  // A change is on the timeline now: show the newest page again.
  const refreshTimeline = () => void api.timeline(contact.contactId, { limit: TIMELINE_PAGE }).then(setTimeline, () => undefined);
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
  const photoChanged = (saved: Contact, savedEtag: string | null) => {
    setContact(saved);
    setEtag(savedEtag ?? `"${saved.version}"`);
    refreshTimeline();
  };

  const props = (id: SectionId): SectionProps => ({
    contact,
    editing: editing === id,
    folded: editing !== id && !isSectionFilled(id, contact, customDefinitions),
    onEdit: () => setEditing(id),
    onClose: () => setEditing((current) => (current === id ? undefined : current)),
    save,
  });
  const render = (id: SectionId): ReactNode => {
    switch (id) {
      case "name":
        return <NameSection key={id} {...props(id)} />;
      case "company":
        return <CompanySection key={id} {...props(id)} />;
      case "phones":
        return <PhonesSection key={id} {...props(id)} phoneAction={(phone) => <CallButton subject={{ contactId: contact.contactId }} phone={phone} name={contact.displayName} />} />;
      case "emails":
        return <EmailsSection key={id} {...props(id)} />;
      case "details":
        return <DetailsSection key={id} {...props(id)} />;
      case "online":
        return <OnlineSection key={id} {...props(id)} />;
      case "tags":
        return <TagsSection key={id} {...props(id)} known={tags.status === "ready" ? tags.data.map((tag) => tag.tag) : []} />;
      case "custom":
        return definitions.status === "ready" ? <CustomFieldsSection key={id} {...props(id)} definitions={definitions.data} /> : null;
      case "access":
        return <AccessSection key={id} {...props(id)} users={users} />;
    }
  };
  const shown = (id: SectionId) => editing === id || isSectionFilled(id, contact, customDefinitions);
  // Custom fields fold only once their definitions are known (and only if some are defined).
  const foldable = (id: SectionId) => !shown(id) && (id !== "custom" || customDefinitions.length > 0);
  const folded = ORDER.filter(foldable);

  return (
    <section className="page contact-card" aria-labelledby="contact-title" data-etag={etag}>
      <CardHeader back={{ to: paths.contacts, label: t("contactCard:back") }} titleId="contact-title" title={contact.displayName}>
        {!contact.active ? <span className="badge">{t("contactCard:badge.inactive")}</span> : <span />}
        {contact.doNotCall ? <span className="badge status-cancelled">{t("contactCard:badge.doNotCall")}</span> : null}
        <Link to={paths.merge(contact.contactId)} className="button button-ghost" data-testid="merge-contact">
          {t("contactCard:merge")}
        </Link>
      </CardHeader>
      {conflict ? <CardConflict title={t("contactCard:conflict.title")} text={t("contactCard:conflict.text")} reload={t("contactCard:conflict.reload")} onReload={onReload} /> : null}
      <div className="card-layout">
        {/* One keyed array for every section: a section keeps its draft when it moves out of the Add strip. */}
        <div className="card-fields">
          <PhotoSection contact={contact} onChanged={photoChanged} />
          {definitions.status === "error" ? <ErrorMessage error={definitions.error} /> : null}
          {[
            ...ORDER.filter(shown).map(render),
            folded.length ? (
              <p key="add" className="section-add-label" data-testid="card-add">
                {t("common:action.add")}
              </p>
            ) : null,
            ...folded.map(render),
          ]}
        </div>
        <div className="card-main">
          <Timeline
            headingId="section-timeline"
            testIds={{ list: "timeline", item: "activity", more: "timeline-more" }}
            page={timeline}
            onPage={setTimeline}
            loadOlder={(cursor) => api.timeline(contact.contactId, { limit: TIMELINE_PAGE, cursor })}
            loadCalls={(cursor) => api.timeline(contact.contactId, { limit: TIMELINE_PAGE, cursor, kind: "call" })}
            nameOf={nameOf}
            emptyText={t("contactCard:timelineEmpty")}
            recordingPlayer={(callId, durationSeconds) => <RecordingPlayer callId={callId} durationSeconds={durationSeconds} />}
            onUndoMerge={async (mergeId) => {
              await api.undoMerge(mergeId);
              onReload();
            }}
          >
            <CommentForm contactId={contact.contactId} users={users} onAdded={(activity) => setTimeline((page) => ({ ...page, items: [activity, ...page.items] }))} />
          </Timeline>
        </div>
      </div>
      <RecordSection contact={contact} />
      {can(me, "admin") ? (
        <DeleteSection
          id="delete"
          question={t("contactCard:delete.question", { name: contact.displayName })}
          action={t("contactCard:delete.action")}
          testIds={{ start: "delete-contact", confirm: "confirm-delete" }}
          remove={async () => {
            await api.deleteContact(contact.contactId);
            const state: ContactsNotice = { notice: { kind: "deleted", name: contact.displayName } };
            navigate(paths.contacts, { state });
          }}
        />
      ) : null}
    </section>
  );
}
