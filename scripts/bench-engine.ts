/**
 * The call-list engine's figures for `npm run bench` (issue 16: progressive dialing): a list run to
 * the end by the real ASL on aws-local-stepfunctions, everything in one local host as `npm start`
 * runs it, dialing through the telephony simulator over HTTP with zero ring time. Five operators
 * (BENCH_ENGINE_OPERATORS) are ready at their consoles, take every call the moment it rings and
 * dispose at once. The same list size is run with one line (maxLines 1) and with one line per
 * operator: contacts per minute with N lines ÷ (N × the one-line figure) says how well lines scale.
 *
 * Scoped: `BENCH_SCOPE=engine npm run bench` runs only this part;
 * BENCH_ENGINE_ENTRIES (default 1000) sizes the N-line list (the one-line list is a fifth of it).
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { randomBytes } from "node:crypto";
import { withActor } from "../packages/core/src/actor";
import { instantConsoles } from "./bench-consoles";
import { CallEngine, CallLists } from "../packages/core/src/call-lists";
import { Contacts } from "../packages/core/src/contacts";
import { Presence } from "../packages/core/src/presence";
import { useStorage } from "../packages/core/src/storage";
import { RequestCounter } from "../packages/core/src/storage/client";
import { configureTelephony, configureTelephonyWebhooks, simulatorTelephony } from "../packages/core/src/telephony";
import { Users } from "../packages/core/src/users";
import { startLocalHost } from "../packages/functions/src/local/host";
import { startTelephonySimulator, type TelephonySimulator } from "../packages/functions/src/local/telephony-simulator";

export interface EngineFigures {
  entries: number;
  operators: number;
  done: number;
  dialed: number;
  wallSeconds: number;
  transitionsPerDial: number;
  requestsPerDial: number;
  requestsPerSecond: number;
  /** Released operator → their next call placed. */
  overheadMedianMs: number;
  overheadP95Ms: number;
  floorRequestMs: number;
  oneLinePerMinute: number;
  linesPerMinute: number;
  /** linesPerMinute ÷ (operators × oneLinePerMinute). */
  lineRatio: number;
  abandoned: number;
  doubleReservations: number;
  /** Callee answered → operator connected (the card is there before: the outcome is recorded first). */
  connectMedianMs: number;
  connectP95Ms: number;
}

