import { useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../../api/client";
import {
  PHONE_TYPES,
  type Contact,
  type CustomFieldDefinition,
  type CustomValue,
  type PhoneType,
  type UpdateContactInput,
} from "../../api/types";
import { ErrorMessage } from "../../components";
import { capitalize, formatDate } from "../../format";
import { FieldMessages, fieldErrorsOf, type FieldErrors } from "../../form";

/** The in-place editors of the contact card. Each sends only what changed, with If-Match. */

export type Save = (patch: UpdateContactInput) => Promise<void>;

export interface SectionProps {
  contact: Contact;
  editing: boolean;
  onEdit: () => void;
  onClose: () => void;
  save: Save;
}

type ContactType = NonNullable<Contact["contactType"]>;
type ContactMethod = Contact["preferredContactMethod"];
const CONTACT_TYPES = ["client", "lead", "partner", "supplier", "competitor", "other"] as const satisfies readonly ContactType[];
const CONTACT_METHODS = ["any", "workPhone", "mobilePhone", "email", "telegram", "whatsapp", "viber"] as const satisfies readonly ContactMethod[];
const METHOD_LABELS: Record<ContactMethod, string> = {
  any: "Any",
  workPhone: "Work phone",
  mobilePhone: "Mobile phone",
  email: "Email",
  telegram: "Telegram",
  whatsapp: "WhatsApp",
  viber: "Viber",
};

const none = <span className="muted">—</span>;

/** Whether an error path belongs to a field key (`socialLinks` owns `socialLinks[2]`). */
export const owns = (key: string, path: string) => path === key || path.startsWith(`${key}[`) || path.startsWith(`${key}.`);

export function messagesFor(errors: FieldErrors, key: string): string[] | undefined {
  const messages = Object.entries(errors)
    .filter(([path]) => owns(key, path))
    .flatMap(([, list]) => list);
  return messages.length ? messages : undefined;
}

/** Runs a save; field errors stay on the form, anything else is shown above it. */
function useSaving(save: Save, onClose: () => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const run = async (patch: UpdateContactInput | undefined) => {
    if (saving) return;
    if (!patch || Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    setSaving(true);
    setErrors({});
    setFailure(undefined);
    try {
      await save(patch);
      onClose();
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error);
      setErrors(fieldErrors);
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  return { errors, failure, saving, run, setErrors };
}

function SectionFrame({
  id,
  title,
  editing,
  onEdit,
  children,
  className,
}: {
  id: string;
  title: string;
  editing: boolean;
  onEdit?: () => void;
  children: ReactNode;
  className?: string;
}) {
  return (
    // An open editor takes the whole row: phone rows and long texts need the width.
    <section
      className={`card${editing ? " wide" : ""}${className ? ` ${className}` : ""}`}
      aria-labelledby={`section-${id}`}
      data-testid={`section-${id}`}
    >
      <div className="section-head">
        <h2 id={`section-${id}`}>{title}</h2>
        {onEdit && !editing ? (
          <button type="button" className="button button-ghost" data-testid={`edit-${id}`} onClick={onEdit} aria-label={`Edit ${title.toLowerCase()}`}>
            Edit
          </button>
        ) : null}
      </div>
      {children}
    </section>
  );
}

export function FormFailure({
  failure,
  errors,
  placed,
  entity = "contact",
}: {
  failure: unknown;
  errors: FieldErrors;
  placed: (path: string) => boolean;
  entity?: "contact" | "company";
}) {
  if (failure === undefined) return null;
  const stray = Object.entries(errors).filter(([path]) => !placed(path));
  // Field errors next to their inputs say it all; a summary only for the rest.
  if (failure instanceof ApiError && Object.keys(errors).length > 0 && stray.length === 0) return null;
  const conflict = failure instanceof ApiError && failure.status === 412;
  return (
    <ErrorMessage error={failure}>
      {conflict ? <p>Someone changed this {entity} meanwhile: reload the page to see their changes, then edit again.</p> : null}
      {stray.length ? (
        <ul data-testid="form-errors">
          {stray.flatMap(([path, messages]) => messages.map((message) => <li key={path + message}>{path === "body" ? message : `${path}: ${message}`}</li>))}
        </ul>
      ) : null}
    </ErrorMessage>
  );
}

export function SectionActions({ id, saving, onCancel }: { id: string; saving: boolean; onCancel: () => void }) {
  return (
    <div className="section-actions">
      <button type="submit" className="button button-primary" disabled={saving} data-testid={`save-${id}`}>
        {saving ? "Saving…" : "Save"}
      </button>
      <button type="button" className="button button-ghost" onClick={onCancel} disabled={saving}>
        Cancel
      </button>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Plain fields (text, dates, choices, flags)

type Draft = Record<string, string | boolean>;

interface FieldSpec {
  /** Draft key and error path (`firstName`, `messengers.telegram`, `socialLinks`). */
  key: string;
  label: string;
  kind: "text" | "textarea" | "date" | "select" | "checkbox";
  options?: readonly { value: string; label: string }[];
  read: (contact: Contact) => string | boolean;
  show: (contact: Contact) => ReactNode;
  hint?: string;
}

const text = (key: keyof Contact & string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  kind: "text",
  read: (contact) => String(contact[key] ?? ""),
  show: (contact) => (contact[key] ? String(contact[key]) : none),
  ...extra,
});
const flag = (key: "active" | "doNotCall" | "doNotEmail", label: string): FieldSpec => ({
  key,
  label,
  kind: "checkbox",
  read: (contact) => contact[key],
  show: (contact) => (contact[key] ? "Yes" : "No"),
});
const messenger = (name: "telegram" | "whatsapp" | "viber", label: string, hint: string): FieldSpec => ({
  key: `messengers.${name}`,
  label,
  kind: "text",
  hint,
  read: (contact) => contact.messengers?.[name] ?? "",
  show: (contact) => contact.messengers?.[name] ?? none,
});

const nameFields: FieldSpec[] = [
  text("firstName", "First name"),
  text("middleName", "Middle name"),
  text("lastName", "Last name"),
  {
    key: "displayName",
    label: "Display name",
    kind: "text",
    hint: "Leave empty to derive it from the name, phone or email.",
    read: (contact) => (contact.nameSource === "manual" ? contact.displayName : ""),
    show: (contact) => (
      <>
        {contact.displayName} <span className="muted">({contact.nameSource === "manual" ? "typed" : contact.nameSource === "source" ? "from the source" : "derived"})</span>
      </>
    ),
  },
];

const detailFields: FieldSpec[] = [
  text("position", "Position"),
  {
    key: "birthday",
    label: "Birthday",
    kind: "date",
    read: (contact) => contact.birthday ?? "",
    show: (contact) => (contact.birthday ? formatDate(`${contact.birthday}T00:00:00`) : none),
  },
  {
    key: "contactType",
    label: "Type",
    kind: "select",
    options: CONTACT_TYPES.map((value) => ({ value, label: capitalize(value) })),
    read: (contact) => contact.contactType ?? "",
    show: (contact) => (contact.contactType ? capitalize(contact.contactType) : none),
  },
  text("currency", "Currency", { hint: "ISO code, e.g. RUB" }),
  text("timeZone", "Time zone", { hint: "e.g. Europe/Moscow" }),
  {
    key: "preferredContactMethod",
    label: "Preferred contact",
    kind: "select",
    options: CONTACT_METHODS.map((value) => ({ value, label: METHOD_LABELS[value] })),
    read: (contact) => contact.preferredContactMethod,
    show: (contact) => METHOD_LABELS[contact.preferredContactMethod],
  },
  text("address", "Address", { kind: "textarea" }),
  text("website", "Website", {
    show: (contact) =>
      contact.website ? (
        <a href={contact.website} target="_blank" rel="noreferrer noopener">
          {contact.website}
        </a>
      ) : (
        none
      ),
  }),
  text("comment", "Comment", { kind: "textarea" }),
  flag("active", "Active"),
  flag("doNotCall", "Do not call"),
  flag("doNotEmail", "Do not email"),
];

const onlineFields: FieldSpec[] = [
  messenger("telegram", "Telegram", "Username, e.g. anna_petrova"),
  messenger("whatsapp", "WhatsApp", "Phone number"),
  messenger("viber", "Viber", "Phone number"),
  {
    key: "socialLinks",
    label: "Social links",
    kind: "textarea",
    hint: "One web address per line.",
    read: (contact) => (contact.socialLinks ?? []).join("\n"),
    show: (contact) =>
      contact.socialLinks?.length ? (
        <ul className="plain">
          {contact.socialLinks.map((link) => (
            <li key={link}>
              <a href={link} target="_blank" rel="noreferrer noopener">
                {link}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        none
      ),
  },
];

/** The changed fields of a draft as a PATCH body: empty text clears (`null`). */
function patchOf(specs: FieldSpec[], contact: Contact, draft: Draft): UpdateContactInput {
  const patch: Record<string, unknown> = {};
  const changed = (spec: FieldSpec) => draft[spec.key] !== spec.read(contact);
  const textOf = (spec: FieldSpec) => String(draft[spec.key] ?? "").trim();
  const messengerSpecs = specs.filter((spec) => spec.key.startsWith("messengers."));
  for (const spec of specs) {
    if (!changed(spec) || spec.key.startsWith("messengers.")) continue;
    if (spec.kind === "checkbox") patch[spec.key] = Boolean(draft[spec.key]);
    else if (spec.key === "socialLinks") {
      const links = textOf(spec)
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
      patch.socialLinks = links.length ? links : null;
    } else patch[spec.key] = textOf(spec) === "" ? null : textOf(spec);
  }
  // The messengers map is replaced whole: send all three when any changed.
  if (messengerSpecs.some(changed)) {
    patch.messengers = Object.fromEntries(
      messengerSpecs.map((spec) => [spec.key.slice("messengers.".length), textOf(spec) === "" ? null : textOf(spec)]),
    );
  }
  return patch as UpdateContactInput;
}

function FieldsSection({ id, title, specs, contact, editing, onEdit, onClose, save }: SectionProps & { id: string; title: string; specs: FieldSpec[] }) {
  const initial = () => Object.fromEntries(specs.map((spec) => [spec.key, spec.read(contact)])) as Draft;
  const [draft, setDraft] = useState<Draft>(initial);
  const { errors, failure, saving, run, setErrors } = useSaving(save, onClose);

  const start = () => {
    setDraft(initial());
    setErrors({});
    onEdit();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(patchOf(specs, contact, draft));
  };

  if (!editing) {
    return (
      <SectionFrame id={id} title={title} editing={false} onEdit={start}>
        <dl className="props">
          {specs.map((spec) => (
            <div key={spec.key} className="prop">
              <dt>{spec.label}</dt>
              <dd data-testid={`contact-${spec.key}`}>{spec.show(contact)}</dd>
            </div>
          ))}
        </dl>
      </SectionFrame>
    );
  }

  return (
    <SectionFrame id={id} title={title} editing>
      <form className="section-form" onSubmit={submit} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={(path) => specs.some((spec) => owns(spec.key, path))} />
        {specs.map((spec) => {
          const messages = messagesFor(errors, spec.key);
          const inputId = `${id}-${spec.key.replace(".", "-")}`;
          const common = {
            id: inputId,
            "aria-invalid": Boolean(messages),
            "aria-describedby": messages ? `${inputId}-error` : undefined,
          };
          const set = (value: string | boolean) => {
            setDraft((current) => ({ ...current, [spec.key]: value }));
            setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !owns(spec.key, path))));
          };
          const value = draft[spec.key];
          return (
            <div key={spec.key} className={`field${messages ? " invalid" : ""}${spec.kind === "checkbox" ? " check-row" : ""}`}>
              {spec.kind === "checkbox" ? (
                <>
                  <input {...common} type="checkbox" checked={Boolean(value)} onChange={(event) => set(event.target.checked)} />
                  <label htmlFor={inputId}>{spec.label}</label>
                </>
              ) : (
                <>
                  <label htmlFor={inputId}>{spec.label}</label>
                  {spec.kind === "textarea" ? (
                    <textarea {...common} rows={3} value={String(value)} onChange={(event) => set(event.target.value)} />
                  ) : spec.kind === "select" ? (
                    <select {...common} value={String(value)} onChange={(event) => set(event.target.value)}>
                      {spec.key === "contactType" ? <option value="">—</option> : null}
                      {spec.options?.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input {...common} type={spec.kind === "date" ? "date" : "text"} value={String(value)} onChange={(event) => set(event.target.value)} />
                  )}
                </>
              )}
              {spec.hint ? <p className="hint">{spec.hint}</p> : null}
              <FieldMessages id={`${inputId}-error`} testId={`error-${spec.key}`} messages={messages} />
            </div>
          );
        })}
        <SectionActions id={id} saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
}

export const NameSection = (props: SectionProps) => <FieldsSection {...props} id="name" title="Name" specs={nameFields} />;
export const DetailsSection = (props: SectionProps) => <FieldsSection {...props} id="details" title="Details" specs={detailFields} />;
export const OnlineSection = (props: SectionProps) => <FieldsSection {...props} id="online" title="Messengers and links" specs={onlineFields} />;

// ---------------------------------------------------------------------------------------------
// Phones and emails, with the primary one

interface ListRow {
  key: number;
  value: string;
  type: PhoneType;
}
let nextRowKey = 1;

function ChannelsSection({ kind, contact, editing, onEdit, onClose, save }: SectionProps & { kind: "phones" | "emails" }) {
  const isPhone = kind === "phones";
  const title = isPhone ? "Phones" : "Emails";
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
  const { errors, failure, saving, run, setErrors } = useSaving(save, onClose);

  const start = () => {
    const initial = rowsOf();
    setRows(initial.length ? initial : [{ key: nextRowKey++, value: "", type: "mobile" }]);
    setPrimary(primaryOf(initial));
    setErrors({});
    onEdit();
  };

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
      ? contact.phones.map((phone) => ({ label: `${capitalize(phone.type)}${phone.primary ? " · primary" : ""}`, value: <a href={`tel:${phone.number}`}>{phone.number}</a> }))
      : contact.emails.map((email, index) => ({ label: email.primary ? "Primary" : `Email ${index + 1}`, value: <a href={`mailto:${email.address}`}>{email.address}</a> }));
    return (
      <SectionFrame id={kind} title={title} editing={false} onEdit={start}>
        <dl className="props">
          {items.length ? (
            items.map((item, index) => (
              <div key={index} className="prop">
                <dt>{item.label}</dt>
                <dd data-testid={`contact-${isPhone ? "phone" : "email"}-${index}`}>{item.value}</dd>
              </div>
            ))
          ) : (
            <div className="prop">
              <dt>{isPhone ? "Phone" : "Email"}</dt>
              <dd>{none}</dd>
            </div>
          )}
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
          const n = position + 1;
          const messages = rowMessages(row);
          const index = sent.findIndex((item) => item.key === row.key);
          const inputId = `${kind}-${row.key}`;
          const update = (patch: Partial<ListRow>) => {
            setRows((current) => current.map((item) => (item.key === row.key ? { ...item, ...patch } : item)));
            setErrors({});
          };
          return (
            <div key={row.key} className="row">
              <div className={`field grow${messages ? " invalid" : ""}`}>
                <label htmlFor={inputId}>{isPhone ? `Phone ${n}` : `Email ${n}`}</label>
                <input
                  id={inputId}
                  type={isPhone ? "tel" : "email"}
                  value={row.value}
                  aria-invalid={Boolean(messages)}
                  aria-describedby={messages ? `${inputId}-error` : undefined}
                  onChange={(event) => update({ value: event.target.value })}
                />
                <FieldMessages
                  id={`${inputId}-error`}
                  testId={isPhone ? `error-phones[${index}].number` : `error-emails[${index}]`}
                  messages={messages}
                />
              </div>
              {isPhone ? (
                <div className="field">
                  <label htmlFor={`${inputId}-type`}>{`Phone ${n} type`}</label>
                  <select id={`${inputId}-type`} value={row.type} onChange={(event) => update({ type: event.target.value as PhoneType })}>
                    {PHONE_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {capitalize(type)}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              <label className="check-row row-remove">
                <input type="radio" name={`${kind}-primary`} checked={primary === row.key} onChange={() => setPrimary(row.key)} />
                <span>Primary</span>
              </label>
              <button
                type="button"
                className="button button-ghost row-remove"
                aria-label={`Remove ${isPhone ? "phone" : "email"} ${n}`}
                onClick={() => setRows((current) => current.filter((item) => item.key !== row.key))}
              >
                Remove
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="button button-ghost"
          onClick={() => setRows((current) => [...current, { key: nextRowKey++, value: "", type: "mobile" }])}
        >
          {isPhone ? "+ Add phone" : "+ Add email"}
        </button>
        <SectionActions id={kind} saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
}

export const PhonesSection = (props: SectionProps) => <ChannelsSection {...props} kind="phones" />;
export const EmailsSection = (props: SectionProps) => <ChannelsSection {...props} kind="emails" />;

// ---------------------------------------------------------------------------------------------
// Tags

/** Tag chips plus a box to add one (Enter or Add); `pending` is what is still typed in the box. */
export function TagsEditor({
  tags,
  onTags,
  pending,
  onPending,
  known,
  messages,
  inputId = "tag-input",
}: {
  tags: string[];
  onTags: (tags: string[]) => void;
  pending: string;
  onPending: (text: string) => void;
  known: string[];
  messages?: string[];
  inputId?: string;
}) {
  const add = () => {
    onTags(withTag(tags, pending));
    onPending("");
  };
  return (
    <>
      <div className="tags">
        {tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
            <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onTags(tags.filter((item) => item !== tag))}>
              ×
            </button>
          </span>
        ))}
      </div>
      <div className={`row${messages ? " invalid" : ""}`}>
        <div className={`field grow${messages ? " invalid" : ""}`}>
          <label htmlFor={inputId}>Add a tag</label>
          <input
            id={inputId}
            list={`${inputId}-known`}
            value={pending}
            aria-invalid={Boolean(messages)}
            aria-describedby={messages ? `${inputId}-error` : undefined}
            onChange={(event) => onPending(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                add();
              }
            }}
          />
          <datalist id={`${inputId}-known`}>
            {known.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
          <FieldMessages id={`${inputId}-error`} testId="error-tags" messages={messages} />
        </div>
        <button type="button" className="button row-remove" onClick={add}>
          Add
        </button>
      </div>
    </>
  );
}

/** The list with a typed tag added (trimmed, spaces collapsed), unless empty or already there (any case). */
export function withTag(tags: string[], typed: string): string[] {
  const tag = typed.trim().replace(/\s+/g, " ");
  return tag && !tags.some((existing) => existing.toLowerCase() === tag.toLowerCase()) ? [...tags, tag] : tags;
}

export function TagsSection({ contact, editing, onEdit, onClose, save, known }: SectionProps & { known: string[] }) {
  const [tags, setTags] = useState<string[]>([]);
  const [input, setInput] = useState("");
  const { errors, failure, saving, run, setErrors } = useSaving(save, onClose);

  const start = () => {
    setTags(contact.tags ?? []);
    setInput("");
    setErrors({});
    onEdit();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A tag still in the box counts: people press Save without pressing Add.
    const all = withTag(tags, input);
    const before = contact.tags ?? [];
    if (JSON.stringify(all) === JSON.stringify(before)) return onClose();
    void run({ tags: all.length ? all : null });
  };

  if (!editing) {
    return (
      <SectionFrame id="tags" title="Tags" editing={false} onEdit={start}>
        <div className="tags" data-testid="contact-tags">
          {contact.tags?.length ? contact.tags.map((tag) => <span key={tag} className="tag">{tag}</span>) : none}
        </div>
      </SectionFrame>
    );
  }
  return (
    <SectionFrame id="tags" title="Tags" editing>
      <form className="section-form" onSubmit={submit} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={(path) => owns("tags", path)} />
        <TagsEditor tags={tags} onTags={setTags} pending={input} onPending={setInput} known={known} messages={messagesFor(errors, "tags")} />
        <SectionActions id="tags" saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// Custom fields, as the admin defined them

type CustomDraft = Record<string, string | string[]>;

export function customText(value: CustomValue | undefined): string | string[] {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value;
  return String(value);
}

export function showCustom(definition: CustomFieldDefinition, value: CustomValue | undefined): ReactNode {
  if (value === undefined || value === "") return none;
  if (Array.isArray(value)) return value.join(", ");
  if (definition.type === "boolean") return value ? "Yes" : "No";
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

export function CustomFieldsSection({
  contact,
  editing,
  onEdit,
  onClose,
  save,
  definitions,
}: SectionProps & { definitions: CustomFieldDefinition[] }) {
  const current = contact.custom ?? {};
  const initial = () => Object.fromEntries(definitions.map((definition) => [definition.key, customText(current[definition.key])])) as CustomDraft;
  const [draft, setDraft] = useState<CustomDraft>(initial);
  const { errors, failure, saving, run, setErrors } = useSaving(save, onClose);

  const start = () => {
    setDraft(initial());
    setErrors({});
    onEdit();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const custom: Record<string, CustomValue | null> = {};
    for (const definition of definitions) {
      const before = customText(current[definition.key]);
      const after = draft[definition.key] ?? "";
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      custom[definition.key] = customValueOf(definition, after);
    }
    void run(Object.keys(custom).length ? { custom } : undefined);
  };

  if (definitions.length === 0) {
    return (
      <SectionFrame id="custom" title="Custom fields" editing={false}>
        <p className="muted">No custom fields are defined for contacts.</p>
      </SectionFrame>
    );
  }
  if (!editing) {
    return (
      <SectionFrame id="custom" title="Custom fields" editing={false} onEdit={start}>
        <dl className="props">
          {definitions.map((definition) => (
            <div key={definition.key} className="prop">
              <dt>{definition.label}</dt>
              <dd data-testid={`contact-custom.${definition.key}`}>{showCustom(definition, current[definition.key])}</dd>
            </div>
          ))}
        </dl>
      </SectionFrame>
    );
  }

  return (
    <SectionFrame id="custom" title="Custom fields" editing>
      <form className="section-form" onSubmit={submit} noValidate aria-busy={saving}>
        <FormFailure failure={failure} errors={errors} placed={(path) => definitions.some((definition) => owns(`custom.${definition.key}`, path))} />
        {definitions.map((definition) => {
          const key = `custom.${definition.key}`;
          const messages = messagesFor(errors, key);
          const value = draft[definition.key] ?? "";
          const set = (next: string | string[]) => {
            setDraft((old) => ({ ...old, [definition.key]: next }));
            setErrors((old) => Object.fromEntries(Object.entries(old).filter(([path]) => !owns(key, path))));
          };
          return <CustomFieldControl key={definition.key} definition={definition} value={value} onChange={set} messages={messages} />;
        })}
        <SectionActions id="custom" saving={saving} onCancel={onClose} />
      </form>
    </SectionFrame>
  );
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
  const key = `custom.${definition.key}`;
  const inputId = `custom-${definition.key}`;
  const common = { id: inputId, "aria-invalid": Boolean(messages), "aria-describedby": messages ? `${inputId}-error` : undefined };
  const label = `${definition.label}${definition.required ? " *" : ""}`;
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
                  <option value="true">Yes</option>
                  <option value="false">No</option>
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

export { SectionFrame };
