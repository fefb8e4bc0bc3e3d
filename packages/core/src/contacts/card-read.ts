import { QueryCommand } from "../storage/libraries";
import { useStorage, type Storage } from "../storage";
import type { Activity } from "../timeline/activity";
import type { StoredContact } from "./model";

/**
 * The card's one Query (contact row + newest activities of its item collection), sent without
 * ElectroDB's per-call chain building: the card is the hottest read, and building the
 * collection chain cost as much CPU as the rest of the request. The parameters are ElectroDB's
 * own (built once per table with a sample ID, then only the partition key changes); the items
 * are formatted by each entity's own `parse`, and the cursor is ElectroDB's format, so the
 * timeline's next page (an ElectroDB query) takes it. `contacts-storage.test.ts` holds the result equal
 * to `service.collections.card(...).go(...)`.
 */
export interface CardPage {
  contact: StoredContact | undefined;
  /** Newest first. */
  activities: Activity[];
  /** ElectroDB's cursor for the timeline's next page (unsigned), or null. */
  cursor: string | null;
}

const SAMPLE_ID = "01AAAAAAAAAAAAAAAAAAAAAAAA";
type QueryParams = { ExpressionAttributeValues: Record<string, unknown> } & Record<string, unknown>;
const templates = new WeakMap<Storage, Map<number, { params: QueryParams; pkPrefix: string }>>();

function templateFor(storage: Storage, limit: number) {
  let byLimit = templates.get(storage);
  if (!byLimit) templates.set(storage, (byLimit = new Map()));
  let template = byLimit.get(limit);
  if (!template) {
    const params = storage.service.collections.card({ contactId: SAMPLE_ID }).params<QueryParams>({ order: "desc", limit });
    const pk = String(params.ExpressionAttributeValues[":pk"]);
    // ElectroDB lowercases key values; if that ever changes, fail loudly rather than miss rows.
    const suffix = SAMPLE_ID.toLowerCase();
    if (!pk.endsWith(suffix)) throw new Error(`Unexpected card key shape: ${pk}`);
    template = { params, pkPrefix: pk.slice(0, -suffix.length) };
    byLimit.set(limit, template);
  }
  return template;
}

/** One Query: the contact row (if any) and up to `limit - 1` newest activities. */
export async function readCard(contactId: string, limit: number): Promise<CardPage> {
  const storage = useStorage();
  const { params, pkPrefix } = templateFor(storage, limit);
  const request = { ...params, ExpressionAttributeValues: { ...params.ExpressionAttributeValues, ":pk": pkPrefix + contactId.toLowerCase() } };
  const response = await storage.clients.doc.send(new QueryCommand(request as never));
  const items = response.Items ?? [];
  const { contact, activity } = storage.service.entities;
  const contacts = contact.parse({ Items: items }, { ignoreOwnership: false }).data as unknown as StoredContact[];
  const activities = activity.parse({ Items: items }, { ignoreOwnership: false }).data as unknown as Activity[];
  const lastKey = response.LastEvaluatedKey;
  return { contact: contacts[0], activities, cursor: lastKey ? Buffer.from(JSON.stringify(lastKey)).toString("base64url") : null };
}
