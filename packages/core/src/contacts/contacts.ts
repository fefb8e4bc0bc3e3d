import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser, withActor, type Actor } from "../actor";
import { ForbiddenError, GoneError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed, TransactionConflictError } from "../storage/transaction";
import { newActivity, diff, type Activity } from "../timeline/activity";
import { roleHas, type Right } from "../users/roles";
import { fn, parse } from "../validation";
import { canSeeContact } from "./access";
import { resolveCompany, type CompanySummary } from "./company";
import type { contactMethods, contactTypes, phoneTypes, sourceKinds } from "./contact.entity";
import { validateCustomValues, type CustomValue } from "./custom";
import { UlidField } from "./fields";
import { CreateContactInput, CreateFromSourceInput, identifyMessage, UpdateContactInput } from "./input";
import { resolveName, sourceName, type NameSource } from "./naming";

export { CreateContactInput, UpdateContactInput, CreateFromSourceInput } from "./input";
export { validateCustomValues } from "./custom";
export { useCompanyResolver, type CompanySummary } from "./company";

export const TRASH_RETENTION_DAYS = 30;
export const pageSizes = [10, 20, 50] as const;
/** Activities on the card's first page (the card Query reads one more item: the contact row). */
export const CARD_TIMELINE_PAGE = 20;

