import { PHONE_TYPES, type PhoneType } from "../../../api/types";
import { capitalize } from "../../../format";
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
  const isPhone = kind === "phones";
  // The API names rows by their index among those sent: map back to the rows on screen.
  const rowMessages = (row: Row) => {
    const index = sent.findIndex((item) => item.key === row.key);
    return index < 0 ? undefined : messagesFor(errors, `${kind}[${index}]`);
  };
  return (
    <fieldset className="form-section">
      <legend>{isPhone ? "Phones" : "Emails"}</legend>
      <FieldMessages id={`company-${kind}-error`} testId={`error-${kind}`} messages={errors[kind]} />
      {rows.map((row, position) => {
        const n = position + 1;
        const messages = rowMessages(row);
        const id = `company-${kind}-${row.key}`;
        return (
          <div key={row.key} className="row">
            <div className={`field grow${messages ? " invalid" : ""}`}>
              <label htmlFor={id}>{isPhone ? `Phone ${n}` : `Email ${n}`}</label>
              <input
                id={id}
                type={isPhone ? "tel" : "email"}
                value={row.value}
                aria-invalid={Boolean(messages)}
                aria-describedby={messages ? `${id}-error` : undefined}
                onChange={(event) => setRows(rows.map((item) => (item.key === row.key ? { ...item, value: event.target.value } : item)))}
              />
              <FieldMessages id={`${id}-error`} testId={`error-${kind}-${position}`} messages={messages} />
            </div>
            {isPhone ? (
              <div className="field">
                <label htmlFor={`${id}-type`}>{`Phone ${n} type`}</label>
                <select
                  id={`${id}-type`}
                  value={row.type}
                  onChange={(event) => setRows(rows.map((item) => (item.key === row.key ? { ...item, type: event.target.value as PhoneType } : item)))}
                >
                  {PHONE_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {capitalize(type)}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <label className="check-row row-remove">
              <input type="radio" name={`company-${kind}-main`} checked={main === row.key} onChange={() => onMain(row.key)} />
              <span>Main</span>
            </label>
            <button
              type="button"
              className="button button-ghost row-remove"
              aria-label={`Remove ${isPhone ? "phone" : "email"} ${n}`}
              onClick={() => setRows(rows.filter((item) => item.key !== row.key))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" className="button button-ghost" onClick={() => setRows([...rows, { key: newRowKey(), value: "", type: "work" }])}>
        {isPhone ? "+ Add phone" : "+ Add email"}
      </button>
    </fieldset>
  );
}
