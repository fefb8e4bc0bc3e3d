import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser, withActor } from "../actor";
import { ConflictError, ForbiddenError, GoneError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed } from "../storage/transaction";
import { tagCountChanges } from "../tags/tags";
import { newActivity, diff, type Activity, type FieldChange } from "../timeline/activity";
import { requireRight, roleHas } from "../users/roles";
import { Users } from "../users";
import { fn, parse } from "../validation";
import { contactAccess, readable, type ContactAccess, type Sharing } from "./access";
import { resolveCompany, type CompanySummary } from "./company";
import { listVisible } from "./listing";
import { contactIndexEntities, heaviestField, rowChangeCount, rowChanges, type IndexedContact, type RowChanges } from "./index-rows";
import {
  indexWrites as engineIndexWrites,
  loadRaw as loadEngineRaw,
  MAX_TRANSACTION_ITEMS,
  parseId as parseEngineId,
  requireTransactionFits as requireFits,
  tagDeltaCount,
  versionChecked,
} from "../listing";
import { expiryJob, restoreJob, writeJob } from "./trash";
import { Jobs } from "../jobs";
import { now as clockNow, nowMs } from "../runtime/clock";
import type { contactMethods, contactTypes, LookupKind, phoneTypes, sourceKinds } from "./contact.entity";
import { messengerKey, nameTokens } from "./match-keys";
import { contactDefinitions, presentCustomValues, validateCustomValues, type CustomValue } from "./custom";
import type { LiveDefinitions, StoredCustomValues } from "../custom-fields";
import { UlidField } from "./fields";
import { readCard } from "./card-read";
import { claimBackoff, claimChanges, claimKeysOf, ClaimLostError, claimWrites, CLAIM_ATTEMPTS, keysToRead, lostClaim, otherHolders, readClaims, type ClaimChange, type ClaimSnapshot } from "./claims";
import { queuePairs } from "./pair-queue";
import { CreateContactInput, CreateFromSourceInput, identifyMessage, UpdateContactInput } from "./input";
import { resolveName, sourceName, type NameSource } from "./naming";

export { CreateContactInput, UpdateContactInput, CreateFromSourceInput } from "./input";
export { findContacts, FindContactsInput, type ContactPage, type ContactListItem } from "./find";
export { validateCustomValues } from "./custom";
export type { Sharing, ContactAccess } from "./access";
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
  /** Teams of the responsible managers (denormalized; managers of these teams see the contact). */
  teamIds?: string[];
  /** private (default), shared read-only (`read`) or shared read-write (`write`). */
  sharing: Sharing;
  source: { kind: (typeof sourceKinds)[number]; label?: string; ref?: string };
  doNotCall: boolean;
  doNotEmail: boolean;
  preferredContactMethod: (typeof contactMethods)[number];
  active: boolean;
  timeZone?: string;
  companyId?: string;
  company?: CompanySummary;
  /** `mergeId`: the photo came with that merge (from the merged-away contact). */
  photo?: { contentType: string; size: number; updatedAt: string; mergeId?: string };
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

export type StoredContact = Contact & { expiresAt?: number; mergedInto?: string; mergeId?: string };

/** The fields a change compares (one `updated` activity lists each that differs). */
const trackedFields = [
  "displayName", "firstName", "lastName", "middleName", "birthday", "position", "phones", "emails", "messengers",
  "address", "website", "socialLinks", "comment", "tags", "contactType", "currency", "custom", "ownerIds",
  "doNotCall", "doNotEmail", "preferredContactMethod", "active", "timeZone", "companyId", "company", "photo", "sharing",
] as const satisfies readonly (keyof Contact)[];

/** Fields with a default instead of "absent": `null` in an update resets them. */
const defaults = { doNotCall: false, doNotEmail: false, preferredContactMethod: "any", active: true } as const;

export { requireRight };

/** The stored row without storage attributes; `custom` is still keyed by field ID. */
export function present(item: StoredContact): Contact {
  const { expiresAt: _expiresAt, ...contact } = item as StoredContact & { scope?: string };
  delete (contact as { scope?: string }).scope;
  contact.sharing ??= "private";
  return contact;
}

/**
 * Contacts as clients see them: custom values by key, values of removed definitions hidden.
 * Definitions come from the per-process cache, and only when some contact has custom values.
 */
async function shaped<T extends Contact>(items: T[]): Promise<T[]> {
  if (!items.some((item) => item.custom && Object.keys(item.custom).length > 0)) return items;
  const definitions = await contactDefinitions();
  return items.map((item) => shapeWith(definitions, item));
}

function shapeWith<T extends Contact>(definitions: LiveDefinitions, item: T): T {
  if (!item.custom) return item;
  const custom = presentCustomValues(definitions, item.custom as StoredCustomValues);
  const out = { ...item, custom };
  if (Object.keys(custom).length === 0) delete (out as Partial<Contact>).custom;
  return out;
}

const shapedOne = async <T extends Contact>(item: T): Promise<T> => (await shaped([item]))[0]!;

/** Past its `expiresAt` by the runtime clock (tests move it 30 days on; production never does). */
export const isExpired = (item: { expiresAt?: number }) => item.expiresAt !== undefined && item.expiresAt * 1000 <= nowMs();

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