const median = (values: number[]) => (values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! : 0);
const percentile = (values: number[], p: number) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]! : 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchEngine(
  dynamoEndpoint: string,
  entries = Number(process.env.BENCH_ENGINE_ENTRIES ?? 1000),
  operatorCount = Number(process.env.BENCH_ENGINE_OPERATORS ?? 5),
): Promise<EngineFigures> {
  const counter = new RequestCounter();
  let transitions = 0;
  let counting = false;
  const host = await startLocalHost({
    dynamoEndpoint,
    tableName: "bench-engine",
    port: 0,
    counter,
    admin: { email: "engine@callboard.local", password: "bench-engine-password" },
    simulator: false,
    engine: { onStateEntered: () => counting && transitions++ },
  });
  // The simulator, with consoles that take every call at once (an operator at a ready console).
  const disposedAt = new Map<string, number>();
  const operatorsById = new Map<string, { type: "user"; userId: string; role: "operator" }>();
  const secret = randomBytes(16).toString("hex");
  let simulator: TelephonySimulator | undefined;
  simulator = await startTelephonySimulator({
    webhookUrl: `${host.url}/v1/telephony/simulator/events`,
    secret,
    // Every bench number answers (set below, once the numbers exist: the default rules end some by their last digit).
    rules: {},
    ringSeconds: 0,
    noAnswerSeconds: 0,
    consoles: instantConsoles(operatorsById, () => simulator, (callId) => disposedAt.set(callId, Date.now())),
  });
  configureTelephony(simulatorTelephony({ url: simulator.url, secret }));
  configureTelephonyWebhooks({ simulatorSecret: secret, perAddressPerMinute: 100_000_000 });
  const heartbeats: NodeJS.Timeout[] = [];
  try {
    const adminId = await withActor({ type: "system", reason: "bench" }, async () => (await useStorage().service.entities.userEmail.get({ email: "engine@callboard.local" }).go()).data!.userId);
    const adminUser = { type: "user" as const, userId: adminId, role: "admin" as const };

    const operators = await withActor(adminUser, async () => {
      const made = [];
      for (let index = 0; index < operatorCount; index++) {
        made.push(await Users.create({ email: `operator${index}.${Date.now()}@engine.bench`, name: `Operator ${index}`, role: "operator", password: randomBytes(12).toString("base64url") }));
      }
      return made;
    });
    for (const operator of operators) {
      const actor = { type: "user" as const, userId: operator.userId, role: "operator" as const };
      operatorsById.set(operator.userId, actor);
      await withActor(actor, () => Presence.setOwn({ state: "ready" }));
      heartbeats.push(setInterval(() => void withActor(actor, () => Presence.heartbeat()).catch(() => undefined), 10_000));
    }

    // Contacts with Moscow mobile numbers; the window is the whole day so the run never waits.
    const contactIds: string[] = [];
    const numberOf = (index: number) => `+7915${String(2000000 + index).padStart(7, "0")}`;
    simulator.setRules({ numbers: Object.fromEntries(Array.from({ length: entries }, (_, index) => [numberOf(index), "answered" as const])) });
    await withActor(adminUser, async () => {
      for (let start = 0; start < entries; start += 50) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(50, entries - start) }, (_, offset) =>
            Contacts.create({ firstName: "Dial", lastName: `Bench${start + offset}`, phones: [{ number: numberOf(start + offset), type: "mobile" }] }),
          ),
        );
        contactIds.push(...batch.map((contact) => contact.contactId));
      }
    });

    const run = async (name: string, ids: string[], maxLines: number) => {
      const { list } = await withActor(adminUser, () =>
        CallLists.create({
          name,
          operatorIds: operators.map((operator) => operator.userId),
          settings: { maxAttempts: 1, maxLines, callWindow: { start: "00:00", end: "23:59" } },
          entries: ids.map((contactId) => ({ contactId })),
        }),
      );
      counter.reset();
      transitions = 0;
      counting = true;
      const started = performance.now();
      await withActor(adminUser, () => CallLists.start(list.listId));
      let state = await withActor(adminUser, () => CallLists.get(list.listId));
      let polls = 1;
      while (state.status === "running") {
        await sleep(250);
        state = await withActor(adminUser, () => CallLists.get(list.listId));
        polls++;
      }
      counting = false;
      const wallSeconds = (performance.now() - started) / 1000;
      // The polling above is ours, not the engine's: take it out of the request count.
      const engineRequests = counter.total - polls * 2;
      return { list, state, wallSeconds, engineRequests, transitions };
    };

    const oneLine = await run("Engine bench, one line", contactIds.slice(0, Math.max(20, Math.floor(entries / 5))), 1);
    const lines = await run("Engine bench, one line per operator", contactIds, operatorCount);

    const calls = [...simulator.calls].filter((call) => call.callId.startsWith(lines.list.listId));
    const { service } = useStorage();
    const attempts = (await service.entities.callAttempt.query.primary({ listId: lines.list.listId }).go({ pages: "all" })).data;
    // Nobody reserved twice: per operator, each claim comes after their previous call was disposed.
    let doubleReservations = 0;
    const gaps: number[] = [];
    const placedAt = new Map(calls.map((call) => [call.callId, Date.parse(call.placedAt)]));
    for (const operator of operators) {
      const own = attempts.filter((attempt) => attempt.operatorId === operator.userId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      for (let index = 1; index < own.length; index++) {
        const released = disposedAt.get(own[index - 1]!.callId) ?? (own[index - 1]!.endedAt ? Date.parse(own[index - 1]!.endedAt!) : undefined);
        if (released === undefined || Date.parse(own[index]!.createdAt) < released - 5) doubleReservations++;
        const next = placedAt.get(own[index]!.callId);
        if (released !== undefined && next !== undefined) gaps.push(next - released);
      }
    }
    const connects = calls.filter((call) => call.answeredAt && call.connectedAt).map((call) => Date.parse(call.connectedAt!) - Date.parse(call.answeredAt!));

    // The floor: one DynamoDB request, sequential, against the same DynamoDB Local.
    const { clients, table } = useStorage();
    const key = { pk: "$crm#listid_none", sk: "$calllist_1" };
    const floorStarted = performance.now();
    for (let index = 0; index < 200; index++) await clients.doc.send(new GetCommand({ TableName: table, Key: key }));
    const floorRequestMs = (performance.now() - floorStarted) / 200;

    const perMinute = (result: { state: { stats: { done: number } }; wallSeconds: number }) => (result.state.stats.done / result.wallSeconds) * 60;
    const oneLinePerMinute = perMinute(oneLine);
    const linesPerMinute = perMinute(lines);
    return {
      entries,
      operators: operatorCount,
      done: lines.state.stats.done,
      dialed: calls.length,
      wallSeconds: lines.wallSeconds,
      transitionsPerDial: lines.transitions / Math.max(1, calls.length),
      requestsPerDial: lines.engineRequests / Math.max(1, calls.length),
      requestsPerSecond: lines.engineRequests / lines.wallSeconds,
      overheadMedianMs: median(gaps),
      overheadP95Ms: percentile(gaps, 0.95),
      floorRequestMs,
      oneLinePerMinute,
      linesPerMinute,
      lineRatio: linesPerMinute / (operatorCount * oneLinePerMinute),
      abandoned: lines.state.stats.abandoned + oneLine.state.stats.abandoned,
      doubleReservations,
      connectMedianMs: median(connects),
      connectP95Ms: percentile(connects, 0.95),
    };
  } finally {
    for (const timer of heartbeats) clearInterval(timer);
    await simulator.stop();
    await host.stop();
  }
}
