/**
 * Metrics and logs of a real call list (issue 20): the real ASL on aws-local-stepfunctions, the
 * simulator over HTTP into the real webhook route, an operator who takes and disposes each call.
 * Every outcome is counted once under its metric name, answer → operator connected is measured,
 * nothing is abandoned, and each call can be followed by its ID through the log lines.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallEngine, CallLists } from "../../packages/core/src/call-lists";
import { configureObservability, MetricName, type LogFields } from "../../packages/core/src/runtime/observability";
import type { User } from "../../packages/core/src/users";
import { eventually, listState, openConsoles, seedContacts, startEngine, startTelephony, type Telephony } from "../fixtures/call-lists";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import { createTestTable } from "../fixtures/table";

let telephony: Telephony;
let admin: User;
let manager: User;
const metrics: { name: string; value: number; unit: string }[] = [];
const lines: { level: string; message: string; fields: LogFields }[] = [];

beforeAll(async () => {
  await createTestTable("call-metrics");
  telephony = await startTelephony();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
  const capture = (level: string) => (message: string, fields?: LogFields) => void lines.push({ level, message, fields: fields ?? {} });
  configureObservability({
    metrics: { add: (name, value, unit) => void metrics.push({ name, value, unit }) },
    log: { debug: capture("debug"), info: capture("info"), warn: capture("warn"), error: capture("error") },
  });
});

afterAll(async () => {
  await telephony.stop();
});

const count = (name: string) => metrics.filter((metric) => metric.name === name).reduce((sum, metric) => sum + metric.value, 0);

describe("a call list's metrics and logs", () => {
  it("counts each outcome once, measures answer → operator, abandons nobody, and logs every call by its ID", async () => {
    const operator = await seedUser(admin, "operator");
    const consoles = openConsoles([operator]);
    await consoles.opened;
    const numbers = ["+79165550101", "+79165550102", "+79165550103", "+79165550104"];
    telephony.simulator.setRules({ numbers: { [numbers[0]!]: "answered", [numbers[1]!]: "answered", [numbers[2]!]: "no-answer", [numbers[3]!]: "busy" } });
    const { runner } = startEngine();
    let stopped = false;
    try {
      const contacts = await seedContacts(manager, numbers);
      const { list } = await asUser(manager, () =>
        CallLists.create({ name: "Metrics", operatorIds: [operator.userId], settings: { maxAttempts: 1 }, entries: contacts.map((contact) => ({ contactId: contact.contactId })) }),
      );
      // The operator disposes each answered call as soon as it is on their screen.
      const disposing = (async () => {
        while (!stopped) {
          const active = await asUser(operator, () => CallEngine.activeCallFor(operator.userId)).catch(() => undefined);
          if (active) await asUser(operator, () => CallEngine.dispose(active.entry.listId, active.entry.entryId, { disposition: "not-interested" })).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      metrics.length = 0;
      lines.length = 0;
      await asUser(manager, () => CallLists.start(list.listId));
      await eventually(async () => (await listState(list.listId)).status === "done", 90_000, "list done");
      stopped = true;
      await disposing;

      expect(count(MetricName.callsPlaced)).toBe(4);
      expect(count(MetricName.callsAnsweredHuman)).toBe(2);
      expect(count(MetricName.callsNoAnswer)).toBe(1);
      expect(count(MetricName.callsBusy)).toBe(1);
      expect(count(MetricName.callsFailed)).toBe(0);
      expect(count(MetricName.callsAbandoned)).toBe(0);
      const connects = metrics.filter((metric) => metric.name === MetricName.answerToOperatorMs);
      expect(connects).toHaveLength(2);
      for (const connect of connects) expect(connect).toMatchObject({ unit: "Milliseconds", value: expect.any(Number) });

      // Each call, followed by its ID: placed, the provider's events, its outcome (and the verdict).
      const callIds = [...new Set(lines.filter((line) => line.message === "call placed").map((line) => String(line.fields.callId)))];
      expect(callIds).toHaveLength(4);
      for (const callId of callIds) {
        const messages = lines.filter((line) => line.fields.callId === callId).map((line) => line.message);
        expect(messages, callId).toEqual(expect.arrayContaining(["call placed", "telephony event", "call outcome"]));
      }
      const disposed = lines.filter((line) => line.message === "call disposed").map((line) => String(line.fields.callId));
      expect(disposed).toHaveLength(2);
      for (const callId of disposed) expect(callIds).toContain(callId);
    } finally {
      stopped = true;
      runner.stop();
      consoles.stop();
    }
  }, 180_000);
});
