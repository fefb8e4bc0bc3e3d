import { useState, type FormEvent, type ReactNode } from "react";
import { api, ApiError } from "../../api/client";
import { PHONE_TYPES, type Company, type CustomFieldDefinition, type CustomValue, type PhoneType, type Tag, type UpdateCompanyInput, type Colleague } from "../../api/types";
import { capitalize } from "../../format";
import { FieldMessages, fieldErrorsOf, type FieldErrors } from "../../form";
import { namer, UserChecklist } from "../../people";
import {
  CustomFieldControl,
  customText,
  customValueOf,
  FormFailure,
  messagesFor,
  owns,
  SectionActions,
  SectionFrame,
  showCustom,
  TagsEditor,
  withTag,
} from "../contact/sections";

/** The company's own fields as the page shows and edits them (the GET answer without its timeline). */
export type CompanyFields = Omit<Company, "timeline">;

interface Row {
  key: number;
  value: string;
  type: PhoneType;
}
let nextKey = 1;

interface Draft {
  name: string;
  shortName: string;
  website: string;
  address: string;
  phones: Row[];
  mainPhone: number;
  emails: Row[];
  mainEmail: number;
  tags: string[];
  pendingTag: string;
  custom: Record<string, string | string[]>;
  managerIds: string[];
}

function draftOf(company: CompanyFields, definitions: CustomFieldDefinition[]): Draft {
  const phones = company.phones.map((phone) => ({ key: nextKey++, value: phone.number, type: phone.type }));
  const emails = company.emails.map((email) => ({ key: nextKey++, value: email, type: "other" as PhoneType }));
  return {
    name: company.name,
    shortName: company.shortName ?? "",
    website: company.website ?? "",
    address: company.address ?? "",
    phones,
    mainPhone: phones[0]?.key ?? 0,
    emails,
    mainEmail: emails[0]?.key ?? 0,
    tags: company.tags,
    pendingTag: "",
    custom: Object.fromEntries(definitions.map((definition) => [definition.key, customText(company.custom[definition.key])])),
    managerIds: company.managerIds,
  };
}

/** Filled rows, the chosen main one first (the company's first phone/email is its main one). */
function sentRows(rows: Row[], main: number): Row[] {
  const filled = rows.filter((row) => row.value.trim() !== "");
  const first = filled.find((row) => row.key === main);
  return first ? [first, ...filled.filter((row) => row !== first)] : filled;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only what changed, as `PATCH /v1/companies/{id}` takes it: empty optional text clears (`null`). */
function patchOf(company: CompanyFields, draft: Draft, definitions: CustomFieldDefinition[]): UpdateCompanyInput {
  const patch: UpdateCompanyInput = {};
  const text = (value: string) => value.trim();
  if (text(draft.name) !== company.name) patch.name = text(draft.name);
  const optional = (key: "shortName" | "website" | "address") => {
    const value = text(draft[key]);
    if (value !== (company[key] ?? "")) patch[key] = value === "" ? null : value;
  };
  optional("shortName");
  optional("website");
  optional("address");
  const phones = sentRows(draft.phones, draft.mainPhone).map((row) => ({ number: text(row.value), type: row.type }));
  if (!same(phones, company.phones)) patch.phones = phones;
  const emails = sentRows(draft.emails, draft.mainEmail).map((row) => text(row.value));
  if (!same(emails, company.emails)) patch.emails = emails;
  const tags = withTag(draft.tags, draft.pendingTag);
  if (!same(tags, company.tags)) patch.tags = tags;
  const custom: Record<string, CustomValue | null> = {};
  for (const definition of definitions) {
    const after = draft.custom[definition.key] ?? "";
    if (!same(customText(company.custom[definition.key]), after)) custom[definition.key] = customValueOf(definition, after);
  }
  if (Object.keys(custom).length) patch.custom = custom;
  if (!same(draft.managerIds, company.managerIds)) patch.managerIds = draft.managerIds;
  return patch;
}

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
}: {
  company: CompanyFields;
  etag: string;
  definitions: CustomFieldDefinition[];
  tags: Tag[];
  users: readonly Colleague[];
  onSaved: (company: CompanyFields, etag: string) => void;
  onConflict: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(company, definitions));
  const [sent, setSent] = useState<{ phones: Row[]; emails: Row[] }>({ phones: [], emails: [] });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const nameOf = namer(users);
  const none = <span className="muted">—</span>;

  const start = () => {
    setDraft(draftOf(company, definitions));
    setErrors({});
    setFailure(undefined);
    setEditing(true);
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K], clears: string = key) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !owns(clears, path))));
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
    const rows: [string, string, ReactNode][] = [
      ["name", "Name", company.name],
      ["shortName", "Short name", company.shortName ?? none],
      ["phones", "Phones", company.phones.map((phone) => `${phone.number} (${phone.type})`).join(", ") || none],
      ["emails", "Emails", company.emails.join(", ") || none],
      ["website", "Website", company.website ? <a href={company.website} target="_blank" rel="noreferrer noopener">{company.website}</a> : none],
      ["address", "Address", company.address ?? none],
      ["tags", "Tags", company.tags.join(", ") || none],
      ...definitions.map((definition): [string, string, ReactNode] => [`custom.${definition.key}`, definition.label, showCustom(definition, company.custom[definition.key])]),
      ["managerIds", "Responsible managers", company.managerIds.map(nameOf).join(", ")],
    ];
    return (
      <SectionFrame id="company" title="Company" editing={false} onEdit={start}>
        <dl className="props">
          {rows.map(([key, label, value]) => (
            <div key={key} className="prop">
              <dt>{label}</dt>
              <dd data-testid={`company-${key}`}>{value}</dd>
            </div>
          ))}
        </dl>
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

  const channelRows = (kind: "phones" | "emails") => {
    const isPhone = kind === "phones";
    const rows = draft[kind];
    const mainKey = isPhone ? "mainPhone" : "mainEmail";
    const setRows = (next: Row[]) => set(kind, next);
    // The API names rows by their index among those sent: map back to the rows on screen.
    const rowMessages = (row: Row) => {
      const index = sent[kind].findIndex((item) => item.key === row.key);
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
                <input type="radio" name={`company-${kind}-main`} checked={draft[mainKey] === row.key} onChange={() => set(mainKey, row.key)} />
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
        <button type="button" className="button button-ghost" onClick={() => setRows([...rows, { key: nextKey++, value: "", type: "work" }])}>
          {isPhone ? "+ Add phone" : "+ Add email"}
        </button>
      </fieldset>
    );
  };

  const placed = (path: string) =>
    ["name", "shortName", "website", "address", "phones", "emails", "tags", "managerIds"].some((key) => owns(key, path)) ||
    definitions.some((definition) => owns(`custom.${definition.key}`, path));

  return (
    <SectionFrame id="company" title="Company" editing>
      <form className="section-form" onSubmit={(event) => void submit(event)} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={placed} entity="company" />
        <div className="grid-2">
          {textField("name", "Name")}
          {textField("shortName", "Short name", "Used in contacts' names when only a first name is known.")}
          {textField("website", "Website", "e.g. https://example.com")}
          {textField("address", "Address")}
        </div>
        {channelRows("phones")}
        {channelRows("emails")}
        <fieldset className="form-section">
          <legend>Tags</legend>
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
            <legend>Custom fields</legend>
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
          legend="Responsible managers"
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
