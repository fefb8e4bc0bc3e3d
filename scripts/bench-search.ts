/**
 * Finding contacts for `npm run bench`: 100,000 contacts seeded straight into a table with the
 * same row builder the write paths use (index-rows.ts), by BatchWriteItem in parallel (not
 * measured); then first and fifth pages (page size 20) of the default list, sort by name, a tag,
 * an owner, a phone search and a name-prefix search, as an admin and as a sales user. Each
 * against its raw Query floor: the same index Query with the same Limit, sent directly in the
 * same run. Requests and items read per page come from the SDK middleware (storage/client.ts).
 */
import { readFileSync } from "node:fs";
import { BatchWriteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { encodeTime } from "ulid";
import { withActor, type Actor } from "../packages/core/src/actor";
import { Contacts } from "../packages/core/src/contacts";
import { listRows, searchRows, reversedDigits, type IndexedContact } from "../packages/core/src/contacts/index-rows";
import { perSourceLimit } from "../packages/core/src/listing";
import { configureStorage, useStorage } from "../packages/core/src/storage";
import { storageReady } from "../packages/core/src/storage/ready";
import { ensureTable } from "../packages/core/src/storage/bootstrap";
import { RequestCounter } from "../packages/core/src/storage/client";

export interface SearchScenarioFigures {
  name: string;
  role: "admin" | "sales";
  page: 1 | 5;
  p50: number;
  p95: number;
  requests: number;
  itemsRead: number;
  items: number;
  floorP50: number;
  /** Queries the floor sends in parallel (one per partition the reader's page must read). */
  floorQueries: number;
}

export interface SearchFigures {
  contacts: number;
  items: number;
  seedSeconds: number;
  scenarios: SearchScenarioFigures[];
}

/** The same scenarios at each table size (10,000, then the table grown to 100,000). */
export interface SearchRuns {
  runs: SearchFigures[];
  /** DynamoDB Local's resident memory after the last seeding (MB), when known. */
  dynamoRssMb?: number;
}

/** BENCH_SEARCH_SIZES (e.g. "10000,100000", the default), or BENCH_SEARCH_CONTACTS alone. */
export function searchSizes(): number[] {
  const text = process.env.BENCH_SEARCH_SIZES ?? process.env.BENCH_SEARCH_CONTACTS ?? "10000,100000";
  return text.split(",").map(Number).filter((size) => size > 0).sort((a, b) => a - b);
}

const PAGE = 20;
const SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 30);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

const firstNames = ["Анна", "Андрей", "Антон", "Мария", "Иван", "Ольга", "Сергей", "Елена", "Дмитрий", "Наталья", "Алексей", "Татьяна", "Пётр", "Юлия", "Артём", "Anna", "John", "Maria", "Peter", "Olga", "Alex", "Kate", "Mike", "Sofia", "Liam"];
const lastNames = ["Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Волков", "Алексеев", "Семёнов", "Smith", "Brown", "Miller", "Davis", "Wilson", "Taylor", "Clark", "Lewis", "Walker", "Young"];

