/**
 * `npm run bench`: throughput and request counts as ratios against the raw DynamoDB floor
 * measured in the same run, against the same DynamoDB Local. Prints a table; also writes
 * .bench/results.json. A benchmark, not a test: it reports, it does not fail on targets.
 */
import "../packages/core/src/runtime/polyfills";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import http from "node:http";
import { join, resolve } from "node:path";
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import { withActor } from "../packages/core/src/actor";
import * as BatchCreate from "../packages/core/src/contacts/batch-create";
import { claimKeysOf } from "../packages/core/src/contacts/claims";
import { lookupRows, present, type StoredContact } from "../packages/core/src/contacts/contacts";
import { rowChanges } from "../packages/core/src/contacts/index-rows";
import { Users } from "../packages/core/src/users";
import { newActivity } from "../packages/core/src/timeline/activity";
import { RequestCounter } from "../packages/core/src/storage/client";
import { useStorage } from "../packages/core/src/storage";
import { startDynamoDbLocal } from "../packages/functions/src/local/dynamodb-local";
import { startLocalHost } from "../packages/functions/src/local/host";
import { benchEngine } from "./bench-engine";
import { benchSearch } from "./bench-search";
import { benchImport } from "./bench-import";
import { benchCost, recordCost } from "./bench-cost";
import { benchLambdaLoad } from "./bench-lambda";
import { recordEngine, recordImport, recordLambda, recordSearch, type RecordFigure } from "./bench-figures";
import { storageReady } from "../packages/core/src/storage/ready";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
// DynamoDB Local keeps the tables in memory: the finding bench's 100,000 contacts are ~1.9 M items.
// Its JVM gets an explicit heap ceiling (JAVA_TOOL_OPTIONS reaches the java it spawns).
process.env.JAVA_TOOL_OPTIONS ??= "-Xmx6g";
const CONCURRENCY = 16;
const OPS = Number(process.env.BENCH_OPS ?? 1500);
const outDir = resolve(".bench");
mkdirSync(outDir, { recursive: true });

type Row = { metric: string; value: string; target?: string; verdict?: string };
const rows: Row[] = [];
const results: Record<string, number> = {};
const record = (metric: string, value: number, unit: string, target?: { text: string; ok: boolean }) => {
  results[metric] = value;
  rows.push({ metric, value: `${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 2 : 0)} ${unit}`.trim(), target: target?.text, verdict: target ? (target.ok ? "ok" : "MISSED") : undefined });
};

/** `total` operations by `CONCURRENCY` workers; ops/s. */
async function throughput(total: number, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await op(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/**
 * A lean keep-alive HTTP client for the load (as wrk or autocannon would be): undici's fetch
 * costs enough CPU on a 2-core machine to slow the server it is measuring.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function httpCall(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const request = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolvePromise({ status: response.statusCode ?? 0, body }));
    });
    request.once("error", reject);
    request.end(options.body);
  });
}

async function startServerProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_SERVER_ARGS: extra Node flags for the measured server (e.g. "--cpu-prof --cpu-prof-dir=.bench/prof").
  const serverArgs = (process.env.BENCH_SERVER_ARGS ?? "").split(" ").filter(Boolean);
  // Its log lines (an access line per request) go to a file, as a Lambda's go to a log stream
  // that is always drained. Through a pipe to this busy process they blocked the server on a
  // full pipe: a fifth of its CPU profile was in write(2) during the card reads.
  const log = openSync(join(outDir, "server.log"), "w");
  const child = spawn(process.execPath, [...serverArgs, "--import", "tsx", "scripts/bench-server.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", log, "inherit", "ipc"] });
  closeSync(log);
  process.once("exit", () => child.kill("SIGKILL"));
  return new Promise((resolvePromise, reject) => {
    child.once("message", (message: { url?: string }) => {
      if (message.url) resolvePromise({ url: message.url, child });
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** The bare HTTP server of the card read's ceiling (scripts/bench-bare-server.ts), in its own process like the API's. */
async function startBareServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; load(queries: Record<string, unknown>[]): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench-bare-server.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  process.once("exit", () => child.kill("SIGKILL"));
  const url = await new Promise<string>((resolvePromise, reject) => {
    child.once("message", (message: { url?: string }) => message.url && resolvePromise(message.url));
    child.once("exit", (code) => reject(new Error(`bare bench server exited with ${code}`)));
  });
  const load = (queries: Record<string, unknown>[]) =>
    new Promise<void>((resolvePromise) => {
      const ready = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        child.off("message", ready);
        resolvePromise();
      };
      child.on("message", ready);
      child.send({ queries });
    });
  return { url, child, load };
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const redirect = `${url}/callback`;
  const jar: string[] = [];
  const keep = (response: Response) => response.headers.getSetCookie().forEach((c) => jar.push(c.split(";")[0]!));
  const start = await fetch(`${url}/authorize?client_id=bench&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&provider=password`, { redirect: "manual" });
  keep(start);
  const login = await fetch(`${url}/password/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.join("; "), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  const code = new URL(login.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) throw new Error(`bench sign-in failed (${login.status})`);
  const tokens = (await (await fetch(`${url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "bench" }),
  })).json()) as { access_token: string };
  return tokens.access_token;
}

