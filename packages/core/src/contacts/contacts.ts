import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser, type Actor } from "../actor";
import { ForbiddenError, GoneError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { roleHas, type Right } from "../users/roles";
import { fn, parse } from "../validation";
import { canSeeContact } from "./access";
import { EmailField, PhoneField, TextField, UlidField } from "./fields";
import { committed, TransactionConflictError } from "../storage/transaction";
import { displayName } from "./naming";

export const TRASH_RETENTION_DAYS = 30;
export const pageSizes = [10, 20, 50] as const;

const uniqueBy = <T>(items: T[], key: (item: T) => string) =>
  items.filter((item, index) => items.findIndex((other) => key(other) === key(item)) === index);

const PhonesField = v.pipe(
  v.array(PhoneField, "Must be a list of phones."),
  v.maxLength(20, "At most 20 phones."),
  v.transform((phones) => uniqueBy(phones, (phone) => phone.number)),
);
const EmailsField = v.pipe(
  v.array(EmailField, "Must be a list of email addresses."),
  v.maxLength(20, "At most 20 emails."),
  v.transform((emails) => uniqueBy(emails, (email) => email.toLowerCase())),
);

const ContactFields = {
  firstName: v.optional(TextField(100)),
  lastName: v.optional(TextField(100)),
  phones: v.optional(PhonesField),
  emails: v.optional(EmailsField),
};

const unknownField = "Unknown field: leave it out.";

export const CreateContactInput = v.pipe(
  v.strictObject(ContactFields, unknownField),
  v.check(
    (input) => Boolean(input.firstName || input.lastName || input.phones?.length || input.emails?.length),
    "A contact needs at least a name, a phone or an email.",
  ),
);
export type CreateContactInput = v.InferInput<typeof CreateContactInput>;

export const UpdateContactInput = v.strictObject({
  firstName: v.optional(v.nullable(TextField(100))),
  lastName: v.optional(v.nullable(TextField(100))),
  phones: v.optional(PhonesField),
  emails: v.optional(EmailsField),
}, unknownField);
export type UpdateContactInput = v.InferInput<typeof UpdateContactInput>;

export const ListContactsInput = v.strictObject({
  limit: v.optional(v.picklist(pageSizes, "Page size must be 10, 20 or 50."), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});

export interface Contact {
  contactId: string;
  displayName: string;
  firstName?: string;
  lastName?: string;
  phones: { number: string; type: "work" | "mobile" | "home" | "fax" | "other" }[];
  emails: string[];
  ownerId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

type StoredContact = Contact & { expiresAt?: number };

function requireRight(actor: Actor, right: Right): void {
  if (actor.type === "user" && !roleHas(actor.role, right)) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (${right}).`);
  }
}

function present(item: StoredContact): Contact {
  const { expiresAt: _expiresAt, ...contact } = item;
  return contact;
}

function lookupRows(contact: Pick<Contact, "contactId" | "ownerId" | "phones" | "emails">) {
  return [
    ...contact.phones.map((phone) => ({ kind: "phone" as const, value: phone.number, contactId: contact.contactId, ownerId: contact.ownerId })),
    ...contact.emails.map((email) => ({ kind: "email" as const, value: email.toLowerCase(), contactId: contact.contactId, ownerId: contact.ownerId })),
  ];
}

/** A version check that failed, from a single write (ElectroDB throws) or a transaction. */
const isConditionFailure = (error: unknown) =>
  error instanceof TransactionConflictError ||
  /ConditionalCheckFailed|conditional request failed/i.test(`${(error as Error)?.message ?? ""} ${String((error as { cause?: unknown })?.cause ?? "")}`);

/** Runs a write guarded by `version = :expected`; someone else's change in between is a 412. */
async function versionChecked(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isConditionFailure(error)) throw new VersionConflictError();
    throw error;
  }
}

function parseId(contactId: unknown): string {
  if (!v.is(UlidField, contactId)) throw new ValidationError([{ field: "contactId", message: "Not a valid contact ID." }]);
  return contactId;
}

async function loadRaw(contactId: string): Promise<StoredContact | undefined> {
  const { service } = useStorage();
  const result = await service.entities.contact.get({ contactId }).go();
  return (result.data as StoredContact | null) ?? undefined;
}

/** A contact the actor may see and that is not in the trash, else NotFound (never Forbidden). */
async function loadVisible(contactId: string): Promise<StoredContact> {
  const actor = useActor();
  const item = await loadRaw(contactId);
  if (!item || item.deletedAt || !canSeeContact(actor, item)) throw new NotFoundError("Contact");
  return item;
}

export const create = fn(CreateContactInput, async (input): Promise<Contact> => {
  const actor = useUser();
  requireRight(actor, "contacts:create");
  const now = new Date().toISOString();
  const phones = input.phones ?? [];
  const emails = input.emails ?? [];
  const contact: Contact = {
    contactId: ulid(),
    firstName: input.firstName,
    lastName: input.lastName,
    displayName: displayName({ firstName: input.firstName, lastName: input.lastName, phones, emails }),
    phones,
    emails,
    ownerId: actor.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const { service } = useStorage();
  const lookups = lookupRows(contact);
  if (lookups.length === 0) {
    await service.entities.contact.create(contact).go();
  } else {
    // Contact and its lookup rows land together or not at all: one TransactWriteItems.
    committed(await service.transaction
      .write(({ contact: contactEntity, contactLookup }) => [
        contactEntity.create(contact).commit(),
        ...lookups.map((row) => contactLookup.put(row).commit()),
      ])
      .go());
  }
  return contact;
});

export async function get(contactId: string): Promise<Contact> {
  const actor = useActor();
  requireRight(actor, "contacts:read");
  return present(await loadVisible(parseId(contactId)));
}

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

export async function update(contactId: string, expectedVersion: number, input: UpdateContactInput): Promise<Contact> {
  const actor = useActor();
  requireRight(actor, "contacts:update");
  const id = parseId(contactId);
  const changes = parse(UpdateContactInput, input);
  const current = await loadVisible(id);
  if (current.version !== expectedVersion) throw new VersionConflictError(current.version);

  const next: Contact = {
    ...present(current),
    firstName: changes.firstName === null ? undefined : (changes.firstName ?? current.firstName),
    lastName: changes.lastName === null ? undefined : (changes.lastName ?? current.lastName),
    phones: changes.phones ?? current.phones,
    emails: changes.emails ?? current.emails,
    version: current.version + 1,
    updatedAt: new Date().toISOString(),
  };
  next.displayName = displayName(next);
  if (!next.firstName && !next.lastName && next.phones.length === 0 && next.emails.length === 0) {
    throw new ValidationError([{ field: "body", message: "A contact needs at least a name, a phone or an email." }]);
  }

  const { service } = useStorage();
  const removeFields = (["firstName", "lastName"] as const).filter((field) => next[field] === undefined && current[field] !== undefined);
  const set = {
    displayName: next.displayName,
    phones: next.phones,
    emails: next.emails,
    version: next.version,
    updatedAt: next.updatedAt,
    ...(next.firstName !== undefined ? { firstName: next.firstName } : {}),
    ...(next.lastName !== undefined ? { lastName: next.lastName } : {}),
  };
  const onlyIfUnchanged = ({ version, deletedAt }: { version: unknown; deletedAt: unknown }, { eq, notExists }: { eq: (a: never, b: number) => string; notExists: (a: never) => string }) =>
    `${eq(version as never, expectedVersion)} AND ${notExists(deletedAt as never)}`;

  const rowKey = (row: { kind: string; value: string }) => `${row.kind}:${row.value}`;
  const [currentRows, nextRows] = [lookupRows(current), lookupRows(next)];
  const added = nextRows.filter((row) => !currentRows.some((old) => rowKey(old) === rowKey(row)));
  const dropped = currentRows.filter((row) => !nextRows.some((now) => rowKey(now) === rowKey(row)));

  await versionChecked(async () => {
    if (added.length === 0 && dropped.length === 0) {
      await service.entities.contact.patch({ contactId: id }).set(set).remove(removeFields).composite({ scope: "contacts" }).where(onlyIfUnchanged).go();
      return;
    }
    committed(await service.transaction
      .write(({ contact, contactLookup }) => [
        contact.patch({ contactId: id }).set(set).remove(removeFields).composite({ scope: "contacts" }).where(onlyIfUnchanged).commit(),
        ...added.map((row) => contactLookup.put(row).commit()),
        ...dropped.map((row) => contactLookup.delete(row).commit()),
      ])
      .go());
  });
  return next;
}

/** To the trash: list keys and lookup rows go, the item stays restorable for 30 days. */
export async function remove(contactId: string): Promise<void> {
  const actor = useActor();
  requireRight(actor, "contacts:delete");
  const id = parseId(contactId);
  const current = await loadVisible(id);
  const now = new Date();
  const expiresAt = Math.floor(now.getTime() / 1000) + TRASH_RETENTION_DAYS * 24 * 3600;
  const { service } = useStorage();
  await versionChecked(async () =>
    committed(await service.transaction
      .write(({ contact, contactLookup }) => [
        contact
          .patch({ contactId: id })
          .set({ deletedAt: now.toISOString(), expiresAt, version: current.version + 1, updatedAt: now.toISOString() })
          .composite({ ownerId: current.ownerId, scope: "contacts" })
          .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, current.version)} AND ${notExists(deletedAt)}`)
          .commit(),
        ...lookupRows(current).map((row) => contactLookup.delete(row).commit()),
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
  if (current.expiresAt !== undefined && current.expiresAt * 1000 <= Date.now()) {
    throw new GoneError("This contact left the trash for good after 30 days and cannot be restored.");
  }
  const restored: Contact = { ...present(current), version: current.version + 1, updatedAt: new Date().toISOString() };
  delete restored.deletedAt;
  const { service } = useStorage();
  await versionChecked(async () =>
    committed(await service.transaction
      .write(({ contact, contactLookup }) => [
        contact
          .patch({ contactId: id })
          .set({ version: restored.version, updatedAt: restored.updatedAt })
          .remove(["deletedAt", "expiresAt"])
          .composite({ ownerId: current.ownerId, scope: "contacts" })
          .where(({ version }, { eq }) => eq(version, current.version))
          .commit(),
        ...lookupRows(current).map((row) => contactLookup.put(row).commit()),
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
