/**
 * The CSV import's figures for `npm run bench`: a generated 10,000-row amoCRM-shaped file
 * (Windows-1251, semicolons, ~5% duplicates: half of existing contacts, half of earlier rows)
 * imported with the duplicate check on (`skip`) through the API of a local host, as `npm start`
 * runs it; against the floor of the same writes sent directly: the value claims (conditional) and
 * lookup rows by TransactWriteItems, as the import sends them, the other rows by BatchWriteItem.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import iconv from "iconv-lite";
import { ulid } from "ulid";
import { withActor } from "../packages/core/src/actor";
import { Contacts } from "../packages/core/src/contacts";
import { claimKeysOf } from "../packages/core/src/contacts/claims";
import * as BatchCreate from "../packages/core/src/contacts/batch-create";
import { configureFiles, LocalFileStore } from "../packages/core/src/files";
import { Jobs } from "../packages/core/src/jobs";
import { useStorage } from "../packages/core/src/storage";
import { Users } from "../packages/core/src/users";
import { startLocalHost } from "../packages/functions/src/local/host";

export interface ImportFigures {
  rows: number;
  duplicates: number;
  importRowsPerSecond: number;
  floorRowsPerSecond: number;
  ratio: number;
  /** The same rows as one TransactWriteItems each (what a create is), 16 in flight. */
  transactFloorRowsPerSecond: number;
  transactRatio: number;
  created: number;
  skipped: number;
  itemsPerRow: number;
}

const headers = ["Имя", "Фамилия", "Рабочий телефон", "Мобильный телефон", "Рабочий email", "Компания", "Должность", "Теги"];
const person = (n: number) => ({
  firstName: `Иван${n}`,
  lastName: `Петров${n}`,
  work: `+7495${String(n).padStart(7, "0")}`,
  mobile: `+7916${String(n).padStart(7, "0")}`,
  email: `ivan${n}@example.ru`,
});
const row = (n: number) => {
  const p = person(n);
  return [p.firstName, p.lastName, `+7 (495) ${p.work.slice(5, 8)}-${p.work.slice(8, 10)}-${p.work.slice(10)}`, `8 916 ${p.mobile.slice(5)}`, p.email, `ООО «Ромашка ${n % 50}»`, "Менеджер", process.env.BENCH_IMPORT_NO_TAGS ? "" : `импорт, клиенты${n % 10}`];
};

