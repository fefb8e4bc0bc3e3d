import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatList, formatPhone } from "../../../format";
import { api, ApiError } from "../../../api/client";
import type { CustomFieldDefinition, Tag, Colleague } from "../../../api/types";
import { FieldMessages, fieldErrorsOf, type FieldErrors } from "../../../form";
import { namer, UserChecklist } from "../../../people";
import { CustomFieldControl, showCustom } from "../../cards/customFields";
import { FormFailure } from "../../cards/FormFailure";
import { messagesFor, owns, withoutErrorsOf } from "../../cards/fieldPaths";
import { PropList, SectionActions, SectionFrame } from "../../cards/SectionFrame";
import { TagsEditor } from "../../cards/TagsEditor";
import { CompanyChannelsEditor } from "./CompanyChannelsEditor";
import { draftOf, patchOf, sentRows, type CompanyFields, type Draft, type Row } from "./companyDraft";

/**
 * The company's fields, edited in place (one form, `PATCH` with If-Match): inline errors under
 * each field as the API names them; a 412 asks to reload (`onConflict`).
 */
export function CompanyDetails({
  company,
  etag,
  definitions,
  tags,
  users,
  onSaved,
  onConflict,
  phoneAction,
}: {
  company: CompanyFields;
  etag: string;
  definitions: CustomFieldDefinition[];
  tags: Tag[];
  users: readonly Colleague[];
  onSaved: (company: CompanyFields, etag: string) => void;
  onConflict: () => void;
  /** Beside each phone in view mode (the call button). */
  phoneAction?: (phone: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(company, definitions));
  const [sent, setSent] = useState<{ phones: Row[]; emails: Row[] }>({ phones: [], emails: [] });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const nameOf = namer(users);

  const start = () => {
    setDraft(draftOf(company, definitions));
    setErrors({});
    setFailure(undefined);
    setEditing(true);
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K], clears: string = key) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => withoutErrorsOf(current, clears));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const patch = patchOf(company, draft, definitions);
    if (Object.keys(patch).length === 0) return setEditing(false);
    setSent({ phones: sentRows(draft.phones, draft.mainPhone), emails: sentRows(draft.emails, draft.mainEmail) });
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    try {
      const saved = await api.updateCompany(company.companyId, etag, patch);
      onSaved(saved.company, saved.etag ?? `"${saved.company.version}"`);
      setEditing(false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) onConflict();
      setErrors(fieldErrorsOf(error));
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  if (!editing) {
    // Filled-in fields only; the empty ones are named on the one Add button, which opens the editor.
    const rows: { key: string; label: string; value: ReactNode | null }[] = [
      { key: "name", label: t("companies:field.name"), value: company.name },
      { key: "shortName", label: t("companies:field.shortName"), value: company.shortName || null },
      {
        key: "phones",
        label: t("companies:field.phones"),
        value: company.phones.length ? (
          <ul className="plain">
            {company.phones.map((phone) => (
              <li key={phone.number} className="channel">
                <a href={`tel:${phone.number}`}>{formatPhone(phone.number)}</a> <span className="muted">{t("companies:field.phoneType", { type: t(`cards:phoneType.${phone.type}`) })}</span>
                {phoneAction?.(phone.number)}
              </li>
            ))}
          </ul>
        ) : null,
      },
      { key: "emails", label: t("companies:field.emails"), value: company.emails.length ? formatList(company.emails) : null },
      {
        key: "website",
        label: t("companies:field.website"),
        value: company.website ? (
          <a href={company.website} target="_blank" rel="noreferrer noopener">
            {company.website}
          </a>
        ) : null,
      },
      { key: "address", label: t("companies:field.address"), value: company.address || null },
      { key: "tags", label: t("companies:field.tags"), value: company.tags.length ? formatList(company.tags) : null },
      ...definitions.map((definition) => ({ key: `custom.${definition.key}`, label: definition.label, value: showCustom(definition, company.custom[definition.key]) })),
      { key: "managerIds", label: t("companies:field.managers"), value: company.managerIds.length ? formatList(company.managerIds.map(nameOf)) : null },
    ];
    const empty = rows.filter((row) => row.value === null);
    return (
      <SectionFrame id="company" title={t("companies:field.section")} editing={false} onEdit={start}>
        <PropList testIdPrefix="company" rows={rows} />
        {empty.length ? (
          <button type="button" className="button button-ghost section-add" data-testid="company-add" onClick={start}>
            {t("companies:field.addEmpty", { fields: formatList(empty.map((row) => row.label.toLowerCase())) })}
          </button>
        ) : null}
      </SectionFrame>
    );
  }

  const textField = (key: "name" | "shortName" | "website" | "address", label: string, hint?: string) => {
    const messages = messagesFor(errors, key);
    const id = `company-edit-${key}`;
    const common = { id, value: draft[key], "aria-invalid": Boolean(messages), "aria-describedby": messages ? `${id}-error` : undefined };
    return (
      <div className={`field${messages ? " invalid" : ""}`}>
        <label htmlFor={id}>{label}</label>
        {key === "address" ? (
          <textarea {...common} rows={2} onChange={(event) => set(key, event.target.value)} />
        ) : (
          <input {...common} type="text" onChange={(event) => set(key, event.target.value)} />
        )}
        {hint ? <p className="hint">{hint}</p> : null}
        <FieldMessages id={`${id}-error`} testId={`error-${key}`} messages={messages} />
      </div>
    );
  };

  const placed = (path: string) =>
    ["name", "shortName", "website", "address", "phones", "emails", "tags", "managerIds"].some((key) => owns(key, path)) ||
    definitions.some((definition) => owns(`custom.${definition.key}`, path));

  return (
    <SectionFrame id="company" title={t("companies:field.section")} editing>
      <form className="section-form" onSubmit={(event) => void submit(event)} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={placed} entity="company" />
        <div className="grid-2">
          {textField("name", t("companies:field.name"))}
          {textField("shortName", t("companies:field.shortName"), t("companies:field.shortNameHint"))}
          {textField("website", t("companies:field.website"), t("companies:field.websiteHint"))}
          {textField("address", t("companies:field.address"))}
        </div>
        {(["phones", "emails"] as const).map((kind) => (
          <CompanyChannelsEditor
            key={kind}
            kind={kind}
            rows={draft[kind]}
            main={kind === "phones" ? draft.mainPhone : draft.mainEmail}
            sent={sent[kind]}
            errors={errors}
            onRows={(next) => set(kind, next)}
            onMain={(key) => set(kind === "phones" ? "mainPhone" : "mainEmail", key)}
          />
        ))}
        <fieldset className="form-section">
          <legend>{t("companies:field.tags")}</legend>
          <TagsEditor
            tags={draft.tags}
            onTags={(next) => set("tags", next)}
            pending={draft.pendingTag}
            onPending={(text) => set("pendingTag", text, "tags")}
            known={tags.map((tag) => tag.tag)}
            messages={messagesFor(errors, "tags")}
            inputId="company-tag-input"
          />
        </fieldset>
        {definitions.length ? (
          <fieldset className="form-section">
            <legend>{t("companies:field.custom")}</legend>
            {definitions.map((definition) => (
              <CustomFieldControl
                key={definition.key}
                definition={definition}
                value={draft.custom[definition.key] ?? ""}
                onChange={(value) => set("custom", { ...draft.custom, [definition.key]: value }, `custom.${definition.key}`)}
                messages={messagesFor(errors, `custom.${definition.key}`)}
              />
            ))}
          </fieldset>
        ) : null}
        <UserChecklist
          legend={t("companies:field.managers")}
          users={users}
          chosen={draft.managerIds}
          onChange={(ids) => set("managerIds", ids)}
          messages={messagesFor(errors, "managerIds")}
          testId="managerIds"
        />
        <SectionActions id="company" saving={saving} onCancel={() => setEditing(false)} />
      </form>
    </SectionFrame>
  );
}
