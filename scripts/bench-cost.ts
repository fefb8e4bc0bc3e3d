/**
 * AWS cost per dialed contact, per 1,000 creates, per 10,000 imported rows and per operator-hour
 * (issue 20), from figures measured here and the price table in docs/operations.md ("Costs").
 *
 * A small call list runs to the end in one local host (the real ASL on aws-local-stepfunctions,
 * the telephony simulator over HTTP, an operator who takes and disposes each call at once), and
 * everything is counted while it runs:
 * - Step Functions state transitions (every state entered) and the steps Lambda's invocations
 *   (Task states that invoke it);
 * - API requests and their in-process time (webhooks, the operator's disposition: API Gateway
 *   requests and API Lambda invocations), from the API's access lines (runtime/log.ts);
 * - DynamoDB read and write units: every request asks `ReturnConsumedCapacity: INDEXES`. DynamoDB
 *   Local miscounts batch and transactional writes, so those are cross-checked against the items'
 *   own sizes (1 KB per WRU, table + each index the item lands in, ×2 in a transaction) and the
 *   larger figure is billed.
 * Lambda time of the steps is not observable in-process; it is billed at STEP_MS_ASSUMED per
 * invocation (stated in the output). Memory sizes are the deployed ones (infra/).
 *
 * Scoped and small: `BENCH_SCOPE=cost npm run bench` (BENCH_COST_ENTRIES, default 40).
 */
import { randomBytes } from "node:crypto";
import { ulid } from "ulid";
import { instantConsoles } from "./bench-consoles";
import { withActor } from "../packages/core/src/actor";
import { CallEngine, CallLists } from "../packages/core/src/call-lists";
import * as BatchCreate from "../packages/core/src/contacts/batch-create";
import { Contacts } from "../packages/core/src/contacts";
import { Presence } from "../packages/core/src/presence";
import { useStorage } from "../packages/core/src/storage";
import { TableSchema } from "../packages/core/src/storage/table-schema";
import { configureTelephony, configureTelephonyWebhooks, simulatorTelephony } from "../packages/core/src/telephony";
import { Users } from "../packages/core/src/users";
import { startLocalHost } from "../packages/functions/src/local/host";
import { startTelephonySimulator, type TelephonySimulator } from "../packages/functions/src/local/telephony-simulator";
import { createLogger, logger as processLogger, setLogger } from "../packages/functions/src/runtime/log";
import { extractCallListAsl } from "../infra/call-lists-definition";

/** Prices as in docs/operations.md ("Costs"): eu-central-1, as known, 2025-11. Keep both in step. */
export const PRICES = {
  region: "eu-central-1",
  asOf: "2025-11",
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoPerWru: 0.7625 / 1_000_000,
  dynamoPerRru: 0.1525 / 1_000_000,
  httpApiPerRequest: 1.2 / 1_000_000,
  sqsPerRequest: 0.4 / 1_000_000,
} as const;

/** Deployed memory sizes (infra/api.ts, infra/call-lists.ts, infra/jobs.ts). */
const MEMORY_GB = { api: 1, steps: 0.5, worker: 1 } as const;
/** Billed time per steps invocation (each step is a few DynamoDB requests): an assumption. */
const STEP_MS_ASSUMED = 50;
/** The console's operator bar (packages/web/src/voice/OperatorConsole.tsx): heartbeat 10 s, presence 3 s. */
const HEARTBEATS_PER_HOUR = 3600 / 10;
const PRESENCE_READS_PER_HOUR = 3600 / 3;

// ---- DynamoDB capacity meter -----------------------------------------------------------------

type Capacity = { rru: number; wru: number; reportedRru: number; reportedWru: number; requests: number };
const zero = (): Capacity => ({ rru: 0, wru: 0, reportedRru: 0, reportedWru: 0, requests: 0 });

/** DynamoDB's item size: attribute names + values (strings in UTF-8, numbers ~1 byte per 2 digits). */
export function itemBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === "boolean") return 1;
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number" || typeof value === "bigint") return 1 + Math.ceil(String(value).replace(/[-.]/g, "").length / 2);
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, item) => sum + itemBytes(item), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, item) => sum + 1 + itemBytes(item), 0);
  return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [key, item]) => sum + Buffer.byteLength(key) + itemBytes(item), 0);
}

