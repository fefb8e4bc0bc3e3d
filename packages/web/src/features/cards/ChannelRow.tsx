import { useTranslation } from "react-i18next";
import { PHONE_TYPES, type PhoneType } from "../../api/types";
import { FieldMessages } from "../../form";

/**
 * One phone or email row of a card's editor (contact and company): the value with its messages,
 * a phone's type, the radio that makes it the main one, and Remove. The editors keep the rows.
 */
export function ChannelRow(props: {
  isPhone: boolean;
  /** 1-based, as people count rows. */
  n: number;
  inputId: string;
  value: string;
  type?: PhoneType;
  messages?: string[];
  errorTestId: string;
  radioName: string;
  radioLabel: string;
  chosen: boolean;
  onValue(value: string): void;
  onType(type: PhoneType): void;
  onChoose(): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const { isPhone, n, inputId, messages } = props;
  return (
    <div className="row">
      <div className={`field grow${messages ? " invalid" : ""}`}>
        <label htmlFor={inputId}>{isPhone ? t("cards:channel.phone", { n }) : t("cards:channel.email", { n })}</label>
        <input
          id={inputId}
          type={isPhone ? "tel" : "email"}
          value={props.value}
          aria-invalid={Boolean(messages)}
          aria-describedby={messages ? `${inputId}-error` : undefined}
          onChange={(event) => props.onValue(event.target.value)}
        />
        <FieldMessages id={`${inputId}-error`} testId={props.errorTestId} messages={messages} />
      </div>
      {isPhone ? (
        <div className="field">
          <label htmlFor={`${inputId}-type`}>{t("cards:channel.phoneType", { n })}</label>
          <select id={`${inputId}-type`} value={props.type} onChange={(event) => props.onType(event.target.value as PhoneType)}>
            {PHONE_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`cards:phoneType.${type}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <label className="check-row row-remove">
        <input type="radio" name={props.radioName} checked={props.chosen} onChange={props.onChoose} />
        <span>{props.radioLabel}</span>
      </label>
      <button type="button" className="button button-ghost row-remove" aria-label={isPhone ? t("cards:channel.removePhone", { n }) : t("cards:channel.removeEmail", { n })} onClick={props.onRemove}>
        {t("common:action.remove")}
      </button>
    </div>
  );
}