export const emailKey = (address: string) => address.toLowerCase();
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

export type LookupRow = { kind: LookupKind; value: string; contactId: string; ownerId: string; name?: string };

/** The tokens a contact's name is matched by: first and last name, else a name a person typed. */
export const contactNameTokens = (contact: Pick<Contact, "firstName" | "lastName" | "displayName" | "nameSource">) =>
  contact.firstName || contact.lastName ? nameTokens(contact.firstName, contact.lastName) : contact.nameSource === "manual" ? nameTokens(contact.displayName) : [];

/** The lookup rows of a contact (see matching.ts): phones, emails, messenger handles, name tokens. */
export function lookupRows(contact: Pick<Contact, "contactId" | "ownerId" | "phones" | "emails" | "messengers" | "firstName" | "lastName" | "displayName" | "nameSource">): LookupRow[] {
  const owned = { contactId: contact.contactId, ownerId: contact.ownerId };
  const tokens = contactNameTokens(contact);
  const messengers = (["telegram", "whatsapp", "viber"] as const).flatMap((kind) => {
    const handle = contact.messengers?.[kind];
    const value = handle ? messengerKey(handle) : "";
    return value ? [{ kind, value, ...owned }] : [];
  });
  return [
    ...contact.phones.map((phone) => ({ kind: "phone" as const, value: phone.number, ...owned })),
    ...contact.emails.map((email) => ({ kind: "email" as const, value: emailKey(email.address), ...owned })),
    ...messengers,
    ...tokens.map((token) => ({ kind: "name" as const, value: token, name: tokens.join(" "), ...owned })),
  ];
}

/** Who a contact is listed for besides shared lists: its responsible managers and their teams. */
export function audiences(contact: Pick<Contact, "contactId" | "ownerIds" | "teamIds">): { audience: string; contactId: string }[] {
  return [
    ...contact.ownerIds.map((userId) => `owner:${userId}`),
    ...(contact.teamIds ?? []).map((teamId) => `team:${teamId}`),
  ].map((audience) => ({ audience, contactId: contact.contactId }));
}

export { MAX_TRANSACTION_ITEMS, versionChecked };

/**
 * Refuses (422, nothing written) a contact write whose transaction would exceed DynamoDB's
 * limit; names the input field that contributes most rows (tags, ownerIds, phones, emails).
 */
export const requireTransactionFits = (otherItems: number, changes: RowChanges, contact: IndexedContact): void =>
  requireFits(otherItems, changes, () => heaviestField(contact));

/** The contact index rows' writes of one transaction (see index-rows.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const indexWrites = (tx: any, changes: RowChanges): unknown[] => engineIndexWrites(tx, contactIndexEntities, changes);

export const parseId = (contactId: unknown): string => parseEngineId(contactId, "contactId", "contact");
export const loadRaw = (contactId: string) => loadEngineRaw<StoredContact>("contact", { contactId });

/** Merges a contact can go through before a lookup gives up (more means a loop). */
const MAX_MERGE_HOPS = 5;

/**
 * Where a contact lives now: its own ID while it is live; for one merged away, the contact it was
 * merged into (following later merges); undefined when it is in the trash (not merged) or gone.
 * For records that keep a contact ID across merges: chat handles, call-list entries. No access check.
 */
export async function liveContactId(contactId: string): Promise<string | undefined> {
  let current = contactId;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
    const contact = await loadRaw(current);
    if (!contact) return undefined;
    if (!contact.deletedAt) return current;
    if (!contact.mergedInto) return undefined;
    current = contact.mergedInto;
  }
  return undefined;
}

/**
 * A contact the actor may see and that is not in the trash, else NotFound (never Forbidden:
 * a contact the user may not see answers exactly like a missing one). With `needed: "write"`,
 * a contact the actor may only read is a 403 (they can see it, so nothing leaks).
 */
export async function loadVisible(contactId: string, needed: "read" | "write" = "read"): Promise<StoredContact> {
  return (await loadChecked(contactId, needed)).item;
}

async function loadChecked(contactId: string, needed: "read" | "write"): Promise<{ item: StoredContact; access: ContactAccess }> {
  const actor = useActor();
  const item = await loadRaw(contactId);
  if (!item || item.deletedAt || isExpired(item)) throw new NotFoundError("Contact");
  const access = await contactAccess(actor, item, needed);
  if (!access.read) throw new NotFoundError("Contact");
  // Visibility first, then the role: a contact the user may not see is a 404 on every route.
  if (needed === "write") {
    requireRight(actor, "contacts:update");
    if (!access.write) throw new ForbiddenError("This contact is shared with you read-only.");
  }
  return { item, access };
}

/**
 * Responsible managers must be real, active users (one BatchGetItem); returns their teams.
 * `kept`: the contact's current managers, who stay valid even if deactivated since.
 */
async function requireUsers(userIds: string[], field: string, kept: readonly string[] = []): Promise<string[]> {
  if (userIds.length === 0) return [];
  return teamsOf(await Users.requireAssignable(userIds, (index) => `${field}[${index}]`, { kept }));
}

