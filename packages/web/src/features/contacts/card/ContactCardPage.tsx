import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client";
import { Spinner } from "../../../components";
import { useResource } from "../../../hooks";
import { paths } from "../../../router";
import { CardLoadFailure } from "../../cards/CardFrame";
import { ContactCard } from "./ContactCard";

/** `/contacts/{id}`: loads the card (one request) and shows it, or says it is not there. */
export function ContactCardPage({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  const resource = useResource(() => api.getContact(contactId), [contactId, attempt]);

  if (resource.status === "loading") return <Spinner label={t("contactCard:loading")} />;
  if (resource.status === "error") {
    return (
      <CardLoadFailure
        error={resource.error}
        back={{ to: paths.contacts, label: t("contactCard:back") }}
        notFound={{ title: t("contactCard:notFound.title"), text: t("contactCard:notFound.text") }}
        className="page narrow"
      />
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
