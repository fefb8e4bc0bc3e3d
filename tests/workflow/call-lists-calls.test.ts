import { describe, expect, it } from "vitest";
import { CallEngine, CallLists } from "../../packages/core/src/call-lists";
import { Calls } from "../../packages/core/src/calls";
import { InboundCalls, IntakeSettings } from "../../packages/core/src/intake";
import { configureObservability, MetricName } from "../../packages/core/src/runtime/observability";
import { now } from "../../packages/core/src/runtime/clock";
import { useStorage } from "../../packages/core/src/storage";
import { Timeline } from "../../packages/core/src/timeline";
import { asSystem, callListWorkflow, eventually, listState, openConsoles, seedContacts, startEngine } from "../fixtures/call-lists";
import { asUser, seedUser } from "../fixtures/factories";

/**
 * The call log (issue 18) from real calls: a list call on the real ASL with the simulator over
 * HTTP (ring, answer, the operator's console takes it, talk, the callee hangs up, disposition),
 * an unanswered one, and an inbound call whose log row outlives the inbound row's 30-day TTL.
 */
const workflow = callListWorkflow();
const { cleanups } = workflow;
const DAY = 86_400;

describe("the call log of a call list", () => {
  it("records ring and talk seconds, the operator, outcome, disposition and note; the timeline's call carries them", async () => {
    const operator = await seedUser(workflow.admin, "operator");
    const consoles = openConsoles([operator]);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const { runner } = startEngine();
    cleanups.push(() => runner.stop());
    const [talked, unanswered] = ["+79164441001", "+79164441000"];
    workflow.telephony.simulator.setRules({ numbers: { [talked!]: "answered", [unanswered!]: "no-answer" }, talkSeconds: 1 });
    const [talkedContact, unansweredContact] = await seedContacts(workflow.manager, [talked!, unanswered!]);
    const { list } = await asUser(workflow.manager, () =>
      CallLists.create({ name: "Logged", operatorIds: [operator.userId], settings: { maxAttempts: 1 }, entries: [{ contactId: talkedContact!.contactId }, { contactId: unansweredContact!.contactId }] }),
    );
    const talkedCallId = `${list.listId}.${talkedContact!.contactId}.1`;
    const unansweredCallId = `${list.listId}.${unansweredContact!.contactId}.1`;
    await asUser(workflow.manager, () => CallLists.start(list.listId));

    // The callee hangs up after a second of talk; then the operator gives the verdict.
    await eventually(async () => (await Calls.load(talkedCallId))?.endedAt, 60_000, "the talked call ended");
    await asUser(operator, () => CallEngine.dispose(list.listId, talkedContact!.contactId, { disposition: "interested", note: "Wants a demo" }));
    await eventually(async () => (await listState(list.listId)).status === "done", 60_000, "list done");

    const record = await Calls.load(talkedCallId);
    expect(record).toMatchObject({
      callId: talkedCallId,
      source: "list",
      direction: "outbound",
      number: talked,
      contactId: talkedContact!.contactId,
      operatorId: operator.userId,
      listId: list.listId,
      entryId: talkedContact!.contactId,
      attempt: 1,
      outcome: "answered",
      ringSeconds: 0,
      disposition: "interested",
      note: "Wants a demo",
      answeredAt: expect.any(String),
      connectedAt: expect.any(String),
      endedAt: expect.any(String),
    });
    expect(record!.talkSeconds).toBeGreaterThanOrEqual(1);
    expect(record!.abandoned).toBeUndefined();
    expect(await Calls.load(unansweredCallId)).toMatchObject({ outcome: "no-answer", operatorId: operator.userId, endedAt: expect.any(String), number: unanswered });
    expect((await Calls.load(unansweredCallId))!.talkSeconds).toBeUndefined();

    // The card's Calls filter: the answered call's activity names the record, the operator and the talk time.
    const calls = await asUser(workflow.manager, () => Timeline.list(talkedContact!.contactId, { kind: "call" }));
    expect(calls.items.map((item) => item.kind)).toEqual(["call"]);
    expect(calls.items[0]!.call).toMatchObject({ callId: talkedCallId, operatorId: operator.userId, direction: "outbound", talkSeconds: record!.talkSeconds, ringSeconds: 0 });
  }, 120_000);

  it("measures answer → operator exactly once per call, whichever of the answer and the connect is written first", async () => {
    const measured: number[] = [];
    configureObservability({ metrics: { add: (name, value) => void (name === MetricName.answerToOperatorMs && measured.push(value)) } });
    const operator = await seedUser(workflow.admin, "operator");
    const { runner } = startEngine();
    cleanups.push(() => runner.stop());
    const numbers = Array.from({ length: 8 }, (_, index) => `+7916444200${index}`);
    const contacts = await seedContacts(workflow.manager, numbers);
    const { list } = await asUser(workflow.manager, () =>
      CallLists.create({ name: "Race", operatorIds: [operator.userId], settings: { maxAttempts: 1 }, entries: contacts.map((contact) => ({ contactId: contact.contactId })) }),
    );
    const { service } = useStorage();
    // Each entry is being dialed (as the claim leaves it); then the answer and the connect arrive at the same moment.
    for (const [index, contact] of contacts.entries()) {
      const entry = (await service.entities.callEntry.get({ listId: list.listId, entryId: contact.contactId }).go()).data!;
      await service.entities.callEntry.patch({ listId: list.listId, entryId: contact.contactId }).set({ status: "dialing", attempts: 1, operatorId: operator.userId }).composite({ dueAt: entry.dueAt }).go();
      await service.entities.callAttempt
        .create({ listId: list.listId, entryId: contact.contactId, attempt: 1, callId: `${list.listId}.${contact.contactId}.1`, subjectKind: "contact", contactId: contact.contactId, phone: numbers[index]!, operatorId: operator.userId, createdAt: now().toISOString() })
        .go();
    }
    // The race of the simulator ringing the console with the answer, made certain: the answer's
    // transaction lands only after the connect was written and had looked for the answer.
    const stack = useStorage().clients.raw.middlewareStack;
    stack.add(
      (next) => async (args) => {
        if ((args.input as { TransactItems?: unknown }).TransactItems) await new Promise((resolve) => setTimeout(resolve, 400));
        return next(args);
      },
      { step: "initialize", name: "slowTransactions" },
    );
    try {
      await asSystem(() =>
        Promise.all(
          contacts.map((contact) => {
            const callId = `${list.listId}.${contact.contactId}.1`;
            return Promise.all([CallEngine.onCallEvent({ callId, outcome: "answered", providerCallId: `race-${contact.contactId}` } as never), CallEngine.onCallEvent({ callId, phase: "connected" } as never)]);
          }),
        ),
      );
    } finally {
      stack.remove("slowTransactions");
    }
    expect(measured).toHaveLength(contacts.length);
    for (const value of measured) expect(value).toBeGreaterThanOrEqual(0);
    configureObservability({});
  }, 60_000);
});