/** A small deterministic generator, so every run seeds the same data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function seedContact(index: number, owners: string[], teamOf: Map<string, string>, next: () => number): IndexedContact {
  const owner = owners[Math.floor(next() * owners.length)]!;
  const first = firstNames[Math.floor(next() * firstNames.length)]!;
  const last = lastNames[Math.floor(next() * lastNames.length)]!;
  // Skewed: low tag numbers are common, high ones rare.
  const tagCount = Math.floor(next() * 4);
  const tags = [...new Set(Array.from({ length: tagCount }, () => `tag${Math.floor(next() ** 2 * 30)}`))];
  const companyId = next() < 0.5 ? `01K${String(Math.floor(next() * 2000)).padStart(23, "0")}` : undefined;
  const createdMs = Date.parse("2025-01-01T00:00:00Z") + index * 60_000;
  const contactId = `${encodeTime(createdMs, 10)}${String(index).padStart(16, "0")}`;
  const created = new Date(createdMs).toISOString();
  return {
    contactId,
    displayName: `${first} ${last}`,
    firstName: first,
    lastName: last,
    phones: [{ number: `+7916${String(index).padStart(7, "0")}`, primary: true }],
    emails: [{ address: `c${index}@example.com`, primary: true }],
    ...(companyId ? { companyId, company: { companyId, name: `Company ${companyId.slice(-4)}` } } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ownerIds: [owner],
    teamIds: [teamOf.get(owner)!],
    sharing: next() < 0.1 ? "read" : "private",
    source: { kind: "manual" },
    doNotCall: next() < 0.05,
    doNotEmail: false,
    active: next() < 0.95,
    createdAt: created,
    updatedAt: new Date(createdMs + Math.floor(next() * 1e9)).toISOString(),
    version: 1,
  };
}

/**
 * The index rows' items as ElectroDB writes them (key templates `cix#${bucket}` … with case
 * kept, contact-index.entity.ts), built directly: ElectroDB's put(...).params() per row cost
 * ~0.6 ms of CPU, most of the seeding time at 1.9 M items. `checkedItems` holds them equal to
 * ElectroDB's own for the first contacts of every run.
 */
const listItem = (row: Record<string, unknown>) => ({
  ...row,
  pk: `cix#${row.bucket}`,
  sk: String(row.contactId),
  gsi4pk: `cix#${row.bucket}`,
  gsi4sk: `${row.nameKey}#${row.contactId}`,
  gsi5pk: `cix#${row.bucket}`,
  gsi5sk: `${row.updatedAt}#${row.contactId}`,
  gsi6pk: `cix#${row.bucket}`,
  gsi6sk: `${row.surnameKey}#${row.contactId}`,
  __edb_e__: "contactIndex",
  __edb_v__: "1",
});
const searchItem = (row: Record<string, unknown>) => ({ ...row, pk: `csx#${row.partition}`, sk: `${row.term}#${row.contactId}`, __edb_e__: "contactSearch", __edb_v__: "1" });
const withoutUndefined = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
const CHECKED_CONTACTS = 200;

/** A contact's items (contact row by ElectroDB, index rows directly; the first ones checked against ElectroDB). */
function contactItems(contact: IndexedContact, index: number): Record<string, unknown>[] {
  const { service } = useStorage();
  const lists = listRows(contact);
  const searches = searchRows(contact);
  const fast = [...lists.map((row) => listItem(row as never)), ...searches.map((row) => searchItem(row as never))];
  if (index < CHECKED_CONTACTS) {
    const electro = [
      ...lists.map((row) => service.entities.contactIndex.put(row as never).params().Item as Record<string, unknown>),
      ...searches.map((row) => service.entities.contactSearch.put(row as never).params().Item as Record<string, unknown>),
    ];
    const differs = electro.findIndex((item, at) => JSON.stringify(withoutUndefined(item)) !== JSON.stringify(withoutUndefined(fast[at]!)));
    if (differs >= 0) throw new Error(`bench seeding: index row ${differs} of contact ${index} differs from ElectroDB's: ${JSON.stringify(withoutUndefined(fast[differs]!))} vs ${JSON.stringify(withoutUndefined(electro[differs]!))}`);
  }
  const contactRow = service.entities.contact.create({ ...contact, ownerId: contact.ownerIds[0]!, nameSource: "rules", preferredContactMethod: "any", phones: contact.phones.map((phone) => ({ ...phone, type: "mobile" as const })) } as never).params().Item as Record<string, unknown>;
  return [contactRow, ...fast.map(withoutUndefined)];
}

/** BatchWriteItem requests in flight while seeding. */
const SEED_CONCURRENCY = Number(process.env.BENCH_SEED_CONCURRENCY ?? 32);