/** Write units of putting `item`: table plus each global index it lands in (projection ALL). */
function putWru(item: Record<string, unknown>): number {
  const size = Object.entries(item).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + itemBytes(value), 0);
  const units = Math.ceil(size / 1024) || 1;
  const indexes = TableSchema.globalIndexes.filter((index) => item[index.partitionKey] !== undefined && item[index.sortKey] !== undefined).length;
  return units * (1 + indexes);
}

const READS = new Set(["GetItemCommand", "GetCommand", "QueryCommand", "ScanCommand", "BatchGetItemCommand", "BatchGetCommand", "TransactGetItemsCommand", "TransactGetCommand"]);

/** What DynamoDB says it consumed; DynamoDB Local gives only `CapacityUnits`, read or written by the command. */
function reported(command: string, output: any): { rru: number; wru: number } {
  const list = [output?.ConsumedCapacity].flat().filter(Boolean) as { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number; Table?: { ReadCapacityUnits?: number; WriteCapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { ReadCapacityUnits?: number; WriteCapacityUnits?: number }> }[];
  let rru = 0;
  let wru = 0;
  for (const entry of list) {
    rru += entry.ReadCapacityUnits ?? 0;
    wru += entry.WriteCapacityUnits ?? 0;
    if (entry.ReadCapacityUnits === undefined && entry.WriteCapacityUnits === undefined && entry.CapacityUnits !== undefined) {
      if (READS.has(command)) rru += entry.CapacityUnits;
      else wru += entry.CapacityUnits;
    }
  }
  return { rru, wru };
}

/** Our own estimate for the operations DynamoDB Local miscounts. */
function estimated(command: string, input: any, output: any): { rru: number; wru: number } | undefined {
  if (command === "BatchWriteItemCommand") {
    let wru = 0;
    for (const requests of Object.values(input.RequestItems ?? {}) as any[]) for (const request of requests) wru += request.PutRequest ? putWru(request.PutRequest.Item) : 1;
    return { rru: 0, wru };
  }
  if (command === "TransactWriteItemsCommand" || command === "TransactWriteCommand") {
    let wru = 0;
    for (const item of input.TransactItems ?? []) wru += 2 * (item.Put ? putWru(item.Put.Item) : 1);
    return { rru: 0, wru };
  }
  if (command === "BatchGetItemCommand" || command === "TransactGetItemsCommand" || command === "TransactGetCommand") {
    const items = command === "BatchGetItemCommand" ? (Object.values(output?.Responses ?? {}) as any[]).flat() : (output?.Responses ?? []).map((r: any) => r.Item).filter(Boolean);
    const units = items.reduce((sum: number, item: any) => sum + Math.ceil(itemBytes(item) / 4096 || 1), 0);
    return { rru: command === "BatchGetItemCommand" ? units * 0.5 : units * 2, wru: 0 };
  }
  return undefined;
}

/** Adds the meter to the storage client the host configured (ElectroDB and our code share it). */
function meterDynamo(): { on: boolean; capacity: Capacity } {
  const meter = { on: false, capacity: zero() };
  useStorage().clients.raw.middlewareStack.add(
    (next, context) => async (args: any) => {
      if (!meter.on) return next(args);
      args.input.ReturnConsumedCapacity ??= "INDEXES";
      const result = await next(args);
      const command = String(context.commandName ?? "");
      const fromDynamo = reported(command, result.output);
      const ours = estimated(command, args.input, result.output);
      meter.capacity.requests += 1;
      meter.capacity.reportedRru += fromDynamo.rru;
      meter.capacity.reportedWru += fromDynamo.wru;
      meter.capacity.rru += Math.max(fromDynamo.rru, ours?.rru ?? 0);
      meter.capacity.wru += Math.max(fromDynamo.wru, ours?.wru ?? 0);
      return result;
    },
    { step: "initialize", name: "capacityMeter" },
  );
  return meter;
}

// ---- the measurement -------------------------------------------------------------------------

export interface CostFigures {
  dialed: number;
  perDial: { transitions: number; stepInvocations: number; apiRequests: number; apiMs: number; rru: number; wru: number; reportedWru: number };
  perCreate: { rru: number; wru: number; apiMs: number };
  perImportRow: { rru: number; wru: number; workerMs: number };
  perOperatorHour: { requests: number; rru: number; wru: number };
  dollars: { per1000Dials: { stepFunctions: number; lambdaSteps: number; lambdaApi: number; apiGateway: number; dynamoDb: number; total: number }; per1000Creates: number; per10000ImportRows: number; perOperatorHour: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const phase = (name: string) => process.env.BENCH_VERBOSE && console.error(`bench: ${new Date().toISOString().slice(11, 19)}   cost: ${name}`);

export async function benchCost(dynamoEndpoint: string, entries = Number(process.env.BENCH_COST_ENTRIES ?? 40)): Promise<CostFigures> {
  // The API's access lines carry each request's route and time: they count API Gateway requests.
  const apiLines: { route: string; ms: number }[] = [];
  setLogger(
    createLogger({
      format: "json",
      level: "INFO",
      sink: (_level, line) => {
        const parsed = JSON.parse(line) as { message?: string; route?: string; ms?: number };
        if (parsed.message === "request" && parsed.route) apiLines.push({ route: parsed.route, ms: parsed.ms ?? 0 });
      },
    }),
  );
  const taskStates = new Set<string>();
  const collect = (states: Record<string, any>) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.Type === "Task" && String(state.Resource ?? "").includes("lambda")) taskStates.add(name);
      if (state.ItemProcessor?.States) collect(state.ItemProcessor.States);
      if (state.Iterator?.States) collect(state.Iterator.States);
      for (const branch of state.Branches ?? []) collect(branch.States);
    }
  };
  collect(extractCallListAsl().States as Record<string, any>);

  let transitions = 0;
  let stepInvocations = 0;
  let counting = false;
    phase("host");
  const host = await startLocalHost({
    dynamoEndpoint,
    tableName: `bench-cost-${Date.now()}`,
    port: 0,
    admin: { email: "cost@callboard.local", password: "bench-cost-password" },
    simulator: false,
    engine: {
      onStateEntered: (name: string) => {
        if (!counting) return;
        transitions++;
        if (taskStates.has(name)) stepInvocations++;
      },
    },
  });
  const meter = meterDynamo();
  let simulator: TelephonySimulator | undefined;
  const operatorsById = new Map<string, { type: "user"; userId: string; role: "operator" }>();
  const secret = randomBytes(16).toString("hex");
  try {
    simulator = await startTelephonySimulator({
      webhookUrl: `${host.url}/v1/telephony/simulator/events`,
      secret,
      rules: { otherwise: "answered" },
      ringSeconds: 0,
      noAnswerSeconds: 0,
      consoles: instantConsoles(operatorsById, () => simulator),
    });
    configureTelephony(simulatorTelephony({ url: simulator.url, secret }));
    configureTelephonyWebhooks({ simulatorSecret: secret, perAddressPerMinute: 100_000_000 });

    phase("simulator up");
    const adminId = await withActor({ type: "system", reason: "bench" }, async () => (await useStorage().service.entities.userEmail.get({ email: "cost@callboard.local" }).go()).data!.userId);
    const admin = { type: "user" as const, userId: adminId, role: "admin" as const };
    const operator = await withActor(admin, () => Users.create({ email: `operator.${Date.now()}@cost.bench`, name: "Cost operator", role: "operator", password: randomBytes(12).toString("base64url") }));
    const operatorActor = { type: "user" as const, userId: operator.userId, role: "operator" as const };
    operatorsById.set(operator.userId, operatorActor);
    await withActor(operatorActor, () => Presence.setOwn({ state: "ready" }));

    phase("users");
    // Creates (the API's write path): capacity and in-process time of each.
    meter.on = true;
    meter.capacity = zero();
    const contactIds: string[] = [];
    const createStarted = performance.now();
    await withActor(admin, async () => {
      for (let index = 0; index < entries; index++) {
        const contact = await Contacts.create({ firstName: "Cost", lastName: `Bench${index}`, phones: [{ number: `+7916${String(3000000 + index).padStart(7, "0")}`, type: "mobile" }] });
        contactIds.push(contact.contactId);
      }
    });
    const createMs = (performance.now() - createStarted) / entries;
    const createCapacity = meter.capacity;

    phase("creates");
    // Imported rows: the import's own write path (planner + batch writes) for a 500-row chunk.
    const importRows = 500;
    meter.capacity = zero();
    const importStarted = performance.now();
    await withActor(admin, async () => {
      const plans = await BatchCreate.planFromSource(
        Array.from({ length: importRows }, (_, index) => ({
          contactId: ulid(),
          input: { firstName: "Imported", lastName: `Row${index}`, phones: [{ number: `+7917${String(4000000 + index).padStart(7, "0")}`, type: "mobile" }], source: { kind: "import" as const, fileName: "cost.csv" }, ownerIds: [adminId] },
        })),
      );
      await BatchCreate.writePlanned(plans.flatMap((result) => ("plan" in result ? [result.plan] : [])));
    });
    const importMs = (performance.now() - importStarted) / importRows;
    const importCapacity = meter.capacity;

    phase("import");
    // One heartbeat and one presence read, as the operator's console sends them.
    meter.capacity = zero();
    await withActor(operatorActor, () => Presence.heartbeat());
    const heartbeatCapacity = meter.capacity;
    meter.capacity = zero();
    await withActor(operatorActor, () => Presence.getOwn());
    const presenceCapacity = meter.capacity;
    // A status read (our polling below): measured once, taken out of the list's figures.
    meter.capacity = zero();
    const { list } = await withActor(admin, () =>
      CallLists.create({ name: "Cost bench", operatorIds: [operator.userId], settings: { maxAttempts: 1, maxLines: 1, callWindow: { start: "00:00", end: "23:59" } }, entries: contactIds.map((contactId) => ({ contactId })) }),
    );
    meter.capacity = zero();
    await withActor(admin, () => CallLists.get(list.listId));
    const pollCapacity = meter.capacity;

    phase("list made");
    // The list, counted from its start to its end.
    meter.capacity = zero();
    apiLines.length = 0;
    transitions = 0;
    stepInvocations = 0;
    counting = true;
    // The operator's console heartbeats while the list runs (30 s without one = offline, and the
    // list would wait for an operator forever on a slow machine); like the polls, taken out below.
    let heartbeats = 1;
    await withActor(operatorActor, () => Presence.heartbeat());
    const beating = setInterval(() => {
      heartbeats++;
      void withActor(operatorActor, () => Presence.heartbeat()).catch(() => undefined);
    }, 10_000);
    await withActor(admin, () => CallLists.start(list.listId));
    let state = await withActor(admin, () => CallLists.get(list.listId));
    let polls = 1;
    const deadline = Date.now() + 10 * 60_000;
    try {
      while (state.status === "running") {
        if (Date.now() > deadline) throw new Error(`cost bench: the list still runs after 10 minutes (${JSON.stringify(state.stats)})`);
        await sleep(200);
        state = await withActor(admin, () => CallLists.get(list.listId));
        polls++;
      }
    } finally {
      clearInterval(beating);
    }
    counting = false;
    meter.on = false;
    const dialed = [...simulator.calls].filter((call) => call.callId.startsWith(list.listId)).length || 1;
    const listCapacity = meter.capacity;
    const rru = (listCapacity.rru - polls * pollCapacity.rru - heartbeats * heartbeatCapacity.rru) / dialed;
    const wru = (listCapacity.wru - polls * pollCapacity.wru - heartbeats * heartbeatCapacity.wru) / dialed;
    // The operator's disposition is an API request too (the console posts it); the bench disposes in-process.
    const apiRequests = apiLines.length / dialed + 1;
    const apiMs = apiLines.reduce((sum, line) => sum + line.ms, 0) / Math.max(1, apiLines.length);

    const perDial = { transitions: transitions / dialed, stepInvocations: stepInvocations / dialed, apiRequests, apiMs, rru, wru, reportedWru: (listCapacity.reportedWru - polls * pollCapacity.reportedWru) / dialed };
    const lambda = (invocations: number, ms: number, gb: number) => invocations * (PRICES.lambdaPerRequest + (Math.max(1, Math.ceil(ms)) / 1000) * gb * PRICES.lambdaArmPerGbSecond);
    const per1000Dials = {
      stepFunctions: 1000 * perDial.transitions * PRICES.stepFunctionsPerTransition,
      lambdaSteps: 1000 * lambda(perDial.stepInvocations, STEP_MS_ASSUMED, MEMORY_GB.steps),
      lambdaApi: 1000 * lambda(perDial.apiRequests, apiMs, MEMORY_GB.api),
      apiGateway: 1000 * perDial.apiRequests * PRICES.httpApiPerRequest,
      dynamoDb: 1000 * (perDial.rru * PRICES.dynamoPerRru + perDial.wru * PRICES.dynamoPerWru),
      total: 0,
    };
    per1000Dials.total = Object.entries(per1000Dials).reduce((sum, [key, value]) => (key === "total" ? sum : sum + value), 0);
    const per1000Creates = 1000 * (lambda(1, createMs, MEMORY_GB.api) + PRICES.httpApiPerRequest + createCapacity.rru / entries * PRICES.dynamoPerRru + createCapacity.wru / entries * PRICES.dynamoPerWru);
    // Import: the rows' writes, the worker's time, and per 500-row chunk one SQS send/receive/delete.
    const per10000ImportRows =
      10_000 * (importCapacity.rru / importRows * PRICES.dynamoPerRru + importCapacity.wru / importRows * PRICES.dynamoPerWru) +
      lambda(10_000 / 500, (importMs * 500), MEMORY_GB.worker) +
      (10_000 / 500) * 3 * PRICES.sqsPerRequest;
    const hourRequests = HEARTBEATS_PER_HOUR + PRESENCE_READS_PER_HOUR;
    const perOperatorHourDollars =
      hourRequests * (PRICES.httpApiPerRequest + PRICES.lambdaPerRequest + (Math.ceil(apiMs) / 1000) * MEMORY_GB.api * PRICES.lambdaArmPerGbSecond) +
      HEARTBEATS_PER_HOUR * (heartbeatCapacity.rru * PRICES.dynamoPerRru + heartbeatCapacity.wru * PRICES.dynamoPerWru) +
      PRESENCE_READS_PER_HOUR * (presenceCapacity.rru * PRICES.dynamoPerRru + presenceCapacity.wru * PRICES.dynamoPerWru);
    return {
      dialed,
      perDial,
      perCreate: { rru: createCapacity.rru / entries, wru: createCapacity.wru / entries, apiMs: createMs },
      perImportRow: { rru: importCapacity.rru / importRows, wru: importCapacity.wru / importRows, workerMs: importMs },
      perOperatorHour: {
        requests: hourRequests,
        rru: HEARTBEATS_PER_HOUR * heartbeatCapacity.rru + PRESENCE_READS_PER_HOUR * presenceCapacity.rru,
        wru: HEARTBEATS_PER_HOUR * heartbeatCapacity.wru + PRESENCE_READS_PER_HOUR * presenceCapacity.wru,
      },
      dollars: { per1000Dials, per1000Creates, per10000ImportRows, perOperatorHour: perOperatorHourDollars },
    };
  } finally {
    setLogger(processLogger);
    await simulator?.stop();
    await host.stop();
  }
}

