import { withActor, type Actor } from "../actor";
import type { Sharing } from "../contacts/access";
import { canSeeContact } from "../contacts/access";
import { Contacts } from "../contacts";
import { canSeeCompany } from "../companies/access";
import { useStorage } from "../storage";
import { noted, noteText, Timeline, type SystemNote } from "../timeline";
import type { SubjectKind } from "./call-entry.entity";
import { blockForDisposition } from "./blocked-numbers";

/**
 * The call-list engine's view of whom an entry calls (its "subject"): a contact, or a company's
 * own phone. What the engine needs to decide whether and where to dial, the card notes it leaves
 * and the do-not-call disposition. The only place the engine touches contacts and companies.
 */
export interface SubjectRef {
  kind: SubjectKind;
  /** The contact's or the company's ID, which is also the entry's ID. */
  id: string;
}

/** The subject of an entry; rows from before company entries existed are contacts. */
export function subjectOf(entry: { entryId: string; subjectKind?: SubjectKind }): SubjectRef {
  return { kind: entry.subjectKind ?? "contact", id: entry.entryId };
}

/** What the engine checks at dial time, the same for both kinds. */
export interface DialableSubject {
  kind: SubjectKind;
  id: string;
  displayName: string;
  /** E.164 numbers, the primary one first. */
  phones: string[];
  /** The contact's flag; companies have none (their "do not call" blocks the number). */
  doNotCall: boolean;
  timeZone?: string;
  deleted: boolean;
}

/** The subject as it is now (dial time): deleted, do-not-call and number checks read this. */
export async function loadDialableSubject(subject: SubjectRef): Promise<DialableSubject | undefined> {
  if (subject.kind === "company") return loadDialableCompany(subject.id);
  let contact = await loadDialableContact(subject.id);
  // Merged since it was listed: the person is now the contact it was merged into (its `id`).
  if (contact?.deleted && contact.mergedInto) {
    const liveId = await Contacts.liveContactId(contact.mergedInto);
    if (liveId) contact = await loadDialableContact(liveId);
  }
  return contact && { kind: "contact", id: contact.contactId, displayName: contact.displayName, phones: contact.phones, doNotCall: contact.doNotCall, timeZone: contact.timeZone, deleted: contact.deleted };
}

/** The skip reason for a deleted subject (such an entry gets no card note: there is no card). */
export const deletedReason = (kind: SubjectKind): "company-deleted" | "contact-deleted" => (kind === "company" ? "company-deleted" : "contact-deleted");

/** A company and its own phones, for the engine. */
export interface DialableCompany extends DialableSubject {
  kind: "company";
  managerIds: string[];
}

type StoredCompany = { companyId: string; name: string; phones: { number: string }[]; managerIds: string[]; deletedAt?: string };

function toDialableCompany(item: StoredCompany): DialableCompany {
  return {
    kind: "company",
    id: item.companyId,
    displayName: item.name,
    // The first phone of a company is its primary one.
    phones: item.phones.map((phone) => phone.number),
    doNotCall: false,
    deleted: Boolean(item.deletedAt),
    managerIds: item.managerIds,
  };
}

async function loadDialableCompany(companyId: string): Promise<DialableCompany | undefined> {
  const { service } = useStorage();
  const result = await service.entities.company.get({ companyId }).go();
  return result.data ? toDialableCompany(result.data as unknown as StoredCompany) : undefined;
}

/** Companies by ID, trashed ones included (marked), one BatchGetItem per 100. */
export async function loadDialableCompanies(companyIds: string[]): Promise<Map<string, DialableCompany>> {
  const { service } = useStorage();
  const found = new Map<string, DialableCompany>();
  for (let index = 0; index < companyIds.length; index += 100) {
    const keys = companyIds.slice(index, index + 100).map((companyId) => ({ companyId }));
    const result = await service.entities.company.get(keys).go({ preserveBatchOrder: false });
    for (const item of result.data as unknown as StoredCompany[]) {
      if (item) found.set(item.companyId, toDialableCompany(item));
    }
  }
  return found;
}

/** Whoever may see the contact (or the company) may put it on a list. */
export function maySee(actor: Actor, subject: DialableContact | DialableCompany): boolean {
  return "contactId" in subject ? canSeeContact(actor, subject) : canSeeCompany(actor, subject);
}

/** The engine's view of a contact (list building reads these in bulk). */
export interface DialableContact {
  contactId: string;
  displayName: string;
  ownerId: string;
  ownerIds: string[];
  teamIds?: string[];
  sharing?: Sharing;
  /** E.164 numbers, the primary one first. */
  phones: string[];
  doNotCall: boolean;
  timeZone?: string;
  deleted: boolean;
  /** Set when the contact was merged into another (it is then in the trash). */
  mergedInto?: string;
}

type StoredContact = {
  contactId: string;
  displayName: string;
  ownerId: string;
  ownerIds?: string[];
  teamIds?: string[];
  sharing?: Sharing;
  phones: { number: string; primary?: boolean }[];
  doNotCall?: boolean;
  timeZone?: string;
  deletedAt?: string;
  mergedInto?: string;
};