/** Seeds contacts `from` … `to - 1` (the generator continues where the last call stopped). */
async function seed(from: number, to: number, owners: string[], teamOf: Map<string, string>, next: () => number): Promise<{ items: number; seconds: number }> {
  const { clients, table } = useStorage();
  const started = performance.now();
  let items = 0;
  let pending: Record<string, unknown>[] = [];
  const inFlight = new Set<Promise<void>>();
  const send = async (batch: Record<string, unknown>[]) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const result = await clients.doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
    }
  };
  const flush = async (force: boolean) => {
    while (pending.length >= 25 || (force && pending.length > 0)) {
      const batch = pending.splice(0, 25);
      const job = send(batch).finally(() => inFlight.delete(job));
      inFlight.add(job);
      if (inFlight.size >= SEED_CONCURRENCY) await Promise.race(inFlight);
    }
  };
  for (let index = from; index < to; index++) {
    const rows = contactItems(seedContact(index, owners, teamOf, next), index);
    items += rows.length;
    pending.push(...rows);
    await flush(false);
    if (index > from && index % 20000 === 0) console.error(`  seeded ${index} contacts (${items} items this step, ${Math.round((performance.now() - started) / 1000)} s)`);
  }
  await flush(true);
  await Promise.all(inFlight);
  return { items, seconds: (performance.now() - started) / 1000 };
}

/**
 * Seeds the smallest size, measures every scenario, grows the same table to the next size,
 * measures again, … `dynamoPid`: DynamoDB Local's process, whose memory is reported.
 */
export async function benchSearch(dynamoEndpoint: string, sizes = searchSizes(), dynamoPid?: number): Promise<SearchRuns> {
  const counter = new RequestCounter();
  const tableName = `bench-search-${Date.now()}`;
  await storageReady();
  const storage = configureStorage({ tableName, endpoint: dynamoEndpoint, counter });
  await ensureTable(storage.clients.raw, tableName);
  const owners = Array.from({ length: 20 }, (_, index) => `01J${String(index).padStart(23, "0")}`);
  const teamOf = new Map(owners.map((owner, index) => [owner, `team${index % 4}`]));
  const next = random(42);
  const runs: SearchFigures[] = [];
  let seededTo = 0;
  let items = 0;
  let seedSeconds = 0;
  for (const contacts of sizes) {
    const seeded = await seed(seededTo, contacts, owners, teamOf, next);
    seededTo = contacts;
    items += seeded.items;
    seedSeconds += seeded.seconds;
    console.error(`  seeded ${contacts} contacts as ${items} items in ${seedSeconds.toFixed(0)} s (${Math.round(items / seedSeconds)} items/s)`);
    runs.push({ contacts, items, seedSeconds, scenarios: await measure(contacts, owners, teamOf, counter) });
  }
  return { runs, ...(dynamoPid ? { dynamoRssMb: residentMb(dynamoPid) } : {}) };
}

