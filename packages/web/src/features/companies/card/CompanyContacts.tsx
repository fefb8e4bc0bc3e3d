import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../api/client";
import type { Contact, PageSize } from "../../../api/types";
import { CursorPager, ErrorMessage, Spinner } from "../../../components";
import { formatDateTime, formatPhone } from "../../../format";
import { useResource } from "../../../hooks";
import { Link, paths } from "../../../router";
import { none } from "../../cards/SectionFrame";

const PAGE_SIZE: PageSize = 20;

const primaryPhone = (contact: Contact) => {
  const phone = (contact.phones?.find((item) => item.primary) ?? contact.phones?.[0])?.number;
  return phone ? formatPhone(phone) : undefined;
};

/** All the company's contacts, paged (no cap). */
export function CompanyContacts({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const contacts = useResource(() => api.companyContacts(companyId, { limit: PAGE_SIZE, cursor }), [companyId, cursor]);
  // The API types this page's items loosely (`unknown`); they are contacts as `GET /v1/contacts` lists them.
  const items = contacts.status === "ready" ? (contacts.data.items as Contact[]) : [];
  const nextCursor = contacts.status === "ready" ? contacts.data.cursor : null;

  return (
    <section className="entries" aria-labelledby="company-contacts">
      <h2 id="company-contacts">{t("companies:contacts.title")}</h2>
      {contacts.status === "error" ? <ErrorMessage error={contacts.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="company-contacts">
          <thead>
            <tr>
              <th scope="col">{t("companies:contacts.name")}</th>
              <th scope="col">{t("companies:contacts.position")}</th>
              <th scope="col">{t("companies:contacts.primaryPhone")}</th>
              <th scope="col">{t("companies:contacts.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((contact) => (
              <tr key={contact.contactId}>
                <th scope="row">
                  <Link to={paths.contact(contact.contactId)}>{contact.displayName}</Link>
                </th>
                <td>{contact.position ?? none}</td>
                <td>{primaryPhone(contact) ?? none}</td>
                <td>{contact.updatedAt ? <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time> : none}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {contacts.status === "loading" ? <Spinner label={t("companies:contacts.loading")} /> : null}
        {contacts.status === "ready" && items.length === 0 ? <p className="empty">{t("companies:contacts.empty")}</p> : null}
      </div>
      <CursorPager cursors={cursors} onCursors={setCursors} nextCursor={nextCursor} />
    </section>
  );
}