export const ListContactsInput = v.strictObject({
  limit: v.optional(v.picklist(pageSizes, "Page size must be 10, 20 or 50."), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});

export interface Phone {
  number: string;
  type: (typeof phoneTypes)[number];
  primary: boolean;
}
export interface Email {
  address: string;
  primary: boolean;
}

export interface Contact {
  contactId: string;
  displayName: string;
  nameSource: NameSource;
  firstName?: string;
  lastName?: string;
  middleName?: string;
  birthday?: string;
  position?: string;
  phones: Phone[];
  emails: Email[];
  messengers?: { telegram?: string; whatsapp?: string; viber?: string };
  address?: string;
  website?: string;
  socialLinks?: string[];
  comment?: string;
  tags?: string[];
  contactType?: (typeof contactTypes)[number];
  currency?: string;
  custom?: Record<string, CustomValue>;
  ownerIds: string[];
  /** The primary responsible manager (`ownerIds[0]`): drives the byOwner list. */
  ownerId: string;
  source: { kind: (typeof sourceKinds)[number]; label?: string; ref?: string };
  doNotCall: boolean;
  doNotEmail: boolean;
  preferredContactMethod: (typeof contactMethods)[number];
  active: boolean;
  timeZone?: string;
  companyId?: string;
  company?: CompanySummary;
  photo?: { contentType: string; size: number; updatedAt: string };
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

export interface TimelinePage {
  items: Activity[];
  cursor: string | null;
}

/** `GET /v1/contacts/{id}`: the contact and the first page of its timeline, from one Query. */
export type ContactCard = Contact & { timeline: TimelinePage };

type StoredContact = Contact & { expiresAt?: number };

/** The fields a change compares (one `updated` activity lists each that differs). */
const trackedFields = [
  "displayName", "firstName", "lastName", "middleName", "birthday", "position", "phones", "emails", "messengers",
  "address", "website", "socialLinks", "comment", "tags", "contactType", "currency", "custom", "ownerIds",
  "doNotCall", "doNotEmail", "preferredContactMethod", "active", "timeZone", "companyId", "company", "photo",
] as const satisfies readonly (keyof Contact)[];

/** Fields with a default instead of "absent": `null` in an update resets them. */
const defaults = { doNotCall: false, doNotEmail: false, preferredContactMethod: "any", active: true } as const;

export function requireRight(actor: Actor, right: Right): void {
  if (actor.type === "user" && !roleHas(actor.role, right)) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (${right}).`);
  }
}

function present(item: StoredContact): Contact {
  const { expiresAt: _expiresAt, ...contact } = item as StoredContact & { scope?: string };
  delete (contact as { scope?: string }).scope;
  return contact;
}

export const isExpired = (item: { expiresAt?: number }) => item.expiresAt !== undefined && item.expiresAt * 1000 <= Date.now();

// ---------------------------------------------------------------------------------------------
// Phones and emails: dedupe, primary.

type Marked<T> = T & { primary?: boolean };

/**
 * Exactly one item is primary: the one marked; else the previous primary if it is still there;
 * else the one that followed it (removing the primary promotes the next); else the first.
 */
function arrangePrimary<T extends object>(items: Marked<T>[], key: (item: T) => string, previous: { key: string; primary: boolean }[] = []): (T & { primary: boolean })[] {
  const unique: Marked<T>[] = [];
  for (const item of items) {
    const existing = unique.find((other) => key(other) === key(item));
    if (!existing) unique.push({ ...item });
    else if (item.primary) existing.primary = true;
  }
  let chosen = unique.findIndex((item) => item.primary);
  if (chosen < 0) {
    const wasPrimary = previous.findIndex((item) => item.primary);
    const inOldOrder = wasPrimary < 0 ? previous : [...previous.slice(wasPrimary), ...previous.slice(0, wasPrimary)];
    for (const old of inOldOrder) {
      chosen = unique.findIndex((item) => key(item) === old.key);
      if (chosen >= 0) break;
    }
    if (chosen < 0) chosen = 0;
  }
  return unique.map((item, index) => ({ ...item, primary: index === chosen }));
}

type PhoneInput = { number: string; type: Phone["type"]; primary?: boolean };
type EmailInput = string | { address: string; primary?: boolean };

const arrangePhones = (phones: PhoneInput[], previous: Phone[] = []): Phone[] =>
  arrangePrimary(phones, (phone) => phone.number, previous.map((phone) => ({ key: phone.number, primary: phone.primary }))).map(
    ({ number, type, primary }) => ({ number, type, primary }),
  );

const emailKey = (address: string) => address.toLowerCase();
const arrangeEmails = (emails: EmailInput[], previous: Email[] = []): Email[] =>
  arrangePrimary(
    emails.map((email) => (typeof email === "string" ? { address: email } : email)),
    (email) => emailKey(email.address),
    previous.map((email) => ({ key: emailKey(email.address), primary: email.primary })),
  ).map(({ address, primary }) => ({ address, primary }));

export const primaryPhone = (contact: Pick<Contact, "phones">) => contact.phones.find((phone) => phone.primary);
export const primaryEmail = (contact: Pick<Contact, "emails">) => contact.emails.find((email) => email.primary);

// ---------------------------------------------------------------------------------------------
// Storage helpers.

type LookupRow = { kind: "phone" | "email"; value: string; contactId: string; ownerId: string };

function lookupRows(contact: Pick<Contact, "contactId" | "ownerId" | "phones" | "emails">): LookupRow[] {
  return [
    ...contact.phones.map((phone) => ({ kind: "phone" as const, value: phone.number, contactId: contact.contactId, ownerId: contact.ownerId })),
    ...contact.emails.map((email) => ({ kind: "email" as const, value: emailKey(email.address), contactId: contact.contactId, ownerId: contact.ownerId })),
  ];
}

/** A version check that failed, from a single write (ElectroDB throws) or a transaction. */
const isConditionFailure = (error: unknown) =>
  error instanceof TransactionConflictError ||
  /ConditionalCheckFailed|conditional request failed/i.test(`${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`);

/** Runs a write guarded by `version = :expected`; someone else's change in between is a 412. */
async function versionChecked<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) throw new VersionConflictError();
    throw error;
  }
}

export function parseId(contactId: unknown): string {
  if (!v.is(UlidField, contactId)) throw new ValidationError([{ field: "contactId", message: "Not a valid contact ID." }]);
  return contactId;
}

export async function loadRaw(contactId: string): Promise<StoredContact | undefined> {
  const { service } = useStorage();
  const result = await service.entities.contact.get({ contactId }).go();
  return (result.data as StoredContact | null) ?? undefined;
}

/** A contact the actor may see and that is not in the trash, else NotFound (never Forbidden). */
export async function loadVisible(contactId: string): Promise<StoredContact> {
  const actor = useActor();
  const item = await loadRaw(contactId);
  if (!item || item.deletedAt || !canSeeContact(actor, item)) throw new NotFoundError("Contact");
  return item;
}

/** Responsible managers must be real users (one BatchGetItem). */
async function requireUsers(userIds: string[], field: string): Promise<void> {
  if (userIds.length === 0) return;
  const { service } = useStorage();
  const found = await service.entities.user.get(userIds.map((userId) => ({ userId }))).go();
  const known = new Set(found.data.map((user) => user.userId));
  const issues = userIds.flatMap((userId, index) => (known.has(userId) ? [] : [{ field: `${field}[${index}]`, message: "No such user." }]));
  if (issues.length > 0) throw new ValidationError(issues);
}

const identifies = (contact: Pick<Contact, "firstName" | "lastName" | "phones" | "emails">) =>
  Boolean(contact.firstName || contact.lastName || contact.phones.length || contact.emails.length);

/** Keys with a value, for ElectroDB's `set` (undefined means "leave out"). */
const defined = <T extends object>(object: T) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;

/** The composite attributes ElectroDB needs to keep the conditional list indexes right on a patch. */
const indexComposites = (contact: Pick<Contact, "ownerId" | "companyId">) => ({
  scope: "contacts",
  ownerId: contact.ownerId,
  ...(contact.companyId ? { companyId: contact.companyId } : {}),
});

// ---------------------------------------------------------------------------------------------
// Create.

type CreateFields = v.InferOutput<typeof CreateContactInput>;

async function insert(fields: Omit<CreateFields, "source">, options: { ownerIds: string[]; source: Contact["source"]; sourceName?: string; activitySource: Record<string, unknown> }): Promise<Contact> {
  const actor = useActor();
  const now = new Date();
  const { phones: phoneInput, emails: emailInput, companyId, custom, displayName: typedName, ...rest } = fields;
  const company = companyId ? await resolveCompany(companyId) : undefined;
  const contact: Contact = {
    ...defined(rest),
    contactId: ulid(),
    displayName: "",
    nameSource: typedName ? "manual" : options.sourceName ? "source" : "rules",
    phones: arrangePhones(phoneInput ?? []),
    emails: arrangeEmails(emailInput ?? []),
    ownerIds: [...new Set(options.ownerIds)],
    ownerId: options.ownerIds[0]!,
    source: options.source,
    doNotCall: rest.doNotCall ?? defaults.doNotCall,
    doNotEmail: rest.doNotEmail ?? defaults.doNotEmail,
    preferredContactMethod: rest.preferredContactMethod ?? defaults.preferredContactMethod,
    active: rest.active ?? defaults.active,
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  if (company) Object.assign(contact, { companyId, company });
  if (custom) {
    const values = Object.fromEntries(Object.entries(await validateCustomValues(custom)).filter(([, value]) => value !== null));
    if (Object.keys(values).length > 0) contact.custom = values as Record<string, CustomValue>;
  }
  contact.displayName = typedName ?? options.sourceName ?? "";
  Object.assign(contact, resolveName(contact));

  const activity = newActivity(contact.contactId, actor, "created", { source: options.activitySource, text: contact.displayName }, now);
  const { service } = useStorage();
  // Contact, lookup rows and the `created` activity land together or not at all: one TransactWriteItems.
  committed(await service.transaction
    .write(({ contact: contactEntity, contactLookup, activity: activityEntity }) => [
      contactEntity.create(contact).commit(),
      ...lookupRows(contact).map((row) => contactLookup.put(row).commit()),
      activityEntity.create(activity).commit(),
    ])
    .go());
  return contact;
}

/** A person creates a contact from the contacts page: they become its responsible manager. */
export const create = fn(CreateContactInput, async (input): Promise<Contact> => {
  const actor = useUser();
  requireRight(actor, "contacts:create");
  const { source, ...fields } = input;
  const contactSource = source ?? { kind: "manual" as const };
  return insert(fields, { ownerIds: [actor.userId], source: contactSource, activitySource: { ...contactSource } });
});

/**
 * Automatic creation (inbound call, chat, messenger, web form, import). The contact carries a
 * source name ("New contact by call from +79161234567") until a person's name is known. Runs as
 * the system or a user; the responsible managers come from the intake's routing.
 */
export async function createFromSource(input: CreateFromSourceInput): Promise<Contact> {
  requireRight(useActor(), "contacts:create");
  // Parsed here rather than with `fn` so that bad input is a rejected promise, as callers expect.
  const { source, ownerIds, ...fields } = parse(CreateFromSourceInput, input);
  await requireUsers(ownerIds, "ownerIds");
  const phones = fields.phones ?? [];
  const emails = fields.emails ?? [];
  // What the source knows becomes a phone or email of the contact, so it can be found by it.
  if ((source.kind === "call" || (source.kind === "form" && source.phone)) && !phones.some((phone) => phone.number === source.phone)) {
    phones.push({ number: source.phone!, type: "mobile" });
  }
  if (source.kind === "form" && source.email && !emails.some((email) => emailKey(typeof email === "string" ? email : email.address) === emailKey(source.email!))) {
    emails.push(source.email);
  }
  if (!fields.firstName && !fields.lastName && phones.length === 0 && emails.length === 0 && source.kind !== "chat" && source.kind !== "telegram" && source.kind !== "vk") {
    throw new ValidationError([{ field: "body", message: identifyMessage }]);
  }
  const label = "name" in source ? source.name : "formName" in source ? source.formName : "fileName" in source ? source.fileName : undefined;
  const ref = "handle" in source ? source.handle : source.kind === "call" ? source.phone : undefined;
  return insert(
    { ...fields, phones, emails },
    {
      ownerIds,
      source: { kind: source.kind, ...defined({ label, ref }) },
      sourceName: sourceName(source),
      activitySource: { ...source },
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Read.

/** The card: contact row + newest activities, from ONE Query on the contact's item collection. */
export async function get(contactId: string): Promise<ContactCard> {
  const actor = useActor();
  requireRight(actor, "contacts:read");
  const id = parseId(contactId);
  const { service } = useStorage();
  // Descending: `$card#contact_1` sorts after every `$card#activity_1#…`, so the contact comes first.
  const result = await service.collections.card({ contactId: id }).go({ order: "desc", limit: CARD_TIMELINE_PAGE + 1 });
  const item = result.data.contact[0] as StoredContact | undefined;
  if (!item || item.deletedAt || !canSeeContact(actor, item)) throw new NotFoundError("Contact");
  const items = (result.data.activity as Activity[]).sort((a, b) => (a.activityId < b.activityId ? 1 : -1));
  return { ...present(item), timeline: { items, cursor: encodeCursor(result.cursor, timelineContext(id)) } };
}

export const timelineContext = (contactId: string) => `timeline:${contactId}`;

export async function list(input: v.InferInput<typeof ListContactsInput>): Promise<{ items: Contact[]; cursor: string | null }> {
  const actor = useUser();
  requireRight(actor, "contacts:read");
  const { limit, cursor } = parse(ListContactsInput, input);
  const { service } = useStorage();
  const everyone = roleHas(actor.role, "contacts:readAll");
  const context = everyone ? "contacts:all" : `contacts:owner:${actor.userId}`;
  const options = { limit, cursor: decodeCursor(cursor, context) ?? null, order: "desc" as const };
  const page = everyone
    ? await service.entities.contact.query.all({ scope: "contacts" }).go(options)
    : await service.entities.contact.query.byOwner({ ownerId: actor.userId }).go(options);
  return { items: (page.data as StoredContact[]).map(present), cursor: encodeCursor(page.cursor, context) };
}

/** A company's live contacts, paged (byCompany on gsi4). For the company card. */
export async function listByCompany(companyId: string, input: v.InferInput<typeof ListContactsInput>): Promise<{ items: Contact[]; cursor: string | null }> {
  const actor = useActor();
  requireRight(actor, "contacts:read");
  if (!v.is(UlidField, companyId)) throw new ValidationError([{ field: "companyId", message: "Not a valid company ID." }]);
  const { limit, cursor } = parse(ListContactsInput, input);
  const context = `contacts:company:${companyId}`;
  const { service } = useStorage();
  const page = await service.entities.contact.query
    .byCompany({ companyId })
    .where(({ deletedAt }, { notExists }) => notExists(deletedAt))
    .go({ limit, cursor: decodeCursor(cursor, context) ?? null });
  const visible = (page.data as StoredContact[]).filter((item) => canSeeContact(actor, item));
  return { items: visible.map(present), cursor: encodeCursor(page.cursor, context) };
}

// ---------------------------------------------------------------------------------------------
// Update.

/**
 * Writes `next` over `current` if nobody changed it meanwhile, with its lookup rows and one
 * `updated` activity in the same TransactWriteItems. Returns `current` untouched when nothing
 * differs (no write, no activity).
 */
async function commitChange(current: StoredContact, next: Contact, options: { text?: string } = {}): Promise<Contact> {
  const actor = useActor();
  Object.assign(next, resolveName(next));
  const changes = diff<Contact>(current, next, trackedFields);
  if (changes.length === 0) return present(current);
  const now = new Date();
  next.version = current.version + 1;
  next.updatedAt = now.toISOString();
  next.ownerId = next.ownerIds[0]!;

  const set: Record<string, unknown> = { version: next.version, updatedAt: next.updatedAt, nameSource: next.nameSource, ownerId: next.ownerId };
  const remove: string[] = [];
  for (const { field } of changes) {
    const value = next[field as keyof Contact];
    if (value === undefined) remove.push(field);
    else set[field] = value;
  }
  const [currentRows, nextRows] = [lookupRows(current), lookupRows(next)];
  const rowKey = (row: LookupRow) => `${row.kind}:${row.value}`;
  const ownerMoved = current.ownerId !== next.ownerId;
  const added = nextRows.filter((row) => ownerMoved || !currentRows.some((old) => rowKey(old) === rowKey(row)));
  const dropped = currentRows.filter((row) => !nextRows.some((now) => rowKey(now) === rowKey(row)));
  const activity = newActivity(next.contactId, actor, "updated", defined({ changes, text: options.text }), now);
  const expected = current.version;

  const { service } = useStorage();
  await versionChecked(async () =>
    committed(await service.transaction
      .write(({ contact, contactLookup, activity: activityEntity }) => [
        contact
          .patch({ contactId: next.contactId })
          .set(set as never)
          .remove(remove as never)
          .composite(indexComposites(next) as never)
          .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, expected)} AND ${notExists(deletedAt)}`)
          .commit(),
        ...added.map((row) => contactLookup.put(row).commit()),
        ...dropped.map((row) => contactLookup.delete(row).commit()),
        activityEntity.create(activity).commit(),
      ])
      .go()),
  );
  return present(next);
}

export async function update(contactId: string, expectedVersion: number, input: UpdateContactInput): Promise<Contact> {
  const actor = useActor();
  requireRight(actor, "contacts:update");
  const id = parseId(contactId);
  const changes = parse(UpdateContactInput, input);
  const current = await loadVisible(id);
  if (current.version !== expectedVersion) throw new VersionConflictError(current.version);

  const next: Contact = structuredClone(present(current));
  const { phones, emails, custom, companyId, ownerIds, displayName: typedName, ...simple } = changes;
  for (const [field, value] of Object.entries(simple)) {
    if (value === undefined) continue;
    const target = next as unknown as Record<string, unknown>;
    if (value === null) {
      if (field in defaults) target[field] = defaults[field as keyof typeof defaults];
      else delete target[field];
    } else target[field] = value;
  }
  if (phones) next.phones = arrangePhones(phones, current.phones);
  if (emails) next.emails = arrangeEmails(emails, current.emails);
  if (custom === null) delete next.custom;
  else if (custom) {
    const merged: Record<string, CustomValue | null> = { ...(current.custom ?? {}), ...(await validateCustomValues(custom)) };
    const kept = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null)) as Record<string, CustomValue>;
    if (Object.keys(kept).length > 0) next.custom = kept;
    else delete next.custom;
  }
  if (companyId === null) {
    delete next.companyId;
    delete next.company;
  } else if (companyId && companyId !== current.companyId) {
    next.company = await resolveCompany(companyId);
    next.companyId = companyId;
  }
  if (ownerIds) {
    const unique = [...new Set(ownerIds)];
    await requireUsers(unique, "ownerIds");
    next.ownerIds = unique;
  }
  if (typedName === null) next.nameSource = "rules";
  else if (typedName) Object.assign(next, { displayName: typedName, nameSource: "manual" });
  if (!identifies(next)) throw new ValidationError([{ field: "body", message: identifyMessage }]);
  return commitChange(current, next);
}

/**
 * A change made by the system, not a person: re-read and retry on a concurrent edit (a person's
 * edit wins the race and the system applies its change on top).
 */
async function systemChange(contactId: string, change: (contact: Contact) => void, options: { text?: string } = {}): Promise<Contact | undefined> {
  for (let attempt = 0; ; attempt++) {
    const current = await loadRaw(contactId);
    if (!current || current.deletedAt) return undefined;
    const next = structuredClone(present(current));
    change(next);
    try {
      return await commitChange(current, next, options);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 4) throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// For the call-list engine and intake (system actor, no user access checks).

/** The contact as the dialer needs it (phones, doNotCall, timeZone), or undefined if gone. */
export async function getForEngine(contactId: string): Promise<Contact | undefined> {
  const item = await loadRaw(parseId(contactId));
  if (!item || item.deletedAt) return undefined;
  return present(item);
}

/** Marks "do not call" (for example on the person's request during a call), with an activity. */
export async function setDoNotCall(contactId: string, reason?: string): Promise<Contact | undefined> {
  const id = parseId(contactId);
  return withActor({ type: "system", reason: "dialer" }, () =>
    systemChange(id, (contact) => {
      contact.doNotCall = true;
    }, defined({ text: reason }) as { text?: string }),
  );
}

/**
 * The company changed (or was deleted: `summary` null): every linked contact gets the new
 * summary (and name, if it is derived from the company). Pages byCompany; one write per contact.
 */
export async function refreshCompanySummary(companyId: string, summary: Omit<CompanySummary, "companyId"> | null): Promise<{ updated: number }> {
  if (!v.is(UlidField, companyId)) throw new ValidationError([{ field: "companyId", message: "Not a valid company ID." }]);
  const { service } = useStorage();
  let updated = 0;
  let cursor: string | null = null;
  await withActor({ type: "system", reason: "company" }, async () => {
    do {
      const page: { data: unknown[]; cursor: string | null } = await service.entities.contact.query.byCompany({ companyId }).go({ limit: 50, cursor });
      for (const item of page.data as StoredContact[]) {
        const result = await systemChange(item.contactId, (contact) => {
          if (contact.companyId !== companyId) return;
          if (summary === null) {
            delete contact.companyId;
            delete contact.company;
          } else contact.company = { companyId, name: summary.name, ...defined({ shortName: summary.shortName }) };
        });
        if (result) updated++;
      }
      cursor = page.cursor;
    } while (cursor);
  });
  return { updated };
}

/** Photo metadata on the contact (the bytes live in the files port). */
export async function setPhotoMeta(contactId: string, photo: Contact["photo"] | null): Promise<Contact> {
  const current = await loadVisible(contactId);
  const next = structuredClone(present(current));
  if (photo) next.photo = photo;
  else delete next.photo;
  return commitChange(current, next);
}

// ---------------------------------------------------------------------------------------------
// Trash.

/**
 * To the trash: list keys and lookup rows go, the contact row stays restorable for 30 days and
 * a `deleted` activity is written in the same transaction. The timeline is not rewritten: it
 * follows the contact row (bounded writes; see docs/access-patterns.md).
 */
export async function remove(contactId: string): Promise<void> {
  const actor = useActor();
  requireRight(actor, "contacts:delete");
  const id = parseId(contactId);
  const current = await loadVisible(id);
  const now = new Date();
  const expiresAt = Math.floor(now.getTime() / 1000) + TRASH_RETENTION_DAYS * 24 * 3600;
  const activity = newActivity(id, actor, "deleted", {}, now);
  const { service } = useStorage();
  await versionChecked(async () =>
    committed(await service.transaction
      .write(({ contact, contactLookup, activity: activityEntity }) => [
        contact
          .patch({ contactId: id })
          .set({ deletedAt: now.toISOString(), expiresAt, version: current.version + 1, updatedAt: now.toISOString() })
          .composite(indexComposites(current) as never)
          .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, current.version)} AND ${notExists(deletedAt)}`)
          .commit(),
        ...lookupRows(current).map((row) => contactLookup.delete(row).commit()),
        activityEntity.create(activity).commit(),
      ])
      .go()),
  );
}

