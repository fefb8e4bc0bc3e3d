import { withActor } from "../actor";
import type { Sharing } from "../contacts/access";
import { Contacts } from "../contacts";
import { useStorage } from "../storage";
import { Timeline } from "../timeline";

/**
 * The call-list engine's view of a contact: what it needs to decide whether and where to dial,
 * and the card notes it leaves. The only place the engine touches the contact model.
 */
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
  };
}

/** A line on the contact's card (timeline). */
export type CardNote =
  | { kind: "call"; text: string; listId: string; listName: string; outcome: string; attempt: number; maxAttempts: number; phone: string }
  | { kind: "note"; text: string };

/** Writes the note on the card; a contact deleted meanwhile simply gets none. */
export async function noteOnCard(contactId: string, note: CardNote): Promise<void> {
  const input =
    note.kind === "call"
      ? {
          kind: "call" as const,
          text: note.text,
          call: { outcome: note.outcome, callListId: note.listId, callListName: note.listName, attempt: note.attempt, maxAttempts: note.maxAttempts, direction: "outbound" as const, phone: note.phone },
        }
      : { kind: "note" as const, text: note.text };
  await withActor({ type: "system", reason: "call list" }, () => Timeline.record(contactId, input)).catch((error: Error) => {
    if (error.name !== "NotFoundError") throw error;
  });
}

/** The operator's "do not call" disposition sets the contact's flag (with its own activity). */
export async function markDoNotCall(contactId: string, reason: string): Promise<void> {
  await Contacts.setDoNotCall(contactId, reason);
}