/** Contacts by ID, trashed ones included (marked), one BatchGetItem per 100. */
export async function loadDialableContacts(contactIds: string[]): Promise<Map<string, DialableContact>> {
  const { service } = useStorage();
  const found = new Map<string, DialableContact>();
  for (let index = 0; index < contactIds.length; index += 100) {
    const keys = contactIds.slice(index, index + 100).map((contactId) => ({ contactId }));
    const result = await service.entities.contact.get(keys).go({ preserveBatchOrder: false });
    for (const item of result.data as unknown as StoredContact[]) {
      if (item) found.set(item.contactId, toDialable(item));
    }
  }
  return found;
}

/** The contact as it is now (dial time): deleted, do-not-call and number checks read this. */
export async function loadDialableContact(contactId: string): Promise<DialableContact | undefined> {
  const { service } = useStorage();
  const result = await service.entities.contact.get({ contactId }).go();
  return result.data ? toDialable(result.data as unknown as StoredContact) : undefined;
}

function toDialable(item: StoredContact): DialableContact {
  const primaryFirst = [...item.phones].sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)));
  return {
    contactId: item.contactId,
    displayName: item.displayName,
    ownerId: item.ownerId,
    ownerIds: item.ownerIds ?? [item.ownerId],
    teamIds: item.teamIds,
    sharing: item.sharing,
    phones: primaryFirst.map((phone) => phone.number),
    doNotCall: Boolean(item.doNotCall),
    timeZone: item.timeZone,
    deleted: Boolean(item.deletedAt),
    ...(item.mergedInto ? { mergedInto: item.mergedInto } : {}),
  };
}

/**
 * Whom an entry calls now: a contact merged since it was listed is the contact it was merged
 * into. Unchanged for companies, live contacts, and contacts in the trash that were not merged.
 */
export async function currentSubject(subject: SubjectRef): Promise<SubjectRef> {
  if (subject.kind !== "contact") return subject;
  const liveId = await Contacts.liveContactId(subject.id);
  return liveId ? { kind: "contact", id: liveId } : subject;
}

/** A line on the subject's card (the contact's or the company's timeline). */
export type CardNote =
  | {
      kind: "call";
      /** The list-call note (its English rendering becomes the activity's text). */
      note: SystemNote & { kind: "list-call" };
      listId: string;
      listName: string;
      outcome: string;
      attempt: number;
      maxAttempts: number;
      phone: string;
      /** The call-log record and who took (or was reserved for) the call. */
      callId?: string;
      operatorId?: string;
      talkSeconds?: number;
      ringSeconds?: number;
    }
  | { kind: "note"; note: SystemNote };

/**
 * Writes the note on the card; a contact or company deleted meanwhile simply gets none.
 * Returns where it was written (undefined: nowhere), so a call's activity can be amended later.
 */
export async function noteOnCard(subject: SubjectRef, note: CardNote): Promise<Timeline.CallActivityRef | undefined> {
  const input =
    note.kind === "call"
      ? {
          kind: "call" as const,
          ...noted(note.note),
          call: {
            outcome: note.outcome,
            callListId: note.listId,
            callListName: note.listName,
            attempt: note.attempt,
            maxAttempts: note.maxAttempts,
            direction: "outbound" as const,
            phone: note.phone,
            ...(note.callId ? { callId: note.callId } : {}),
            ...(note.operatorId && note.operatorId !== "none" ? { operatorId: note.operatorId } : {}),
            ...(note.talkSeconds !== undefined ? { talkSeconds: note.talkSeconds, durationSeconds: note.talkSeconds } : {}),
            ...(note.ringSeconds !== undefined ? { ringSeconds: note.ringSeconds } : {}),
          },
        }
      : { kind: "note" as const, ...noted(note.note) };
  const write = (to: SubjectRef) => async (): Promise<Timeline.CallActivityRef> => {
    const activity = to.kind === "company" ? await Timeline.recordForCompany(to.id, input) : await Timeline.record(to.id, input);
    return { kind: to.kind, id: to.id, activityId: activity.activityId };
  };
  const ignoreMissing = (error: Error) => {
    if (error.name !== "NotFoundError") throw error;
    return undefined;
  };
  return withActor({ type: "system", reason: "call list" }, async () => {
    try {
      return await write(subject)();
    } catch (error) {
      ignoreMissing(error as Error);
      // Merged since it was listed: the note goes on the contact it was merged into.
      const survivor = await currentSubject(subject);
      if (survivor.id !== subject.id) return write(survivor)().catch(ignoreMissing);
      return undefined;
    }
  });
}

/**
 * The operator's "do not call" disposition. A contact gets its flag (with its own activity); a
 * company has no flag, so the number dialed goes on the organization's blocked numbers, which
 * every list checks at dial time (it also stops any contact sharing that switchboard number).
 */
export async function markDoNotCall(subject: SubjectRef, phone: string | undefined, reason: SystemNote): Promise<void> {
  if (subject.kind === "contact") {
    await Contacts.setDoNotCall((await currentSubject(subject)).id, noteText(reason), reason);
    return;
  }
  if (phone) await blockForDisposition(phone, noteText(reason));
}