/** A pronounceable name from a number: distinct contacts that the duplicate check never pairs. */
const word = (n: number, salt: number) => {
  const bytes = createHash("sha256").update(`${salt}:${n}`).digest();
  let out = "";
  for (let k = 0; k < 4; k++) out += "bdfgklmnprstvz"[bytes[2 * k]! % 14]! + "aeiou"[bytes[2 * k + 1]! % 5]!;
  return out[0]!.toUpperCase() + out.slice(1);
};
const sampleContact = (i: number) => ({
  firstName: word(i, 0x5bd1e995),
  lastName: word(i, 0x1b873593),
  phones: [{ number: `+7916${String(1000000 + (i % 8999999)).padStart(7, "0")}`, type: "mobile" as const }],
  emails: [`anna.bench${i}@example.com`],
});

/** `BENCH_SCOPE=engine`: only the engine's part (BENCH_ENGINE_ENTRIES sizes it), printed the same way. */
async function engineOnly() {
  const dynamo = await startDynamoDbLocal();
  try {
    const rows: string[] = [];
    recordEngine(await benchEngine(dynamo.endpoint), (metric, value, unit, target) =>
      rows.push(`${metric.padEnd(90)}  ${`${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`.padStart(14)}  ${target ? `target ${target.text}  ${target.ok ? "ok" : "MISSED"}` : ""}`),
    );
    console.log(`\nCallboard benchmark — engine only, DynamoDB Local, ${new Date().toISOString()}\n`);
    for (const row of rows) console.log(row);
  } finally {
    await dynamo.stop();
  }
}

/** `BENCH_SCOPE=cost`: only the AWS cost figures (scripts/bench-cost.ts; BENCH_COST_ENTRIES sizes the list). */
async function costOnly() {
  const dynamo = await startDynamoDbLocal();
  try {
    const rows: string[] = [];
    recordCost(await benchCost(dynamo.endpoint), (metric, value, unit, target) =>
      rows.push(`${metric.padEnd(100)}  ${`${Number.isInteger(value) ? value : value.toFixed(value < 1 ? 4 : 2)} ${unit}`.padStart(14)}  ${target ? `target ${target.text}  ${target.ok ? "ok" : "MISSED"}` : ""}`),
    );
    console.log(`\nCallboard benchmark — AWS cost only, DynamoDB Local, ${new Date().toISOString()}\n`);
    for (const row of rows) console.log(row);
  } finally {
    await dynamo.stop();
  }
}

/** `BENCH_SCOPE=search|import|lambda`: only that part, printed the same way (the ratios need no other part). */
async function partOnly(scope: string) {
  const rows: string[] = [];
  const print: RecordFigure = (metric, value, unit, target) =>
    rows.push(`${metric.padEnd(100)}  ${`${Number.isInteger(value) ? value : value.toFixed(value < 10 ? 2 : 0)} ${unit}`.padStart(14)}  ${target ? `target ${target.text}  ${target.ok ? "ok" : "MISSED"}` : ""}`);
  if (scope === "lambda") recordLambda(await benchLambdaLoad(outDir), print);
  else {
    const dynamo = await startDynamoDbLocal();
    try {
      if (scope === "search") recordSearch(await benchSearch(dynamo.endpoint, undefined, dynamo.pid), print);
      else recordImport(await benchImport(dynamo.endpoint), print);
    } finally {
      await dynamo.stop();
    }
  }
  console.log(`\nCallboard benchmark — ${scope} only, ${new Date().toISOString()}\n`);
  for (const row of rows) console.log(row);
}

async function main() {
  // The bench drives core in this process too (seeding, counted hosts): the table's libraries first.
  await storageReady();
  if (process.env.BENCH_SCOPE === "engine") return engineOnly();
  if (process.env.BENCH_SCOPE === "cost") return costOnly();
  if (process.env.BENCH_SCOPE && ["search", "import", "lambda"].includes(process.env.BENCH_SCOPE)) return partOnly(process.env.BENCH_SCOPE);
  const dynamo = await startDynamoDbLocal();
  const counter = new RequestCounter();
  const admin = { email: "bench@callboard.local", password: randomBytes(12).toString("base64url") };
  // Throughput goes to a server in its own process (as `npm start` runs it); request counts are
  // read from an in-process host on the same table, whose SDK client carries the counter.
  const tableName = "bench-table";
  const server = await startServerProcess({ DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: tableName, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
  const host = await startLocalHost({ dynamoEndpoint: dynamo.endpoint, tableName, port: 0, admin, counter });
  const bare = await startBareServer({ DYNAMODB_ENDPOINT: dynamo.endpoint });
  try {
    const token = await signIn(server.url, admin.email, admin.password);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    // Access tokens live 15 minutes; a slow machine can take longer than that, so each API phase
    // starts with a token younger than 5 minutes (signing in is not measured).
    let signedInAt = Date.now();
    const freshToken = async () => {
      if (Date.now() - signedInAt < 5 * 60_000) return;
      headers.authorization = `Bearer ${await signIn(server.url, admin.email, admin.password)}`;
      signedInAt = Date.now();
    };
    const { clients, table, service } = useStorage();
    // The entities as the API uses them (given this table and its client: sets marshal as the SDK expects).
    const entities = service.entities;

    // The floor: the very requests the API makes, built by the same code, sent directly. A
    // create is the duplicate check (one Query per phone, email and name word: `findMatches`)
    // and then one TransactWriteItems of the contact and its derived rows (lookups, audience,
    // list and search index rows, the `created` activity), built ahead by the import's planner,
    // which writes exactly what `insert()` writes (tests/api/import-batch.test.ts).
    const adminUser = (await Users.authenticate(admin.email, admin.password))!;
    const planActor = { type: "user" as const, userId: adminUser.userId, role: adminUser.role };
    const ownerId = adminUser.userId;
    const floorPlans = await withActor(planActor, () =>
      BatchCreate.planFromSource(
        Array.from({ length: 200 + 3 * OPS + 100 }, (_, i) => ({
          contactId: ulid(),
          input: { ...sampleContact(2_000_000 + i), source: { kind: "import" as const, fileName: "floor" }, ownerIds: [ownerId] },
        })),
      ),
    );
    let floorSeq = 0;
    const lookupQuery = (pk: unknown) =>
      clients.doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: "#pk = :pk", ExpressionAttributeNames: { "#pk": "pk" }, ExpressionAttributeValues: { ":pk": pk }, Limit: 100 }));
    // The value claims (issue 15): read with the check (1 BatchGetItem, consistent), then one conditional Update each in the transaction.
    const claimsOf = (contact: Parameters<typeof claimKeysOf>[0] & { contactId: string }) =>
      claimKeysOf(contact).map((key) => {
        const { Key, ...update } = entities.valueClaim.update(key).set({ version: 1, holders: [contact.contactId] }).where(({ version }, { notExists }) => notExists(version)).params({ table }) as { Key: Record<string, unknown> } & Record<string, unknown>;
        return { Key, Update: { ...update, Key, TableName: table } };
      });
    const createFloorOp = async () => {
      const planned = floorPlans[floorSeq++ % floorPlans.length]!;
      if (!("plan" in planned)) throw planned.error;
      const { lookups, satellites, contactItem, contact } = planned.plan;
      const claims = claimsOf(contact);
      await Promise.all([
        ...lookups.map((row) => lookupQuery(row.pk)),
        claims.length > 0 ? clients.doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: claims.map((claim) => claim.Key), ConsistentRead: true } } })) : undefined,
      ]);
      await clients.doc.send(new TransactWriteCommand({ TransactItems: [...claims.map((claim) => ({ Update: claim.Update })), ...[...lookups, ...satellites, contactItem].map((Item) => ({ Put: { TableName: table, Item } }))] as never }));
      floorIds.push(contact.contactId);
      versions.set(contact.contactId, 1);
    };
    const floorIds: string[] = [];
    const versions = new Map<string, number>();
    const system = { type: "system" as const, reason: "bench" };
    const apiIds: string[] = [];
    // Every create is a new person (rounds repeat op numbers): a repeat would be a real duplicate (409).
    let createSeq = 0;
    const createApiOp = async () => {
      const response = await httpCall(`${server.url}/v1/contacts`, { method: "POST", headers, body: JSON.stringify(sampleContact(createSeq++)) });
      if (response.status !== 201) throw new Error(`create answered ${response.status}: ${response.body.slice(0, 300)}`);
      const id = (JSON.parse(response.body) as { contactId: string }).contactId;
      apiIds.push(id);
      versions.set(id, 1);
    };
    const getKey = (id: string) => entities.contact.get({ contactId: id }).params<{ Key: Record<string, unknown> }>({ table }).Key;
    // The card's floor is the card's own request: one Query on the contact's item collection.
    // Built once per contact, outside the timing: the floor is the request, not ElectroDB's
    // query builder (the API builds its card query from a template too, contacts/card-read.ts).
    const cardQueries = new Map<string, Record<string, unknown>>();
    const cardQuery = (id: string) => {
      let params = cardQueries.get(id);
      if (!params) cardQueries.set(id, (params = service.collections.card({ contactId: id }).params<Record<string, unknown>>({ order: "desc", limit: 21 })));
      return params;
    };
    const getFloorOp = async (i: number) => {
      await clients.doc.send(new QueryCommand(cardQuery(floorIds[i % floorIds.length]!) as never));
    };
    // The HTTP ceiling: the floor's Query behind a bare node:http server (scripts/bench-bare-server.ts).
    const getBareOp = async (i: number) => {
      const response = await httpCall(`${bare.url}/card/${i % floorIds.length}`);
      if (response.status !== 200) throw new Error(`bare card read answered ${response.status}`);
    };
    const getApiOp = async (i: number) => {
      const response = await httpCall(`${server.url}/v1/contacts/${apiIds[i % apiIds.length]}`, { headers });
      if (response.status !== 200) throw new Error(`get answered ${response.status}`);
    };

    // Update: what the API does for a PATCH of the last name: GetItem, then one TransactWriteItems
    // (versioned Update of the contact, its changed name lookup rows, every list/search index
    // row rewritten and the stale ones deleted, the `updated` activity), then the duplicate
    // check of the changed contact (one Query per phone, email and name word), issued directly.
    // Each op takes a contact of its own (ops modulo the pool), so versions never collide.
    let updateRound = 0;
    const keyOf = (params: { Key: Record<string, unknown> }) => params.Key;
    const updateFloorOp = async (i: number) => {
      const contactId = floorIds[i % floorIds.length]!;
      const { Item: stored } = await clients.doc.send(new GetCommand({ TableName: table, Key: getKey(contactId) }));
      const before = present(entities.contact.parse({ Item: stored! }).data as unknown as StoredContact);
      const version = before.version;
      const lastName = `Floor${updateRound}-${i}`;
      const next = { ...before, lastName, displayName: `${before.firstName} ${lastName}`, version: version + 1, updatedAt: new Date().toISOString() };
      const update = entities.contact.patch({ contactId })
        .set({ lastName, displayName: next.displayName, version: next.version, updatedAt: next.updatedAt, nameSource: "rules", ownerId: before.ownerId, sharing: before.sharing })
        .composite({ scope: "contacts" })
        .where(({ version: v, deletedAt }, { eq, notExists }) => `${eq(v, version)} AND ${notExists(deletedAt)}`)
        .params<Record<string, unknown>>({ table });
      const activity = entities.activity.create(newActivity(contactId, system, "updated", { changes: [{ field: "lastName", before: before.lastName, after: lastName }] })).params<{ Item: Record<string, unknown> }>({ table });
      const rowKey = (row: { kind: string; value: string }) => `${row.kind}:${row.value}`;
      const [lookupsBefore, lookupsAfter] = [lookupRows(before), lookupRows(next)];
      const lookupPuts = lookupsAfter.filter((row) => !lookupsBefore.some((old) => rowKey(old) === rowKey(row)));
      const lookupDeletes = lookupsBefore.filter((row) => !lookupsAfter.some((now) => rowKey(now) === rowKey(row)));
      const index = rowChanges(before, next);
      const items = [
        { Update: { TableName: table, ...update } as never },
        { Put: { TableName: table, ...activity } },
        ...lookupPuts.map((row) => ({ Put: { TableName: table, Item: entities.contactLookup.put(row).params<{ Item: Record<string, unknown> }>({ table }).Item } })),
        ...lookupDeletes.map((row) => ({ Delete: { TableName: table, Key: keyOf(entities.contactLookup.delete(row).params<{ Key: Record<string, unknown> }>({ table })) } })),
        ...index.putList.map((row) => ({ Put: { TableName: table, Item: entities.contactIndex.put(row as never).params<{ Item: Record<string, unknown> }>({ table }).Item } })),
        ...index.deleteList.map((row) => ({ Delete: { TableName: table, Key: keyOf(entities.contactIndex.delete({ bucket: row.bucket, contactId: row.contactId }).params<{ Key: Record<string, unknown> }>({ table })) } })),
        ...index.putSearch.map((row) => ({ Put: { TableName: table, Item: entities.contactSearch.put(row as never).params<{ Item: Record<string, unknown> }>({ table }).Item } })),
        ...index.deleteSearch.map((row) => ({ Delete: { TableName: table, Key: keyOf(entities.contactSearch.delete({ partition: row.partition, term: row.term, contactId: row.contactId }).params<{ Key: Record<string, unknown> }>({ table })) } })),
      ];
      await clients.doc.send(new TransactWriteCommand({ TransactItems: items }));
      await Promise.all(lookupsAfter.map((row) => lookupQuery(entities.contactLookup.put(row).params<{ Item: Record<string, unknown> }>({ table }).Item.pk)));
    };
    const updateApiOp = async (i: number) => {
      const contactId = apiIds[i % apiIds.length]!;
      const version = versions.get(contactId)!;
      const response = await httpCall(`${server.url}/v1/contacts/${contactId}`, { method: "PATCH", headers: { ...headers, "if-match": `"${version}"` }, body: JSON.stringify({ lastName: `Api${updateRound}-${i}` }) });
      if (response.status !== 200) throw new Error(`update answered ${response.status}: ${response.body}`);
      versions.set(contactId, version + 1);
    };

    // Warm up JIT, connections and DynamoDB Local.
    const phase = (name: string) => process.env.BENCH_VERBOSE && console.error(`bench: ${new Date().toISOString().slice(11, 19)} ${name}`);
    phase("warm createFloorOp");
    await throughput(200, createFloorOp);
    phase("warm createApiOp");
    await freshToken();
    await throughput(200, createApiOp);
    phase("warm getFloorOp");
    for (const id of floorIds) cardQuery(id);
    await throughput(200, getFloorOp);
    await bare.load(floorIds.map((id) => cardQuery(id)));
    await throughput(200, getBareOp);
    phase("warm getApiOp");
    await freshToken();
    await throughput(200, getApiOp);
    phase("warm updateFloorOp");
    await throughput(200, updateFloorOp);
    phase("warm updateApiOp");
    await freshToken();
    await throughput(200, updateApiOp);

    // Interleaved rounds; the best round of each (noise on a shared 2-core machine only slows).
    const best = { createFloor: 0, createApi: 0, getFloor: 0, getBare: 0, getApi: 0, updateFloor: 0, updateApi: 0 };
    phase("rounds");
    for (let round = 0; round < 2; round++) {
      best.createFloor = Math.max(best.createFloor, await throughput(OPS, createFloorOp));
      await freshToken();
      best.createApi = Math.max(best.createApi, await throughput(OPS, createApiOp));
      for (const id of floorIds) cardQuery(id);
      best.getFloor = Math.max(best.getFloor, await throughput(OPS * 2, getFloorOp));
      best.getBare = Math.max(best.getBare, await throughput(OPS * 2, getBareOp));
      await freshToken();
      best.getApi = Math.max(best.getApi, await throughput(OPS * 2, getApiOp));
      updateRound++;
      best.updateFloor = Math.max(best.updateFloor, await throughput(Math.min(OPS, floorIds.length), updateFloorOp));
      await freshToken();
      best.updateApi = Math.max(best.updateApi, await throughput(Math.min(OPS, apiIds.length), updateApiOp));
    }
    record("floor: create (duplicate-check Queries + claims' BatchGetItem, then TransactWriteItems of the claims, the contact and its derived rows)", best.createFloor, "ops/s");
    record("API create over HTTP", best.createApi, "ops/s");
    record("API create / floor", best.createApi / best.createFloor, "×", { text: "≥ 0.9×", ok: best.createApi / best.createFloor >= 0.9 });
    record("floor: card read (Query, contact + 20 activities)", best.getFloor, "ops/s");
    record("API card read over HTTP", best.getApi, "ops/s");
    record("API card read / floor", best.getApi / best.getFloor, "×", { text: "≥ 0.9×", ok: best.getApi / best.getFloor >= 0.9 });
    // What any HTTP server reaches here: the same Query behind a bare node:http server. The 0.9×
    // target is above it on a machine whose 2 cores also run DynamoDB Local and the load.
    record("ceiling: card read behind a bare node:http server (the floor's Query, nothing else)", best.getBare, "ops/s");
    record("bare HTTP server / floor (the HTTP hop alone)", best.getBare / best.getFloor, "×");
    record("API card read / bare HTTP server (the API's own cost)", best.getApi / best.getBare, "×");
    record("floor: update (GetItem, TransactWriteItems of the contact, its changed lookups, index rows and activity, duplicate-check Queries)", best.updateFloor, "ops/s");
    record("API update over HTTP", best.updateApi, "ops/s");
    record("API update / floor", best.updateApi / best.updateFloor, "×", { text: "≥ 0.9×", ok: best.updateApi / best.updateFloor >= 0.9 });

    // DynamoDB requests per API operation, counted by the SDK middleware inside the server.
    phase("request counts");
    const localHeaders = { ...headers, authorization: `Bearer ${await signIn(host.url, admin.email, admin.password)}` };
    const count = async (request: () => Promise<Response>) => {
      counter.reset();
      const response = await request();
      await response.arrayBuffer();
      return counter.total;
    };
    // The first create on a fresh instance also reads the user's row (role, team; cached 30 s) and the custom-field definitions (cached 10 s).
    const perColdCreate = await count(() => fetch(`${host.url}/v1/contacts`, { method: "POST", headers: localHeaders, body: JSON.stringify(sampleContact(424241)) }));
    const perCreate = await count(() => fetch(`${host.url}/v1/contacts`, { method: "POST", headers: localHeaders, body: JSON.stringify(sampleContact(424242)) }));
    const createTrips = counter.roundTrips();
    const richContact = {
      firstName: "Rich",
      phones: [{ number: "+79035550001" }, { number: "+79035550002", type: "work" }, { number: "+79035550003", type: "home" }],
      emails: ["rich1@example.com", "rich2@example.com"],
    };
    counter.reset();
    const richResponse = await fetch(`${host.url}/v1/contacts`, { method: "POST", headers: localHeaders, body: JSON.stringify(richContact) });
    const rich = (await richResponse.json()) as { contactId: string };
    const perRichCreate = counter.total;
    const richTrips = counter.roundTrips();
    const richClaimReads = counter.byCommand.get("BatchGetItemCommand") ?? 0;
    const richCommands = [...counter.byCommand.keys()].join(", ");
    const richWrites = counter.byCommand.get("TransactWriteItemsCommand") ?? 0;
    const richOnlyChecksAndTransaction = [...counter.byCommand.keys()].every((command) => command === "TransactWriteItemsCommand" || command === "QueryCommand" || command === "BatchGetItemCommand");
    const richChecks = counter.byCommand.get("QueryCommand") ?? 0;
    const perGet = await count(() => fetch(`${host.url}/v1/contacts/${rich.contactId}`, { headers: localHeaders }));
    const perList = await count(() => fetch(`${host.url}/v1/contacts?limit=50`, { headers: localHeaders }));
    record("DynamoDB requests per API create (first on a fresh instance: + the user's row and the definitions Query)", perColdCreate, "");
    record("DynamoDB requests per API create (duplicate check: 1 Query per phone, email, name word + 1 BatchGetItem of the value claims; then 1 transaction)", perCreate, "");
    record("DynamoDB round trips per API create (parallel reads, then 1 TransactWriteItems)", createTrips, "", { text: "2", ok: createTrips === 2 });
    record(`DynamoDB requests per create with 3 phones + 2 emails (${richCommands})`, perRichCreate, "");
    record("  round trips (the check's Queries and the claims' BatchGetItem in parallel, then the transaction)", richTrips, "", { text: "2", ok: richTrips === 2 });
    record("  of which value-claim reads: BatchGetItem", richClaimReads, "", { text: "1", ok: richClaimReads === 1 });
    // The same create split: its writes (all in one transaction), and the duplicate check's reads (issue 6).
    record("  of which writes: TransactWriteItems", richWrites, "", { text: "1", ok: richWrites === 1 && richOnlyChecksAndTransaction });
    record("  of which duplicate-check Queries (1 per phone and email)", richChecks, "");
    record("DynamoDB requests per card read (contact + timeline page)", perGet, "", { text: "1", ok: perGet === 1 });
    record("DynamoDB requests per API list page", perList, "", { text: "1", ok: perList === 1 });

    // The call-list engine: a 1,000-entry list run to the end (its own table and local host).
    phase("stop the measured servers");
    const serverExited = new Promise((resolveExit) => server.child.once("exit", resolveExit));
    server.child.kill("SIGTERM");
    bare.child.kill("SIGTERM");
    // Let it exit on its own (a --cpu-prof in BENCH_SERVER_ARGS writes its profile then).
    await Promise.race([serverExited, new Promise((resolveWait) => setTimeout(resolveWait, 10_000))]);
    await host.stop();
    // BENCH_SCOPE=api: only create, card read, update and the request counts.
    if (process.env.BENCH_SCOPE === "api") return printRows();
    phase("cost");
    // AWS cost per dialed contact, create, imported row and operator-hour (scripts/bench-cost.ts).
    recordCost(await benchCost(dynamo.endpoint), record);
    phase("engine");
    const engine = await benchEngine(dynamo.endpoint);
    recordEngine(engine, record);

    // Finding contacts: 100,000 contacts (BENCH_SEARCH_CONTACTS) seeded with the write paths' row builder.
    phase("search");
    recordSearch(await benchSearch(dynamo.endpoint, undefined, dynamo.pid), record);
    // CSV import: 10,000 amoCRM-shaped rows, duplicate check on, against BatchWriteItem.
    phase("import");
    recordImport(await benchImport(dynamo.endpoint), record);
  } finally {
    server.child.kill("SIGTERM");
    bare.child.kill("SIGTERM");
    await host.stop().catch(() => undefined);
    await dynamo.stop();
  }

  // The API Lambda as deployed (infra/stage.ts, code splitting on): what a cold start loads, and
  // its load time over an empty module in fresh processes, interleaved (scripts/bench-lambda.ts).
  recordLambda(await benchLambdaLoad(outDir), record);

  printRows();
}

function printRows() {
  const width = Math.max(...rows.map((row) => row.metric.length));
  console.log(`\nCallboard benchmark — concurrency ${CONCURRENCY}, DynamoDB Local, ${new Date().toISOString()}\n`);
  for (const row of rows) {
    console.log(`${row.metric.padEnd(width)}  ${row.value.padStart(12)}  ${row.target ? `target ${row.target}` : ""}${row.verdict ? `  ${row.verdict}` : ""}`);
  }
  writeFileSync(join(outDir, "results.json"), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
