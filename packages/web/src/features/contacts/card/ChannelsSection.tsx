import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type PhoneType, type UpdateContactInput } from "../../../api/types";
import { formatPhone } from "../../../format";
import { phoneTypeLabel } from "../labels";
import { ChannelRow } from "../../cards/ChannelRow";
import { FieldMessages } from "../../../form";
import { FormFailure } from "../../cards/FormFailure";
import { messagesFor, owns } from "../../cards/fieldPaths";
import { SectionActions, SectionFrame } from "../../cards/SectionFrame";
import type { SectionProps } from "./sectionProps";
import { useSaving } from "./useSaving";

/** Phones and emails, with the primary one: rows in the editor; the server names rows by index. */

interface ListRow {
  key: number;
  value: string;
  type: PhoneType;
}
let nextRowKey = 1;

export function ChannelsSection({
  kind,
  contact,
  editing,
  onEdit,
  onClose,
  save,
  folded,
  phoneAction,
}: SectionProps & { kind: "phones" | "emails"; /** Beside each phone in view mode (the call button). */ phoneAction?: (phone: string) => ReactNode }) {
  const { t } = useTranslation();
  const isPhone = kind === "phones";
  const title = isPhone ? t("contactCard:section.phones") : t("contactCard:section.emails");
  const rowsOf = (): ListRow[] =>
    isPhone
      ? contact.phones.map((phone) => ({ key: nextRowKey++, value: phone.number, type: phone.type }))
      : contact.emails.map((email) => ({ key: nextRowKey++, value: email.address, type: "other" as PhoneType }));
  const primaryOf = (rows: ListRow[]) => {
    const index = isPhone ? contact.phones.findIndex((phone) => phone.primary) : contact.emails.findIndex((email) => email.primary);
    return rows[index]?.key ?? rows[0]?.key ?? 0;
  };
  const [rows, setRows] = useState<ListRow[]>([]);
  const [primary, setPrimary] = useState(0);
  const [sent, setSent] = useState<ListRow[]>([]);
  const { errors, failure, saving, run, edit, setErrors } = useSaving(save, onClose, onEdit);

  const start = edit(() => {
    const initial = rowsOf();
    setRows(initial.length ? initial : [{ key: nextRowKey++, value: "", type: "mobile" }]);
    setPrimary(primaryOf(initial));
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filled = rows.filter((row) => row.value.trim() !== "");
    setSent(filled);
    const chosen = filled.some((row) => row.key === primary) ? primary : filled[0]?.key;
    const patch: UpdateContactInput = isPhone
      ? { phones: filled.map((row) => ({ number: row.value.trim(), type: row.type, ...(row.key === chosen ? { primary: true } : {}) })) }
      : { emails: filled.map((row) => ({ address: row.value.trim(), ...(row.key === chosen ? { primary: true } : {}) })) };
    void run(patch);
  };

  if (!editing) {
    const items = isPhone
      ? contact.phones.map((phone) => ({
          label: phone.primary ? t("contactCard:phone.primaryType", { type: phoneTypeLabel(phone.type) }) : phoneTypeLabel(phone.type),
          value: <a href={`tel:${phone.number}`}>{formatPhone(phone.number)}</a>,
          action: phoneAction?.(phone.number),
        }))
      : contact.emails.map((email, index) => ({ label: email.primary ? t("contactCard:email.primary") : t("contactCard:email.nth", { n: index + 1 }), value: <a href={`mailto:${email.address}`}>{email.address}</a>, action: null }));
    return (
      <SectionFrame id={kind} title={title} editing={false} onEdit={start} folded={folded}>
        <dl className="props">
          {items.map((item, index) => (
            <div key={index} className="prop">
              <dt>{item.label}</dt>
              <dd className="channel">
                <span data-testid={`contact-${isPhone ? "phone" : "email"}-${index}`}>{item.value}</span>
                {item.action}
              </dd>
            </div>
          ))}
        </dl>
      </SectionFrame>
    );
  }

  // Server paths name the index among the rows sent: map them back to the rows on screen.
  const rowMessages = (row: ListRow, prop?: string) => {
    const index = sent.findIndex((item) => item.key === row.key);
    if (index < 0) return undefined;
    const base = `${kind}[${index}]`;
    return messagesFor(
      Object.fromEntries(
        Object.entries(errors).filter(([path]) =>
          prop ? path === `${base}.${prop}` : isPhone ? path === `${base}.number` || path === base : path === base || path === `${base}.address`,
        ),
      ),
      base,
    );
  };
  const placed = (path: string) => owns(kind, path);
  const listMessages = errors[kind];

  return (
    <SectionFrame id={kind} title={title} editing>
      <form className="section-form" onSubmit={submit} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={placed} />
        <FieldMessages id={`${kind}-error`} testId={`error-${kind}`} messages={listMessages} />
        {rows.map((row, position) => {
          const index = sent.findIndex((item) => item.key === row.key);
          const update = (patch: Partial<ListRow>) => {
            setRows((current) => current.map((item) => (item.key === row.key ? { ...item, ...patch } : item)));
            setErrors({});
          };
          return (
            <ChannelRow
              key={row.key}
              isPhone={isPhone}
              n={position + 1}
              inputId={`${kind}-${row.key}`}
              value={row.value}
              type={row.type}
              messages={rowMessages(row)}
              errorTestId={isPhone ? `error-phones[${index}].number` : `error-emails[${index}]`}
              radioName={`${kind}-primary`}
              radioLabel={t("contactCard:email.primary")}
              chosen={primary === row.key}
              onValue={(value) => update({ value })}
              onType={(type) => update({ type })}
              onChoose={() => setPrimary(row.key)}
              onRemove={() => setRows((current) => current.filter((item) => item.key !== row.key))}
            />
          );
        })}
        <button
          type="button"
          className="button button-ghost"
          onClick={() => setRows((current) => [...current, { key: nextRowKey++, value: "", type: "mobile" }])}
        >
          {isPhone ? t("contacts:new.addPhone") : t("contacts:new.addEmail")}
        </button>
        <SectionActions id={kind} saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
}