export async function restore(contactId: string): Promise<Contact> {
  const actor = useActor();
  requireRight(actor, "contacts:restore");
  const id = parseId(contactId);
  const current = await loadRaw(id);
  if (!current || !canSeeContact(actor, current)) throw new NotFoundError("Contact");
  if (!current.deletedAt) return present(current);
  if (isExpired(current)) {
    throw new GoneError("This contact left the trash for good after 30 days and cannot be restored.");
  }
  const now = new Date();
  const restored: Contact = { ...present(current), version: current.version + 1, updatedAt: now.toISOString() };
  delete restored.deletedAt;
  const activity = newActivity(id, actor, "restored", {}, now);
  const { service } = useStorage();
  await versionChecked(async () =>
    committed(await service.transaction
      .write(({ contact, contactLookup, activity: activityEntity }) => [
        contact
          .patch({ contactId: id })
          .set({ version: restored.version, updatedAt: restored.updatedAt })
          .remove(["deletedAt", "expiresAt"])
          .composite(indexComposites(current) as never)
          .where(({ version }, { eq }) => eq(version, current.version))
          .commit(),
        ...lookupRows(current).map((row) => contactLookup.put(row).commit()),
        activityEntity.create(activity).commit(),
      ])
      .go()),
  );
  return restored;
}

