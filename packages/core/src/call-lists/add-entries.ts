import { useActor } from "../actor";
import { Contacts } from "../contacts";
import { normalizePhone } from "../contacts/phone";
import { ConflictError, ValidationError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { committed } from "../storage/transaction";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import type { SubjectKind } from "./call-entry.entity";
import { timeZonesFor } from "./call-window";
import { loadDialableCompanies, loadDialableContacts, maySee, type DialableCompany, type DialableContact } from "./contact-bridge";
import { AddEntriesInput, type CallEntry } from "./model";
import { loadManagedList } from "./access";

/** Putting contacts, companies' contacts and companies' own phones on a list: each number checked, duplicates and refusals reported. */

export async function addEntries(listId: string, input: AddEntriesInput) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const list = await loadManagedList(listId);
  if (list.status === "cancelled") throw new ConflictError("This call list was cancelled; make a new one.");
  const parsed = parse(AddEntriesInput, input);
  return insertEntries(list.listId, await requestedSubjects(parsed));
}

/** A contact or a company's own phone to put on the list, with an optional number chosen. */
type RequestedSubject = { kind: SubjectKind; id: string; phone?: string };

/**
 * What a request asks for, in its order: the contacts given, then each company's contacts
 * (`companyIds`, and `companies` with dial "contacts"), and the companies dialed on their own phone.
 */
export async function requestedSubjects(input: {
  entries?: { contactId: string; phone?: string }[];
  companyIds?: string[];
  companies?: { companyId: string; dial: "contacts" | "companyPhone"; phone?: string }[];
}): Promise<RequestedSubject[]> {
  const choices = input.companies ?? [];
  const byContacts = [...(input.companyIds ?? []), ...choices.filter((choice) => choice.dial === "contacts").map((choice) => choice.companyId)];
  return [
    ...(input.entries ?? []).map((entry) => ({ kind: "contact" as const, id: entry.contactId, phone: entry.phone })),
    ...(await contactsOfCompanies([...new Set(byContacts)])).map((entry) => ({ kind: "contact" as const, id: entry.contactId })),
    ...choices.filter((choice) => choice.dial === "companyPhone").map((choice) => ({ kind: "company" as const, id: choice.companyId, phone: choice.phone })),
  ];
}

const MAX_COMPANY_CONTACTS = 5000;

/** Every contact of these companies the user may see (paged through byCompany), as entries. */
async function contactsOfCompanies(companyIds: string[]): Promise<{ contactId: string }[]> {
  const entries: { contactId: string }[] = [];
  for (const companyId of companyIds) {
    let cursor: string | undefined;
    do {
      const page = await Contacts.listByCompany(companyId, { limit: 50, cursor });
      entries.push(...page.items.map((contact) => ({ contactId: contact.contactId })));
      cursor = page.cursor ?? undefined;
      if (entries.length > MAX_COMPANY_CONTACTS) {
        throw new ValidationError([{ field: "companyIds", message: `These companies have more than ${MAX_COMPANY_CONTACTS} contacts; add them in smaller groups.` }]);
      }
    } while (cursor);
  }
  return entries;
}

type RejectReason = "not-found" | "duplicate" | "phone-not-on-contact" | "phone-not-on-company";
type RejectedEntry = { contactId: string; reason: RejectReason } | { companyId: string; reason: RejectReason };

const rejectedOf = (subject: RequestedSubject, reason: RejectReason): RejectedEntry =>
  subject.kind === "company" ? { companyId: subject.id, reason } : { contactId: subject.id, reason };

/**
 * One entry per contact or company (its entry ID is the subject's ID, so neither is ever queued
 * twice; ULIDs of contacts and companies never collide). Entries land in transactions of up to
 * 99 with the list's counters, so counts stay exact.
 */
export async function insertEntries(listId: string, requested: RequestedSubject[]) {
  const actor = useActor();
  const firstIndex = (subject: RequestedSubject) => requested.findIndex((other) => other.id === subject.id);
  const unique = requested.filter((subject, index) => firstIndex(subject) === index);
  const [contacts, companies] = await Promise.all([
    loadDialableContacts(unique.filter((subject) => subject.kind === "contact").map((subject) => subject.id)),
    loadDialableCompanies(unique.filter((subject) => subject.kind === "company").map((subject) => subject.id)),
  ]);
  const { service } = useStorage();
  const rejected: RejectedEntry[] = requested
    .filter((subject, index) => firstIndex(subject) !== index)
    .map((subject) => rejectedOf(subject, "duplicate"));

  // Already on the list? (BatchGet by key: one request per 100.)
  const existing = new Set<string>();
  for (let index = 0; index < unique.length; index += 100) {
    const keys = unique.slice(index, index + 100).map((subject) => ({ listId, entryId: subject.id }));
    const found = await service.entities.callEntry.get(keys).go({ preserveBatchOrder: false });
    for (const item of found.data) if (item) existing.add(item.entryId);
  }

  const base = now().getTime();
  const rows: CallEntry[] = [];
  for (const [position, subject] of unique.entries()) {
    const dialable: DialableContact | DialableCompany | undefined = subject.kind === "company" ? companies.get(subject.id) : contacts.get(subject.id);
    // Not there, in the trash, or not visible to this user: all the same "not found".
    if (!dialable || dialable.deleted || !maySee(actor, dialable)) {
      rejected.push(rejectedOf(subject, "not-found"));
      continue;
    }
    if (existing.has(subject.id)) {
      rejected.push(rejectedOf(subject, "duplicate"));
      continue;
    }
    let phone = dialable.phones[0];
    if (subject.phone !== undefined) {
      const chosen = safeNormalize(subject.phone);
      if (!chosen || !dialable.phones.includes(chosen)) {
        rejected.push(rejectedOf(subject, subject.kind === "company" ? "phone-not-on-company" : "phone-not-on-contact"));
        continue;
      }
      phone = chosen;
    }
    const timestamp = new Date(base).toISOString();
    const isContact = "contactId" in dialable;
    rows.push({
      listId,
      entryId: subject.id,
      subjectKind: subject.kind,
      ...(isContact ? { contactId: dialable.contactId } : {}),
      contactName: dialable.displayName,
      phone,
      // A company has no time zone of its own: its number's zones decide the window.
      timeZones: await timeZonesFor(isContact ? dialable.timeZone : undefined, phone),
      status: phone ? "pending" : "skipped",
      skipReason: phone ? undefined : "no-phone",
      // Milliseconds apart, so the list is dialed in the order it was given.
      dueAt: new Date(base + position).toISOString(),
      attempts: 0,
      operatorId: "none",
      createdAt: timestamp,
      updatedAt: timestamp,
    });
  }

  for (let index = 0; index < rows.length; index += 99) {
    const chunk = rows.slice(index, index + 99);
    const pending = chunk.filter((row) => row.status === "pending").length;
    committed(
      await service.transaction
        .write(({ callEntry, callList }) => [
          ...chunk.map((row) => callEntry.create(row).commit()),
          callList
            .patch({ listId })
            .add({ total: chunk.length, pending, skipped: chunk.length - pending })
            .set({ updatedAt: now().toISOString() })
            .commit(),
        ])
        .go(),
    );
  }
  return { added: rows.length, rejected };
}

function safeNormalize(phone: string): string | undefined {
  const check = normalizePhone(phone);
  return check.ok ? check.e164 : undefined;
}
