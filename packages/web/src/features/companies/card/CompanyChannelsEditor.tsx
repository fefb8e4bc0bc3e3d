import { useTranslation } from "react-i18next";
import { ChannelRow } from "../../cards/ChannelRow";
import { FieldMessages, type FieldErrors } from "../../../form";
import { messagesFor } from "../../cards/fieldPaths";
import { newRowKey, type Row } from "./companyDraft";

/** The company editor's phone or email rows, with the main one (sent first). */
export function CompanyChannelsEditor({
  kind,
  rows,
  main,
  sent,
  errors,
  onRows: setRows,
  onMain,
}: {
  kind: "phones" | "emails";
  rows: Row[];
  main: number;
  /** The rows of the last save, in the order sent: the API names rows by that index. */
  sent: Row[];
  errors: FieldErrors;
  onRows: (rows: Row[]) => void;
  onMain: (key: number) => void;
}) {
  const { t } = useTranslation();
  const isPhone = kind === "phones";
  // The API names rows by their index among those sent: map back to the rows on screen.
  const rowMessages = (row: Row) => {
    const index = sent.findIndex((item) => item.key === row.key);
    return index < 0 ? undefined : messagesFor(errors, `${kind}[${index}]`);
  };
  return (
    <fieldset className="form-section">
      <legend>{isPhone ? t("companies:field.phones") : t("companies:field.emails")}</legend>
      <FieldMessages id={`company-${kind}-error`} testId={`error-${kind}`} messages={errors[kind]} />
      {rows.map((row, position) => (
        <ChannelRow
          key={row.key}
          isPhone={isPhone}
          n={position + 1}
          inputId={`company-${kind}-${row.key}`}
          value={row.value}
          type={row.type}
          messages={rowMessages(row)}
          errorTestId={`error-${kind}-${position}`}
          radioName={`company-${kind}-main`}
          radioLabel={t("companies:field.main")}
          chosen={main === row.key}
          onValue={(value) => setRows(rows.map((item) => (item.key === row.key ? { ...item, value } : item)))}
          onType={(type) => setRows(rows.map((item) => (item.key === row.key ? { ...item, type } : item)))}
          onChoose={() => onMain(row.key)}
          onRemove={() => setRows(rows.filter((item) => item.key !== row.key))}
        />
      ))}
      <button type="button" className="button button-ghost" onClick={() => setRows([...rows, { key: newRowKey(), value: "", type: "work" }])}>
        {isPhone ? t("companies:field.addPhone") : t("companies:field.addEmail")}
      </button>
    </fieldset>
  );
}