/** The admins' trash, newest deletion first; entries past their 30 days are gone already. */
export async function listTrash(input: v.InferInput<typeof ListContactsInput>): Promise<{ items: Contact[]; cursor: string | null }> {
  const actor = useUser();
  requireRight(actor, "contacts:restore");
  const { limit, cursor } = parse(ListContactsInput, input);
  const { service } = useStorage();
  const nowSeconds = Math.floor(Date.now() / 1000);
  const page = await service.entities.contact.query
    .trash({ scope: "contacts" })
    .where(({ expiresAt }, { gt }) => gt(expiresAt, nowSeconds))
    .go({ limit, cursor: decodeCursor(cursor, "contacts:trash") ?? null, order: "desc" });
  return { items: (page.data as StoredContact[]).map(present), cursor: encodeCursor(page.cursor, "contacts:trash") };
}

/** Contacts reachable by a phone typed in any format (lookup rows; one Query). */
export async function findByPhone(e164: string): Promise<string[]> {
  const { service } = useStorage();
  const rows = await service.entities.contactLookup.query.primary({ kind: "phone", value: e164 }).go({ pages: "all" });
  return rows.data.map((row) => row.contactId);
}

/** Contacts reachable by an email (case-insensitive; lookup rows; one Query). */
export async function findByEmail(email: string): Promise<string[]> {
  const { service } = useStorage();
  const rows = await service.entities.contactLookup.query.primary({ kind: "email", value: emailKey(email.trim()) }).go({ pages: "all" });
  return rows.data.map((row) => row.contactId);
}