/** The rows `npm run bench` prints for this part. */
export function recordCost(cost: CostFigures, record: (metric: string, value: number, unit: string, target?: { text: string; ok: boolean }) => void) {
  const d = cost.dollars.per1000Dials;
  record(`cost: prices ${PRICES.region}, as known ${PRICES.asOf} (docs/operations.md); steps billed at ${STEP_MS_ASSUMED} ms each (assumed)`, cost.dialed, "contacts dialed");
  record("cost: state transitions per dialed contact", cost.perDial.transitions, "");
  record("cost: steps Lambda invocations per dialed contact", cost.perDial.stepInvocations, "");
  record("cost: API requests per dialed contact (webhooks + disposition)", cost.perDial.apiRequests, "");
  record("cost: API time per request (in-process)", cost.perDial.apiMs, "ms");
  record("cost: DynamoDB RRU per dialed contact", cost.perDial.rru, "");
  record(`cost: DynamoDB WRU per dialed contact (DynamoDB Local reported ${cost.perDial.reportedWru.toFixed(1)})`, cost.perDial.wru, "");
  record("cost: $ per 1,000 dialed: Step Functions", d.stepFunctions, "$");
  record("cost: $ per 1,000 dialed: Lambda (steps)", d.lambdaSteps, "$");
  record("cost: $ per 1,000 dialed: Lambda (API)", d.lambdaApi, "$");
  record("cost: $ per 1,000 dialed: API Gateway", d.apiGateway, "$");
  record("cost: $ per 1,000 dialed: DynamoDB", d.dynamoDb, "$");
  record("cost: $ per 1,000 dialed contacts, telephony excluded", d.total, "$", { text: "≤ $0.50", ok: d.total <= 0.5 });
  record(`cost: $ per 1,000 contact creates (${cost.perCreate.wru.toFixed(1)} WRU, ${cost.perCreate.rru.toFixed(1)} RRU each)`, cost.dollars.per1000Creates, "$");
  record(`cost: $ per 10,000 imported rows (${cost.perImportRow.wru.toFixed(1)} WRU each)`, cost.dollars.per10000ImportRows, "$");
  record(`cost: $ per operator-hour at the console (${cost.perOperatorHour.requests} requests: heartbeat 10 s, presence 3 s)`, cost.dollars.perOperatorHour, "$");
}
