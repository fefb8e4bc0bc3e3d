import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { ErrorMessage, Spinner } from "../../components";
import { formatDateTime } from "../../format";
import { useReloadable } from "../../hooks";
import { Link, paths } from "../../router";
import { matchedText } from "./duplicateProblem";
import { PageFrame } from "../shell/PageFrame";

/** Admins: pairs found alike, each to merge or dismiss. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const page = useReloadable(() => api.listDuplicates({ limit: 50 }), []);
  const [failure, setFailure] = useState<unknown>();
  const dismiss = async (pairId: string) => {
    setFailure(undefined);
    try {
      await api.dismissDuplicate(pairId);
      page.reload();
    } catch (error) {
      setFailure(error);
    }
  };
  const items = page.status === "ready" ? page.data.items : [];
  return (
    <PageFrame id="duplicates" title={t("duplicates:queue.title")} intro={t("duplicates:queue.intro")}>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      {page.status === "error" ? <ErrorMessage error={page.error} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="duplicates">
          <thead>
            <tr>
              <th scope="col">{t("duplicates:queue.contacts")}</th>
              <th scope="col">{t("duplicates:queue.matchedOn")}</th>
              <th scope="col">{t("duplicates:queue.found")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("duplicates:queue.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((pair) => (
              <tr key={pair.pairId} data-testid={`pair-${pair.pairId}`}>
                <td>
                  {pair.contacts.map((contact, index) => (
                    <span key={contact.contactId}>
                      {index > 0 ? " ↔ " : ""}
                      <Link to={paths.contact(contact.contactId)}>{contact.displayName}</Link> <span className="muted">({contact.ownerName})</span>
                    </span>
                  ))}
                </td>
                <td>{matchedText(pair.on)}</td>
                <td>
                  <time dateTime={pair.createdAt}>{formatDateTime(pair.createdAt)}</time>
                </td>
                <td>
                  <Link className="button" data-testid="merge-pair" to={`${paths.merge(pair.contacts[0]!.contactId)}?with=${encodeURIComponent(pair.contacts[1]!.contactId)}`}>
                    {t("duplicates:queue.merge")}
                  </Link>{" "}
                  <button type="button" className="button button-ghost" data-testid="dismiss-pair" onClick={() => void dismiss(pair.pairId)}>
                    {t("duplicates:queue.dismiss")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.status === "loading" ? <Spinner label={t("duplicates:queue.loading")} /> : null}
        {page.status === "ready" && items.length === 0 ? <p className="empty">{t("duplicates:queue.empty")}</p> : null}
      </div>
    </PageFrame>
  );
}
