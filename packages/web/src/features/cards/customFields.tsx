import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CustomFieldDefinition, CustomValue } from "../../api/types";
import { FieldMessages } from "../../form";
import { formatCalendarDate, formatList, formatNumber } from "../../format";
import { t } from "../../i18n";

/** Custom fields as the admin defined them: shown, edited and sent the same on every card. */

export function customText(value: CustomValue | undefined): string | string[] {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value;
  return String(value);
}

/** The value as the card shows it; `null` when nothing is filled in (the card folds it away). */
export function showCustom(definition: CustomFieldDefinition, value: CustomValue | undefined): ReactNode | null {
  if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return null;
  if (Array.isArray(value)) return formatList(value);
  if (definition.type === "boolean") return value ? t("common:action.yes") : t("common:action.no");
  if (definition.type === "number" && typeof value === "number") return formatNumber(value);
  if (definition.type === "date") return formatCalendarDate(String(value));
  if (definition.type === "url") {
    return (
      <a href={String(value)} target="_blank" rel="noreferrer noopener">
        {String(value)}
      </a>
    );
  }
  return String(value);
}

/** Typed value for the API; text that is not a number goes as typed, so the API can name it. */
export function customValueOf(definition: CustomFieldDefinition, draft: string | string[]): CustomValue | null {
  if (Array.isArray(draft)) return draft.length ? draft : null;
  const textValue = draft.trim();
  if (textValue === "") return null;
  if (definition.type === "number") return Number.isFinite(Number(textValue)) ? Number(textValue) : textValue;
  if (definition.type === "boolean") return textValue === "true";
  return textValue;
}

/** One custom field's input as its definition's type asks (text, number, date, select, multi-select, yes/no). */
export function CustomFieldControl({
  definition,
  value,
  onChange: set,
  messages,
}: {
  definition: CustomFieldDefinition;
  value: string | string[];
  onChange: (value: string | string[]) => void;
  messages?: string[];
}) {
  const { t } = useTranslation();
  const key = `custom.${definition.key}`;
  const inputId = `custom-${definition.key}`;
  const common = { id: inputId, "aria-invalid": Boolean(messages), "aria-describedby": messages ? `${inputId}-error` : undefined };
  const label = definition.required ? t("cards:custom.required", { label: definition.label }) : definition.label;
  return (
    <div className={`field${messages ? " invalid" : ""}`}>
      {definition.type === "multi-select" ? (
        <fieldset className="checks" aria-describedby={common["aria-describedby"]}>
          <legend>{label}</legend>
          {(definition.options ?? []).map((option) => {
            const chosen = Array.isArray(value) ? value : [];
            return (
              <label key={option} className="check-row">
                <input
                  type="checkbox"
                  checked={chosen.includes(option)}
                  onChange={(event) => set(event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option))}
                />
                <span>{option}</span>
              </label>
            );
          })}
        </fieldset>
      ) : (
        <>
          <label htmlFor={inputId}>{label}</label>
          {definition.type === "select" || definition.type === "boolean" ? (
            <select {...common} value={String(value)} onChange={(event) => set(event.target.value)}>
              <option value="">—</option>
              {definition.type === "boolean" ? (
                <>
                  <option value="true">{t("common:action.yes")}</option>
                  <option value="false">{t("common:action.no")}</option>
                </>
              ) : (
                (definition.options ?? []).map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))
              )}
            </select>
          ) : (
            <input
              {...common}
              type={definition.type === "date" ? "date" : "text"}
              inputMode={definition.type === "number" ? "decimal" : undefined}
              value={String(value)}
              onChange={(event) => set(event.target.value)}
            />
          )}
        </>
      )}
      <FieldMessages id={`${inputId}-error`} testId={`error-${key}`} messages={messages} />
    </div>
  );
}
