import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Contact } from "../../api/types";
import { ErrorMessage, Spinner } from "../../components";
import { formatCalendarDate, formatList, formatPhone } from "../../format";
import { t } from "../../i18n";
import { useResource } from "../../hooks";
import { Link, navigate, paths } from "../../router";
import { PageFrame } from "../shell/PageFrame";

/** Fields the merge screen offers a choice for (the API's `pick`). */
const PICKABLE = [
  "firstName",
  "lastName",
  "middleName",
  "birthday",
  "position",
  "companyId",
  "contactType",
  "address",
  "website",
  "comment",
  "preferredContactMethod",
  "timeZone",
  "currency",
  "sharing",
  "messengers",
] as const satisfies readonly (keyof Contact & string)[];
type Pickable = (typeof PICKABLE)[number];

/** Each field's name on the merge screen. */
function fieldName(field: Pickable): string {
  const names: Record<Pickable, string> = {
    firstName: t("duplicates:field.firstName"),
    lastName: t("duplicates:field.lastName"),
    middleName: t("duplicates:field.middleName"),
    birthday: t("duplicates:field.birthday"),
    position: t("duplicates:field.position"),
    companyId: t("duplicates:field.companyId"),
    contactType: t("duplicates:field.contactType"),
    address: t("duplicates:field.address"),
    website: t("duplicates:field.website"),
    comment: t("duplicates:field.comment"),
    preferredContactMethod: t("duplicates:field.preferredContactMethod"),
    timeZone: t("duplicates:field.timeZone"),
    currency: t("duplicates:field.currency"),
    sharing: t("duplicates:field.sharing"),
    messengers: t("duplicates:field.messengers"),
  };
  return names[field];
}

const EMPTY = "—";

/** A field's value as the merge screen compares and shows it (enum values in the reader's words). */
function show(contact: Contact, field: Pickable): string {
  if (field === "companyId") return contact.company?.name ?? EMPTY;
  const value = (contact as unknown as Record<string, unknown>)[field];
  if (value === undefined || value === null || value === "") return EMPTY;
  if (field === "birthday") return formatCalendarDate(String(value));
  // Enum values: "duplicates:contactType.lead", "duplicates:sharing.read", …; an unknown one as stored.
  if (field === "contactType" || field === "sharing" || field === "preferredContactMethod") return t(`duplicates:${field}.${String(value)}`, { defaultValue: String(value) });
  if (typeof value === "object") {
    return formatList(Object.entries(value as object).map(([key, item]) => t("duplicates:messenger", { messenger: t(`duplicates:preferredContactMethod.${key}`, { defaultValue: key }), handle: String(item) })));
  }
  return String(value);
}

/** `/contacts/{id}/merge?with={otherId}`: side by side, a radio per differing field, confirm. */
export function MergePage({ survivorId, otherId }: { survivorId: string; otherId?: string }) {
  const { t } = useTranslation();
  const [other, setOther] = useState(otherId ?? "");
  const [picked, setPicked] = useState<Record<string, "survivor" | "other">>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const pair = useResource(async () => {
    if (!otherId) return undefined;
    const [survivor, second] = await Promise.all([api.getContact(survivorId), api.getContact(otherId)]);
    return { survivor: survivor.contact, other: second.contact };
  }, [survivorId, otherId]);

  if (!otherId) {
    return (
      <section className="page narrow" aria-labelledby="merge-title">
        <h1 id="merge-title">{t("duplicates:merge.chooseTitle")}</h1>
        <form
          className="form card"
          onSubmit={(event) => {
            event.preventDefault();
            const id = other.trim().split("/").pop() ?? "";
            if (id) navigate(`${paths.merge(survivorId)}?with=${encodeURIComponent(id)}`);
          }}
        >
          <div className="field">
            <label htmlFor="merge-other">{t("duplicates:merge.otherLabel")}</label>
            <input id="merge-other" value={other} onChange={(event) => setOther(event.target.value)} />
          </div>
          <button type="submit" className="button button-primary">
            {t("duplicates:merge.compare")}
          </button>
        </form>
      </section>
    );
  }
  if (pair.status === "loading") return <Spinner label={t("duplicates:merge.loading")} />;
  if (pair.status === "error") return <ErrorMessage error={pair.error} />;
  const { survivor, other: second } = pair.data!;
  const differing = PICKABLE.filter((field) => show(survivor, field) !== show(second, field));
  const united = (values: string[]) => (values.length ? t("duplicates:merge.united", { values: formatList([...new Set(values)]) }) : EMPTY);

  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.mergeContacts(survivorId, { otherId, pick: picked });
      navigate(paths.contact(survivorId));
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <PageFrame
      id="merge"
      title={t("duplicates:merge.title")}
      intro={t("duplicates:merge.explain", { survivor: survivor.displayName, other: second.displayName })}
      actions={
        <Link to={`${paths.merge(otherId)}?with=${encodeURIComponent(survivorId)}`} className="button button-ghost">
          {t("duplicates:merge.swap")}
        </Link>
      }
    >
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      <div className="table-wrap">
        <table className="table" data-testid="merge-fields">
          <thead>
            <tr>
              <th scope="col">{t("duplicates:merge.field")}</th>
              <th scope="col">{t("duplicates:merge.stays", { name: survivor.displayName })}</th>
              <th scope="col">{second.displayName}</th>
            </tr>
          </thead>
          <tbody>
            {differing.map((field) => {
              const side = picked[field] ?? (show(survivor, field) === EMPTY ? "other" : "survivor");
              return (
                <tr key={field} data-testid={`merge-field-${field}`}>
                  <th scope="row">{fieldName(field)}</th>
                  {(["survivor", "other"] as const).map((which) => (
                    <td key={which}>
                      <label>
                        <input type="radio" name={`pick-${field}`} value={which} checked={side === which} onChange={() => setPicked((current) => ({ ...current, [field]: which }))} />{" "}
                        {show(which === "survivor" ? survivor : second, field)}
                      </label>
                    </td>
                  ))}
                </tr>
              );
            })}
            <tr>
              <th scope="row">{t("duplicates:field.phones")}</th>
              <td colSpan={2}>{united([...survivor.phones, ...second.phones].map((phone) => formatPhone(phone.number)))}</td>
            </tr>
            <tr>
              <th scope="row">{t("duplicates:field.emails")}</th>
              <td colSpan={2}>{united([...survivor.emails, ...second.emails].map((email) => email.address))}</td>
            </tr>
            <tr>
              <th scope="row">{t("duplicates:field.doNotContact")}</th>
              <td colSpan={2}>
                {t("duplicates:merge.restrictions", {
                  call: survivor.doNotCall || second.doNotCall ? t("duplicates:merge.doNotCall") : t("duplicates:merge.mayCall"),
                  email: survivor.doNotEmail || second.doNotEmail ? t("duplicates:merge.doNotEmail") : t("duplicates:merge.mayEmail"),
                })}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="section-actions">
        <button type="button" className="button button-primary" disabled={busy} data-testid="confirm-merge" onClick={() => void confirm()}>
          {busy ? t("duplicates:merge.merging") : t("duplicates:merge.confirm")}
        </button>
        <Link to={paths.contact(survivorId)} className="button button-ghost">
          {t("common:action.cancel")}
        </Link>
      </div>
    </PageFrame>
  );
}
