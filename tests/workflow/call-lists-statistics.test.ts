import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallEngine, CallLists, CallListStatistics } from "../../packages/core/src/call-lists";
import { advanceClock, setClock } from "../../packages/core/src/runtime/clock";
import type { User } from "../../packages/core/src/users";
import { asSystem, eventually, listState, openConsoles, seedContacts, startEngine, startTelephony, type Telephony } from "../fixtures/call-lists";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import { createTestTable } from "../fixtures/table";

/**
 * The list's statistics read what the real engine writes (issue 18): the list's counters and the
 * call log its Dial, outcome and disposition steps fill in, on the extracted ASL with the simulator.
 */
let manager: User;
let operator: User;
let telephony: Telephony;
let consoles: ReturnType<typeof openConsoles>;

beforeAll(async () => {
  await createTestTable("workflow");
  telephony = await startTelephony();
  const admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
  operator = await seedUser(admin, "operator", "Olga Operator");
  consoles = openConsoles([operator]);
  await consoles.opened;
});

afterAll(async () => {
  consoles.stop();
  await telephony.stop();
  setClock(undefined);
});

describe("list statistics from a real run", () => {
  it("5 attempts, 2 answered by a person: 40% of attempts, 2 of 3 entries reached; the funnel's dispositions, hours and talk time come from the call log", async () => {
    const [answers, busyThenAnswers, neverAnswers] = ["+79167771001", "+79167771002", "+79167771003"] as const;
    telephony.simulator.setRules({ numbers: { [answers]: "answered", [busyThenAnswers]: ["busy", "answered"], [neverAnswers]: "no-answer" } });
    const { runner } = startEngine();
    try {
      const contacts = await seedContacts(manager, [answers, busyThenAnswers, neverAnswers]);
      const { list } = await asUser(manager, () =>
        CallLists.create({
          name: "Statistics",
          operatorIds: [operator.userId],
          settings: { maxAttempts: 2, retryDelayMinutes: { busy: 1, noAnswer: 1, failed: 1, machine: 1 } },
          entries: contacts.map((contact) => ({ contactId: contact.contactId })),
        }),
      );
      await asUser(manager, () => CallLists.start(list.listId));
      const dispositions = ["interested", "not-interested"] as const;
      for (const disposition of dispositions) {
        const popped = await eventually(async () => {
          const active = await asUser(operator, () => CallEngine.activeCallFor(operator.userId));
          if (active) return active;
          if ((await listState(list.listId)).stats.byStatus["retry-scheduled"] > 0) advanceClock(60_000);
          return undefined;
        }, 20_000, "card pop");
        await asUser(operator, () => CallEngine.dispose(popped.entry.listId, popped.entry.entryId, { disposition }));
      }
      await eventually(async () => {
        const state = await listState(list.listId);
        if (state.status === "done") return state;
        if (state.stats.byStatus["retry-scheduled"] > 0) advanceClock(60_000);
        return undefined;
      }, 20_000, "list done");

      // Every call's record is complete once its disposition (answered) or outcome is in.
      const statistics = await eventually(async () => {
        const read = await asUser(manager, () => CallListStatistics.statistics(list.listId));
        return read.callLog.calls === 5 && read.funnel.filter((stage) => !["dialed", "answered"].includes(stage.stage)).reduce((sum, stage) => sum + stage.count, 0) === 2 ? read : undefined;
      }, 10_000, "call log complete");
      expect(statistics).toMatchObject({
        attempts: 5,
        answered: 2,
        answeredPercentOfAttempts: 40,
        reachedEntries: 2,
        finishedEntries: 3,
        reachedPercentOfFinishedEntries: 66.7,
        abandoned: 0,
        callLog: { calls: 5, complete: true },
      });
      const stage = (name: string) => statistics.funnel.find((step) => step.stage === name);
      expect(stage("dialed")).toEqual({ stage: "dialed", count: 5, percentOfDialed: 100 });
      expect(stage("answered")).toEqual({ stage: "answered", count: 2, percentOfDialed: 40 });
      expect(stage("interested")).toEqual({ stage: "interested", count: 1, percentOfDialed: 20, percentOfAnswered: 50 });
      expect(stage("not-interested")).toEqual({ stage: "not-interested", count: 1, percentOfDialed: 20, percentOfAnswered: 50 });
      expect(statistics.callsPerHour.reduce((sum, hour) => sum + hour.calls, 0)).toBe(5);
      expect(statistics.callsPerHour.reduce((sum, hour) => sum + hour.answered, 0)).toBe(2);
      expect(statistics.talkByOperator).toEqual([{ operatorId: operator.userId, name: "Olga Operator", calls: 5, answered: 2, talkSeconds: expect.any(Number) }]);
      // The list's own numbers agree with the statistics.
      const { stats } = await asSystem(() => CallLists.get(list.listId));
      expect(stats).toMatchObject({ attempts: 5, answered: 2, answeredPercentOfAttempts: 40, reachedPercentOfFinishedEntries: 66.7 });
    } finally {
      runner.stop();
    }
  });
});
