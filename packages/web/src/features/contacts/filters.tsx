import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { formatNumber } from "../../format";
import { useResource } from "../../hooks";
import { pickerLabel } from "../../people";
import { can, useMe } from "../../session";
import { CONTACT_TYPES, contactTypeLabel, SOURCES, sourceLabel } from "./labels";

/** Filters edited in a draft and applied together, so the list is read once per change. */
export function FilterPanel({ filters, onApply }: { filters: Record<string, string>; onApply: (filters: Record<string, string>) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(filters);
  useEffect(() => setDraft(filters), [filters]);
  const tags = useResource(() => api.listTags(), []);
  const fields = useResource(() => api.listCustomFields("contact"), []);
  const me = useMe();
  const users = useResource(() => (can(me, "readUsers") ? api.listUsers() : Promise.resolve([])), [me?.role]);
  const set = (key: string, value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const select = (key: string, label: string, options: [string, string][]) => (
    <label className="field">
      <span>{label}</span>
      <select aria-label={label} value={draft[key] ?? ""} onChange={(event) => set(key, event.target.value)}>
        <option value="">{t("contacts:filter.any")}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const date = (key: string, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input type="date" aria-label={label} value={draft[key] ?? ""} onChange={(event) => set(key, event.target.value)} />
    </label>
  );
  const yesNo: [string, string][] = [
    ["true", t("common:action.yes")],
    ["false", t("common:action.no")],
  ];
  const applied = Object.keys(filters).filter((key) => key !== "q").length;
  return (
    <details className="filter-panel">
      <summary>{applied > 0 ? t("contacts:filter.titleCount", { count: applied }) : t("contacts:filter.title")}</summary>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          onApply({ ...draft, ...(filters.q ? { q: filters.q } : {}) });
        }}
      >
        {can(me, "readUsers") ? select("owner", t("contacts:filter.owner"), users.status === "ready" ? users.data.map((user) => [user.userId, pickerLabel(user)]) : []) : null}
        <label className="field">
          <span>{t("contacts:filter.company")}</span>
          <input value={draft.company ?? ""} onChange={(event) => set("company", event.target.value.trim())} />
        </label>
        {select(
          "tag",
          t("contacts:filter.tag"),
          tags.status === "ready" ? tags.data.map((tag) => [tag.tag, tag.count === undefined ? tag.tag : t("contacts:filter.tagCount", { tag: tag.tag, n: formatNumber(tag.count) })]) : [],
        )}
        {select("source", t("contacts:filter.source"), SOURCES.map((source) => [source, sourceLabel(source)]))}
        {select("type", t("contacts:filter.type"), CONTACT_TYPES.map((type) => [type, contactTypeLabel(type)]))}
        {select("doNotCall", t("contacts:filter.doNotCall"), yesNo)}
        {select("doNotEmail", t("contacts:filter.doNotEmail"), yesNo)}
        <label className="field">
          <span>{t("contacts:filter.status")}</span>
          <select aria-label={t("contacts:filter.status")} value={draft.active ?? ""} onChange={(event) => set("active", event.target.value)}>
            <option value="">{t("contacts:filter.active")}</option>
            <option value="false">{t("contacts:filter.inactive")}</option>
            <option value="any">{t("contacts:filter.activeAndInactive")}</option>
          </select>
        </label>
        {date("createdFrom", t("contacts:filter.createdFrom"))}
        {date("createdTo", t("contacts:filter.createdTo"))}
        {date("updatedFrom", t("contacts:filter.updatedFrom"))}
        {date("updatedTo", t("contacts:filter.updatedTo"))}
        {fields.status === "ready"
          ? fields.data.flatMap((field) =>
              field.type === "number" || field.type === "date"
                ? [
                    <label key={`${field.key}.min`} className="field">
                      <span>{t("contacts:filter.customFrom", { label: field.label })}</span>
                      <input type={field.type === "date" ? "date" : "number"} value={draft[`cf.${field.key}.min`] ?? ""} onChange={(event) => set(`cf.${field.key}.min`, event.target.value)} />
                    </label>,
                    <label key={`${field.key}.max`} className="field">
                      <span>{t("contacts:filter.customTo", { label: field.label })}</span>
                      <input type={field.type === "date" ? "date" : "number"} value={draft[`cf.${field.key}.max`] ?? ""} onChange={(event) => set(`cf.${field.key}.max`, event.target.value)} />
                    </label>,
                  ]
                : [
                    <label key={field.key} className="field">
                      <span>{field.label}</span>
                      <input value={draft[`cf.${field.key}`] ?? ""} onChange={(event) => set(`cf.${field.key}`, event.target.value)} />
                    </label>,
                  ],
            )
          : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t("contacts:filter.apply")}
          </button>
          <button type="button" className="button button-ghost" onClick={() => onApply(filters.q ? { q: filters.q } : {})}>
            {t("contacts:filter.clear")}
          </button>
        </div>
      </form>
    </details>
  );
}