/** A process's resident memory (Linux /proc), or undefined. */
function residentMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function measure(contacts: number, owners: string[], teamOf: Map<string, string>, counter: RequestCounter): Promise<SearchScenarioFigures[]> {

  const admin: Actor = { type: "user", userId: "01H00000000000000000000000", role: "admin" };
  const sales: Actor = { type: "user", userId: owners[3]!, role: "sales", teamId: teamOf.get(owners[3]!)! };
  const otherOwner = owners[7]!;
  const phoneOf = (index: number) => `8 (916) ${String(index).padStart(7, "0").replace(/^(\d{3})(\d{2})(\d{2})$/, "$1-$2-$3")}`;
  // A phone the sales user may see: contact 0..n owned by them (deterministic seed: find one).
  const next = random(42);
  let salesPhoneIndex = 0;
  for (let index = 0; index < contacts; index++) {
    const contact = seedContact(index, owners, teamOf, next);
    if (contact.ownerIds[0] === sales.userId) {
      salesPhoneIndex = index;
      break;
    }
  }

  // The floor: the raw Queries of every partition the reader's page must read, sent in
  // parallel, Limit n+1 each (the least that fills an exact page in one round: the least
  // advanced partition alone gives n+1 rows). An admin reads one partition; a sales user two:
  // their own bucket and `shared`. (Until session 17 the sales floor was one Query of their own
  // bucket, Limit 30: half the partitions the page must read, so the ratio counted the second,
  // unavoidable Query as overhead.) Name searches are filtered (inactive contacts and a
  // contact's other words are dropped), so their floors read the API's per-source Limit.
  type Floor = { pks: string[]; index?: string; limit: number; asc: boolean; prefix?: string; field: string };
  type Scenario = { name: string; input: Record<string, unknown>; floor: (actor: Actor) => Floor; pages: (1 | 5)[] };
  const isAdmin = (actor: Actor) => actor.type === "user" && actor.role === "admin";
  const audiencesOf = (actor: Actor) => (isAdmin(actor) ? ["all"] : [`owner:${(actor as { userId: string }).userId}`, "shared"]);
  const buckets = (actor: Actor, facet: string) => audiencesOf(actor).map((audience) => `cix#${audience}|active|${facet}`);
  const scenarios: Scenario[] = [
    { name: "default list", input: {}, floor: (actor) => ({ pks: buckets(actor, "*"), limit: PAGE + 1, asc: false, field: "sk" }), pages: [1, 5] },
    { name: "sort by name", input: { sort: "name" }, floor: (actor) => ({ pks: buckets(actor, "*"), index: "gsi4", limit: PAGE + 1, asc: true, field: "gsi4sk" }), pages: [1, 5] },
    { name: "filter by tag", input: { tag: "tag3" }, floor: (actor) => ({ pks: buckets(actor, "tag:tag3"), limit: PAGE + 1, asc: false, field: "sk" }), pages: [1, 5] },
    {
      name: "filter by owner",
      input: { owner: otherOwner },
      // An admin reads the owner's own bucket; a sales user the owner facet of each of their audiences.
      floor: (actor) => ({ pks: isAdmin(actor) ? [`cix#owner:${otherOwner}|active|*`] : buckets(actor, `owner:${otherOwner}`), limit: PAGE + 1, asc: false, field: "sk" }),
      pages: [1, 5],
    },
    {
      name: "search by phone",
      input: { q: phoneOf(salesPhoneIndex) },
      floor: () => {
        const prefix = reversedDigits(`+7916${String(salesPhoneIndex).padStart(7, "0")}`);
        return { pks: [`csx#phone:${prefix.slice(0, 3)}`], limit: 3 * PAGE, asc: true, prefix, field: "sk" };
      },
      pages: [1],
    },
    {
      name: "search by name prefix",
      input: { q: "ан" },
      floor: (actor) => ({ pks: audiencesOf(actor).map((audience) => `csx#name:${audience}:а`), limit: perSourceLimit(audiencesOf(actor).length, PAGE, true), asc: true, prefix: "ан", field: "sk" }),
      pages: [1, 5],
    },
  ];
  // Sales filtering by another owner reads only what that owner shares: fifth page only when it exists.

  const figures: SearchScenarioFigures[] = [];
  for (const scenario of scenarios) {
    for (const [role, actor] of [["admin", admin], ["sales", sales]] as const) {
      for (const page of scenario.pages) {
        // The cursor of the wanted page (followed once, not measured).
        let cursor: string | null | undefined;
        let reachable = true;
        for (let step = 1; step < page; step++) {
          const result = await withActor(actor, () => Contacts.findContacts({ ...scenario.input, limit: PAGE, ...(cursor ? { cursor } : {}) } as never));
          cursor = result.cursor;
          if (!cursor) reachable = false;
        }
        if (!reachable) continue;
        const call = () => withActor(actor, () => Contacts.findContacts({ ...scenario.input, limit: PAGE, ...(cursor ? { cursor } : {}) } as never));
        await call();
        counter.reset();
        const probe = await call();
        const requests = counter.total;
        const itemsRead = counter.itemsRead;
        // The floor: the same index Queries with the same Limit, sent directly; for page 5 they
        // start where the raw merged fourth page ended.
        const floor = scenario.floor(actor);
        const { clients, table } = useStorage();
        const rawQuery = (pk: string, start?: Record<string, unknown>) =>
          clients.doc.send(
            new QueryCommand({
              TableName: table,
              ...(floor.index ? { IndexName: floor.index } : {}),
              KeyConditionExpression: floor.prefix ? `#pk = :pk AND begins_with(#sk, :prefix)` : "#pk = :pk",
              ExpressionAttributeNames: { "#pk": floor.index ? `${floor.index}pk` : "pk", ...(floor.prefix ? { "#sk": floor.field } : {}) },
              ExpressionAttributeValues: { ":pk": pk, ...(floor.prefix ? { ":prefix": floor.prefix } : {}) },
              Limit: floor.limit,
              ScanIndexForward: floor.asc,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
        // Page 5 of the floor starts where the API's fourth page ends: the partitions' raw rows
        // merged on the sort key (each contact once), 20 per page, every partition continuing
        // after that position (as listing/query.ts `startKey` does).
        const startAt = (pk: string, position: string) =>
          floor.index ? { pk, sk: position.slice(position.lastIndexOf("#") + 1), [`${floor.index}pk`]: pk, [`${floor.index}sk`]: position } : { pk, sk: position };
        const before = (a: string, b: string) => (floor.asc ? a < b : a > b);
        let partitions = floor.pks.map((pk) => ({ pk, start: undefined as Record<string, unknown> | undefined }));
        for (let step = 1; step < page && partitions.length > 0; step++) {
          const results = await Promise.all(partitions.map(({ pk, start }) => rawQuery(pk, start)));
          const firstRows = new Map<string, string>();
          for (const item of results.flatMap((result) => result.Items ?? [])) {
            const position = String(item[floor.field]);
            const known = firstRows.get(String(item.contactId));
            if (known === undefined || before(position, known)) firstRows.set(String(item.contactId), position);
          }
          const ordered = [...firstRows.values()].sort((a, b) => (a === b ? 0 : before(a, b) ? -1 : 1));
          const last = ordered[PAGE - 1];
          // Every partition continues from there, an exhausted one too: the API's cursor is one
          // position, so it reads them all again (an empty Query costs a request).
          if (last === undefined) partitions = [];
          else partitions = partitions.map(({ pk }) => ({ pk, start: startAt(pk, last) }));
        }
        const floorQueries = () => Promise.all(partitions.map(({ pk, start }) => rawQuery(pk, start)));
        await floorQueries();
        // API and floor samples alternate, so drift in DynamoDB Local (GC, caches) hits both alike.
        const times: number[] = [];
        const floorTimes: number[] = [];
        for (let sample = 0; sample < SAMPLES; sample++) {
          let started = performance.now();
          await call();
          times.push(performance.now() - started);
          started = performance.now();
          await floorQueries();
          floorTimes.push(performance.now() - started);
        }
        figures.push({ name: scenario.name, role, page, p50: percentile(times, 0.5), p95: percentile(times, 0.95), requests, itemsRead, items: probe.items.length, floorP50: percentile(floorTimes, 0.5), floorQueries: floor.pks.length });
      }
    }
  }
  return figures;
}

/** `npx tsx scripts/bench-search.ts` runs this part alone against a fresh DynamoDB Local. */
if (process.argv[1]?.endsWith("bench-search.ts")) {
  const { startDynamoDbLocal } = await import("../packages/functions/src/local/dynamodb-local");
  const dynamo = await startDynamoDbLocal();
  try {
    const figures = await benchSearch(dynamo.endpoint);
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await dynamo.stop();
  }
}
