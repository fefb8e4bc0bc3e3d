import { ErrorMessage } from "../../../components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ApiError } from "../../../api/client";
import { Spinner } from "../../../components";
import { useResource } from "../../../hooks";
import { Link, paths } from "../../../router";
import { ContactCard } from "./ContactCard";

/** `/contacts/{id}`: loads the card (one request) and shows it, or says it is not there. */
export function ContactCardPage({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  const resource = useResource(() => api.getContact(contactId), [contactId, attempt]);

  if (resource.status === "loading") return <Spinner label={t("contactCard:loading")} />;
  if (resource.status === "error") {
    // 400 here can only mean a malformed id in the address, which is "not found" to a user.
    const notFound = resource.error instanceof ApiError && [400, 404].includes(resource.error.status);
    return (
      <section className="page narrow">
        <p className="breadcrumb">
          <Link to={paths.contacts}>{t("contactCard:back")}</Link>
        </p>
        {notFound ? (
          <div className="alert alert-error" role="alert">
            <strong>{t("contactCard:notFound.title")}</strong>
            <p>{t("contactCard:notFound.text")}</p>
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
