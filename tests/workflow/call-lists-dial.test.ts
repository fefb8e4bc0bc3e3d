import { describe, expect, it } from "vitest";
import { CallEngine, CallLists } from "../../packages/core/src/call-lists";
import { now } from "../../packages/core/src/runtime/clock";
import { useStorage } from "../../packages/core/src/storage";
import { eventually, listState, openConsoles, seedContacts, startEngine, callListWorkflow } from "../fixtures/call-lists";
import { asUser, seedUser } from "../fixtures/factories";

/**
 * The Dial step on the real ASL takes what it needs from the attempt the claim wrote (ring timeout,
 * the callee's name) instead of reading the list and the entry again; the name leaves the attempt
 * once the call is placed; an attempt claimed without those (before they existed) still dials right.
 */
const workflow = callListWorkflow();
const { cleanups } = workflow;

const attemptsOf = async (listId: string) => (await useStorage().service.entities.callAttempt.query.primary({ listId }).go({ pages: "all" })).data;

describe("Dial: what the claim already read", () => {
  it("places the call with the list's ring timeout, the callee's name and the operator's own phone; the name leaves the attempt once placed", async () => {
    const operator = await seedUser(workflow.admin, "operator");
    await useStorage().service.entities.user.patch({ userId: operator.userId }).set({ phone: "+79260001122" }).go();
    const consoles = openConsoles([operator]);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const { runner } = startEngine();
    cleanups.push(() => runner.stop());
    const numbers = ["+79163331001", "+79163331002"];
    workflow.telephony.simulator.setRules({ numbers: Object.fromEntries(numbers.map((number) => [number, "no-answer" as const])) });
    const contacts = await seedContacts(workflow.manager, numbers);
    const { list } = await asUser(workflow.manager, () =>
      CallLists.create({ name: "Dial data", operatorIds: [operator.userId], settings: { maxAttempts: 1, ringTimeoutSeconds: 25 }, entries: contacts.map((contact) => ({ contactId: contact.contactId })) }),
    );
    await asUser(workflow.manager, () => CallLists.start(list.listId));
    await eventually(async () => (await listState(list.listId)).status === "done", 60_000, "list done");

    const calls = workflow.telephony.simulator.calls.filter((call) => numbers.includes(call.to));
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const contact = contacts.find((candidate) => candidate.phones[0]?.number === call.to)!;
      expect(call.ringTimeoutSeconds).toBe(25);
      expect(call.context).toMatchObject({ listId: list.listId, subjectName: contact.displayName });
      expect(call.connectTo).toEqual({ userId: operator.userId, phone: "+79260001122" });
    }
    for (const attempt of await attemptsOf(list.listId)) {
      expect(attempt.providerCallId).toBeDefined();
      expect(attempt.ringTimeoutSeconds).toBe(25);
      expect(attempt.subjectName).toBeUndefined();
    }
  }, 90_000);

  it("an attempt claimed without the dial data (before it was written) reads the list and the entry", async () => {
    const operator = await seedUser(workflow.admin, "operator");
    startEngine();
    const [contact] = await seedContacts(workflow.manager, ["+79163331003"]);
    workflow.telephony.simulator.setRules({ numbers: { "+79163331003": "no-answer" } });
    const { list } = await asUser(workflow.manager, () =>
      CallLists.create({ name: "Old attempt", operatorIds: [operator.userId], settings: { maxAttempts: 1, ringTimeoutSeconds: 35 }, entries: [{ contactId: contact!.contactId }] }),
    );
    const [entry] = (await useStorage().service.entities.callEntry.query.primary({ listId: list.listId }).go()).data;
    const callId = `${list.listId}.${entry!.entryId}.1`;
    await useStorage()
      .service.entities.callAttempt.create({ listId: list.listId, entryId: entry!.entryId, attempt: 1, callId, subjectKind: "contact", contactId: contact!.contactId, phone: "+79163331003", operatorId: operator.userId, createdAt: now().toISOString() })
      .go();
    await CallEngine.dial({ taskToken: "old-attempt-token", listId: list.listId, entryId: entry!.entryId, attempt: 1, callId });

    const call = workflow.telephony.simulator.calls.find((candidate) => candidate.callId === callId)!;
    expect(call.ringTimeoutSeconds).toBe(35);
    expect(call.context).toMatchObject({ subjectName: contact!.displayName });
    expect(call.connectTo).toEqual({ userId: operator.userId });
  }, 60_000);
});