export async function benchImport(dynamoEndpoint: string, total = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000)): Promise<ImportFigures> {
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "bench-import-"))));
  const admin = { email: "import@callboard.local", password: "bench-import-password" };
  const host = await startLocalHost({ dynamoEndpoint, tableName: `bench-import-${Date.now()}`, port: 0, admin, simulator: false });
  try {
    const user = (await Users.authenticate(admin.email, admin.password))!;
    const actor = { type: "user" as const, userId: user.userId, role: user.role };

    // ~2.5% of the rows match contacts that exist before the import, ~2.5% repeat earlier rows.
    const existing = Math.round(total * 0.025);
    const repeats = Math.round(total * 0.025);
    await withActor(actor, async () => {
      for (let n = 0; n < existing; n += 25) {
        await Promise.all(Array.from({ length: Math.min(25, existing - n) }, (_, i) => {
          const p = person(n + i);
          return Contacts.create({ firstName: p.firstName, lastName: p.lastName, phones: [{ number: p.mobile, type: "mobile" }] });
        }));
      }
    });
    const lines = Array.from({ length: total }, (_, i) => row(i));
    const step = Math.floor((total - existing - 200) / repeats);
    for (let k = 0; k < repeats; k++) lines[existing + 100 + k * step + 50] = row(existing + 100 + k * step);
    const text = [headers, ...lines].map((cells) => cells.map((cell) => (/[;"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(";")).join("\r\n");
    const bytes = new Uint8Array(iconv.encode(text, "win1251"));

    // The import over the API: create, upload, start; the in-process runner works the job.
    const token = await signIn(host.url, admin.email, admin.password);
    const auth = { authorization: `Bearer ${token}` };
    const created = (await (await fetch(`${host.url}/v1/imports`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ fileName: "amocrm.csv" }) })).json()) as { importId: string; upload: { url: string } };
    const upload = await fetch(created.upload.url, { method: "PUT", headers: { ...auth, "content-type": "text/csv" }, body: bytes });
    if (!upload.ok) throw new Error(`upload answered ${upload.status}: ${await upload.text()}`);
    const started = performance.now();
    const start = await fetch(`${host.url}/v1/imports/${created.importId}/start`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ duplicates: "skip" }) });
    if (start.status !== 202) throw new Error(`start answered ${start.status}: ${await start.text()}`);
    await host.jobs.settled(created.importId);
    const importSeconds = (performance.now() - started) / 1000;
    const job = await withActor(actor, () => Jobs.get(created.importId));
    if (job.status !== "done") throw new Error(`import ended ${job.status}: ${job.error}`);

    // The floor: the very items the import writes for a new contact (contact, its lookup,
    // audience, list and search index rows, the `created` activity), built by the same planner
    // before the clock starts and written straight with BatchWriteItem, 16 batches of 25 in
    // flight. No reads, no duplicate check, no transaction, no tag counts: what the table can
    // take at best.
    const { clients } = useStorage();
    const table = useStorage().table;
    const planned = await withActor(actor, () =>
      BatchCreate.planFromSource(
        lines.map((cells, i) => {
          const p = person(100_000 + i);
          return {
            contactId: ulid(),
            input: {
              firstName: cells[0]!, lastName: cells[1]!, position: "Менеджер", comment: cells[5]!,
              phones: [{ number: p.work, type: "work" as const }, { number: p.mobile, type: "mobile" as const }],
              emails: [p.email], tags: ["импорт", `клиенты${i % 10}`],
              source: { kind: "import" as const, fileName: "amocrm.csv" }, ownerIds: [user.userId],
            },
          };
        }),
      ),
    );
    const plans = planned.map((result) => {
      if (!("plan" in result)) throw result.error;
      return result.plan;
    });
    const items = plans.flatMap((plan) => [...plan.lookups, ...plan.satellites, plan.contactItem]);
    // The value claims (issue 15) with their conditions: a new value's claim is written only if
    // no one holds it (`attribute_not_exists(version)`). Conditions need TransactWriteItems (not
    // BatchWriteItem), so, as the import does, each group of contacts' claims and lookup rows is
    // one transaction of at most 100 items; then the other rows, then the contact rows, by
    // BatchWriteItem. No reads, no duplicate check.
    const { service } = useStorage();
    const claimUpdate = (contact: (typeof plans)[number]["contact"]) =>
      claimKeysOf(contact).map((key) => {
        const { Key, ...update } = service.entities.valueClaim.update(key).set({ version: 1, holders: [contact.contactId] }).where(({ version }, { notExists }) => notExists(version)).params() as { Key: Record<string, unknown> } & Record<string, unknown>;
        return { Update: { ...update, Key, TableName: table } };
      });
    const claimGroups: Record<string, unknown>[][] = [];
    let group: Record<string, unknown>[] = [];
    for (const plan of plans) {
      const writes = [...claimUpdate(plan.contact), ...plan.lookups.map((Item) => ({ Put: { TableName: table, Item } }))];
      if (group.length > 0 && group.length + writes.length > 100) {
        claimGroups.push(group);
        group = [];
      }
      group.push(...writes);
    }
    if (group.length > 0) claimGroups.push(group);
    const claimCount = claimGroups.reduce((sum, writes) => sum + writes.length, 0) - plans.reduce((sum, plan) => sum + plan.lookups.length, 0);
    const batchesOf = (rows: Record<string, unknown>[]) => {
      const out: Record<string, unknown>[][] = [];
      for (let i = 0; i < rows.length; i += 25) out.push(rows.slice(i, i + 25));
      return out;
    };
    const inFlight16 = async <T>(work: T[], send: (item: T) => Promise<void>) => {
      let next = 0;
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (next < work.length) await send(work[next++]!);
      }));
    };
    const batchWrite = async (batch: Record<string, unknown>[]) => {
      let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await clients.doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
        pending = (result.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
      }
    };
    const floorStarted = performance.now();
    await inFlight16(claimGroups, async (writes) => void (await clients.doc.send(new TransactWriteCommand({ TransactItems: writes as never }))));
    await inFlight16(batchesOf(plans.flatMap((plan) => plan.satellites)), batchWrite);
    await inFlight16(batchesOf(plans.map((plan) => plan.contactItem)), batchWrite);
    const floorSeconds = (performance.now() - floorStarted) / 1000;

    // A second floor: the same items, one TransactWriteItems per row (a 1,000-row sample).
    const perRow = items.length / total;
    const sample = Math.min(1000, total);
    const transactStarted = performance.now();
    let nextRow = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (nextRow < sample) {
        const at = nextRow++;
        const rowItems = items.slice(at * perRow, (at + 1) * perRow).map((Item) => ({ ...Item, pk: `${Item.pk}#t`, ...(Item.gsi1pk ? { gsi1pk: `${Item.gsi1pk}#t` } : {}) }));
        await clients.doc.send(new TransactWriteCommand({ TransactItems: rowItems.map((Item) => ({ Put: { TableName: table, Item } })) }));
      }
    }));
    const transactFloorRowsPerSecond = sample / ((performance.now() - transactStarted) / 1000);

    const importRowsPerSecond = total / importSeconds;
    const floorRowsPerSecond = total / floorSeconds;
    return {
      rows: total,
      duplicates: existing + repeats,
      importRowsPerSecond,
      floorRowsPerSecond,
      ratio: importRowsPerSecond / floorRowsPerSecond,
      transactFloorRowsPerSecond,
      transactRatio: importRowsPerSecond / transactFloorRowsPerSecond,
      created: job.stats?.created ?? 0,
      skipped: job.stats?.skipped ?? 0,
      itemsPerRow: (items.length + claimCount) / total,
    };
  } finally {
    await host.stop();
  }
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const redirect = `${url}/callback`;
  const jar: string[] = [];
  const keep = (response: Response) => response.headers.getSetCookie().forEach((c) => jar.push(c.split(";")[0]!));
  keep(await fetch(`${url}/authorize?client_id=bench&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&provider=password`, { redirect: "manual" }));
  const login = await fetch(`${url}/password/authorize`, { method: "POST", redirect: "manual", headers: { cookie: jar.join("; "), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email, password }) });
  const code = new URL(login.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) throw new Error(`bench sign-in failed (${login.status})`);
  const tokens = (await (await fetch(`${url}/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "bench" }) })).json()) as { access_token: string };
  return tokens.access_token;
}

// `tsx scripts/bench-import.ts`: this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startDynamoDbLocal } = await import("../packages/functions/src/local/dynamodb-local");
  const dynamo = await startDynamoDbLocal();
  try {
    console.log(await benchImport(dynamo.endpoint));
  } finally {
    await dynamo.stop();
  }
  process.exit(0);
}