const teamsOf = (users: { teamId?: string }[]) => [...new Set(users.flatMap((user) => (user.teamId ? [user.teamId] : [])))].sort();

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

/**
 * The index composites an update does NOT set, as they are stored. ElectroDB needs them to
 * rebuild index keys, and it turns every composite into a condition (`attr = :value`), so
 * passing a new value here (a new primary owner, another company) would make the write fail.
 */
const unchangedComposites = (current: Pick<Contact, "companyId">, set: Record<string, unknown>, remove: string[]) => ({
  scope: "contacts",
  ...(current.companyId && !("companyId" in set) && !remove.includes("companyId") ? { companyId: current.companyId } : {}),
});

// ---------------------------------------------------------------------------------------------
// Create.

type CreateFields = v.InferOutput<typeof CreateContactInput>;

/** How `insert` is asked to create a contact (also what the import's batch path builds from). */
export interface InsertOptions {
  ownerIds: string[];
  teamIds: string[];
  source: Contact["source"];
  sourceName?: string;
  activitySource: Record<string, unknown>;
  requireCustom: boolean;
  contactId?: string;
}
export type InsertFields = Omit<CreateFields, "source">;

/**
 * The contact `insert` writes, not yet written: reads only the company (if linked) and the
 * cached custom-field definitions. Shared with the import's batch path (batch-create.ts), so
 * both write exactly the same contact.
 */