describe("the call log of an inbound call", () => {
  it("records the call with its operator and talk time, and keeps it after the inbound row's 30-day TTL", async () => {
    const operator = await seedUser(workflow.admin, "operator");
    await asUser(workflow.admin, () => IntakeSettings.setRoute("*", { userId: operator.userId }));
    const providerCallId = `logged-${Date.now()}`;
    const event = (status: "answered" | "completed") =>
      asSystem(() =>
        InboundCalls.receiveInboundCall({ provider: "simulator", providerCallId, from: "+79165550077", to: "+74951112233", status, occurredAt: now().toISOString(), ...(status === "completed" ? { durationSeconds: 7 } : {}) }),
      );
    await event("answered");
    await event("completed");

    const { service } = useStorage();
    const inboundRow = (await service.entities.inboundCall.get({ provider: "simulator", providerCallId }).go()).data!;
    const callId = `inbound:simulator:${providerCallId}`;
    const record = await Calls.load(callId);
    expect(record).toMatchObject({ callId, source: "inbound", direction: "inbound", number: "+79165550077", contactId: inboundRow.contactId, operatorId: operator.userId, outcome: "answered", talkSeconds: 7, answeredAt: expect.any(String), endedAt: expect.any(String) });
    const logRow = (await service.entities.call.get({ callId }).go()).data!;
    // The organization's default call-log retention (730 days), far beyond the inbound row's 30.
    expect(logRow.expiresAt! - inboundRow.expiresAt!).toBeGreaterThan(600 * DAY);

    // DynamoDB's TTL deletes the inbound row: the log still has the call, and its card still shows it.
    await service.entities.inboundCall.delete({ provider: "simulator", providerCallId }).go();
    expect(await asUser(operator, () => Calls.get(callId))).toMatchObject({ callId, talkSeconds: 7 });
    const timeline = await asSystem(() => Timeline.list(inboundRow.contactId, { kind: "call" }));
    expect(timeline.items[0]!.call).toMatchObject({ callId, direction: "inbound", talkSeconds: 7, operatorId: operator.userId });
  }, 60_000);
});
