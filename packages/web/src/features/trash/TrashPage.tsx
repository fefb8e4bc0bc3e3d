import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { CompanyTrashPage, TrashPage as ContactTrashPage } from "../../api/types";
import { formatDateTime, formatPhone } from "../../format";
import { t } from "../../i18n";
import { paths } from "../../router";
import { TrashTable, type TrashKind } from "./TrashTable";
import { PageFrame } from "../shell/PageFrame";

const primaryPhone = (phones: { number: string; primary?: boolean }[]) => {
  const phone = (phones.find((item) => item.primary) ?? phones[0])?.number;
  return phone ? formatPhone(phone) : undefined;
};

const deletedAt = (at: string | undefined) => (at ? <time dateTime={at}>{formatDateTime(at)}</time> : null);

const contacts: TrashKind<ContactTrashPage["items"][number]> = {
  testId: "trash",
  restoreTestId: "restore",
  load: (page) => api.listTrash(page),
  restore: async (contactId) => {
    const contact = await api.restoreContact(contactId);
    return { id: contact.contactId, name: contact.displayName };
  },
  idOf: (contact) => contact.contactId,
  nameOf: (contact) => contact.displayName,
  columns: [
    { key: "phone", header: () => t("trash:column.primaryPhone"), cell: (contact) => primaryPhone(contact.phones) ?? <span className="muted">—</span> },
    { key: "deleted", header: () => t("trash:column.deleted"), cell: (contact) => deletedAt(contact.deletedAt) },
  ],
  linkTo: paths.contact,
  linkLabel: () => t("trash:contacts.open"),
  loadingLabel: () => t("trash:contacts.loading"),
  emptyText: () => t("trash:contacts.empty"),
};

const companies: TrashKind<CompanyTrashPage["items"][number]> = {
  testId: "company-trash",
  restoreTestId: "restore-company",
  load: (page) => api.listCompanyTrash(page),
  restore: async (companyId) => {
    const company = await api.restoreCompany(companyId);
    return { id: company.companyId, name: company.name };
  },
  idOf: (company) => company.companyId,
  nameOf: (company) => company.name,
  columns: [{ key: "deleted", header: () => t("trash:column.deleted"), cell: (company) => deletedAt(company.deletedAt) }],
  linkTo: paths.company,
  linkLabel: () => t("trash:companies.open"),
  loadingLabel: () => t("trash:companies.loading"),
  emptyText: () => t("trash:companies.empty"),
};

/** Admins: contacts and companies deleted in the last 30 days, newest first, each restorable. */
export function TrashPage() {
  const { t } = useTranslation();
  return (
    <PageFrame id="trash" title={t("trash:title")} intro={t("trash:intro")}>
      <TrashTable kind={contacts} />
      <section className="entries" aria-labelledby="company-trash-title">
        <h2 id="company-trash-title">{t("trash:companies.title")}</h2>
        <TrashTable kind={companies} />
      </section>
    </PageFrame>
  );
}