export async function buildNewContact(fields: InsertFields, options: InsertOptions, now: Date): Promise<{ contact: Contact; definitions: LiveDefinitions }> {
  const { phones: phoneInput, emails: emailInput, companyId, custom, displayName: typedName, sharing, ...rest } = fields;
  // Definitions (cached) and the company, in parallel: a warm create is one TransactWriteItems.
  const [company, customValues] = await Promise.all([
    companyId ? resolveCompany(companyId) : undefined,
    validateCustomValues(custom as Record<string, CustomValue | null> | undefined, { partial: !options.requireCustom }),
  ]);
  const contact: Contact = {
    ...defined(rest),
    contactId: options.contactId ?? ulid(),
    displayName: "",
    nameSource: typedName ? "manual" : options.sourceName ? "source" : "rules",
    phones: arrangePhones(phoneInput ?? []),
    emails: arrangeEmails(emailInput ?? []),
    ownerIds: [...new Set(options.ownerIds)],
    ownerId: options.ownerIds[0]!,
    ...(options.teamIds.length > 0 ? { teamIds: options.teamIds } : {}),
    sharing: sharing ?? "private",
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
  if (Object.keys(customValues.stored).length > 0) contact.custom = customValues.stored;
  contact.displayName = typedName ?? options.sourceName ?? "";
  Object.assign(contact, resolveName(contact));
  return { contact, definitions: customValues.definitions };
}

/** The index rows a new contact gets; refuses (422) a contact whose create would not fit one transaction. */
export function newContactRowChanges(contact: Contact): RowChanges {
  const indexChanges = rowChanges(undefined, contact);
  requireTransactionFits(2 + lookupRows(contact).length + claimKeysOf(contact).length + audiences(contact).length + tagDeltaCount([], contact.tags), indexChanges, contact);
  return indexChanges;
}

/**
 * A TransactWriteItems whose first items are `claims` (claims.ts): a claim another write changed
 * since it was read is a ClaimLostError (nothing written); other failed conditions are a
 * VersionConflictError, contention on tag counts is retried (versionChecked).
 */
async function claimedWrite(claims: readonly ClaimChange[], write: () => Promise<{ canceled: boolean; data: { rejected: boolean; code?: string }[] }>): Promise<void> {
  await versionChecked(async () => {
    try {
      return committed(await write());
    } catch (error) {
      throw lostClaim(error, claims);
    }
  });
}

/**
 * Writes a new contact with its claims. `check`: the claims the caller's duplicate check read
 * and decided on; a claim changed since is a ClaimLostError, and the caller checks again.
 * Without it (no duplicate policy: the value may be shared) the claims are bumped without a
 * condition (claimWrites): no read, and a concurrent write that did check fails and re-checks.
 */
async function insert(fields: InsertFields, options: InsertOptions, check?: { claims: ClaimSnapshot }): Promise<Contact> {
  const actor = useActor();
  const now = new Date();
  const { contact, definitions } = await buildNewContact(fields, options, now);
  const activity = newActivity(contact.contactId, actor, "created", { source: options.activitySource, text: contact.displayName }, now);
  const { service } = useStorage();
  const indexChanges = newContactRowChanges(contact);
  const claims = claimChanges([{ contactId: contact.contactId, after: claimKeysOf(contact) }]);
  // Claims, contact, lookup, audience and index rows, tag counts and the `created` activity
  // land together or not at all: one TransactWriteItems.
  await claimedWrite(claims, () =>
    service.transaction
      .write((tx) => [
        ...(claimWrites(tx, claims, check?.claims) as never[]),
        tx.contact.create(contact).commit(),
        ...lookupRows(contact).map((row) => tx.contactLookup.put(row).commit()),
        ...audiences(contact).map((row) => tx.contactAudience.put(row).commit()),
        ...(indexWrites(tx, indexChanges) as never[]),
        ...tagCountChanges(tx, "contact", [], contact.tags ?? []),
        tx.activity.create(activity).commit(),
      ])
      .go(),
  );
  return shapeWith(definitions, contact);
}

/** Many writers kept taking the same value first: the caller may simply try again. */
export const tooManyClaimants = () => new ConflictError("Too many simultaneous changes give contacts the same phone, email or handle: try again.");

/** The creator's own contact (`createChecked` passes the claims its duplicate check read). */
export async function createAsUser(input: v.InferOutput<typeof CreateContactInput>, check?: { claims: ClaimSnapshot }): Promise<Contact> {
  const actor = useUser();
  requireRight(actor, "contacts:create");
  const { source, ...fields } = input;
  const contactSource = source ?? { kind: "manual" as const };
  // The creator's team comes from the token (no extra read; see docs/access-patterns.md).
  return insert(fields, { ownerIds: [actor.userId], teamIds: actor.teamId ? [actor.teamId] : [], source: contactSource, activitySource: { ...contactSource }, requireCustom: true }, check);
}

/** A person creates a contact from the contacts page: they become its responsible manager. */
export const create = fn(CreateContactInput, async (input): Promise<Contact> => createAsUser(input));

/**
 * Automatic creation (inbound call, chat, messenger, web form, import). The contact carries a
 * source name ("New contact by call from +79161234567") until a person's name is known. Runs as
 * the system or a user; the responsible managers come from the intake's routing.
 */
export async function createFromSource(input: CreateFromSourceInput, options: { contactId?: string; claims?: ClaimSnapshot } = {}): Promise<Contact> {
  requireRight(useActor(), "contacts:create");
  // Parsed here rather than with `fn` so that bad input is a rejected promise, as callers expect.
  const parsed = parse(CreateFromSourceInput, input);
  // Intake's owners come from standing settings (a route, form, chat source, the import's
  // owner): those stay valid after a deactivation, so a lead is never lost (admins see it).
  const teamIds = await requireUsers(parsed.ownerIds, "ownerIds", parsed.ownerIds);
  const { fields, options: insertOptions } = fromSource(parsed, teamIds, options.contactId);
  // Intake that matched on `options.claims` (intake/matching.ts) learns of a lost race and matches again.
  return insert(fields, insertOptions, options.claims ? { claims: options.claims } : undefined);
}

/** The teams of intake's responsible managers, who must exist (one BatchGetItem); a 400 names an unknown one. */
export const ownerTeams = (ownerIds: string[]) => requireUsers(ownerIds, "ownerIds", ownerIds);

/**
 * Parsed intake input as `insert` takes it (no I/O). `teamIds` are the responsible managers'
 * teams (`ownerTeams`). Throws a ValidationError for input that identifies nobody.
 */
export function fromSource(parsed: v.InferOutput<typeof CreateFromSourceInput>, teamIds: string[], contactId?: string): { fields: InsertFields; options: InsertOptions } {
  const { source, ownerIds, ...fields } = parsed;
  const phones = fields.phones ?? [];
  const emails = fields.emails ?? [];
  // What the source knows becomes a phone or email of the contact, so it can be found by it.
  if ((source.kind === "call" || (source.kind === "form" && source.phone)) && !phones.some((phone) => phone.number === source.phone)) {
    phones.push({ number: source.phone!, type: "mobile" });
  }
  if (source.kind === "form" && source.email && !emails.some((email) => emailKey(typeof email === "string" ? email : email.address) === emailKey(source.email!))) {
    emails.push(source.email);
  }
  // A chat visitor, or an imported person known only by a Telegram handle, is reachable all the same.
  const reachableByHandle = source.kind === "chat" || source.kind === "telegram" || source.kind === "vk" || (source.kind === "import" && Boolean(fields.messengers?.telegram));
  if (!fields.firstName && !fields.lastName && phones.length === 0 && emails.length === 0 && !reachableByHandle) {
    throw new ValidationError([{ field: "body", message: identifyMessage }]);
  }
  const label = "name" in source ? source.name : "formName" in source ? source.formName : "fileName" in source ? source.fileName : undefined;
  const ref = "handle" in source ? source.handle : source.kind === "call" ? source.phone : undefined;
  return {
    fields: { ...fields, phones, emails } as InsertFields,
    options: {
      ownerIds,
      source: { kind: source.kind, ...defined({ label, ref }) },
      teamIds,
      sourceName: sourceName(source),
      activitySource: { ...source },
      // Intake cannot know required custom values; a person fills them in on the card.
      requireCustom: false,
      // A caller-chosen ID makes a retried intake idempotent (imports: one ID per file row);
      // a second create with it fails its condition instead of writing a twin.
      ...(contactId ? { contactId: parseId(contactId) } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Read.

/** The card: contact row + newest activities, from ONE Query on the contact's item collection. */
export async function get(contactId: string): Promise<ContactCard> {
  const actor = useActor();
  requireRight(actor, "contacts:read");
  const id = parseId(contactId);
  // Descending: `$card#contact_1` sorts after every `$card#activity_1#…`, so the contact comes first.
  const page = await readCard(id, CARD_TIMELINE_PAGE + 1);
  const item = page.contact;
  if (!item || item.deletedAt || isExpired(item) || !(await contactAccess(actor, item, "read")).read) throw new NotFoundError("Contact");
  const items = page.activities.sort((a, b) => (a.activityId < b.activityId ? 1 : -1));
  return { ...(await shapedOne(present(item))), timeline: { items, cursor: encodeCursor(page.cursor, timelineContext(id)) } };
}

export const timelineContext = (contactId: string) => `timeline:${contactId}`;

/**
 * The contacts the user may see, newest first. Admins page the `all` index. Everyone else gets
 * a merge of their audiences (own contacts; a manager also their team's) and the shared
 * contacts: see `listVisible` in listing.ts.
 */
export async function list(input: v.InferInput<typeof ListContactsInput>): Promise<{ items: Contact[]; cursor: string | null }> {
  const actor = useUser();
  requireRight(actor, "contacts:read");
  const { limit, cursor } = parse(ListContactsInput, input);
  if (roleHas(actor.role, "contacts:readAll")) {
    const { service } = useStorage();
    const context = "contacts:all";
    const page = await service.entities.contact.query.all({ scope: "contacts" }).go({ limit, cursor: decodeCursor(cursor, context) ?? null, order: "desc" });
    return { items: await shaped((page.data as StoredContact[]).map(present)), cursor: encodeCursor(page.cursor, context) };
  }
  const sources = [`owner:${actor.userId}`, ...(actor.role === "manager" && actor.teamId ? [`team:${actor.teamId}`] : [])];
  const page = await listVisible(sources, { limit, cursor: cursor ?? null, context: `contacts:visible:${sources.join(",")}` });
  return { items: await shaped((page.items as unknown as StoredContact[]).map(present)), cursor: page.cursor };
}

/** A company's live contacts, paged (byCompany on gsi4). For the company card. */
export async function listByCompany(companyId: string, input: v.InferInput<typeof ListContactsInput>): Promise<{ items: Contact[]; cursor: string | null }> {
  const actor = useActor();
  requireRight(actor, "contacts:read");
  if (!v.is(UlidField, companyId)) throw new ValidationError([{ field: "companyId", message: "Not a valid company ID." }]);
  const { limit, cursor } = parse(ListContactsInput, input);
  const context = `contacts:company:${companyId}`;
  const page = await pageOfCompany(companyId, { limit, cursor: decodeCursor(cursor, context) ?? null });
  return { items: page.items, cursor: encodeCursor(page.cursor, context) };
}

/**
 * One page of a company's live contacts that the actor may see, with the raw (unsigned)
 * ElectroDB cursor: what the company module's `contactsOfCompany` hook takes (it signs the
 * cursor itself). Contacts the actor may not see are left out, so a page can hold fewer than
 * `limit` items while the cursor still leads on; none is skipped or repeated.
 */
export async function pageOfCompany(companyId: string, page: { limit: number; cursor: string | null }): Promise<{ items: Contact[]; cursor: string | null }> {
  const actor = useActor();
  requireRight(actor, "contacts:read");
  const { service } = useStorage();
  const result = await service.entities.contact.query
    .byCompany({ companyId })
    .where(({ deletedAt }, { notExists }) => notExists(deletedAt))
    .go({ limit: page.limit, cursor: page.cursor });
  const visible = await readable(actor, (result.data as StoredContact[]).map(present));
  return { items: await shaped(visible), cursor: result.cursor };
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
  const changes = diff<Contact>(present(current), next, trackedFields);
  const sameTeams = (current.teamIds ?? []).join(",") === (next.teamIds ?? []).join(",");
  if (changes.length === 0 && sameTeams) return shapedOne(present(current));
  const now = new Date();
  next.version = current.version + 1;
  next.updatedAt = now.toISOString();
  next.ownerId = next.ownerIds[0]!;
  if (next.teamIds?.length === 0) delete next.teamIds;

  // `sharing` always goes along so ElectroDB re-evaluates the sparse byShare condition.
  const set: Record<string, unknown> = { version: next.version, updatedAt: next.updatedAt, nameSource: next.nameSource, ownerId: next.ownerId, sharing: next.sharing };
  const remove: string[] = [];
  for (const { field } of changes) {
    const value = next[field as keyof Contact];
    if (value === undefined) remove.push(field);
    else set[field] = value;
  }
  if (!sameTeams) {
    if (next.teamIds) set.teamIds = next.teamIds;
    else remove.push("teamIds");
  }
  const [currentRows, nextRows] = [lookupRows(current), lookupRows(next)];
  const rowKey = (row: LookupRow) => `${row.kind}:${row.value}`;
  const ownerMoved = current.ownerId !== next.ownerId;
  // A name row is rewritten when the whole name it carries changed (same token, new surname).
  const added = nextRows.filter((row) => ownerMoved || !currentRows.some((old) => rowKey(old) === rowKey(row) && old.name === row.name));
  const dropped = currentRows.filter((row) => !nextRows.some((now) => rowKey(now) === rowKey(row)));
  const [audienceWas, audienceNow] = [audiences(present(current)), audiences(next)].map((rows) => new Set(rows.map((row) => row.audience)));
  const joined = [...audienceNow!].filter((audience) => !audienceWas!.has(audience));
  const left = [...audienceWas!].filter((audience) => !audienceNow!.has(audience));
  const activity = changes.length > 0 ? newActivity(next.contactId, actor, "updated", defined({ changes: await readableChanges(changes), text: options.text }), now) : undefined;
  const expected = current.version;
  const indexChanges = rowChanges(present(current), next);
  const claimCount = claimChanges([{ contactId: next.contactId, before: claimKeysOf(current), after: claimKeysOf(next) }]).length;
  requireTransactionFits(
    1 + added.length + dropped.length + claimCount + joined.length + left.length + tagDeltaCount(current.tags, next.tags) + (activity ? 1 : 0),
    indexChanges,
    next,
  );

  const { service } = useStorage();
  // A value the contact gains is claimed on the version read now; others who hold it are queued as pairs.
  const claims = claimChanges([{ contactId: next.contactId, before: claimKeysOf(current), after: claimKeysOf(next) }]);
  const snapshot = await claimedTransaction(claims, (snapshot) =>
    service.transaction
      .write((tx) => [
        ...(claimWrites(tx, claims, snapshot) as never[]),
        tx.contact
          .patch({ contactId: next.contactId })
          .set(set as never)
          .remove(remove as never)
          .composite(unchangedComposites(current, set, remove) as never)
          .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, expected)} AND ${notExists(deletedAt)}`)
          .commit(),
        ...added.map((row) => tx.contactLookup.put(row).commit()),
        ...dropped.map((row) => tx.contactLookup.delete(row).commit()),
        ...joined.map((audience) => tx.contactAudience.put({ audience, contactId: next.contactId }).commit()),
        ...left.map((audience) => tx.contactAudience.delete({ audience, contactId: next.contactId }).commit()),
        ...(indexWrites(tx, indexChanges) as never[]),
        ...tagCountChanges(tx, "contact", current.tags ?? [], next.tags ?? []),
        ...(activity ? [tx.activity.create(activity).commit()] : []),
      ])
      .go(),
  );
  await queueHolders(next.contactId, snapshot, claims);
  return shapedOne(present(next));
}

/**
 * A write that gives a contact values others may hold (update, restore, merge, undo): the
 * claims are read, the transaction is conditioned on them, and a claim another write took
 * meanwhile is read again and the transaction retried (the duplicate policy of these writes is
 * to queue the pair, never to refuse). Returns the snapshot the committed write was checked on.
 */
export async function claimedTransaction(
  claims: readonly ClaimChange[],
  write: (snapshot: ClaimSnapshot) => Promise<{ canceled: boolean; data: { rejected: boolean; code?: string }[] }>,
): Promise<ClaimSnapshot> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await readClaims(keysToRead(claims));
    try {
      await claimedWrite(claims, () => write(snapshot));
      return snapshot;
    } catch (error) {
      if (!(error instanceof ClaimLostError)) throw error;
      if (attempt >= CLAIM_ATTEMPTS) throw tooManyClaimants();
      await claimBackoff(attempt);
    }
  }
}

/** The other holders of values `contactId` just gained go to the admins' duplicate queue. */
export async function queueHolders(contactId: string, snapshot: ClaimSnapshot, claims: readonly ClaimChange[], except: readonly string[] = []): Promise<void> {
  const others = otherHolders(snapshot, claims, contactId).filter((holder) => !except.includes(holder.contactId));
  if (others.length === 0) return;
  await queuePairs(contactId, others.map(({ contactId: holder, on }) => ({ contactId: holder, strength: "strong" as const, on: on.map((key) => ({ signal: key.kind, value: key.value })) })));
}

/** Custom values in an activity by key, as people read them (stored by field ID). */
async function readableChanges(changes: FieldChange[]): Promise<FieldChange[]> {
  if (!changes.some((change) => change.field === "custom")) return changes;
  const definitions = await contactDefinitions();
  const byKey = (value: unknown) => (value && typeof value === "object" ? presentCustomValues(definitions, value as StoredCustomValues) : value);
  return changes.map((change) => (change.field === "custom" ? { ...change, before: byKey(change.before), after: byKey(change.after) } : change));
}

export async function update(contactId: string, expectedVersion: number, input: UpdateContactInput): Promise<Contact> {
  const id = parseId(contactId);
  const changes = parse(UpdateContactInput, input);
  const { item: current, access } = await loadChecked(id, "write");
  if ((changes.ownerIds !== undefined || changes.sharing !== undefined) && !access.manage) {
    throw new ForbiddenError("Only the contact's responsible managers, their team's managers and admins may change who is responsible for it or how it is shared.");
  }
  if (current.version !== expectedVersion) throw new VersionConflictError(current.version);

  const next: Contact = structuredClone(present(current));
  const { phones, emails, custom, companyId, ownerIds, displayName: typedName, sharing, ...simple } = changes;
  if (sharing !== undefined) next.sharing = sharing ?? "private";
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
  // Values are checked against the definitions when sent; a record with values also drops
  // those of removed definitions. `custom: null` clears every value (required ones refuse).
  if (custom !== undefined || (current.custom && Object.keys(current.custom).length > 0)) {
    const { stored } = await validateCustomValues(
      custom === null ? {} : (custom as Record<string, CustomValue | null> | undefined),
      custom === null ? { partial: false } : { partial: true, current: current.custom as StoredCustomValues | undefined },
    );
    if (Object.keys(stored).length > 0) next.custom = stored;
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
    next.teamIds = await requireUsers(unique, "ownerIds", current.ownerIds);
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
  return shapedOne(present(item));
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
  const current = await loadVisible(contactId, "write");
  const next = structuredClone(present(current));
  if (photo) next.photo = photo;
  else delete next.photo;
  return commitChange(current, next);
}

// ---------------------------------------------------------------------------------------------
// Trash.

/**
 * To the trash: list keys and lookup rows go, the contact row stays restorable for 30 days and
 * a `deleted` activity is written in the same transaction, with the trash expiry job that gives
 * every other row of the contact (its timeline, …) the same `expiresAt` (trash.ts). When the
 * transaction has no room for the job row, an `early` job is written just before it.
 */
export async function remove(contactId: string): Promise<void> {
  const actor = useActor();
  const id = parseId(contactId);
  const current = await loadVisible(id);
  requireRight(actor, "contacts:delete");
  const now = clockNow();
  const deletedAt = now.toISOString();
  const expiresAt = Math.floor(now.getTime() / 1000) + TRASH_RETENTION_DAYS * 24 * 3600;
  const activity = newActivity(id, actor, "deleted", {}, now);
  const indexChanges = rowChanges(present(current), undefined);
  // The contact leaves the holders of its values (no read needed: removing never waits).
  const claims = claimChanges([{ contactId: id, before: claimKeysOf(current) }]);
  const items = 2 + lookupRows(current).length + claims.length + audiences(current).length + rowChangeCount(indexChanges) + tagDeltaCount(current.tags, []);
  const jobInTransaction = items + 1 <= MAX_TRANSACTION_ITEMS;
  const job = expiryJob(id, deletedAt, expiresAt, { early: !jobInTransaction });
  if (!jobInTransaction) await writeJob(job);
  const { service } = useStorage();
  await versionChecked(async () =>
    committed(await service.transaction
      .write((tx) => [
        ...(claimWrites(tx, claims) as never[]),
        tx.contact
          .patch({ contactId: id })
          .set({ deletedAt, expiresAt, version: current.version + 1, updatedAt: deletedAt, sharing: current.sharing ?? "private" })
          .composite(indexComposites(current) as never)
          .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, current.version)} AND ${notExists(deletedAt)}`)
          .commit(),
        ...lookupRows(current).map((row) => tx.contactLookup.delete(row).commit()),
        ...audiences(current).map((row) => tx.contactAudience.delete(row).commit()),
        ...(indexWrites(tx, indexChanges) as never[]),
        ...tagCountChanges(tx, "contact", current.tags ?? [], []),
        tx.activity.create(activity).commit(),
        ...(jobInTransaction ? [tx.job.create(job as never).commit()] : []),
      ])
      .go()),
  );
  await Jobs.enqueueQuietly(job.jobId);
}

export const BULK_DELETE_MAX = 100;
export const BulkDeleteInput = v.strictObject(
  {
    contactIds: v.pipe(
      v.array(v.string("Must be a contact ID."), "Must be a list of contact IDs."),
      v.minLength(1, "Name at least one contact."),
      v.maxLength(BULK_DELETE_MAX, `At most ${BULK_DELETE_MAX} contacts at once.`),
    ),
  },
  "Unknown field: leave it out.",
);
export type BulkDeleteInput = v.InferInput<typeof BulkDeleteInput>;
export type BulkDeleteOutcome = { contactId: string; status: "deleted" | "not-found" };

/**
 * Admins delete up to 100 contacts at once: each goes to the trash in its own transaction (as
 * a single delete does), a few at a time. Reported per ID, in the order given: `deleted`, or
 * `not-found` (unknown, malformed, or already in the trash). A contact changed by someone else
 * between the read and the write is read again and deleted.
 */
export async function removeMany(input: BulkDeleteInput): Promise<{ results: BulkDeleteOutcome[] }> {
  const actor = useUser();
  requireRight(actor, "contacts:delete");
  const { contactIds } = parse(BulkDeleteInput, input);
  const unique = [...new Set(contactIds)];
  const outcomes = new Map<string, BulkDeleteOutcome["status"]>();
  const deleteOne = async (contactId: string): Promise<BulkDeleteOutcome["status"]> => {
    if (!v.is(UlidField, contactId)) return "not-found";
    for (let attempt = 0; ; attempt++) {
      try {
        await remove(contactId);
        return "deleted";
      } catch (error) {
        if (error instanceof NotFoundError) return "not-found";
        if (!(error instanceof VersionConflictError) || attempt >= 4) throw error;
      }
    }
  };
  for (let index = 0; index < unique.length; index += 10) {
    const batch = unique.slice(index, index + 10);
    const statuses = await Promise.all(batch.map(deleteOne));
    batch.forEach((contactId, position) => outcomes.set(contactId, statuses[position]!));
  }
  return { results: contactIds.map((contactId) => ({ contactId, status: outcomes.get(contactId)! })) };
}

/**
 * A user moved to another team (or none): every contact they are responsible for gets its
 * `teamIds` (and team audience rows) recomputed from its responsible managers' current teams.
 * Pages the user's `owner:` audience rows; one BatchGetItem of users and one transaction per
 * contact whose teams change.
 */
export async function refreshOwnerTeams(userId: string): Promise<{ updated: number }> {
  const { service } = useStorage();
  let updated = 0;
  let cursor: string | null = null;
  await withActor({ type: "system", reason: "team" }, async () => {
    do {
      const page: { data: { contactId: string }[]; cursor: string | null } = await service.entities.contactAudience.query.primary({ audience: `owner:${userId}` }).go({ limit: 50, cursor });
      for (const { contactId } of page.data) {
        const current = await loadRaw(contactId);
        if (!current || current.deletedAt) continue;
        const teamIds = teamsOf(await Users.getMany(current.ownerIds));
        const result = await systemChange(contactId, (contact) => {
          contact.teamIds = teamIds;
        });
        if (result) updated++;
      }
      cursor = page.cursor;
    } while (cursor);
  });
  return { updated };
}

/**
 * Back from the trash: the row loses `deletedAt` and `expiresAt`, lookup, audience and index
 * rows and tag counts come back, with a `restored` activity and the restore job that takes the
 * expiry off every other row of the contact (trash.ts), in one transaction.
 */
export async function restore(contactId: string): Promise<Contact> {
  const actor = useActor();
  const id = parseId(contactId);
  const current = await loadRaw(id);
  if (!current || !(await contactAccess(actor, current, "read")).read) throw new NotFoundError("Contact");
  requireRight(actor, "contacts:restore");
  if (!current.deletedAt) return shapedOne(present(current));
  if (current.mergedInto) {
    throw new ConflictError(`This contact was merged into ${current.mergedInto}: undo the merge (POST /v1/merges/${current.mergeId}/undo) to get it back.`);
  }
  if (isExpired(current)) {
    throw new GoneError("This contact left the trash for good after 30 days and cannot be restored.");
  }
  const now = clockNow();
  const restored: Contact = { ...present(current), version: current.version + 1, updatedAt: now.toISOString() };
  delete restored.deletedAt;
  const activity = newActivity(id, actor, "restored", {}, now);
  const indexChanges = rowChanges(undefined, restored);
  // Its values come back to it: claimed like an update's, and anyone who took them meanwhile is queued as a pair.
  const claims = claimChanges([{ contactId: id, after: claimKeysOf(restored) }]);
  const items = 2 + lookupRows(current).length + claims.length + audiences(restored).length + tagDeltaCount([], restored.tags);
  requireTransactionFits(items, indexChanges, restored);
  const jobInTransaction = items + 1 + rowChangeCount(indexChanges) <= MAX_TRANSACTION_ITEMS;
  const job = restoreJob(id, { early: !jobInTransaction });
  if (!jobInTransaction) await writeJob(job);
  const { service } = useStorage();
  const snapshot = await claimedTransaction(claims, (snapshot) =>
    service.transaction
      .write((tx) => [
        ...(claimWrites(tx, claims, snapshot) as never[]),
        tx.contact
          .patch({ contactId: id })
          .set({ version: restored.version, updatedAt: restored.updatedAt, sharing: restored.sharing })
          .remove(["deletedAt", "expiresAt"])
          .composite(indexComposites(current) as never)
          .where(({ version }, { eq }) => eq(version, current.version))
          .commit(),
        ...lookupRows(current).map((row) => tx.contactLookup.put(row).commit()),
        ...audiences(restored).map((row) => tx.contactAudience.put(row).commit()),
        ...(indexWrites(tx, indexChanges) as never[]),
        ...tagCountChanges(tx, "contact", [], restored.tags ?? []),
        tx.activity.create(activity).commit(),
        ...(jobInTransaction ? [tx.job.create(job as never).commit()] : []),
      ])
      .go(),
  );
  await Jobs.enqueueQuietly(job.jobId);
  await queueHolders(id, snapshot, claims);
  return shapedOne(restored);
}

/** The admins' trash, newest deletion first; entries past their 30 days are gone already. */
export async function listTrash(input: v.InferInput<typeof ListContactsInput>): Promise<{ items: Contact[]; cursor: string | null }> {
  const actor = useUser();
  requireRight(actor, "contacts:restore");
  const { limit, cursor } = parse(ListContactsInput, input);
  const { service } = useStorage();
  const nowSeconds = Math.floor(nowMs() / 1000);
  const page = await service.entities.contact.query
    .trash({ scope: "contacts" })
    .where(({ expiresAt }, { gt }) => gt(expiresAt, nowSeconds))
    .go({ limit, cursor: decodeCursor(cursor, "contacts:trash") ?? null, order: "desc" });
  return { items: await shaped((page.data as StoredContact[]).map(present)), cursor: encodeCursor(page.cursor, "contacts:trash") };
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
