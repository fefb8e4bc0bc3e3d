import { useStorage } from "../storage";

/** BatchGetItem takes at most 100 keys. */
const BATCH = 100;

/**
 * Which of `contactIds` are entries of a call list the operator is assigned to. Read-only over
 * the call-list entities: the operator's lists from `callListOperator.byOperator` (gsi1, one
 * Query: an operator works a handful of lists), then the entries `(listId, entryId = contactId)`
 * in one BatchGetItem per 100 keys. For one contact and up to 100 lists: two requests.
 */
export async function operatorReachable(operatorId: string, contactIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (contactIds.length === 0) return found;
  const { service } = useStorage();
  const lists = await service.entities.callListOperator.query.byOperator({ operatorId }).go({ pages: "all", attributes: ["listId"] });
  const keys = lists.data.flatMap(({ listId }) => [...new Set(contactIds)].map((contactId) => ({ listId, entryId: contactId })));
  for (let index = 0; index < keys.length; index += BATCH) {
    let batch = keys.slice(index, index + BATCH);
    // DynamoDB may leave keys unprocessed under load; ask again for those.
    for (let attempt = 0; batch.length > 0 && attempt < 5; attempt++) {
      const entries = await service.entities.callEntry.get(batch).go({ attributes: ["contactId"] });
      // Company entries (entryId = a company ID) never match a contact ID; they carry no contactId.
      for (const entry of entries.data) if (entry?.contactId) found.add(entry.contactId);
      batch = entries.unprocessed as typeof batch;
    }
  }
  return found;
}
