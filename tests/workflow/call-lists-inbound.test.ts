import { describe, expect, it } from "vitest";
import { CallLists } from "../../packages/core/src/call-lists";
import { InboundCalls, IntakeSettings } from "../../packages/core/src/intake";
import { Presence } from "../../packages/core/src/presence";
import { now } from "../../packages/core/src/runtime/clock";
import { useStorage } from "../../packages/core/src/storage";
import { asSystem, eventually, listState, openConsoles, seedContacts, startEngine, callListWorkflow } from "../fixtures/call-lists";
import { asUser, seedUser } from "../fixtures/factories";

/**
 * One presence model for call lists and inbound calls (issue 16): the user an inbound call is put
 * through to is on-call while it lasts, so a running list does not reserve them in the middle of
 * it; when it ends they wrap up, and closing the card makes them reservable again.
 */
const workflow = callListWorkflow();
const { cleanups } = workflow;

let sequence = 0;
const inbound = (providerCallId: string, status: "answered" | "completed") =>
  asSystem(() =>
    InboundCalls.receiveInboundCall({ provider: "simulator", providerCallId, from: "+79165550011", to: "+74951112233", status, occurredAt: now().toISOString(), ...(status === "completed" ? { durationSeconds: 4 } : {}) }),
  );
const attemptsOf = async (listId: string) => (await useStorage().service.entities.callAttempt.query.primary({ listId }).go({ pages: "all" })).data;

describe("inbound calls and the operator's presence", () => {
  it("an operator on an inbound call is not reserved by a running list; once the call ended and the card is closed, they are", async () => {
    const operator = await seedUser(workflow.admin, "operator");
    const consoles = openConsoles([operator]);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    await asUser(workflow.admin, () => IntakeSettings.setRoute("*", { userId: operator.userId }));
    const { runner } = startEngine();
    cleanups.push(() => runner.stop());

    const callId = `inbound-${++sequence}-${Date.now()}`;
    await inbound(callId, "answered");
    expect(await Presence.rowOf(operator.userId)).toMatchObject({ state: "on-call", callId: `inbound:simulator:${callId}` });

    const numbers = ["+79163330001", "+79163330002"];
    workflow.telephony.simulator.setRules({ numbers: Object.fromEntries(numbers.map((number) => [number, "answered" as const])) });
    const contacts = await seedContacts(workflow.manager, numbers);
    const { list } = await asUser(workflow.manager, () =>
      CallLists.create({ name: "Inbound meets list", operatorIds: [operator.userId], settings: { maxAttempts: 1 }, entries: contacts.map((contact) => ({ contactId: contact.contactId })) }),
    );
    await asUser(workflow.manager, () => CallLists.start(list.listId));
    // The list runs and waits for an operator: the only one is talking to a caller.
    await eventually(async () => (await listState(list.listId)).waiting?.reason === "no-ready-operator", 30_000, "the list waiting for an operator");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await attemptsOf(list.listId)).toEqual([]);

    // The caller hangs up: wrap-up, still nobody reserved.
    await inbound(callId, "completed");
    expect(await Presence.rowOf(operator.userId)).toMatchObject({ state: "wrap-up", callId: `inbound:simulator:${callId}` });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await attemptsOf(list.listId)).toEqual([]);

    // The operator closes the card: ready again, and the list reserves them for its next call.
    const pop = await asUser(operator, () => InboundCalls.activeInboundCall());
    expect(pop?.providerCallId).toBe(callId);
    await asUser(operator, () => InboundCalls.dismissInboundCall(pop!.callKey));
    const [attempt] = await eventually(async () => {
      const attempts = await attemptsOf(list.listId);
      return attempts.length > 0 ? attempts : undefined;
    }, 30_000, "a call placed for the operator");
    expect(attempt!.operatorId).toBe(operator.userId);
    await asUser(workflow.manager, () => CallLists.cancel(list.listId)).catch(() => undefined);
  }, 120_000);

  it("a paused operator goes back to paused (same reason) after an inbound call; a busy one is left alone", async () => {
    const operator = await seedUser(workflow.admin, "operator");
    const consoles = openConsoles([operator]);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    await asUser(workflow.admin, () => IntakeSettings.setRoute("*", { userId: operator.userId }));
    await asUser(operator, () => Presence.setOwn({ state: "paused", reason: "training" }));

    const callId = `inbound-${++sequence}-${Date.now()}`;
    await inbound(callId, "answered");
    expect(await Presence.rowOf(operator.userId)).toMatchObject({ state: "on-call" });
    // A repeated answered event and the end: wrap-up once; closing the card: paused for training.
    await inbound(callId, "answered");
    await inbound(callId, "completed");
    await inbound(callId, "completed");
    expect(await Presence.rowOf(operator.userId)).toMatchObject({ state: "wrap-up" });
    const pop = await asUser(operator, () => InboundCalls.activeInboundCall());
    await asUser(operator, () => InboundCalls.dismissInboundCall(pop!.callKey));
    expect(await asUser(operator, () => Presence.getOwn())).toMatchObject({ state: "paused", reason: "training" });

    // Holding another call (a list reserved them): a second inbound call does not take them over.
    await Presence.markOnCall(operator.userId, { callId: "list.entry.1", listId: "list", entryId: "entry" });
    const second = `inbound-${++sequence}-${Date.now()}`;
    await inbound(second, "answered");
    await inbound(second, "completed");
    expect(await Presence.rowOf(operator.userId)).toMatchObject({ state: "on-call", callId: "list.entry.1" });
  }, 60_000);
});
