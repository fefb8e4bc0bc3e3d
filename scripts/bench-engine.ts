/**
 * The call-list engine's figures for `npm run bench`: a 1,000-entry list run to the end by the
 * real ASL on aws-local-stepfunctions, dialing through the telephony simulator over HTTP with
 * zero ring time, everything in one local host as `npm start` runs it.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { withActor } from "../packages/core/src/actor";
import { CallLists } from "../packages/core/src/call-lists";
import { Contacts } from "../packages/core/src/contacts";
import { useStorage } from "../packages/core/src/storage";
import { RequestCounter } from "../packages/core/src/storage/client";
import { startLocalHost } from "../packages/functions/src/local/host";

export interface EngineFigures {
  entries: number;
  done: number;
  dialed: number;
  wallSeconds: number;
  transitionsPerDial: number;
  requestsPerDial: number;
  overheadMedianMs: number;
  overheadP95Ms: number;
  floorRequestMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

export async function benchEngine(dynamoEndpoint: string, entries = Number(process.env.BENCH_ENGINE_ENTRIES ?? 1000)): Promise<EngineFigures> {
  const counter = new RequestCounter();
  let transitions = 0;
  const host = await startLocalHost({
    dynamoEndpoint,
    tableName: "bench-engine",
    port: 0,
    counter,
    admin: { email: "engine@callboard.local", password: "bench-engine-password" },
    simulator: { rules: { otherwise: "no-answer" }, ringSeconds: 0, noAnswerSeconds: 0 },
    engine: { onStateEntered: () => transitions++ },
  });
  try {
    const adminUser = { type: "user" as const, userId: "", role: "admin" as const };
    const admin = await withActor({ type: "system", reason: "bench" }, async () => {
      const { service } = useStorage();
      const found = await service.entities.userEmail.get({ email: "engine@callboard.local" }).go();
      return found.data!.userId;
    });
    adminUser.userId = admin;

    // Contacts with Moscow mobile numbers; the window is the whole day so the run never waits.
    const contactIds: string[] = [];
    await withActor(adminUser, async () => {
      for (let start = 0; start < entries; start += 50) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(50, entries - start) }, (_, offset) =>
            Contacts.create({ firstName: "Dial", lastName: `Bench${start + offset}`, phones: [{ number: `+7915${String(2000000 + start + offset).padStart(7, "0")}`, type: "mobile" }] }),
          ),
        );
        contactIds.push(...batch.map((contact) => contact.contactId));
      }
    });
    const { list } = await withActor(adminUser, () =>
      CallLists.create({
        name: "Engine bench",
        operatorIds: [admin],
        settings: { maxAttempts: 1, callWindow: { start: "00:00", end: "23:59" } },
        entries: contactIds.map((contactId) => ({ contactId })),
      }),
    );

    counter.reset();
    transitions = 0;
    const started = performance.now();
    await withActor(adminUser, () => CallLists.start(list.listId));
    let state = await withActor(adminUser, () => CallLists.get(list.listId));
    while (state.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await withActor(adminUser, () => CallLists.get(list.listId));
    }
    const wallSeconds = (performance.now() - started) / 1000;
    // The polling above is ours, not the engine's: take it out of the request count.
    const polls = Math.round((wallSeconds * 1000) / 250) + 1;
    const engineRequests = counter.total - polls * 2;

    const calls = [...host.simulator!.calls].filter((call) => call.callId.startsWith(list.listId)).sort((a, b) => a.placedAt.localeCompare(b.placedAt));
    const gaps: number[] = [];
    for (let index = 1; index < calls.length; index++) {
      const previousEnd = calls[index - 1]!.endedAt;
      if (previousEnd) gaps.push(new Date(calls[index]!.placedAt).getTime() - new Date(previousEnd).getTime());
    }

    // The floor: one DynamoDB request, sequential, against the same DynamoDB Local.
    const { clients, table } = useStorage();
    const key = { pk: "$crm#listid_none", sk: "$calllist_1" };
    const floorStarted = performance.now();
    for (let index = 0; index < 200; index++) await clients.doc.send(new GetCommand({ TableName: table, Key: key }));
    const floorRequestMs = (performance.now() - floorStarted) / 200;

    return {
      entries,
      done: state.stats.done,
      dialed: calls.length,
      wallSeconds,
      transitionsPerDial: transitions / Math.max(1, calls.length),
      requestsPerDial: engineRequests / Math.max(1, calls.length),
      overheadMedianMs: median(gaps),
      overheadP95Ms: percentile(gaps, 0.95),
      floorRequestMs,
    };
  } finally {
    await host.stop();
  }
}
