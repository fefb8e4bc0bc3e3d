/**
 * Reading contacts: the card (one Query), the older list paths, a company's contacts, the
 * engine's read without access checks, and who has a phone or email (lookup rows).
 */
import * as v from "valibot";
import { useActor, useUser } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { requireRight, roleHas } from "../users/roles";
import { parse } from "../validation";
import { contactAccess, readable } from "./access";
import { listVisible } from "./listing";
import { UlidField } from "./fields";
import { readCard } from "./card-read";
import { CARD_TIMELINE_PAGE, emailKey, isExpired, ListContactsInput, present, shaped, shapedOne, type Contact, type ContactCard, type StoredContact } from "./model";
import { loadRaw, parseId } from "./rows";

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

/** The contact as the call-list engine needs it (phones, doNotCall, timeZone), or undefined if gone. */
export async function getForEngine(contactId: string): Promise<Contact | undefined> {
  const item = await loadRaw(parseId(contactId));
  if (!item || item.deletedAt) return undefined;
  return shapedOne(present(item));
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
