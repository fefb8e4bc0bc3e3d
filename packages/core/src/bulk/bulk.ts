import * as v from "valibot";
import { useActor } from "../actor";
import { CallLists } from "../call-lists";
import { Contacts, type Contact } from "../contacts";
import { UlidField } from "../contacts/fields";
import type { UpdateContactInput } from "../contacts/input";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { tagKey } from "../tags/tags";
import { noted, Timeline } from "../timeline";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import { BulkAction, type BulkOutcome } from "./actions";

export { BulkAction, type BulkOutcome, type BulkStatus } from "./actions";

/** Records a request may name to be applied at once; larger selections run as a background job. */
export const BULK_SYNC_MAX = 100;

export const BulkRequest = v.strictObject(
  {
    action: BulkAction,
    contactIds: v.pipe(
      v.array(v.string("Must be a contact ID."), "Must be a list of contact IDs."),
      v.minLength(1, "Select at least one contact."),
      v.maxLength(BULK_SYNC_MAX, `At most ${BULK_SYNC_MAX} contacts at once.`),
    ),
  },
  "Unknown field: send action and contactIds.",
);
export type BulkRequest = v.InferInput<typeof BulkRequest>;
/** Contacts changed in parallel within one chunk. */
const PARALLEL = 10;

/** Test hook: called before each group of records with how many were handled so far (a crash mid-chunk). */
let beforeGroupHook: ((handled: number) => void) | undefined;
export function setBeforeRecordsHook(hook: typeof beforeGroupHook): void {
  beforeGroupHook = hook;
}

/** Rights the whole action needs (checked once, before any record): deleting is for admins. */
export function requireActionRight(action: BulkAction): void {
  const actor = useActor();
  if (action.type === "delete") requireRight(actor, "contacts:delete");
  else if (action.type === "addToCallList") requireRight(actor, "callLists:manage");
  else requireRight(actor, "contacts:update");
}

/** The change one update-kind action makes to a contact, or undefined when it already holds. */
function changeFor(action: BulkAction, contact: Contact): UpdateContactInput | undefined {
  switch (action.type) {
    case "addTags": {
      const have = new Set(contact.tags?.map(tagKey) ?? []);
      const missing = action.tags.filter((tag) => !have.has(tagKey(tag)));
      return missing.length ? { tags: [...(contact.tags ?? []), ...missing] } : undefined;
    }
    case "removeTags": {
      const drop = new Set(action.tags.map(tagKey));
      const kept = (contact.tags ?? []).filter((tag) => !drop.has(tagKey(tag)));
      return kept.length !== (contact.tags ?? []).length ? { tags: kept } : undefined;
    }
    case "setOwners": {
      const same = action.ownerIds.length === contact.ownerIds.length && action.ownerIds.every((id, index) => contact.ownerIds[index] === id);
      return same ? undefined : { ownerIds: action.ownerIds };
    }
    case "setSharing":
      return contact.sharing === action.sharing ? undefined : { sharing: action.sharing };
    default:
      return undefined;
  }
}

const reasonOf = (error: unknown) => (error instanceof ValidationError ? error.issues.map((issue) => issue.message).join(" ") : (error as Error).message);

/** One contact, as the acting user: their access decides, record by record. */
async function applyToOne(action: BulkAction, contactId: string): Promise<BulkOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (action.type === "delete") {
        await Contacts.remove(contactId);
        return { contactId, status: "applied" };
      }
      const contact = await Contacts.get(contactId);
      const change = changeFor(action, contact);
      if (!change) return { contactId, status: "unchanged" };
      await Contacts.update(contactId, contact.version, change);
      return { contactId, status: "applied" };
    } catch (error) {
      if (error instanceof NotFoundError) return { contactId, status: "not-found" };
      if (error instanceof ForbiddenError) return { contactId, status: "denied", reason: error.message };
      if (error instanceof ValidationError) return { contactId, status: "invalid", reason: reasonOf(error) };
      // Someone changed it between our read and write: read it again and re-decide.
      if (error instanceof VersionConflictError && attempt < 4) continue;
      throw error;
    }
  }
}

/**
 * Adds the contacts to a call list in one request per chunk (the list's own insert: one entry
 * per contact, counters exact), then notes the addition on each added contact's card.
 */
async function addToCallList(listId: string, contactIds: string[]): Promise<BulkOutcome[]> {
  const result = await CallLists.addEntries(listId, { entries: contactIds.map((contactId) => ({ contactId })) });
  const rejected = new Map(result.rejected.flatMap((entry) => ("contactId" in entry ? [[entry.contactId, entry.reason] as const] : [])));
  const list = await CallLists.get(listId);
  const outcomes = contactIds.map((contactId): BulkOutcome => {
    const reason = rejected.get(contactId);
    if (reason === undefined) return { contactId, status: "applied" };
    if (reason === "duplicate") return { contactId, status: "unchanged", reason: "Already on the list." };
    return { contactId, status: "not-found" };
  });
  const added = outcomes.filter((outcome) => outcome.status === "applied");
  for (let index = 0; index < added.length; index += PARALLEL) {
    await Promise.all(
      added.slice(index, index + PARALLEL).map((outcome) => Timeline.record(outcome.contactId, { kind: "note", ...noted({ kind: "added-to-call-list", values: { callListId: list.listId, callListName: list.name } }) })),
    );
  }
  return outcomes;
}

/** A selection of up to 100 contacts, applied now; see `applyToContacts`. */
export async function apply(input: BulkRequest): Promise<{ counts: Record<BulkOutcome["status"], number>; results: BulkOutcome[] }> {
  const { action, contactIds } = parse(BulkRequest, input);
  const results = await applyToContacts(action, contactIds);
  const statuses: BulkOutcome["status"][] = ["applied", "unchanged", "denied", "invalid", "not-found"];
  const counts = Object.fromEntries(statuses.map((status) => [status, results.filter((result) => result.status === status).length])) as Record<BulkOutcome["status"], number>;
  return { counts, results };
}

/**
 * Applies the action to these contacts as the current actor, a few at a time, and reports
 * every record: a record the user may not change is `denied` with the reason, never skipped
 * silently. Each record is its own versioned write with its own timeline entry, and applying
 * an action twice changes nothing the second time (`unchanged`), so a resumed chunk is safe.
 */
export async function applyToContacts(action: BulkAction, contactIds: string[]): Promise<BulkOutcome[]> {
  requireActionRight(action);
  const valid = contactIds.filter((contactId) => v.is(UlidField, contactId));
  const invalid = new Set(contactIds.filter((contactId) => !valid.includes(contactId)));
  const byId = new Map<string, BulkOutcome>([...invalid].map((contactId) => [contactId, { contactId, status: "not-found" as const }]));
  const unique = [...new Set(valid)];

  if (action.type === "addToCallList") {
    for (let index = 0; index < unique.length; index += CallLists.MAX_ENTRIES_PER_REQUEST) {
      for (const outcome of await addToCallList(action.listId, unique.slice(index, index + CallLists.MAX_ENTRIES_PER_REQUEST))) byId.set(outcome.contactId, outcome);
    }
  } else {
    for (let index = 0; index < unique.length; index += PARALLEL) {
      beforeGroupHook?.(index);
      const outcomes = await Promise.all(unique.slice(index, index + PARALLEL).map((contactId) => applyToOne(action, contactId)));
      for (const outcome of outcomes) byId.set(outcome.contactId, outcome);
    }
  }
  return contactIds.map((contactId) => byId.get(contactId)!);
}
