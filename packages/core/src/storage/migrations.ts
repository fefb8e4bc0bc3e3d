import { useStorage } from ".";
import { appliedMigration, MIGRATION_MARKER } from "./migration-marker";
import { reindexCompanies } from "../companies/reindex";
import { rekeyCompanyRows } from "../companies/rekey";
import { audiences, lookupRows, present, type StoredContact } from "../contacts/contacts";
import { rowChanges } from "../contacts/index-rows";
import { addContactKeysToPairsAndRequests } from "../contacts/trash-keys";
import { claimKeysOf, VALUE_CLAIMS_MIGRATION } from "../contacts/claims";
import { log } from "../runtime/observability";
import { structureLegacyNotes } from "../timeline/legacy-notes";

/**
 * Data migrations, run in order, each idempotent. The table remembers the last one applied in a
 * marker row, so `npm start` (local host) and `npm run migrate` (a deployed stage) apply only
 * what is new. A migration that crashes part-way simply runs again from the start.
 */
interface Migration {
  version: number;
  name: string;
  run: () => Promise<number>;
}

const MARKER = MIGRATION_MARKER;

const migrations: Migration[] = [
  { version: 1, name: "company rows join the company card collection", run: async () => (await rekeyCompanyRows()).moved },
  { version: 2, name: "contacts get their name/messenger lookup rows and list/search index rows", run: rebuildContactRows },
  {
    version: 3,
    name: "companies get their list/search index rows (the old per-manager rows go)",
    run: async () => {
      const { indexed, tooBig } = await reindexCompanies();
      // Such a company stays out of the list until someone trims its tags or managers; say which.
      if (tooBig.length) log.warn("companies too big to index in one transaction (trim their tags or managers)", { companyIds: tooBig });
      return indexed;
    },
  },
  { version: 4, name: "duplicate pairs and access requests get per-contact keys (trash expiry)", run: addContactKeysToPairsAndRequests },
  { version: VALUE_CLAIMS_MIGRATION, name: "value claims for the phones, emails and handles of live contacts", run: claimStoredValues },
  {
    version: 6,
    name: "name sort keys follow the alphabet (ё after е, й apart from и; ă, â, î, ș, ț) on contact and company list rows",
    // The list rows are keyed by bucket and ID, so writing them again replaces their gsi4 sort key.
    run: async () => (await rebuildContactRows()) + (await reindexCompanies()).indexed,
  },
  {
    version: 7,
    name: "system notes on contact and company timelines become data (note: kind + values), parsed from their English text",
    run: async () => {
      const { structured, unparsed } = await structureLegacyNotes();
      // They keep their English text and show as it is; say how many there were.
      if (unparsed) log.warn("system timeline entries whose text matched no known note (left as text)", { unparsed });
      return structured;
    },
  },
  {
    version: 8,
    name: "contact list rows get their surname sort key (gsi6, sort=surname)",
    // The list rows are keyed by bucket and ID: writing them again adds surnameKey and the gsi6 keys.
    run: rebuildContactRows,
  },
];

export const LATEST_MIGRATION = migrations[migrations.length - 1]!.version;

/**
 * Writes every live contact's derived rows (lookup, audience, list and search index rows) as
 * the write paths would: pages the admins' `all` index, then puts the rows 25 at a time. Puts
 * are idempotent, and rows a contact already has are simply written again.
 */
async function rebuildContactRows(): Promise<number> {
  const { service } = useStorage();
  let contacts = 0;
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; cursor: string | null } = await service.entities.contact.query.all({ scope: "contacts" }).go({ limit: 100, cursor });
    const writes: Promise<unknown>[] = [];
    for (const item of page.data as StoredContact[]) {
      if (item.deletedAt) continue;
      const contact = present(item);
      const index = rowChanges(undefined, contact);
      writes.push(
        putAll(service.entities.contactLookup, lookupRows(contact)),
        putAll(service.entities.contactAudience, audiences(contact)),
        putAll(service.entities.contactIndex, index.putList),
        putAll(service.entities.contactSearch, index.putSearch),
      );
      contacts++;
    }
    await Promise.all(writes);
    cursor = page.cursor;
  } while (cursor);
  return contacts;
}

/**
 * Every live contact joins the holders of its phones, emails and messenger handles
 * (contacts/claims.ts). One UpdateItem per value, `ADD holders, version` with no condition:
 * adding to a set twice changes nothing (a re-run is harmless), and a create racing the
 * migration that read the claim before it was bumped fails its condition and checks again.
 * Until it has run, a value without a claim is still found by its lookup row.
 */
async function claimStoredValues(): Promise<number> {
  const { service } = useStorage();
  let contacts = 0;
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; cursor: string | null } = await service.entities.contact.query.all({ scope: "contacts" }).go({ limit: 100, cursor });
    const live = (page.data as StoredContact[]).filter((item) => !item.deletedAt);
    const updates = live.flatMap((item) => claimKeysOf(item).map((key) => ({ key, contactId: item.contactId })));
    for (let index = 0; index < updates.length; index += 25) {
      await Promise.all(
        updates.slice(index, index + 25).map(({ key, contactId }) => service.entities.valueClaim.update(key).add({ version: 1, holders: [contactId] }).go()),
      );
    }
    contacts += live.length;
    cursor = page.cursor;
  } while (cursor);
  return contacts;
}

/** Puts rows 25 per BatchWriteItem (items built by the entity), retrying what DynamoDB left unprocessed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function putAll(entity: { put: (row: any) => { params: () => { Item: Record<string, unknown> } } }, rows: unknown[]): Promise<void> {
  const { clients, table } = useStorage();
  const { BatchWriteCommand } = await import("@aws-sdk/lib-dynamodb");
  const requests = rows.map((row) => ({ PutRequest: { Item: entity.put(row).params().Item } }));
  for (let index = 0; index < requests.length; index += 25) {
    let pending = requests.slice(index, index + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`Migration: ${pending.length} rows stayed unprocessed.`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await clients.doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}

/** Applies the migrations the table has not seen yet; returns what ran. */
export async function runMigrations(log: (line: string) => void = () => {}): Promise<{ version: number; ran: string[] }> {
  const { clients, table } = useStorage();
  const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
  let version = await appliedMigration();
  const ran: string[] = [];
  for (const migration of migrations) {
    if (migration.version <= version) continue;
    const touched = await migration.run();
    // A fresh table has nothing to migrate: say something only when there was.
    if (touched > 0) log(`Migration ${migration.version} (${migration.name}): ${touched} records updated.`);
    await clients.doc.send(new PutCommand({ TableName: table, Item: { ...MARKER, version: migration.version, at: new Date().toISOString() } }));
    version = migration.version;
    ran.push(migration.name);
  }
  return { version, ran };
}
