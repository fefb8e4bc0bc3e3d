import { api } from "../../api/client";
import type { CompanyTrashPage, TrashPage as ContactTrashPage } from "../../api/types";
import { formatDateTime } from "../../format";
import { paths } from "../../router";
import { TrashTable, type TrashKind } from "./TrashTable";

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
    { header: "Primary phone", cell: (contact) => (contact.phones.find((phone) => phone.primary) ?? contact.phones[0])?.number ?? <span className="muted">—</span> },
    { header: "Deleted", cell: (contact) => deletedAt(contact.deletedAt) },
  ],
  linkTo: paths.contact,
  linkLabel: "Open card",
  loadingLabel: "Loading the trash…",
  emptyText: "The trash is empty.",
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
  columns: [{ header: "Deleted", cell: (company) => deletedAt(company.deletedAt) }],
  linkTo: paths.company,
  linkLabel: "Open company",
  loadingLabel: "Loading deleted companies…",
  emptyText: "No deleted companies.",
};

/** Admins: contacts and companies deleted in the last 30 days, newest first, each restorable. */
export function TrashPage() {
  return (
    <section className="page" aria-labelledby="trash-title">
      <div className="page-header">
        <h1 id="trash-title">Trash</h1>
      </div>
      <p className="muted">Deleted contacts stay here for 30 days with their timeline; restoring brings everything back.</p>
      <TrashTable kind={contacts} />
      <section className="entries" aria-labelledby="company-trash-title">
        <h2 id="company-trash-title">Companies</h2>
        <TrashTable kind={companies} />
      </section>
    </section>
  );
}
