/**
 * The contact as the API and the domain see it: its types, the constants of the feature, how a
 * stored row is presented (custom values by key) and the channel rules (one primary phone and
 * email, deduplicated). No I/O but the cached custom-field definitions.
 */
import * as v from "valibot";
import { type Activity } from "../timeline/activity";
import { type Sharing } from "./access";
import { type CompanySummary } from "./company";
import { nowMs } from "../runtime/clock";
import type { contactMethods, contactTypes, phoneTypes, sourceKinds } from "./contact.entity";
import { contactDefinitions, presentCustomValues, type CustomValue } from "./custom";
import type { LiveDefinitions, StoredCustomValues } from "../custom-fields";
import { type NameSource } from "./naming";


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
export const trackedFields = [
  "displayName", "firstName", "lastName", "middleName", "birthday", "position", "phones", "emails", "messengers",
  "address", "website", "socialLinks", "comment", "tags", "contactType", "currency", "custom", "ownerIds",
  "doNotCall", "doNotEmail", "preferredContactMethod", "active", "timeZone", "companyId", "company", "photo", "sharing",
] as const satisfies readonly (keyof Contact)[];

/** Fields with a default instead of "absent": `null` in an update resets them. */
export const defaults = { doNotCall: false, doNotEmail: false, preferredContactMethod: "any", active: true } as const;

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
export async function shaped<T extends Contact>(items: T[]): Promise<T[]> {
  if (!items.some((item) => item.custom && Object.keys(item.custom).length > 0)) return items;
  const definitions = await contactDefinitions();
  return items.map((item) => shapeWith(definitions, item));
}

export function shapeWith<T extends Contact>(definitions: LiveDefinitions, item: T): T {
  if (!item.custom) return item;
  const custom = presentCustomValues(definitions, item.custom as StoredCustomValues);
  const out = { ...item, custom };
  if (Object.keys(custom).length === 0) delete (out as Partial<Contact>).custom;
  return out;
}

export const shapedOne = async <T extends Contact>(item: T): Promise<T> => (await shaped([item]))[0]!;

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

export const arrangePhones = (phones: PhoneInput[], previous: Phone[] = []): Phone[] =>
  arrangePrimary(phones, (phone) => phone.number, previous.map((phone) => ({ key: phone.number, primary: phone.primary }))).map(
    ({ number, type, primary }) => ({ number, type, primary }),
  );

export const emailKey = (address: string) => address.toLowerCase();
export const arrangeEmails = (emails: EmailInput[], previous: Email[] = []): Email[] =>
  arrangePrimary(
    emails.map((email) => (typeof email === "string" ? { address: email } : email)),
    (email) => emailKey(email.address),
    previous.map((email) => ({ key: emailKey(email.address), primary: email.primary })),
  ).map(({ address, primary }) => ({ address, primary }));

export const primaryPhone = (contact: Pick<Contact, "phones">) => contact.phones.find((phone) => phone.primary);
export const primaryEmail = (contact: Pick<Contact, "emails">) => contact.emails.find((email) => email.primary);

export const identifies = (contact: Pick<Contact, "firstName" | "lastName" | "phones" | "emails">) =>
  Boolean(contact.firstName || contact.lastName || contact.phones.length || contact.emails.length);

/** Keys with a value, for ElectroDB's `set` (undefined means "leave out"). */
export const defined = <T extends object>(object: T) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
